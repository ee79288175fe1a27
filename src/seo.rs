//! Publishing files for search engines and moved pages: `sitemap.xml` with `xhtml:link` hreflang
//! alternates (one linear pass over `Site::by_key`; beyond the protocol's 50,000 URLs per file it
//! is split into `sitemap-N.xml` files and `sitemap.xml` becomes their index), `robots.txt`
//! pointing at it, and static redirect pages for `.openpublishing.redirection.json`
//! (`source_path` → `redirect_url`), each with a meta refresh, a canonical link to the target and a
//! plain link for readers. Canonical URLs, Open Graph and description meta are in the theme's
//! `base.html`.
use std::collections::{BTreeMap, HashMap};

use percent_encoding::percent_decode_str;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use crate::content::discover::{lang_of_folder, split_lang_folder, without_lang_folder};
use crate::content::toc::{is_external, join_rel};
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::output::Sink;
use crate::render::html::escape;
use crate::render::pages::Renderer;
use crate::render::theme::Theme;
use crate::site::{Site, encode_path, ends_with_ci, key_of_rel, page_output_path, page_url};

/// Docs repositories keep their redirects here, at the root of the content.
pub const REDIRECTS_FILE: &str = ".openpublishing.redirection.json";

fn noindex(robots: Option<&str>) -> bool {
    robots.is_some_and(|r| r.to_ascii_lowercase().contains("noindex"))
}

/// The sitemaps protocol's limits for one file: 50,000 URLs and 50 MB uncompressed (a margin is kept
/// under the byte limit, checked before each entry is added).
const SITEMAP_MAX_URLS: usize = 50_000;
const SITEMAP_MAX_BYTES: usize = 49_000_000;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";

/// Collects `<url>` entries into files of at most `max_urls` URLs (and the byte limit), handing
/// each full file to `emit` at once, so a large site's sitemap is never held whole.
struct Chunker<'a> {
    max_urls: usize,
    out: String,
    urls: usize,
    emitted: usize,
    emit: &'a mut dyn FnMut(String),
}

impl Chunker<'_> {
    fn add(&mut self, entry: &str) {
        if self.urls > 0
            && (self.urls >= self.max_urls || self.out.len() + entry.len() > SITEMAP_MAX_BYTES)
        {
            self.flush();
        }
        if self.urls == 0 {
            self.out.push_str(URLSET_OPEN);
        }
        self.out.push_str(entry);
        self.urls += 1;
    }

    fn flush(&mut self) {
        if self.urls == 0 && self.emitted > 0 {
            return;
        }
        if self.urls == 0 {
            self.out.push_str(URLSET_OPEN);
        }
        self.out.push_str("</urlset>\n");
        (self.emit)(std::mem::take(&mut self.out));
        self.urls = 0;
        self.emitted += 1;
    }
}

/// The sitemap: every indexable page with its language alternates and `x-default`. One
/// `sitemap.xml` while the site fits the protocol's limits; beyond them `sitemap-1.xml`,
/// `sitemap-2.xml`, … of at most `max_urls` URLs each, and `sitemap.xml` becomes their index.
/// Each file is handed to `put(path, xml)` as soon as it is complete.
pub fn sitemaps(
    site: &Site,
    renderer: &Renderer,
    max_urls: usize,
    put: &mut dyn FnMut(&str, &str),
) {
    let root = site.config.root_path();
    // Files are held back by one: only when a second one comes is the first known to be part 1.
    let mut pending: Option<String> = None;
    let mut parts = 0usize;
    let mut emit = |xml: String| {
        if let Some(prev) = pending.replace(xml) {
            parts += 1;
            put(&format!("sitemap-{parts}.xml"), &prev);
        }
    };
    let mut chunker = Chunker {
        max_urls: max_urls.max(1),
        out: String::new(),
        urls: 0,
        emitted: 0,
        emit: &mut emit,
    };
    let url_entry =
        |out: &mut String, loc: &str, lastmod: Option<String>, alts: &[(String, String)]| {
            // Appended piece by piece: this runs once per page, in a serial step.
            out.clear();
            out.push_str("<url><loc>");
            out.push_str(&escape(loc));
            out.push_str("</loc>");
            if let Some(d) = lastmod {
                out.push_str("<lastmod>");
                out.push_str(&d);
                out.push_str("</lastmod>");
            }
            for (hreflang, href) in alts {
                out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
                out.push_str(&escape(hreflang));
                out.push_str("\" href=\"");
                out.push_str(&escape(href));
                out.push_str("\"/>");
            }
            out.push_str("</url>\n");
        };
    let mut entry = String::new();
    let mut keys: Vec<&String> = site.by_key.keys().collect();
    keys.sort();
    for key in keys {
        let pages: Vec<usize> = site.by_key[key]
            .iter()
            .copied()
            // A stand-in shows another language's text under its URL: not for search engines.
            .filter(|&i| {
                !noindex(site.pages[i].front.robots.as_deref()) && site.pages[i].text_lang.is_none()
            })
            .collect();
        let mut alts: Vec<(String, String)> = pages
            .iter()
            .map(|&i| {
                (
                    site.pages[i].lang.to_string(),
                    renderer.permalink(&site.pages[i].url),
                )
            })
            .collect();
        let default = site
            .page(&site.config.source_lang, key)
            .filter(|p| p.text_lang.is_none())
            .map(|p| renderer.permalink(&p.url))
            .or_else(|| alts.first().map(|a| a.1.clone()));
        if let Some(d) = default {
            alts.push(("x-default".into(), d));
        }
        for &i in &pages {
            let p = &site.pages[i];
            url_entry(
                &mut entry,
                &renderer.permalink(&p.url),
                p.front.date.map(|d| d.iso()),
                &alts,
            );
            chunker.add(&entry);
        }
    }
    // Generated language homes (no index.md) are pages too.
    let homes: Vec<(String, String)> = site
        .languages
        .iter()
        .map(|l| (l.to_string(), renderer.permalink(&format!("{root}{l}/"))))
        .collect();
    for l in site
        .languages
        .iter()
        .filter(|l| site.page(l, "index").is_none())
    {
        let mut alts = homes.clone();
        alts.push((
            "x-default".into(),
            renderer.permalink(&format!("{root}{}/", site.config.source_lang)),
        ));
        url_entry(
            &mut entry,
            &renderer.permalink(&format!("{root}{l}/")),
            None,
            &alts,
        );
        chunker.add(&entry);
    }
    chunker.flush();
    drop(chunker);
    let last = pending.take().unwrap_or_default();
    if parts == 0 {
        put("sitemap.xml", &last);
        return;
    }
    parts += 1;
    put(&format!("sitemap-{parts}.xml"), &last);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&renderer.permalink(&format!("{root}sitemap-{n}.xml")))
        ));
    }
    index.push_str("</sitemapindex>\n");
    put("sitemap.xml", &index);
}

/// `robots.txt`: everything may be crawled; the sitemap is named when the site has a `base_url`
/// (the directive needs an absolute URL).
pub fn robots(site: &Site, renderer: &Renderer) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if !site.config.base_url.is_empty() {
        let root = site.config.root_path();
        out.push_str(&format!(
            "\nSitemap: {}\n",
            renderer.permalink(&format!("{root}sitemap.xml"))
        ));
    }
    out
}

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

/// The redirection file as DocFX reads it (Json.NET): `//` and `/* */` comments and trailing
/// commas are allowed. They are blanked out with spaces (line breaks kept), so positions in the
/// result are positions in the file. serde_json has no lenient mode, and a JSON5 parser would
/// accept far more than DocFX does.
fn lenient_json(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    // First the comments, so that a trailing comma is seen before a comment too (`}, // last`).
    outside_strings(text.as_bytes(), |b, i| match (b[i], b.get(i + 1)) {
        (b'/', Some(b'/')) => {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |e| i + e);
            out[i..end].fill(b' ');
            end
        }
        (b'/', Some(b'*')) => {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            for o in &mut out[i..end] {
                if *o != b'\n' {
                    *o = b' ';
                }
            }
            end
        }
        _ => i + 1,
    });
    let blanked = out.clone();
    outside_strings(&blanked, |b, i| {
        if b[i] == b',' {
            let next = b[i + 1..].iter().position(|x| !x.is_ascii_whitespace());
            if next.is_some_and(|n| matches!(b[i + 1 + n], b']' | b'}')) {
                out[i] = b' ';
            }
        }
        i + 1
    });
    // Only ASCII bytes outside strings, and whole comments (with their multi-byte characters),
    // were replaced by spaces: the result is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Calls `f(bytes, i)` at each byte outside JSON strings; `f` returns where to go on.
fn outside_strings(b: &[u8], mut f: impl FnMut(&[u8], usize) -> usize) {
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        if in_string {
            match b[i] {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
        } else if b[i] == b'"' {
            in_string = true;
            i += 1;
        } else {
            i = f(b, i).max(i + 1);
        }
    }
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

/// Writes `sitemap.xml`, `robots.txt` and the redirect pages. Returns files written and problems.
pub fn write(
    site: &Site,
    renderer: &Renderer,
    theme: &Theme,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let (pages, mut diags) = redirects(site, renderer, theme);
    let mut files = 0;
    let mut put =
        |path: &str, bytes: &[u8], diags: &mut Vec<Diagnostic>| match sink.put(path, bytes) {
            Ok(()) => files += 1,
            Err(e) => diags.push(Diagnostic::error(
                "write",
                path,
                0,
                0,
                format!("cannot write output: {e}"),
            )),
        };
    sitemaps(site, renderer, SITEMAP_MAX_URLS, &mut |path, xml| {
        put(path, xml.as_bytes(), &mut diags)
    });
    put("robots.txt", robots(site, renderer).as_bytes(), &mut diags);
    for (path, html) in &pages {
        put(path, html.as_bytes(), &mut diags);
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::Theme;

    fn with_site(files: &[(&str, &str)], f: impl FnOnce(&Site, &Renderer)) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = crate::config::Config::load(&dir.path().join("none.toml"), false).unwrap();
        let theme = Theme::load(&config).unwrap();
        let tera = theme.tera().unwrap();
        let site = Site::load(config, dir.path());
        let (renderer, _) = Renderer::new(&site, &theme, &tera, false);
        f(&site, &renderer);
    }

    #[test]
    fn invalid_redirection_file_is_reported_at_its_line() {
        let files = [
            ("fr-fr/a.md", "# A\n"),
            (
                REDIRECTS_FILE,
                "{\n  \"redirections\": [\n    {,}\n  ]\n}\n",
            ),
        ];
        with_site(&files, |site, r| {
            let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
            assert!(pages.is_empty());
            assert_eq!(diags.len(), 1);
            assert_eq!((diags[0].code, diags[0].line), ("redirects-json", 3));
            assert_eq!(diags[0].severity, crate::diagnostics::Severity::Warning);
        });
    }

    #[test]
    fn redirection_file_may_have_comments_and_trailing_commas() {
        let text = "{\n  \"redirections\": [\n    /* moved */\n    {\"source_path\": \"a//b.md\", // old\n     \"redirect_url\": \"/x/*y*/\",},\n  ],\n}\n";
        let clean = lenient_json(text);
        assert_eq!(clean.len(), text.len());
        assert_eq!(clean.lines().count(), text.lines().count());
        let v: serde_json::Value = serde_json::from_str(&clean).unwrap();
        assert_eq!(v["redirections"][0]["source_path"], "a//b.md");
        assert_eq!(v["redirections"][0]["redirect_url"], "/x/*y*/");
        let before_comment = "{\"r\": [1, // last\n]}";
        let v: serde_json::Value = serde_json::from_str(&lenient_json(before_comment)).unwrap();
        assert_eq!(v["r"][0], 1);
        let multibyte = "{\"a\": \"é\" /* ü */}";
        assert_eq!(lenient_json(multibyte).len(), multibyte.len());
        assert!(serde_json::from_str::<serde_json::Value>(&lenient_json(multibyte)).is_ok());
    }

    #[test]
    fn redirect_targets_resolve_to_pages_in_the_reader_language() {
        let files = [
            ("fr-fr/new.md", "# Nouveau\n"),
            ("en-us/new.md", "# New\n"),
            (
                REDIRECTS_FILE,
                "{\"redirections\": [{\"source_path\": \"fr-fr/old.md\", \"redirect_url\": \"/new#part\"}]}",
            ),
        ];
        with_site(&files, |site, r| {
            let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
            assert!(diags.is_empty());
            assert_eq!(pages.len(), 1, "only the language of the source folder");
            let html = &pages["fr-fr/old/index.html"];
            assert!(html.contains("url=/fr-fr/new/#part"), "{html}");
            // No base_url: robots.txt cannot name the sitemap with an absolute URL.
            assert!(!robots(site, r).contains("Sitemap"));
        });
    }

    /// A redirection file with one entry per line pair (`source_path` on line 2n+2, `redirect_url`
    /// on line 2n+3).
    fn redirection_file(entries: &[(&str, &str)]) -> String {
        let body: Vec<String> = entries
            .iter()
            .map(|(s, u)| format!("{{\"source_path\": \"{s}\",\n\"redirect_url\": \"{u}\"}}"))
            .collect();
        format!("{{\"redirections\": [\n{}\n]}}", body.join(",\n"))
    }

    fn doc(html: &str) -> scraper::Html {
        scraper::Html::parse_document(html)
    }

    fn first(doc: &scraper::Html, css: &str) -> String {
        let sel = scraper::Selector::parse(css).unwrap();
        let el = doc
            .select(&sel)
            .next()
            .unwrap_or_else(|| panic!("no {css}"));
        el.text().collect()
    }

    fn attr(doc: &scraper::Html, css: &str, name: &str) -> String {
        let sel = scraper::Selector::parse(css).unwrap();
        let el = doc
            .select(&sel)
            .next()
            .unwrap_or_else(|| panic!("no {css}"));
        el.value().attr(name).unwrap_or_default().to_string()
    }

    #[test]
    fn french_redirect_pages_are_written_in_french() {
        let files = [
            ("fr-fr/new.md", "# Nouveau\n"),
            (
                REDIRECTS_FILE,
                &redirection_file(&[
                    ("fr-fr/old.md", "/new"),
                    ("fr-fr/gone.md", "https://example.com/x"),
                ]),
            ),
        ];
        with_site(&files, |site, r| {
            let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
            let d = doc(&pages["fr-fr/old/index.html"]);
            assert_eq!(attr(&d, "html", "lang"), "fr-fr");
            assert_eq!(first(&d, "title"), "Page déplacée");
            assert_eq!(first(&d, "p"), "Cette page a été déplacée vers Nouveau.");
            assert_eq!(attr(&d, "p a", "href"), "/fr-fr/new/");
            assert_eq!(
                attr(&d, "meta[http-equiv=refresh]", "content"),
                "0; url=/fr-fr/new/"
            );
            assert_eq!(attr(&d, "meta[name=robots]", "content"), "noindex");
            assert_eq!(attr(&d, "link[rel=canonical]", "href"), "/fr-fr/new/");
            // An external target is its own link text.
            let d = doc(&pages["fr-fr/gone/index.html"]);
            assert_eq!(
                first(&d, "p"),
                "Cette page a été déplacée vers https://example.com/x."
            );
        });
    }

    #[test]
    fn a_language_without_strings_gets_the_source_language_words_and_says_so() {
        let files = [
            ("ja-jp/new.md", "# 新しい\n"),
            (
                REDIRECTS_FILE,
                &redirection_file(&[("ja-jp/old.md", "/new")]),
            ),
        ];
        with_site(&files, |site, r| {
            let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
            let d = doc(&pages["ja-jp/old/index.html"]);
            assert_eq!(attr(&d, "html", "lang"), "en-us");
            assert_eq!(first(&d, "title"), "Page moved");
            // The link text is the Japanese page's title, marked as such.
            assert_eq!(attr(&d, "p a", "lang"), "ja-jp");
            assert_eq!(first(&d, "p"), "This page has moved to 新しい.");
        });
    }

    /// Columns count characters, as every other diagnostic's do: `é` is one.
    #[test]
    fn entry_positions_count_columns_in_characters() {
        let text =
            "{\"redirections\": [\n  {\"source_path\": \"é/ü.md\", \"redirect_url\": \"/x\"}\n]}";
        let at = entry_positions(text);
        assert_eq!(at.len(), 1);
        assert_eq!(at[0].source, (2, 4));
        assert_eq!(at[0].target, (2, 29));
    }

    #[test]
    fn index_and_yaml_source_paths_map_to_the_urls_docs_gave_them() {
        let files = [
            ("fr-fr/new.md", "# Nouveau\n"),
            (
                REDIRECTS_FILE,
                &redirection_file(&[
                    ("fr-fr/partner-center/dashboard/index.yml", "/new"),
                    ("fr-fr/a/INDEX.md", "/new"),
                    ("fr-fr/b/Index.YML", "/new"),
                    ("fr-fr/tutorials/landing.yml", "/new"),
                    ("fr-fr/whats-new-2.0.md", "/new"),
                    ("fr-fr/media/old.png", "/new"),
                ]),
            ),
        ];
        with_site(&files, |site, r| {
            let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
            let paths: Vec<&str> = pages.keys().map(String::as_str).collect();
            assert_eq!(
                paths,
                [
                    "fr-fr/a/index.html",
                    "fr-fr/b/index.html",
                    "fr-fr/partner-center/dashboard/index.html",
                    "fr-fr/tutorials/landing/index.html",
                    "fr-fr/whats-new-2.0/index.html",
                ]
            );
            // No redirect page can stand in for an image: said at the entry's line.
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert_eq!(
                (diags[0].code, diags[0].line),
                ("redirect-source-unsupported", 12)
            );
        });
    }

    #[test]
    fn a_redirect_url_ending_in_index_goes_to_the_folder() {
        let files = [
            ("fr-fr/partner-center/index.md", "# Accueil\n"),
            ("fr-fr/partner-center/x.md", "# X\n"),
            (
                REDIRECTS_FILE,
                &redirection_file(&[
                    ("fr-fr/a.md", "/partner-center/index"),
                    ("fr-fr/b.md", "/partner-center/Index.md#top"),
                    ("fr-fr/c.md", "/other/index"),
                ]),
            ),
        ];
        with_site(&files, |site, r| {
            let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
            let refresh = |p: &str| attr(&doc(&pages[p]), "meta[http-equiv=refresh]", "content");
            assert_eq!(
                refresh("fr-fr/a/index.html"),
                "0; url=/fr-fr/partner-center/"
            );
            assert_eq!(
                refresh("fr-fr/b/index.html"),
                "0; url=/fr-fr/partner-center/#top"
            );
            // Another docset's path: kept as written, but still the folder's URL, never `/index`.
            assert_eq!(refresh("fr-fr/c/index.html"), "0; url=/other/");
        });
    }

    #[test]
    fn redirect_targets_missing_from_this_site_are_reported_at_their_line() {
        let files = [
            ("fr-fr/partner-center/there.md", "# Là\n"),
            ("fr-fr/partner-center/landing/index.yml", "title: x\n"),
            ("fr-fr/root-page.md", "# Racine\n"),
            (
                REDIRECTS_FILE,
                &redirection_file(&[
                    ("fr-fr/partner-center/a.md", "/partner-center/there#part"),
                    ("fr-fr/partner-center/b.md", "/Partner-Center/missing"),
                    ("fr-fr/partner-center/c.md", "/azure/somewhere"),
                    ("fr-fr/partner-center/d.md", "https://example.com/x"),
                    ("fr-fr/partner-center/e.md", "there"),
                    ("fr-fr/partner-center/f.md", "../partner-center/missing-too"),
                    ("fr-fr/partner-center/g.md", "/partner-center/landing/"),
                    ("fr-fr/partner-center/h.md", "/"),
                    ("fr-fr/partner-center/i.md", "/root-page"),
                ]),
            ),
        ];
        with_site(&files, |site, r| {
            let diags = check_redirects(site);
            let found: Vec<(&str, u32)> = diags.iter().map(|d| (d.code, d.line)).collect();
            // Entry n has its redirect_url on line 2n+1 (1-based n).
            assert_eq!(
                found,
                [
                    ("redirect-target-missing", 5),
                    ("redirect-target-missing", 13),
                    ("redirect-target-missing", 15),
                ],
                "{diags:?}"
            );
            assert!(
                diags[0]
                    .message
                    .contains("`/fr-fr/Partner-Center/missing/`"),
                "{}",
                diags[0].message
            );
            assert_eq!(diags[0].file.to_str(), Some(REDIRECTS_FILE));
            let help = diags[2].help.as_deref().unwrap_or_default();
            assert!(help.contains("partner-center/landing/index.yml"), "{help}");
            // Another docset's path is neither checked nor moved into this site's languages.
            let (pages, _) = redirects(site, r, &Theme::load(&site.config).unwrap());
            let refresh = attr(
                &doc(&pages["fr-fr/partner-center/c/index.html"]),
                "meta[http-equiv=refresh]",
                "content",
            );
            assert_eq!(refresh, "0; url=/azure/somewhere");
        });
    }

    #[test]
    fn a_redirect_over_an_existing_page_is_reported_and_not_written() {
        let files = [
            ("fr-fr/kept.md", "# Gardée\n"),
            ("fr-fr/folder/index.md", "# Dossier\n"),
            ("fr-fr/new.md", "# Nouveau\n"),
            (
                REDIRECTS_FILE,
                &redirection_file(&[
                    ("fr-fr/Kept.md", "/new"),
                    ("fr-fr/folder.md", "/new"),
                    ("fr-fr/old.md", "/new"),
                    ("fr-fr/search.md", "/new"),
                    ("fr-fr/kept/compare.md", "/new"),
                ]),
            ),
        ];
        with_site(&files, |site, r| {
            let (pages, diags) = redirects(site, r, &Theme::load(&site.config).unwrap());
            let paths: Vec<&str> = pages.keys().map(String::as_str).collect();
            assert_eq!(paths, ["fr-fr/old/index.html"]);
            let found: Vec<(&str, u32)> = diags.iter().map(|d| (d.code, d.line)).collect();
            assert_eq!(
                found,
                [
                    ("redirect-source-exists", 2),
                    ("redirect-source-exists", 4),
                    ("redirect-source-exists", 8),
                    ("redirect-source-exists", 10)
                ]
            );
            assert!(diags[0].message.contains("(fr-fr)"), "{}", diags[0].message);
        });
    }

    fn sitemap_files(site: &Site, r: &Renderer, max: usize) -> Vec<(String, String)> {
        let mut files = Vec::new();
        sitemaps(site, r, max, &mut |p, x| {
            files.push((p.to_string(), x.to_string()))
        });
        files
    }

    #[test]
    fn large_sitemaps_are_split_with_an_index() {
        let files = [
            ("fr-fr/a.md", "# A\n"),
            ("fr-fr/b.md", "# B\n"),
            ("fr-fr/c.md", "# C\n"),
            ("en-us/a.md", "# A\n"),
        ];
        with_site(&files, |site, r| {
            // Within the limit: one sitemap.xml with every URL (4 pages and 2 generated homes).
            let one = sitemap_files(site, r, 100);
            assert_eq!(one.len(), 1);
            assert_eq!(one[0].0, "sitemap.xml");
            assert_eq!(one[0].1.matches("<url>").count(), 6);
            // Over it: parts of at most 4 URLs each, and sitemap.xml indexes them.
            let split = sitemap_files(site, r, 4);
            let names: Vec<&str> = split.iter().map(|f| f.0.as_str()).collect();
            assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
            assert_eq!(split[0].1.matches("<url>").count(), 4);
            assert_eq!(split[1].1.matches("<url>").count(), 2);
            for part in &split[..2] {
                assert!(part.1.starts_with("<?xml") && part.1.ends_with("</urlset>\n"));
            }
            let index = &split[2].1;
            assert!(index.contains("<sitemapindex"), "{index}");
            assert!(
                index.contains("<loc>/sitemap-1.xml</loc>")
                    && index.contains("<loc>/sitemap-2.xml</loc>")
            );
            // Exactly at the limit: still one file.
            assert_eq!(sitemap_files(site, r, 6).len(), 1);
        });
    }
}
