//! Hashing the inputs of a build: every file of the content folder (the same walk `Site::load`
//! makes), and the files outside it that pages read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Hash, hash};
use crate::content::discover::SourceFile;

/// The hash of every discovered content file, by content-relative path. A file that cannot be
/// read gets a hash of the error, which no manifest holds: the build then goes the long way and
/// reports it.
pub fn content(found: &[SourceFile]) -> BTreeMap<String, Hash> {
    found
        .par_iter()
        .map(|f| (f.rel.clone(), file_hash(&f.abs)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// A file's hash; a missing or unreadable file hashes as the error (so appearing or becoming
/// readable is a change).
pub fn file_hash(path: &Path) -> Hash {
    match std::fs::read(path) {
        Ok(b) => hash(&b),
        Err(e) => hash(format!("\u{0}unreadable: {:?}", e.kind()).as_bytes()),
    }
}

/// The current hash of each external file in `paths`.
pub fn external<'a>(paths: impl Iterator<Item = &'a Path>) -> BTreeMap<PathBuf, Hash> {
    let mut unique: Vec<&Path> = paths.collect();
    unique.sort();
    unique.dedup();
    unique
        .into_par_iter()
        .map(|p| (p.to_path_buf(), file_hash(p)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}
