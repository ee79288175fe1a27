//! `check --known-urls FILE`: what other docsets really published, so links to them are checked
//! offline. A file is a sitemap (`<urlset>`, or a `<sitemapindex>` whose parts are read from
//! beside it, as `tandem build` and `merge` lay them out) or a list of URLs, one a line.
//!
//! A link is only judged where the known URLs speak: its host and docset (the first path segment
//! after an optional locale, `https://learn.microsoft.com/en-us/azure/…` → `azure`, the top-level
//! folder Docs publishes a docset under) must be among theirs, and it must name a page (no file
//! extension, or `.html`/`.htm`: sitemaps list pages, not images or downloads). So a sitemap of
//! one docset verifies links into it and stays silent on all others. A site-root link (`/azure/…`)
//! that is no page of this site is found when a known URL has its path: Docs serves every docset
//! from one host, so such a link works where the site is published.
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
    /// `host/docset` pairs the URLs speak for (see the module comment).
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
        format!("{}/{}", self.host, self.path().join("/"))
    }

    /// The segments after the locale.
    fn path(&self) -> &[String] {
        &self.segments[usize::from(self.locale)..]
    }

    /// The docset a URL is in: its host and first path segment after the locale
    /// (`learn.microsoft.com/azure`), the top-level folder Docs publishes each docset under.
    fn docset(&self) -> Option<String> {
        self.path().first().map(|d| format!("{}/{d}", self.host))
    }

    /// Whether the URL names a page rather than a file.
    fn is_page(&self) -> bool {
        let last = self.path().last().map_or("", String::as_str);
        match last.rsplit_once('.') {
            None => true,
            Some((_, ext)) => ext == "html" || ext == "htm",
        }
    }
}

impl KnownUrls {
    /// Takes in `url`; false when it is no absolute http(s) URL.
    fn add(&mut self, url: &str) -> bool {
        Parts::parse(url).map(|p| self.insert(p)).is_some()
    }

    fn insert(&mut self, p: Parts) {
        self.exact.insert(p.key());
        self.any_locale.insert(p.key_without_locale());
        if let Some(d) = p.docset() {
            self.covered.insert(d);
        }
        self.paths
            .entry(p.path().join("/"))
            .or_insert_with(|| p.host.clone());
        self.count += 1;
    }

    /// Whether the known URLs speak for `url`: a page in a docset they are in.
    pub fn covers(&self, url: &str) -> bool {
        Parts::parse(url)
            .filter(Parts::is_page)
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
        if p.path().is_empty() {
            return None;
        }
        self.paths.get(&p.path().join("/")).map(String::as_str)
    }

    /// Reads every file; each problem is a diagnostic at its file (and line).
    pub fn load(files: &[PathBuf]) -> (KnownUrls, Vec<Diagnostic>) {
        let mut known = KnownUrls::default();
        let mut diags = Vec::new();
        let mut seen = HashSet::new();
        for f in files {
            let before = known.count;
            let problems = diags.len();
            read_file(f, &mut known, &mut diags, &mut seen, 0);
            if known.count == before && !diags[problems..].iter().any(|d| d.is_error()) {
                diags.push(
                    Diagnostic::error("known-urls", f, 0, 0, "this file gives no URL")
                        .with_help("give a sitemap.xml (or an index with its parts beside it) or a list of absolute URLs, one a line"),
                );
            }
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
    let (mut in_loc, mut index, mut open) = (false, false, 0usize);
    let mut loc = String::new();
    let mut parts = Vec::new();
    // Taken in only once the whole file has parsed: a cut-off file gives no URL.
    let mut urls = Vec::new();
    // A URL with an entity the sitemap does not define is skipped, not guessed.
    let mut bad_entity = false;
    let at = |pos: u64| line_col(text, pos as usize);
    let error_at = |pos: u64, msg: String, help: &str| {
        let (line, col) = at(pos);
        Diagnostic::error("known-urls", path, line, col, msg).with_help(help)
    };
    let warning_at = |pos: u64, msg: String| {
        let (line, col) = at(pos);
        Diagnostic::warning("known-urls", path, line, col, msg)
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                open += 1;
                match e.local_name().as_ref() {
                    "loc" => {
                        in_loc = true;
                        bad_entity = false;
                        loc.clear();
                    }
                    "sitemapindex" => index = true,
                    _ => {}
                }
            }
            Ok(Event::Text(t)) if in_loc => loc.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if in_loc => loc.push_str(&t),
            Ok(Event::GeneralRef(r)) if in_loc => match r.resolve_char_ref() {
                Ok(Some(c)) => loc.push(c),
                _ => match &*r {
                    "amp" => loc.push('&'),
                    "lt" => loc.push('<'),
                    "gt" => loc.push('>'),
                    "quot" => loc.push('"'),
                    "apos" => loc.push('\''),
                    other => {
                        let msg =
                            format!("unknown entity `&{other};` in a URL: the URL is skipped");
                        diags.push(warning_at(reader.buffer_position(), msg));
                        bad_entity = true;
                    }
                },
            },
            Ok(Event::End(e)) => {
                open = open.saturating_sub(1);
                if e.local_name().as_ref() != "loc" {
                    continue;
                }
                in_loc = false;
                let url = loc.trim().to_string();
                if bad_entity {
                    continue;
                }
                if index {
                    parts.push(url);
                } else if let Some(p) = Parts::parse(&url) {
                    urls.push(p);
                } else {
                    let msg = format!("`{url}` is no absolute http(s) URL");
                    diags.push(warning_at(reader.buffer_position(), msg));
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                let msg = format!("invalid sitemap XML: {e}");
                let help = "give the sitemap as the docset published it";
                diags.push(error_at(reader.error_position(), msg, help));
                return;
            }
            _ => {}
        }
    }
    if open > 0 {
        // Cut off (a download that stopped): the URLs after the cut would all look missing.
        let msg = "the sitemap ends before its elements are closed: it is cut off".to_string();
        let help =
            "download it again: the links to the pages after the cut would be reported missing";
        diags.push(error_at(text.len() as u64, msg, help));
        return;
    }
    for p in urls {
        known.insert(p);
    }
    let shared = shared_folders(&parts);
    for url in parts {
        match local_part(path, &url, shared) {
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
                     path under the index's folder (decompressed: `x.xml.gz` as `x.xml` is found \
                     too), or pass it with --known-urls",
                ),
            ),
        }
    }
}

/// The segments of a URL's path (`https://x/docs/fr-fr/sitemap.xml` → `docs`, `fr-fr`,
/// `sitemap.xml`).
fn url_segments(url: &str) -> Vec<&str> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = path.split_once("://").map_or(path, |(_, r)| r);
    path.split('/').skip(1).filter(|s| !s.is_empty()).collect()
}

/// The file beside the index that a part's URL names: at the part's whole path under the index's
/// folder (as the README's recipe downloads parts), else at its path below the folder every part
/// of the index shares (the index's own folder on the host: Tandem's `sitemap-N.xml` under a
/// `base_url` path). A `.gz` part is also looked for decompressed, without the extension.
fn local_part(index: &Path, url: &str, shared: usize) -> Option<PathBuf> {
    let dir = index.parent().unwrap_or(Path::new("."));
    let segments = url_segments(url);
    let mut tails = vec![segments.join("/")];
    if shared > 0 && shared < segments.len() {
        tails.push(segments[shared..].join("/"));
    }
    tails
        .into_iter()
        .flat_map(|t| {
            let plain = t.strip_suffix(".gz").map(str::to_string);
            std::iter::once(t).chain(plain)
        })
        .map(|t| dir.join(t))
        .find(|p| p.is_file() && p.as_path() != index)
}

/// How many leading folders all the parts' URLs share.
fn shared_folders(parts: &[String]) -> usize {
    let folders: Vec<Vec<&str>> = parts
        .iter()
        .map(|u| {
            let mut s = url_segments(u);
            s.pop();
            s
        })
        .collect();
    let Some(first) = folders.first() else {
        return 0;
    };
    if folders.len() < 2 {
        return 0;
    }
    (0..first.len())
        .take_while(|&i| folders.iter().all(|f| f.get(i) == first.get(i)))
        .count()
}

fn line_col(text: &str, at: usize) -> (u32, u32) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

#[cfg(test)]
#[path = "known_tests.rs"]
mod tests;
