//! Static redirect pages for `.openpublishing.redirection.json` (`source_path` →
//! `redirect_url`), each with a meta refresh, a canonical link to the target and a plain link for
//! readers, in the words of its language; and what `check` reports about that file.

use std::collections::{BTreeMap, HashMap};

use percent_encoding::percent_decode_str;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::lenient_json::lenient_json;
use crate::content::discover::{lang_of_folder, split_lang_folder, without_lang_folder};
use crate::content::toc::{is_external, join_rel};
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::render::html::escape;
use crate::render::pages::Renderer;
use crate::render::theme::Theme;
use crate::site::{Site, encode_path, ends_with_ci, key_of_rel, page_output_path, page_url};

/// Docs repositories keep their redirects here, at the root of the content.
pub const REDIRECTS_FILE: &str = ".openpublishing.redirection.json";

#[derive(Deserialize)]
struct RedirectFile {
    #[serde(default)]
    redirections: Vec<Redirect>,
}

#[derive(Deserialize)]
struct Redirect {
    source_path: String,
    redirect_url: String,
}

/// Where an entry's `source_path` and `redirect_url` are written (line, column), for diagnostics.
#[derive(Clone, Copy, Default)]
struct EntryAt {
    source: (u32, u32),
    target: (u32, u32),
}

/// The position of each entry of `redirections`, in order: serde_json gives values, not positions,
/// so the (already valid) text is scanned once for the keys of the entries' objects. A key not
/// found keeps the position of its entry's `{`.
fn entry_positions(text: &str) -> Vec<EntryAt> {
    let b = text.as_bytes();
    let mut out: Vec<EntryAt> = Vec::new();
    let (mut depth, mut in_list, mut top_key) = (0usize, false, "");
    let (mut line, mut line_start) = (1u32, 0usize);
    let mut i = 0;
    while i < b.len() {
        // In characters, as `diagnostics::line_col` counts them for every other file; counted from
        // the line's start (`ls`) only where a position is kept. `at` is an ASCII `{` or `"`.
        let at = i;
        let col = |ls: usize| text[ls..at].chars().count() as u32 + 1;
        match b[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            open @ (b'{' | b'[') => {
                depth += 1;
                if depth == 2 {
                    in_list = open == b'[' && top_key == "redirections";
                } else if depth == 3 && in_list && open == b'{' {
                    out.push(EntryAt {
                        source: (line, col(line_start)),
                        target: (line, col(line_start)),
                    });
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let s = text.get(start..i.min(b.len())).unwrap_or("");
                let next = b.get(i + 1..).unwrap_or(&[]);
                let is_key = next.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b':');
                if is_key && depth == 1 {
                    top_key = s;
                } else if is_key && depth == 3 && in_list {
                    match (s, out.last_mut()) {
                        ("source_path", Some(e)) => e.source = (line, col(line_start)),
                        ("redirect_url", Some(e)) => e.target = (line, col(line_start)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Pages by their published URL, exactly and in lower case, and the content's first folders.
/// A redirect's old path and its target are made into URLs with `page_url`, the mapping pages are
/// published with, and looked up here: so `a/index` is the folder `a/` as for `index.md`, `x.md`
/// and `x/index.md` are the same URL, and letter case does not matter (Docs URLs ignore it, and on
/// a case-insensitive file system a redirect in other case would replace the page).
struct Published<'a> {
    exact: FxHashMap<&'a str, usize>,
    lower: FxHashMap<String, usize>,
    /// First folders of the content, lowercased, language folders left out: a root-relative
    /// target under one of them is this site's; others (`/azure/…`) are other docsets'.
    folders: FxHashSet<String>,
}

impl<'a> Published<'a> {
    fn new(site: &'a Site) -> Published<'a> {
        let mut exact = FxHashMap::default();
        let mut lower = FxHashMap::default();
        for (i, p) in site.pages.iter().enumerate() {
            exact.entry(p.url.as_str()).or_insert(i);
            lower.entry(p.url.to_lowercase()).or_insert(i);
        }
        let files = site.assets.keys().chain(site.metadata.keys());
        let files = files.map(|rel| without_lang_folder(rel));
        let folders = site
            .pages
            .iter()
            .map(|p| p.key.as_str())
            .chain(files)
            .filter_map(|path| path.split_once('/').map(|(first, _)| first.to_lowercase()))
            .collect();
        Published {
            exact,
            lower,
            folders,
        }
    }

    /// The page published at the root-relative `url`, in any letter case.
    fn page(&self, url: &str) -> Option<usize> {
        let exact = self.exact.get(url);
        exact
            .or_else(|| self.lower.get(&url.to_lowercase()))
            .copied()
    }
}

/// Whether a page key is where this build publishes a page of its own in each language: the search
/// page, the status section, a compare view (`x/compare`). A redirect page must not replace one.
fn is_generated(site: &Site, key: &str) -> bool {
    let first = key.split('/').next().unwrap_or(key);
    let last = key.rsplit('/').next().unwrap_or(key);
    let output = &site.config.output;
    (output.search && first.eq_ignore_ascii_case("search"))
        || (first.eq_ignore_ascii_case("status") && site.content_dir.join("health").is_dir())
        || (output.compare_views && key.contains('/') && last.eq_ignore_ascii_case("compare"))
}

/// `key` with a last segment `index` in any letter case written `index`, the spelling that
/// `page_url` and `page_output_path` publish as its folder's page (`a/Index` → `a/index` → `/a/`).
fn index_key(key: &str) -> String {
    let name_at = key.rfind('/').map_or(0, |i| i + 1);
    if key.is_empty() {
        "index".to_string()
    } else if key[name_at..].eq_ignore_ascii_case("index") {
        format!("{}index", &key[..name_at])
    } else {
        key.to_string()
    }
}

/// The page key an old `source_path` was published at, as Docs publishes it: Markdown and YAML
/// (landing and FAQ pages) by their path without the extension, `index.md` and `index.yml` as
/// their folder. `None` for another file type, which no redirect page can stand in for.
/// The type is the path's extension; dots elsewhere in the name (`whats-new-2.0.md`) are part of
/// the key, as for pages.
fn source_key(rel: &str) -> Option<String> {
    let key = match [".yml", ".yaml"].into_iter().find(|e| ends_with_ci(rel, e)) {
        Some(ext) => key_of_rel(&rel[..rel.len() - ext.len()]),
        None if [".md", ".markdown"].iter().any(|e| ends_with_ci(rel, e)) => key_of_rel(rel),
        None => return None,
    };
    Some(index_key(&key))
}

/// Where a redirect sends a reader.
#[derive(Clone)]
struct Target {
    /// An external URL as written, else root-relative, with the fragment or query.
    url: String,
    /// The target page's title and language, when it is a page of the site.
    page: Option<(String, Lang)>,
    /// A path of this site with no page or file: a dead end that `check` reports.
    missing: bool,
    /// The content key the target was looked up as (empty for an external URL).
    key: String,
}

/// The target of a redirect for a reader of `lang`: an external URL as written; a root-relative
/// path (`/partner-center/x`, docs style) or a path relative to the old page as the page of the
/// site at that path in the reader's language, else the source language, else a file of the
/// site, else the URL the page would have in the reader's language.
fn target(site: &Site, published: &Published, lang: &Lang, source: &str, url: &str) -> Target {
    let url = url.trim();
    if is_external(url) {
        return Target {
            url: url.to_string(),
            page: None,
            missing: false,
            key: String::new(),
        };
    }
    let (path, frag) = match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let path = percent_decode_str(path).decode_utf8_lossy();
    let mut lang = lang.clone();
    let (rel, ours) = match path.strip_prefix('/') {
        Some(abs) => {
            // `/en-us/x` names its language; it is not a folder of the content.
            let abs = match split_lang_folder(abs)
                .and_then(|(l, rest)| Some((Lang::parse_folder(l)?, rest)))
            {
                Some((l, rest)) => {
                    if site.languages.contains(&l) {
                        lang = l;
                    }
                    rest
                }
                None => abs,
            };
            let first = abs.split('/').next().unwrap_or("").to_lowercase();
            (Some(abs.to_string()), published.folders.contains(&first))
        }
        None => (join_rel(source, &path), true),
    };
    let Some(rel) = rel else {
        // Above the content root: nothing of this site is there.
        return Target {
            url: url.to_string(),
            page: None,
            missing: true,
            key: String::new(),
        };
    };
    let rel = rel.trim_matches('/');
    let key = index_key(&key_of_rel(rel));
    let root = site.config.root_path();
    for l in [&lang, &site.config.source_lang] {
        if let Some(i) = published.page(&page_url(&root, l, &key)) {
            let p = &site.pages[i];
            return Target {
                url: format!("{}{frag}", p.url),
                page: Some((p.title.clone(), p.lang.clone())),
                missing: false,
                key,
            };
        }
    }
    let asset = [rel.to_string(), format!("{lang}/{rel}")]
        .into_iter()
        .find(|a| site.assets.contains_key(a));
    if let Some(a) = asset {
        return Target {
            url: format!("{root}{}{frag}", encode_path(&a)),
            page: None,
            missing: false,
            key,
        };
    }
    // A path of another docset on the same host (`/azure/…`) is kept as written, this site has
    // nothing there in any language; only an `…/index` ends at its folder, as above.
    let url = if ours {
        format!("{}{frag}", page_url(&root, &lang, &key))
    } else {
        let written = url[..url.len() - frag.len()].trim_end_matches('/');
        let name_at = written.rfind('/').map_or(0, |i| i + 1);
        let name = &written[name_at..];
        if name.eq_ignore_ascii_case("index") || name.eq_ignore_ascii_case("index.md") {
            format!("{}{frag}", &written[..name_at])
        } else {
            url.to_string()
        }
    };
    Target {
        url,
        page: None,
        // Every language has a home page, written or generated.
        missing: ours && key != "index",
        key,
    }
}

/// One redirect page to write.
struct Planned {
    /// The language of the old URL.
    lang: Lang,
    /// Output path.
    path: String,
    target: Target,
}

/// The redirect pages the content's redirection file asks for and the problems with it: entries
/// whose old path is a page of the site (never replaced), that are no page, or whose target is a
/// path of this site where nothing is published. Reads no theme and renders nothing, so that
/// `check` reports the same as the build.
fn plan(site: &Site) -> (Vec<Planned>, Vec<Diagnostic>) {
    let mut planned = Vec::new();
    let mut diags = Vec::new();
    let Ok(text) = std::fs::read_to_string(site.content_dir.join(REDIRECTS_FILE)) else {
        return (planned, diags);
    };
    let text = lenient_json(text.trim_start_matches('\u{feff}'));
    let text = text.as_str();
    let file: RedirectFile = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            // The pages do not depend on it: the site is built, without redirect pages.
            diags.push(
                Diagnostic::warning("redirects-json", REDIRECTS_FILE, e.line() as u32, e.column() as u32, format!("invalid redirection file, no redirect pages are made: {e}"))
                    .with_help("expected {\"redirections\": [{\"source_path\": \"a.md\", \"redirect_url\": \"/b\"}]}"),
            );
            return (planned, diags);
        }
    };
    let positions = entry_positions(text);
    let published = Published::new(site);
    for (n, r) in file.redirections.iter().enumerate() {
        let at = positions.get(n).copied().unwrap_or_default();
        plan_entry(site, &published, r, at, &mut planned, &mut diags);
    }
    (planned, diags)
}

/// One entry of the redirection file: its page in each language where the old URL is not a page
/// of the site, and what is wrong with it.
fn plan_entry(
    site: &Site,
    published: &Published,
    r: &Redirect,
    at: EntryAt,
    planned: &mut Vec<Planned>,
    diags: &mut Vec<Diagnostic>,
) {
    let rel = r.source_path.trim().replace('\\', "/");
    let rel = rel.trim_start_matches('/');
    let Some(key) = source_key(rel) else {
        diags.push(
            Diagnostic::warning(
                "redirect-source-unsupported",
                REDIRECTS_FILE,
                at.source.0,
                at.source.1,
                format!("`{}` is not a page (.md or .yml): no redirect page is written for it", r.source_path),
            )
            .with_help("a static site can only redirect page URLs; remove the entry or name the page's .md or .yml file"),
        );
        return;
    };
    let langs: Vec<Lang> = match lang_of_folder(rel) {
        Some(l) => vec![l],
        None => site.languages.clone(),
    };
    let source_in_lang = without_lang_folder(rel);
    let root = site.config.root_path();
    let mut kept = Vec::new();
    let mut missing = None;
    for lang in langs {
        let to = target(site, published, &lang, source_in_lang, &r.redirect_url);
        // Reported once, with the URL of the source language when the entry has it.
        if to.missing && (missing.is_none() || lang == site.config.source_lang) {
            missing = Some(to.clone());
        }
        // Every language has a home page, written or generated; search, status and compare views
        // are generated pages too.
        if key == "index"
            || is_generated(site, &key)
            || published.page(&page_url(&root, &lang, &key)).is_some()
        {
            kept.push(lang.to_string());
            continue;
        }
        planned.push(Planned {
            path: page_output_path(&lang, &key),
            lang,
            target: to,
        });
    }
    if !kept.is_empty() {
        diags.push(
            Diagnostic::warning(
                "redirect-source-exists",
                REDIRECTS_FILE,
                at.source.0,
                at.source.1,
                format!(
                    "`{}` is a page of this site ({}): its redirect to `{}` is not written there",
                    r.source_path,
                    kept.join(", "),
                    r.redirect_url
                ),
            )
            .with_help("remove the entry if the page stays, or remove the page if it has moved"),
        );
    }
    if let Some(t) = missing {
        diags.push(target_missing(site, r, at, &t));
    }
}

/// `redirect-target-missing`: the target is a path of this site where nothing is published.
fn target_missing(site: &Site, r: &Redirect, at: EntryAt, t: &Target) -> Diagnostic {
    let yml = [format!("{}.yml", t.key), format!("{}/index.yml", t.key)];
    let landing = site
        .metadata
        .keys()
        .map(|m| without_lang_folder(m))
        .find(|m| yml.iter().any(|y| y.eq_ignore_ascii_case(m)));
    let help = match landing {
        Some(m) => format!(
            "`{m}` is a YAML landing page, which Tandem does not publish; point redirect_url at a Markdown page"
        ),
        None => "point redirect_url at a page of this site, or add the page; a target outside this site needs its full URL (https://…)".to_string(),
    };
    Diagnostic::warning(
        "redirect-target-missing",
        REDIRECTS_FILE,
        at.target.0,
        at.target.1,
        format!(
            "redirect_url `{}` (for `{}`) leads to `{}`, where this site publishes nothing",
            r.redirect_url, r.source_path, t.url
        ),
    )
    .with_help(help)
}

/// What `tandem check` reports about the redirection file; the build reports the same.
pub fn check_redirects(site: &Site) -> Vec<Diagnostic> {
    plan(site).1
}

/// The words of a redirect page and the language they are in.
struct Moved {
    lang: String,
    title: String,
    text: String,
}

/// A redirect page's words for readers of `lang`: the theme's UI strings of that language, else
/// those of the source language, else English (what `Theme::ui_for` puts underneath). `lang` is
/// the language actually used, for `<html lang>`.
fn moved_words(theme: &Theme, site: &Site, lang: &Lang) -> Moved {
    let (lang, ui) = [lang, &site.config.source_lang]
        .into_iter()
        .find_map(|l| match theme.ui_for(l, &site.config) {
            (ui, None) => Some((l.to_string(), ui)),
            _ => None,
        })
        .unwrap_or_else(|| ("en".to_string(), theme.ui_for(lang, &site.config).0));
    let say = |key: &str, english: &str| ui.get(key).map_or(english, String::as_str).to_string();
    Moved {
        title: say("moved_title", "Page moved"),
        text: say("moved_text", "This page has moved to {link}."),
        lang,
    }
}

/// A redirect page that works without JavaScript: meta refresh, canonical link to the target,
/// `noindex`, and a sentence with a plain link (the target page's title when it is a page).
fn redirect_html(words: &Moved, target: &Target, canonical: &str) -> String {
    let to = escape(&target.url);
    let link = match &target.page {
        Some((title, l)) if l.as_str() != words.lang => format!(
            "<a href=\"{to}\" hreflang=\"{l}\" lang=\"{l}\">{}</a>",
            escape(title)
        ),
        Some((title, _)) => format!("<a href=\"{to}\">{}</a>", escape(title)),
        None => format!("<a href=\"{to}\">{to}</a>"),
    };
    let text = escape(&words.text);
    let text = if text.contains("{link}") {
        text.replacen("{link}", &link, 1)
    } else {
        format!("{text} {link}")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"canonical\" href=\"{}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p>{text}</p>\n</body>\n</html>\n",
        escape(&words.lang),
        escape(&words.title),
        escape(canonical)
    )
}

/// Redirect pages (output path → HTML) from the content's redirection file, in the words of each
/// page's language; a redirect never replaces a page that exists.
pub fn redirects(
    site: &Site,
    renderer: &Renderer,
    theme: &Theme,
) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
    let (planned, diags) = plan(site);
    let mut out = BTreeMap::new();
    if planned.is_empty() {
        return (out, diags);
    }
    // The theme, not the renderer's strings: those have English merged in underneath, and a
    // redirect page must know which languages have strings of their own.
    let mut words: HashMap<Lang, Moved> = HashMap::new();
    for p in planned {
        let w = words
            .entry(p.lang.clone())
            .or_insert_with(|| moved_words(theme, site, &p.lang));
        let canonical = if p.target.url.starts_with('/') {
            renderer.permalink(&p.target.url)
        } else {
            p.target.url.clone()
        };
        out.insert(p.path, redirect_html(w, &p.target, &canonical));
    }
    (out, diags)
}

#[cfg(test)]
#[path = "redirects_tests.rs"]
mod tests;
