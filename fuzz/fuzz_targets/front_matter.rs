//! Front matter on arbitrary text: no panic, and the body is a suffix of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandem::content::front_matter;

fuzz_target!(|text: &str| {
    let parsed = front_matter::parse(text, std::path::Path::new("f.md"));
    assert!(text.ends_with(parsed.body));
});
