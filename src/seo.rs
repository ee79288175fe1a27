//! Publishing files for search engines and moved pages: `sitemap.xml` with `xhtml:link` hreflang
//! alternates (one linear pass over `Site::by_key`), `robots.txt` pointing at it, and static redirect
//! pages for `.openpublishing.redirection.json` (`source_path` → `redirect_url`), each with a meta
//! refresh, a canonical link to the target and a plain link for readers. Canonical URLs, Open Graph
//! and description meta are in the theme's `base.html`.

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

/// `sitemap.xml`: every indexable page with its language alternates and `x-default`.
pub fn sitemap(site: &Site, renderer: &Renderer) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let url_entry =
        |out: &mut String, loc: &str, lastmod: Option<String>, alts: &[(String, String)]| {
            out.push_str(&format!("<url><loc>{}</loc>", escape(loc)));
            if let Some(d) = lastmod {
                out.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            for (hreflang, href) in alts {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(hreflang),
                    escape(href)
                ));
            }
            out.push_str("</url>\n");
        };
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
                &mut out,
                &renderer.permalink(&p.url),
                p.front.date.map(|d| d.iso()),
                &alts,
            );
        }
    }
    // Generated language homes (no index.md) are pages too.
    let root = site.config.root_path();
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
            &mut out,
            &renderer.permalink(&format!("{root}{l}/")),
            None,
            &alts,
        );
    }
    out.push_str("</urlset>\n");
    out
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
    put(
        "sitemap.xml",
        sitemap(site, renderer).as_bytes(),
        &mut diags,
    );
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
}
