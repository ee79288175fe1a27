//! Hashing the inputs of a build: every file of the content folder (the same walk `Site::load`
//! makes), and the files outside it that pages read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Hash, hash};
use crate::content::discover::SourceFile;

/// What `stat` says of a file: when size, modification time and inode are those recorded with
/// its hash, the file is not read again (git's index does the same). A file modified within two
/// seconds before the previous build hashed it is read again whatever its stamp says: its time
/// may not have moved for an edit made in the same clock tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    size: u64,
    mtime_ns: i128,
    /// The inode's change time: moves with any write, even one that restores the modification
    /// time (`cp -p`, `rsync --inplace`).
    ctime_ns: i128,
    ino: u64,
}

/// Nanoseconds since the Unix epoch.
pub fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

fn stamp(path: &Path) -> Option<Stamp> {
    identity(&std::fs::metadata(path).ok()?)
}

/// A file's `stat` as a [`Stamp`] (`None` where the system gives no modification time).
pub fn identity(m: &std::fs::Metadata) -> Option<Stamp> {
    let mtime_ns = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos() as i128;
    #[cfg(unix)]
    let (ino, ctime_ns) = {
        use std::os::unix::fs::MetadataExt;
        (
            m.ino(),
            m.ctime() as i128 * 1_000_000_000 + m.ctime_nsec() as i128,
        )
    };
    #[cfg(not(unix))]
    let (ino, ctime_ns) = (0, 0);
    Some(Stamp {
        size: m.len(),
        mtime_ns,
        ctime_ns,
        ino,
    })
}

/// The hash of every discovered content file, by content-relative path, and the stamps to store
/// with them. A file whose stamp is the one `old` recorded (and not racy: see [`Stamp`]) keeps its
/// recorded hash; any other is read. A file that cannot be read gets a hash of the error, which no
/// manifest holds: the build then goes the long way and reports it.
pub fn content(
    found: &[SourceFile],
    old: Option<&super::Manifest>,
) -> (BTreeMap<String, Hash>, BTreeMap<String, Stamp>) {
    let safe_before = old.map_or(i128::MIN, |m| m.hashed_at - 2_000_000_000);
    let rows: Vec<(String, Hash, Option<Stamp>)> = found
        .par_iter()
        .map(|f| {
            let now = stamp(&f.abs);
            let known = old.and_then(|m| {
                let s = now?;
                (m.stamps.get(&f.rel) == Some(&s)
                    && s.mtime_ns < safe_before
                    && s.ctime_ns < safe_before)
                    .then(|| m.inputs.get(&f.rel).copied())
                    .flatten()
            });
            let hash = known.unwrap_or_else(|| file_hash(&f.abs));
            (f.rel.clone(), hash, now)
        })
        .collect();
    let mut hashes = BTreeMap::new();
    let mut stamps = BTreeMap::new();
    for (rel, hash, stamp) in rows {
        if let Some(s) = stamp {
            stamps.insert(rel.clone(), s);
        }
        hashes.insert(rel, hash);
    }
    (hashes, stamps)
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
