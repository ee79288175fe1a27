//! Navigation files: `TOC.yml` (nested `name`/`href`/`items`) and `TOC.md` (heading links), parsed
//! into one tree whose hrefs are already resolved to content-relative paths.

use std::path::Path;

use serde_yaml::Value;

use crate::content::page::plain_text;
use crate::content::sxs;
use crate::diagnostics::Diagnostic;

/// One entry of a table of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TocNode {
    /// Display name as written, or the translated half of a side-by-side name (see
    /// [`Toc::split_span_names`]).
    pub name: String,
    /// The source-language half of a side-by-side name (`data-stu-id`): what the entry is called on
    /// source-language pages when it has no page of its own to take a title from.
    pub source_name: Option<String>,
    /// Target as a content-relative path (`partner-center/x.md`, `a/TOC.md`, `a/` for a folder), or
    /// an external URL as written; `None` for a pure grouping node.
    pub href: Option<String>,
    /// 1-based line of the entry in its file.
    pub line: u32,
    /// Sub-entries.
    pub children: Vec<TocNode>,
}

/// A parsed TOC file (serialized for the build cache).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Toc {
    /// Content-relative path of the TOC file.
    pub rel: String,
    /// Top-level entries.
    pub nodes: Vec<TocNode>,
}

impl Toc {
    /// Splits names written with side-by-side spans (`<span data-ttu-id="x">Clients</span><span
    /// class="sxs-lookup"><span data-stu-id="x">Customers</span></span>`) into the translated name,
    /// shown in the TOC's language, and the source name, kept for source-language pages.
    pub fn split_span_names(&mut self) {
        fn walk(nodes: &mut [TocNode]) {
            for n in nodes {
                if n.name.contains("data-ttu-id") {
                    let source = plain_text(&sxs::source_text(&n.name));
                    n.name = plain_text(&sxs::translated_text(&n.name));
                    n.source_name = (!source.trim().is_empty()).then(|| source.trim().to_string());
                }
                walk(&mut n.children);
            }
        }
        walk(&mut self.nodes);
    }
}

/// Joins `href` (relative to the folder of `from_rel`) into a normalized content-relative path.
/// `None` when the path climbs above the content root. Backslashes count as `/`; `~/` is the root.
pub fn join_rel(from_rel: &str, href: &str) -> Option<String> {
    let href: std::borrow::Cow<str> = if href.contains('\\') {
        href.replace('\\', "/").into()
    } else {
        href.into()
    };
    let (base, rest) = if let Some(r) = href.strip_prefix("~/") {
        ("", r)
    } else if let Some(r) = href.strip_prefix('/') {
        ("", r)
    } else {
        // A byte loop, like `segments`: `rsplit_once`'s searcher cost more than the search.
        let dir = from_rel.bytes().rposition(|b| b == b'/');
        (dir.map_or("", |d| &from_rel[..d]), &*href)
    };
    // Segments are appended to one string and `..` cuts the last one off (a `Vec` of segments
    // joined at the end cost two allocations more per link of every page).
    let mut out = String::with_capacity(base.len() + rest.len() + 1);
    let push = |out: &mut String, seg: &str| {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(seg);
    };
    for seg in segments(base).filter(|s| !s.is_empty()) {
        push(&mut out, seg);
    }
    let trailing = rest.ends_with('/');
    for seg in segments(rest) {
        match seg {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return None;
                }
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            s => push(&mut out, s),
        }
    }
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The parts of `path` between `/`s, as `split('/')` gives them, found by a plain byte loop: paths
/// are short, and `split`'s searcher set itself up again for each part (half of [`join_rel`]'s
/// time, which runs for every link of every page).
fn segments(path: &str) -> impl Iterator<Item = &str> {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        match path.as_bytes()[from..].iter().position(|&b| b == b'/') {
            Some(i) => {
                start = Some(from + i + 1);
                Some(&path[from..from + i])
            }
            None => {
                start = None;
                Some(&path[from..])
            }
        }
    })
}

/// True for hrefs that leave the site (`https:`, `mailto:`, `//host`).
pub fn is_external(href: &str) -> bool {
    let h = href.trim();
    h.starts_with("//")
        || h.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme.len() > 1
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        })
}

fn resolve_href(rel: &str, href: &str, line: u32, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if is_external(href) {
        return Some(href.to_string());
    }
    let no_frag = href.split('#').next().unwrap_or(href);
    match join_rel(rel, no_frag) {
        Some(p) => Some(p),
        None => {
            diags.push(
                Diagnostic::warning(
                    "toc-outside-root",
                    rel,
                    line,
                    1,
                    format!("`{href}` points outside the content root"),
                )
                .with_help("point the entry at a file inside the content folder"),
            );
            None
        }
    }
}

/// Parses a `TOC.yml`: a list of entries, or a mapping with `items:`.
pub fn parse_yaml(text: &str, rel: &str) -> (Toc, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (l, c) = e
                .location()
                .map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
            diags.push(
                Diagnostic::error("toc-yaml", rel, l, c, format!("invalid TOC.yml: {e}"))
                    .with_help("each entry is `- name: …` with optional `href: …` and `items:`"),
            );
            return (
                Toc {
                    rel: rel.to_string(),
                    nodes: Vec::new(),
                },
                diags,
            );
        }
    };
    let items: &[Value] = match &value {
        Value::Sequence(s) => s,
        Value::Mapping(m) => m
            .get("items")
            .and_then(Value::as_sequence)
            .map_or(&[], Vec::as_slice),
        _ => &[],
    };
    let mut cursor = Cursor { pos: 0, line: 1 };
    let nodes = yaml_nodes(items, text, rel, &mut cursor, &mut diags, 0);
    (
        Toc {
            rel: rel.to_string(),
            nodes,
        },
        diags,
    )
}

/// Where the scan for entry lines stands: a byte offset and the 1-based line it is on. Counting only
/// the newlines since the previous entry keeps a TOC of n entries linear (counting from the start of
/// the file for each entry was quadratic: seconds for a 100,000-entry TOC).
struct Cursor {
    pos: usize,
    line: u32,
}

/// Finds the line of the next `needle` (without newlines) at or after `cursor` so entries get their
/// real line numbers (serde_yaml values carry no positions; entries appear in document order).
fn next_line_of(text: &str, needle: &str, cursor: &mut Cursor) -> u32 {
    if let Some(i) = text[cursor.pos..].find(needle) {
        let at = cursor.pos + i;
        let newlines = text.as_bytes()[cursor.pos..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        cursor.line = cursor.line.saturating_add(newlines as u32);
        cursor.pos = at + needle.len();
        cursor.line
    } else {
        0
    }
}

fn yaml_nodes(
    items: &[Value],
    text: &str,
    rel: &str,
    cursor: &mut Cursor,
    diags: &mut Vec<Diagnostic>,
    depth: usize,
) -> Vec<TocNode> {
    let mut out = Vec::new();
    if depth > 64 {
        diags.push(Diagnostic::warning(
            "toc-depth",
            rel,
            0,
            0,
            "TOC nested deeper than 64 levels; the rest is ignored",
        ));
        return out;
    }
    for item in items {
        let Some(m) = item.as_mapping() else { continue };
        let line = next_line_of(text, "name:", cursor);
        let str_of = |k: &str| {
            m.get(k).and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let name = str_of("name").unwrap_or_default();
        if name.is_empty() {
            diags.push(
                Diagnostic::warning("toc-entry", rel, line, 1, "TOC entry without a name")
                    .with_help("give every entry a `name:`"),
            );
        }
        let href = str_of("href")
            .or_else(|| str_of("topicHref"))
            .and_then(|h| resolve_href(rel, &h, line, diags));
        let children = m
            .get("items")
            .and_then(Value::as_sequence)
            .map(|s| yaml_nodes(s, text, rel, cursor, diags, depth + 1))
            .unwrap_or_default();
        out.push(TocNode {
            name,
            source_name: None,
            href,
            line,
            children,
        });
    }
    out
}

/// Parses a markdown `TOC.md`: `#`…`######` lines with an optional `[name](href)` link.
pub fn parse_markdown(text: &str, rel: &str) -> (Toc, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // (level, node) stack: a heading closes every open node of the same or deeper level.
    let mut roots: Vec<TocNode> = Vec::new();
    let mut stack: Vec<(usize, TocNode)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = raw.trim();
        let level = line.bytes().take_while(|&b| b == b'#').count();
        if level == 0 || level > 6 {
            continue;
        }
        let rest = line[level..].trim();
        let (name, href) = match parse_md_link(rest) {
            Some((n, h)) => (n, resolve_href(rel, &h, line_no, &mut diags)),
            None => (rest.to_string(), None),
        };
        let node = TocNode {
            name,
            source_name: None,
            href,
            line: line_no,
            children: Vec::new(),
        };
        while let Some((l, _)) = stack.last() {
            if *l >= level {
                let (_, done) = stack.pop().expect("checked non-empty");
                attach(&mut stack, &mut roots, done);
            } else {
                break;
            }
        }
        stack.push((level, node));
    }
    while let Some((_, done)) = stack.pop() {
        attach(&mut stack, &mut roots, done);
    }
    (
        Toc {
            rel: rel.to_string(),
            nodes: roots,
        },
        diags,
    )
}

fn attach(stack: &mut [(usize, TocNode)], roots: &mut Vec<TocNode>, node: TocNode) {
    match stack.last_mut() {
        Some((_, parent)) => parent.children.push(node),
        None => roots.push(node),
    }
}

/// `[name](href)` at the start of `s`.
fn parse_md_link(s: &str) -> Option<(String, String)> {
    let s = s.strip_prefix('[')?;
    let close = s.rfind("](")?;
    let name = &s[..close];
    let rest = &s[close + 2..];
    let end = rest.find(')')?;
    let href = rest[..end]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(['<', '>']);
    Some((name.to_string(), href.to_string()))
}

/// Whether `path` names a TOC file.
pub fn is_toc_path(path: &str) -> bool {
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name == "toc.yml" || name == "toc.md" || name == "toc.yaml"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_nested_with_lines() {
        let t = "- name: Home\n  href: index.yml\n- name: Group\n  items:\n    - name: Page\n      href: sub/page.md\n    - name: Ext\n      href: https://example.com\n";
        let (toc, d) = parse_yaml(t, "pc/TOC.yml");
        assert!(d.is_empty());
        assert_eq!(toc.nodes.len(), 2);
        assert_eq!(toc.nodes[0].href.as_deref(), Some("pc/index.yml"));
        let page = &toc.nodes[1].children[0];
        assert_eq!(page.href.as_deref(), Some("pc/sub/page.md"));
        assert_eq!(page.line, 5);
        assert_eq!(
            toc.nodes[1].children[1].href.as_deref(),
            Some("https://example.com")
        );
    }

    #[test]
    fn yaml_mapping_form() {
        let (toc, _) = parse_yaml("items:\n- name: A\n  href: a.md\n", "TOC.yml");
        assert_eq!(toc.nodes[0].href.as_deref(), Some("a.md"));
    }

    #[test]
    fn markdown_levels() {
        let t = "# [Root](index.md)\n## [A](a.md)\n### [A1](a1.md)\n## [B](b.md)\n## Plain\n";
        let (toc, _) = parse_markdown(t, "Archive/TOC.md");
        assert_eq!(toc.nodes.len(), 1);
        let root = &toc.nodes[0];
        assert_eq!(root.href.as_deref(), Some("Archive/index.md"));
        assert_eq!(root.children.len(), 3);
        assert_eq!(root.children[0].children[0].name, "A1");
        assert_eq!(root.children[2].href, None);
    }

    #[test]
    fn span_names_keep_both_halves() {
        let t = "- name: <span data-ttu-id=\"a1\">Prise en main</span><span class=\"sxs-lookup\"><span data-stu-id=\"a1\">Getting started</span></span>\n  items:\n    - name: Plain\n      href: a.md\n";
        let (mut toc, d) = parse_yaml(t, "fr-fr/TOC.yml");
        assert!(d.is_empty(), "{d:?}");
        toc.split_span_names();
        let group = &toc.nodes[0];
        assert_eq!(group.name, "Prise en main");
        assert_eq!(group.source_name.as_deref(), Some("Getting started"));
        assert_eq!(group.children[0].name, "Plain");
        assert_eq!(group.children[0].source_name, None);
    }

    #[test]
    fn join_handles_dots_backslashes_and_root() {
        assert_eq!(join_rel("a/b/c.md", "../x.md").as_deref(), Some("a/x.md"));
        assert_eq!(join_rel("a/b/c.md", "..\\x.md").as_deref(), Some("a/x.md"));
        assert_eq!(join_rel("a/b/c.md", "~/y/z.md").as_deref(), Some("y/z.md"));
        assert_eq!(join_rel("a.md", "../../etc/passwd"), None);
        assert_eq!(join_rel("a/b.md", "sub/").as_deref(), Some("a/sub/"));
    }

    /// What [`join_rel`] replaced: segments collected in a `Vec`, joined at the end.
    fn join_rel_by_parts(from_rel: &str, href: &str) -> Option<String> {
        let href = href.replace('\\', "/");
        let (base, rest) = if let Some(r) = href.strip_prefix("~/") {
            ("", r)
        } else if let Some(r) = href.strip_prefix('/') {
            ("", r)
        } else {
            (from_rel.rsplit_once('/').map_or("", |(dir, _)| dir), &*href)
        };
        let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
        for seg in rest.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let mut out = parts.join("/");
        if rest.ends_with('/') && !out.is_empty() {
            out.push('/');
        }
        Some(out)
    }

    proptest::proptest! {
        #[test]
        fn join_rel_normalizes_as_segments_joined_do(
            from in "(/|a|bc|\\.|\\.\\.|é){0,6}(x\\.md)?",
            href in "(~/|/)?(/|\\\\|a|bc|\\.|\\.\\.|é){0,8}",
        ) {
            proptest::prop_assert_eq!(join_rel(&from, &href), join_rel_by_parts(&from, &href));
        }
    }

    #[test]
    fn external_detection() {
        assert!(is_external("https://x"));
        assert!(is_external("mailto:a@b"));
        assert!(is_external("//cdn"));
        assert!(!is_external("a.md"));
        assert!(!is_external("C:x"));
    }
}
