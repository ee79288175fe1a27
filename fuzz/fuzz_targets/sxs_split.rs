//! The side-by-side splitter on arbitrary text: no panic, and every segment it reports is present in
//! both halves it returns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem::content::sxs;

fuzz_target!(|text: &str| {
    let split = sxs::split(
        text,
        std::path::Path::new("f.md"),
        1,
        &sxs::Options {
            wrap_segments: true,
        },
    );
    if split.bilingual {
        for seg in &split.segments {
            assert!(
                split.source.contains(seg.source()),
                "source half lost segment {}",
                seg.id()
            );
        }
    }
    let _ = sxs::source_text(text);
    let _ = sxs::translated_text(text);
});
