//! Where a source goes: page keys from content paths (`fr-fr/a/b.md` → `a/b`), root-relative URLs
//! and output paths, percent-encoding, and the case-insensitive comparisons links and URLs need.
//! Pure functions of strings, used by loading, links, rendering and publishing alike.

use crate::content::discover;
use crate::lang::Lang;

/// `fr-fr/a/b.md` → `a/b` (language folder and extension removed; `.yml` pages too).
pub fn key_of_rel(rel: &str) -> String {
    // Asked for every link of every page: nothing is allocated but the key.
    let inner = discover::without_lang_folder(rel);
    for ext in [".md", ".markdown", ".yml", ".yaml"] {
        if ends_with_ci(inner, ext) {
            return inner[..inner.len() - ext.len()].to_string();
        }
    }
    inner.to_string()
}

/// Whether `s` ends with the ASCII `ext`, in any letter case (`.MD`, `.Markdown`).
pub fn ends_with_ci(s: &str, ext: &str) -> bool {
    s.len()
        .checked_sub(ext.len())
        .is_some_and(|cut| s.as_bytes()[cut..].eq_ignore_ascii_case(ext.as_bytes()))
}

pub(super) fn is_include_path(rel: &str) -> bool {
    rel.split('/')
        .rev()
        .skip(1)
        .any(|seg| seg.eq_ignore_ascii_case("includes"))
}

/// Percent-encodes a path for use in a URL (spaces, `#`, `%`, `?`, non-ASCII); `/` stays as it is.
/// Borrowed when nothing needs encoding (most keys).
pub fn encode_path(path: &str) -> std::borrow::Cow<'_, str> {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'\\')
        .add(b'^')
        .add(b'|');
    // `/` is not in the set, so encoding the whole path encodes each segment and keeps the slashes.
    percent_encoding::utf8_percent_encode(path, SET).into()
}

/// The folder a page is published in: `a/b` for the keys `a/b` and `a/b/index`, empty for `index`.
/// Only a whole last segment `index` is dropped: `reindex` stays `reindex` (it had become `re`, the
/// folder of `re.md`).
pub(super) fn key_dir(key: &str) -> &str {
    match key.strip_suffix("index") {
        Some(d) if d.is_empty() || d.ends_with('/') => d.trim_end_matches('/'),
        _ => key,
    }
}

/// Output path (relative to the output root) of a page: `fr-fr/a/b/index.html`.
pub fn page_output_path(lang: &Lang, key: &str) -> String {
    let dir = key_dir(key);
    if dir.is_empty() {
        format!("{lang}/index.html")
    } else {
        format!("{lang}/{dir}/index.html")
    }
}

/// Root-relative URL of a page: `/fr-fr/a/b/`.
pub fn page_url(root: &str, lang: &Lang, key: &str) -> String {
    let dir = encode_path(key_dir(key));
    let lang = lang.as_str();
    let mut url = String::with_capacity(root.len() + lang.len() + dir.len() + 2);
    url.push_str(root);
    url.push_str(lang);
    url.push('/');
    if !dir.is_empty() {
        url.push_str(&dir);
        url.push('/');
    }
    url
}

/// `s` in lower case, borrowed when it already is (most keys and URLs: this runs for every page).
pub(crate) fn lowercase(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_urls() {
        assert_eq!(key_of_rel("fr-fr/a/b.md"), "a/b");
        assert_eq!(key_of_rel("partner-center/x.md"), "partner-center/x");
        let fr = Lang::parse("fr-fr").unwrap();
        assert_eq!(page_url("/", &fr, "a/b"), "/fr-fr/a/b/");
        assert_eq!(page_url("/", &fr, "index"), "/fr-fr/");
        assert_eq!(page_url("/docs/", &fr, "a/index"), "/docs/fr-fr/a/");
        assert_eq!(page_output_path(&fr, "a/index"), "fr-fr/a/index.html");
        assert_eq!(page_url("/", &fr, "a b#c%"), "/fr-fr/a%20b%23c%25/");
    }

    #[test]
    fn includes_folder_is_not_pages() {
        assert!(is_include_path("fr-fr/includes/a.md"));
        assert!(!is_include_path("fr-fr/includes.md"));
    }
}
