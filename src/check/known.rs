//! `check --known-urls FILE`: what other docsets really published, so links to them are checked
//! offline. A file is a sitemap (`<urlset>`, or a `<sitemapindex>` whose parts are read from
//! beside it, as `tandem build` and `merge` lay them out) or a list of URLs, one a line.
//!
//! A link is only judged where the known URLs speak: its host and docset (the first path segment
//! after an optional locale, `https://learn.microsoft.com/en-us/azure/…` → `azure`) must be among
//! theirs. So a sitemap of one docset verifies links into it and stays silent on all others.
//! Matching ignores letter case, the scheme, a trailing `/` or `index.html`, the query and the
//! fragment (Docs URLs are case-insensitive), and a link whose locale the other docset did not
//! publish counts as found when the same path exists in another locale (Docs serves the source
//! language there).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

/// URLs known to exist, normalized.
#[derive(Debug, Default)]
pub struct KnownUrls {
    exact: HashSet<String>,
    /// Without their locale segment.
    any_locale: HashSet<String>,
    /// `host/docset` pairs the URLs speak for.
    covered: HashSet<String>,
    /// Path without locale → the host that published it (first one read).
    paths: HashMap<String, String>,
    /// URLs read.
    pub count: usize,
}

/// A URL cut into what matching uses.
struct Parts {
    host: String,
    locale: bool,
    /// Lowercase, decoded, without empty segments and a final `index.html`.
    segments: Vec<String>,
}

impl Parts {
    fn parse(url: &str) -> Option<Parts> {
        let url = url.trim();
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &url[8..]
        } else if lower.starts_with("http://") {
            &url[7..]
        } else {
            url.strip_prefix("//")?
        };
        let rest = rest.split(['#', '?']).next().unwrap_or_default();
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority.rsplit('@').next().unwrap_or_default();
        let host = host
            .strip_suffix(":443")
            .or_else(|| host.strip_suffix(":80"))
            .unwrap_or(host)
            .to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        let path = percent_decode_str(path).decode_utf8_lossy().to_lowercase();
        let mut segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if segments
            .last()
            .is_some_and(|s| s == "index.html" || s == "index.htm")
        {
            segments.pop();
        }
        let locale = segments.first().is_some_and(|s| Lang::is_folder(s));
        Some(Parts {
            host,
            locale,
            segments,
        })
    }

    fn key(&self) -> String {
        format!("{}/{}", self.host, self.segments.join("/"))
    }

    fn key_without_locale(&self) -> String {
        let skip = usize::from(self.locale);
        format!("{}/{}", self.host, self.segments[skip..].join("/"))
    }

    fn docset(&self) -> Option<String> {
        let skip = usize::from(self.locale);
        self.segments
            .get(skip)
            .map(|d| format!("{}/{d}", self.host))
    }
}

impl KnownUrls {
    fn add(&mut self, url: &str) -> bool {
        let Some(p) = Parts::parse(url) else {
            return false;
        };
        self.exact.insert(p.key());
        self.any_locale.insert(p.key_without_locale());
        if let Some(d) = p.docset() {
            self.covered.insert(d);
        }
        let skip = usize::from(p.locale);
        self.paths
            .entry(p.segments[skip..].join("/"))
            .or_insert_with(|| p.host.clone());
        self.count += 1;
        true
    }

    /// Whether the known URLs speak for `url`'s host and docset.
    pub fn covers(&self, url: &str) -> bool {
        Parts::parse(url)
            .and_then(|p| p.docset())
            .is_some_and(|d| self.covered.contains(&d))
    }

    /// Whether `url` is a known URL (see the module comment for what matching ignores).
    pub fn contains(&self, url: &str) -> bool {
        let Some(p) = Parts::parse(url) else {
            return false;
        };
        self.exact.contains(&p.key()) || self.any_locale.contains(&p.key_without_locale())
    }

    /// The host that published a site-root path (`/azure/a`, any locale), if one did.
    pub fn host_of_path(&self, path: &str) -> Option<&str> {
        let p = Parts::parse(&format!("https://x{path}"))?;
        let skip = usize::from(p.locale);
        if p.segments.len() <= skip {
            return None;
        }
        self.paths
            .get(&p.segments[skip..].join("/"))
            .map(String::as_str)
    }

    /// Reads every file; each problem is a diagnostic at its file (and line).
    pub fn load(files: &[PathBuf]) -> (KnownUrls, Vec<Diagnostic>) {
        let mut known = KnownUrls::default();
        let mut diags = Vec::new();
        let mut seen = HashSet::new();
        for f in files {
            read_file(f, &mut known, &mut diags, &mut seen, 0);
        }
        if known.count == 0 && diags.is_empty() && !files.is_empty() {
            diags.push(
                Diagnostic::error(
                    "known-urls",
                    &files[0],
                    0,
                    0,
                    "the known-URLs files hold no URL",
                )
                .with_help("give a sitemap.xml or a list of absolute URLs, one a line"),
            );
        }
        (known, diags)
    }
}

/// How deep sitemap indexes may nest (an index naming itself would otherwise never end).
const MAX_DEPTH: usize = 4;

fn read_file(
    path: &Path,
    known: &mut KnownUrls,
    diags: &mut Vec<Diagnostic>,
    seen: &mut HashSet<PathBuf>,
    depth: usize,
) {
    if !seen.insert(path.canonicalize().unwrap_or_else(|_| path.to_path_buf())) {
        return;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::error("known-urls", path, 0, 0, format!("cannot read: {e}"))
                    .with_help("name an existing sitemap.xml or list of URLs"),
            );
            return;
        }
    };
    if bytes.starts_with(&[0x1f, 0x8b]) {
        diags.push(
            Diagnostic::error("known-urls", path, 0, 0, "a compressed sitemap")
                .with_help("decompress it first (`gunzip -k`): check reads plain XML"),
        );
        return;
    }
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('<') {
        read_sitemap(path, text, known, diags, seen, depth);
        return;
    }
    for (n, line) in text.lines().enumerate() {
        let url = line.trim();
        if url.is_empty() || url.starts_with('#') {
            continue;
        }
        if !known.add(url) {
            diags.push(
                Diagnostic::warning(
                    "known-urls",
                    path,
                    n as u32 + 1,
                    1,
                    format!("`{url}` is no absolute http(s) URL"),
                )
                .with_help("write one absolute URL a line (`#` starts a comment)"),
            );
        }
    }
}

fn read_sitemap(
    path: &Path,
    text: &str,
    known: &mut KnownUrls,
    diags: &mut Vec<Diagnostic>,
    seen: &mut HashSet<PathBuf>,
    depth: usize,
) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut in_loc, mut index) = (false, false);
    let mut loc = String::new();
    let mut parts = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "loc" => {
                    in_loc = true;
                    loc.clear();
                }
                "sitemapindex" => index = true,
                _ => {}
            },
            Ok(Event::Text(t)) if in_loc => loc.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if in_loc => loc.push_str(&t),
            Ok(Event::GeneralRef(r)) if in_loc => match r.resolve_char_ref() {
                Ok(Some(c)) => loc.push(c),
                _ => loc.push_str(match &*r {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                }),
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "loc" => {
                in_loc = false;
                let url = loc.trim().to_string();
                if index {
                    parts.push(url);
                } else if !known.add(&url) {
                    let (line, col) = line_col(text, reader.buffer_position() as usize);
                    diags.push(Diagnostic::warning(
                        "known-urls",
                        path,
                        line,
                        col,
                        format!("`{url}` is no absolute http(s) URL"),
                    ));
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                let (line, col) = line_col(text, reader.error_position() as usize);
                diags.push(
                    Diagnostic::error(
                        "known-urls",
                        path,
                        line,
                        col,
                        format!("invalid sitemap XML: {e}"),
                    )
                    .with_help("give the sitemap as the docset published it"),
                );
                return;
            }
            _ => {}
        }
    }
    for url in parts {
        match local_part(path, &url) {
            Some(p) if depth < MAX_DEPTH => read_file(&p, known, diags, seen, depth + 1),
            Some(_) => {}
            None => diags.push(
                Diagnostic::warning(
                    "known-urls",
                    path,
                    0,
                    0,
                    format!("the sitemap index names `{url}`, which is not beside it"),
                )
                .with_help(
                    "check reads no network: download that sitemap next to the index, at the same \
                     path under the index's folder, or pass it with --known-urls",
                ),
            ),
        }
    }
}

/// The file beside the index that a part's URL names: the longest tail of its path that exists
/// under the index's folder (`https://x/docs/fr-fr/sitemap.xml` → `fr-fr/sitemap.xml`).
fn local_part(index: &Path, url: &str) -> Option<PathBuf> {
    let dir = index.parent().unwrap_or(Path::new("."));
    let path = url.split(['?', '#']).next()?;
    let path = path.split_once("://").map_or(path, |(_, r)| r);
    let segments: Vec<&str> = path.split('/').skip(1).filter(|s| !s.is_empty()).collect();
    (0..segments.len())
        .map(|i| dir.join(segments[i..].join("/")))
        .find(|p| p.is_file() && p.as_path() != index)
}

fn line_col(text: &str, at: usize) -> (u32, u32) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(urls: &[&str]) -> KnownUrls {
        let mut k = KnownUrls::default();
        for u in urls {
            assert!(k.add(u), "{u}");
        }
        k
    }

    #[test]
    fn matching_ignores_case_scheme_slash_query_and_index() {
        let k = known(&["https://learn.microsoft.com/en-us/azure/Storage/overview"]);
        for u in [
            "https://learn.microsoft.com/en-us/azure/storage/overview",
            "http://LEARN.microsoft.com/en-us/azure/storage/overview/",
            "https://learn.microsoft.com/en-us/azure/storage/overview/index.html?tabs=a#top",
            "https://learn.microsoft.com:443/en-us/azure/storage/overview",
        ] {
            assert!(k.contains(u), "{u}");
        }
        assert!(!k.contains("https://learn.microsoft.com/en-us/azure/storage/other"));
    }

    #[test]
    fn another_locale_of_a_known_path_counts_as_found() {
        let k = known(&["https://learn.microsoft.com/en-us/azure/a"]);
        assert!(k.contains("https://learn.microsoft.com/fr-fr/azure/a"));
        assert!(!k.contains("https://learn.microsoft.com/fr-fr/azure/b"));
        assert_eq!(k.host_of_path("/azure/a"), Some("learn.microsoft.com"));
        assert_eq!(
            k.host_of_path("/de-de/azure/A/"),
            Some("learn.microsoft.com")
        );
        assert_eq!(k.host_of_path("/azure/b"), None);
    }

    #[test]
    fn only_the_known_hosts_and_docsets_are_covered() {
        let k = known(&["https://learn.microsoft.com/en-us/azure/a"]);
        assert!(k.covers("https://learn.microsoft.com/de-de/azure/zzz"));
        assert!(k.covers("https://learn.microsoft.com/azure/zzz"));
        assert!(!k.covers("https://learn.microsoft.com/en-us/dotnet/zzz"));
        assert!(!k.covers("https://example.com/en-us/azure/a"));
        assert!(!k.covers("mailto:someone@example.com"));
    }

    #[test]
    fn a_sitemap_index_reads_its_parts_from_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("fr-fr")).unwrap();
        std::fs::write(
            dir.path().join("sitemap.xml"),
            "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<sitemap><loc>https://x.example/docs/fr-fr/sitemap.xml</loc></sitemap>\n<sitemap><loc>https://x.example/docs/de-de/sitemap.xml</loc></sitemap>\n</sitemapindex>\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("fr-fr/sitemap.xml"),
            "<urlset><url><loc>https://x.example/docs/fr-fr/a?x=1&amp;y=2</loc></url>\n<url><loc><![CDATA[https://x.example/docs/fr-fr/b]]></loc></url></urlset>",
        )
        .unwrap();
        let (k, diags) = KnownUrls::load(&[dir.path().join("sitemap.xml")]);
        assert_eq!(k.count, 2);
        assert!(k.contains("https://x.example/docs/fr-fr/a"));
        assert!(k.contains("https://x.example/docs/fr-fr/b/"));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("de-de/sitemap.xml"));
    }

    #[test]
    fn a_list_reports_lines_that_are_no_urls_and_bad_xml_its_position() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("urls.txt");
        std::fs::write(
            &list,
            "# other docset\nhttps://a.example/x/y\n\nnot a url\n",
        )
        .unwrap();
        let bad = dir.path().join("bad.xml");
        std::fs::write(
            &bad,
            "<urlset>\n<url><loc>https://a.example/x/z</loc></urlx>",
        )
        .unwrap();
        let (k, diags) = KnownUrls::load(&[list.clone(), bad.clone()]);
        assert!(k.contains("https://a.example/x/y"));
        assert!(diags.iter().any(|d| d.file == list && d.line == 4));
        assert!(
            diags
                .iter()
                .any(|d| d.file == bad && d.line == 2 && d.is_error()),
            "{diags:?}"
        );
        let (_, missing) = KnownUrls::load(&[dir.path().join("nope.xml")]);
        assert!(missing[0].is_error());
    }
}
