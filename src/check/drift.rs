//! Structural drift between a translation and its source: the two halves of a side-by-side file
//! should have the same skeleton. A link, list item, code block or table row present on one side
//! only means a sentence was translated into a different structure (or lost), which the compare
//! view and the rebuilt source page then show wrongly.

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::diagnostics::{Diagnostic, line_col};
use crate::site::Site;

/// Above this many cells the alignment falls back to comparing counts (memory stays bounded).
const MAX_CELLS: usize = 4_000_000;

/// One structural element: its kind and its 1-based line in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Element {
    kind: &'static str,
    line: u32,
}

fn skeleton(text: &str, first_line: u32) -> Vec<Element> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_TASKLISTS;
    Parser::new_ext(text, opts)
        .into_offset_iter()
        .filter_map(|(e, r)| {
            let kind = match e {
                Event::Start(Tag::Link { .. }) => "link",
                Event::Start(Tag::Item) => "list item",
                Event::Start(Tag::CodeBlock(_)) => "code block",
                Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => "table row",
                _ => return None,
            };
            let line = line_col(text, r.start).0 + first_line.max(1) - 1;
            Some(Element { kind, line })
        })
        .collect()
}

/// Elements of `a` and `b` left unmatched by a longest common subsequence of their kinds.
fn unmatched(a: &[Element], b: &[Element]) -> (Vec<Element>, Vec<Element>) {
    let (n, m) = (a.len(), b.len());
    if n * m > MAX_CELLS {
        // Too large to align: report the surplus of each kind at its last occurrence.
        let mut left = Vec::new();
        let mut right = Vec::new();
        for kind in ["link", "list item", "code block", "table row"] {
            let xa: Vec<&Element> = a.iter().filter(|e| e.kind == kind).collect();
            let xb: Vec<&Element> = b.iter().filter(|e| e.kind == kind).collect();
            left.extend(xa.iter().skip(xb.len()).map(|e| **e));
            right.extend(xb.iter().skip(xa.len()).map(|e| **e));
        }
        return (left, right);
    }
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    let w = m + 1;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * w + j] = if a[i].kind == b[j].kind {
                t[(i + 1) * w + j + 1] + 1
            } else {
                t[(i + 1) * w + j].max(t[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut left, mut right) = (Vec::new(), Vec::new());
    while i < n && j < m {
        if a[i].kind == b[j].kind {
            i += 1;
            j += 1;
        } else if t[(i + 1) * w + j] >= t[i * w + j + 1] {
            left.push(a[i]);
            i += 1;
        } else {
            right.push(b[j]);
            j += 1;
        }
    }
    left.extend_from_slice(&a[i..]);
    right.extend_from_slice(&b[j..]);
    (left, right)
}

/// `sxs-drift` warnings for every side-by-side file.
pub fn drift(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in site.files.values().filter(|f| f.bilingual) {
        let translated = skeleton(f.translated(), f.body_line);
        let source = skeleton(f.source(), f.body_line);
        let (only_t, only_s) = unmatched(&translated, &source);
        let report = |e: &Element, side: &str, other: &str| {
            Diagnostic::warning(
                "sxs-drift",
                &f.rel,
                e.line,
                0,
                format!("a {} in the {side} half has no counterpart in the {other} half", e.kind),
            )
            .with_help("give both halves the same structure: translate the sentence inside the same link, list item, code block or table row")
        };
        out.extend(only_t.iter().map(|e| report(e, "translated", "source")));
        out.extend(only_s.iter().map(|e| report(e, "source", "translated")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_halves_have_no_drift() {
        let a = skeleton("- [a](x.md)\n- b\n", 1);
        let b = skeleton("- [A](x.md)\n- B\n", 1);
        assert_eq!(unmatched(&a, &b), (vec![], vec![]));
    }

    #[test]
    fn extra_item_on_one_side_is_reported_at_its_line() {
        let a = skeleton("- a\n- b\n- c\n", 5);
        let b = skeleton("- A\n- C\n", 5);
        let (l, r) = unmatched(&a, &b);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].kind, "list item");
        assert!(r.is_empty());
    }
}
