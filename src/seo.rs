//! Publishing files for search engines and moved pages: `sitemap.xml` with `xhtml:link` hreflang
//! alternates (one linear pass over `Site::by_key`; beyond the protocol's 50,000 URLs per file it
//! is split into `sitemap-N.xml` files and `sitemap.xml` becomes their index), `robots.txt`
//! pointing at it, and static redirect pages for `.openpublishing.redirection.json`
//! (`source_path` → `redirect_url`), each with a meta refresh, a canonical link to the target and a
//! plain link for readers. Canonical URLs, Open Graph and description meta are in the theme's
//! `base.html`.
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::content::discover::lang_of_folder;
use crate::content::toc::is_external;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::output::Sink;
use crate::render::html::escape;
use crate::render::pages::Renderer;
use crate::site::{Site, key_of_rel, page_output_path};

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
            .filter(|&i| !noindex(site.pages[i].front.robots.as_deref()))
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

/// The target of a redirect for a reader of `lang`: an external URL as written, a docs-style
/// absolute path (`/partner-center/x`) as the page of the site at that path when there is one, in
/// the reader's language or else the source language, else the same path under the language.
fn target(site: &Site, lang: &Lang, url: &str) -> String {
    if is_external(url) {
        return url.to_string();
    }
    let (path, frag) = match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let key = path.trim_matches('/').trim_end_matches(".md");
    let found = [key.to_string(), format!("{key}/index")]
        .into_iter()
        .find_map(|k| {
            site.page(lang, &k)
                .or_else(|| site.page(&site.config.source_lang, &k))
        });
    match found {
        Some(p) => format!("{}{frag}", p.url),
        None => format!("{}{lang}/{key}/{frag}", site.config.root_path()),
    }
}

fn redirect_html(lang: &Lang, to: &str, canonical: &str) -> String {
    let to = escape(to);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n<link rel=\"canonical\" href=\"{}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{to}\">{to}</a>.</p>\n</body>\n</html>\n",
        escape(canonical)
    )
}

/// Redirect pages (output path → HTML) from the content's redirection file; a redirect never
/// replaces a page that exists.
pub fn redirects(site: &Site, renderer: &Renderer) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
    let mut out = BTreeMap::new();
    let mut diags = Vec::new();
    let Ok(text) = std::fs::read_to_string(site.content_dir.join(REDIRECTS_FILE)) else {
        return (out, diags);
    };
    let file: RedirectFile = match serde_json::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(
                Diagnostic::error("redirects-json", REDIRECTS_FILE, e.line() as u32, e.column() as u32, format!("invalid redirection file: {e}"))
                    .with_help("expected {\"redirections\": [{\"source_path\": \"a.md\", \"redirect_url\": \"/b\"}]}"),
            );
            return (out, diags);
        }
    };
    for r in &file.redirections {
        let rel = r.source_path.replace('\\', "/");
        let rel = rel.trim_start_matches('/');
        let key = key_of_rel(rel);
        let langs: Vec<Lang> = match lang_of_folder(rel) {
            Some(l) => vec![l],
            None => site.languages.clone(),
        };
        for lang in langs {
            if site.page(&lang, &key).is_some() {
                continue;
            }
            let to = target(site, &lang, r.redirect_url.trim());
            let canonical = if to.starts_with('/') {
                renderer.permalink(&to)
            } else {
                to.clone()
            };
            out.insert(
                page_output_path(&lang, &key),
                redirect_html(&lang, &to, &canonical),
            );
        }
    }
    (out, diags)
}

/// Writes `sitemap.xml`, `robots.txt` and the redirect pages. Returns files written and problems.
pub fn write(site: &Site, renderer: &Renderer, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    let (pages, mut diags) = redirects(site, renderer);
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
            let (pages, diags) = redirects(site, r);
            assert!(pages.is_empty());
            assert_eq!(diags.len(), 1);
            assert_eq!((diags[0].code, diags[0].line), ("redirects-json", 3));
        });
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
            let (pages, diags) = redirects(site, r);
            assert!(diags.is_empty());
            assert_eq!(pages.len(), 1, "only the language of the source folder");
            let html = &pages["fr-fr/old/index.html"];
            assert!(html.contains("url=/fr-fr/new/#part"), "{html}");
            // No base_url: robots.txt cannot name the sitemap with an absolute URL.
            assert!(!robots(site, r).contains("Sitemap"));
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
