//! Health importers on arbitrary payloads: the first byte picks the file kind (JSON, YAML, cState
//! Markdown), so every importer is reached; no panic whatever the data.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = ["payload.json", "snapshot.yml", "issue.md"][pick as usize % 3];
    let text = String::from_utf8_lossy(rest);
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).expect("valid timestamp");
    let _ = tandem::health::import_one(name, &text, now);
});
