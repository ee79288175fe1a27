//! Tests of the split: each sxs construct met in the corpus, malformed input, line counts, linear
//! time, and the whole real corpus. The shared helpers are here; the tests, one case per construct
//! so that each failure reads on its own, are in the topic modules below.

use super::pairing::{Locator, MAX_DIAGNOSTICS};
use super::plain::{is_plain, plain_bytes, reduce_to_plain_text};
use super::*;
use crate::diagnostics::Severity;
use std::path::PathBuf;

mod constructs;
mod corpus;
mod malformed;
mod robustness;
mod text_forms;

/// The translated half with each wrapper's `data-source` added from its segment, as the
/// renderer adds it.
fn with_sources(s: &Split) -> String {
    let mut out = String::new();
    let mut rest = &*s.translated;
    for seg in &s.segments {
        let mut open = SEG_OPEN.to_string();
        attr_escape_into(&mut open, seg.id());
        open.push('"');
        let Some(at) = rest.find(&open) else { continue };
        out.push_str(&rest[..at + open.len()]);
        out.push_str(" data-source=\"");
        data_source_into(&mut out, seg.source());
        out.push('"');
        rest = &rest[at + open.len()..];
    }
    out.push_str(rest);
    out
}

fn pair(id: &str, t: &str, s: &str) -> String {
    format!(
        "<span data-ttu-id=\"{id}\">{t}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{s}</span></span>"
    )
}

fn run(text: &str) -> Split {
    split(
        text,
        Path::new("doc.md"),
        1,
        &Options {
            wrap_segments: false,
        },
    )
}

fn run_wrapped(text: &str) -> Split {
    split(
        text,
        Path::new("doc.md"),
        1,
        &Options {
            wrap_segments: true,
        },
    )
}

fn codes(s: &Split) -> Vec<&'static str> {
    s.diagnostics.iter().map(|d| d.code).collect()
}

fn assert_clean(s: &Split) {
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
    for out in [&s.source, &s.translated] {
        assert!(
            !out.contains("data-ttu-id")
                && !out.contains("data-stu-id")
                && !out.contains("sxs-lookup"),
            "{out}"
        );
    }
}

fn lines(s: &str) -> usize {
    s.split('\n').count()
}
