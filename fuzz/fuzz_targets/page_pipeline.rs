//! The whole single-page pipeline: front matter, side-by-side split, Markdown with every directive,
//! for both halves, on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem::content::{front_matter, sxs};

mod common;

fuzz_target!(|text: &str| {
    let parsed = front_matter::parse(text, std::path::Path::new("f.md"));
    let split = sxs::split(
        parsed.body,
        std::path::Path::new("f.md"),
        parsed.body_line,
        &sxs::Options {
            wrap_segments: true,
        },
    );
    common::render(&split.translated);
    common::render(&split.source);
});
