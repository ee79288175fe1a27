//! Updating an output folder in place without ever leaving it half-updated.
//!
//! A warm build writes only the files whose bytes changed, into a staging folder inside the cache
//! (`output/.tandem/stage-<pid>/`, on the same file system). Then:
//!
//! 1. the journal (every file to move in, every file to delete) is written beside it and renamed
//!    to `output/.tandem/journal`: **the commit point**. A build killed before it leaves the
//!    output and its manifest as they were (the staging folder is removed by the next build);
//! 2. the journal is applied: deleted files are removed with the folders they leave empty, each
//!    staged file is renamed over its old version, and the new manifest is renamed in last;
//! 3. the journal is removed.
//!
//! A build killed during step 2 leaves the journal; every later build applies it first
//! ([`recover`]), and applying it twice does nothing more, so the output always ends as the
//! committed build made it. A journal that cannot be applied (a disk error) makes the next build
//! drop the cache and build cold, which replaces the whole folder.
//!
//! **When a quarter or more of the site's files changed** (a template edit re-renders every page)
//! renaming each over its old version costs more than a cold build: every old file freed is a
//! metadata write, and on a disk that is most of the time (bench/RESULTS.md). Then the unchanged
//! files are hard-linked beside the staged ones, which makes the staging folder a complete output,
//! and it is swapped in whole like a cold build's ([`crate::output::Staging`]); the old folder is
//! removed after the build returns. A kill before the swap leaves the old output as it was.

use std::collections::BTreeMap;
use std::io;

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::output::{DirSink, Sink};

/// The journal's file name inside the cache folder.
const JOURNAL: &str = "journal";

/// Below this many changed files the journal is used whatever the share: linking a small site's
/// files costs nothing worth a second strategy.
const TREE_MIN_FILES: usize = 64;

fn cache_dir(out: &Path) -> PathBuf {
    out.join(super::DIR)
}

/// A staging folder for the files of one warm build.
pub struct Update {
    out: PathBuf,
    stage: PathBuf,
    sink: DirSink,
}

impl Update {
    /// Creates the staging folder inside `out`'s cache folder.
    pub fn new(out: &Path) -> io::Result<Update> {
        let stage = cache_dir(out).join(format!("stage-{}", std::process::id()));
        if stage.exists() {
            std::fs::remove_dir_all(&stage)?;
        }
        std::fs::create_dir_all(&stage)?;
        Ok(Update {
            out: out.to_path_buf(),
            sink: DirSink::new(stage.clone()),
            stage,
        })
    }

    /// Where changed files are written.
    pub fn sink(&self) -> &dyn Sink {
        &self.sink
    }

    /// Commits: staged files `written` replace theirs, `deleted` files go, the manifest is
    /// replaced by `manifest`. `outputs` is every file of the new output.
    pub fn commit(
        self,
        written: &[String],
        deleted: &[String],
        outputs: &BTreeMap<String, super::Hash>,
        manifest: &[u8],
    ) -> io::Result<()> {
        if written.len() >= TREE_MIN_FILES && written.len() * 8 >= outputs.len() {
            return self.swap_tree(written, outputs, manifest);
        }
        let manifest_name = "manifest.new";
        std::fs::write(self.stage.join(manifest_name), manifest)?;
        let mut journal = String::new();
        // One operation per line, each path a JSON string: a file name may hold a line break.
        let mut line = |op: &str, path: &str| {
            journal.push_str(op);
            journal.push(' ');
            journal.push_str(&serde_json::Value::from(path).to_string());
            journal.push('\n');
        };
        line("stage", &file_name(&self.stage));
        for w in written {
            line("w", w);
        }
        for d in deleted {
            line("d", d);
        }
        line("m", manifest_name);
        let dir = cache_dir(&self.out);
        let tmp = dir.join(format!("{JOURNAL}.tmp"));
        std::fs::write(&tmp, journal.as_bytes())?;
        std::fs::rename(&tmp, dir.join(JOURNAL))?;
        apply(&self.out)
    }

    /// Completes the staging folder with hard links to the unchanged files and swaps it in.
    fn swap_tree(
        self,
        written: &[String],
        outputs: &BTreeMap<String, super::Hash>,
        manifest: &[u8],
    ) -> io::Result<()> {
        let staged: rustc_hash::FxHashSet<&str> = written.iter().map(String::as_str).collect();
        let kept: Vec<&str> = outputs
            .keys()
            .map(String::as_str)
            .filter(|p| !staged.contains(p))
            .collect();
        let mut parents: Vec<&Path> = kept.iter().filter_map(|p| Path::new(p).parent()).collect();
        parents.sort_unstable();
        parents.dedup();
        for p in parents {
            std::fs::create_dir_all(self.stage.join(p))?;
        }
        kept.par_iter().try_for_each(|p| -> io::Result<()> {
            let (from, to) = (self.out.join(p), self.stage.join(p));
            match std::fs::hard_link(&from, &to) {
                Ok(()) => Ok(()),
                // Removed by hand since the last build: missing after a journal commit too.
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                // A file system without hard links.
                Err(_) => std::fs::copy(&from, &to).map(|_| ()),
            }
        })?;
        test_pause();
        let cache = self.stage.join(super::DIR);
        std::fs::create_dir_all(&cache)?;
        std::fs::write(cache.join(super::MANIFEST), manifest)?;
        // The index of sources goes with the cache when this build does not write a new one.
        let index = super::index::FILES;
        let _ = std::fs::hard_link(cache_dir(&self.out).join(index), cache.join(index));
        crate::output::Staging::adopt(&self.out, &self.stage)?.commit()
    }

    /// Drops the staged files (a failed build): the output stays as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.stage);
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Pauses between the journal's steps when `TANDEM_TEST_COMMIT_PAUSE_MS` is set: the kill test
/// (tests/warm.rs) stops builds in the middle of applying a journal. Unset, costs one lookup.
fn test_pause() {
    static MS: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let ms = *MS.get_or_init(|| {
        std::env::var("TANDEM_TEST_COMMIT_PAUSE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    });
    if ms > 0 {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Applies a committed journal, if there is one (idempotent).
fn apply(out: &Path) -> io::Result<()> {
    let dir = cache_dir(out);
    let journal_path = dir.join(JOURNAL);
    let text = match std::fs::read_to_string(&journal_path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut stage = None;
    let mut moves = Vec::new();
    let mut deletes = Vec::new();
    let mut manifest = None;
    for line in text.split('\n') {
        let Some((op, arg)) = line.split_once(' ') else {
            continue;
        };
        let Ok(arg) = serde_json::from_str::<String>(arg) else {
            continue;
        };
        // Paths come from the build itself; one that climbs out is never applied.
        if arg.is_empty() || arg.split('/').any(|s| s == ".." || s.is_empty()) {
            continue;
        }
        match op {
            "stage" => stage = Some(dir.join(&arg)),
            "w" => moves.push(arg),
            "d" => deletes.push(arg),
            "m" => manifest = Some(arg),
            _ => {}
        }
    }
    // Deletes first: a file that becomes a folder (or a folder that becomes a file, or a name
    // whose letter case changes on a case-insensitive disk) must be gone before its successor
    // moves in.
    for d in deletes {
        let path = out.join(d);
        match std::fs::remove_file(&path) {
            Ok(()) => remove_empty_parents(out, &path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        test_pause();
    }
    if let Some(stage) = &stage {
        // Folders, on one thread (siblings share parents), then the moves in parallel: on a disk,
        // renaming 30,000 files over their old versions one by one took seconds.
        let mut parents: Vec<&Path> = moves.iter().filter_map(|w| Path::new(w).parent()).collect();
        parents.sort();
        parents.dedup();
        for p in parents {
            std::fs::create_dir_all(out.join(p))?;
        }
        moves.par_iter().try_for_each(|w| -> io::Result<()> {
            let from = stage.join(w);
            if from.exists() {
                std::fs::rename(&from, out.join(w))?;
                test_pause();
            }
            Ok(())
        })?;
    }
    if let (Some(stage), Some(m)) = (&stage, manifest) {
        let from = stage.join(m);
        if from.exists() {
            std::fs::rename(&from, dir.join(super::MANIFEST))?;
        }
    }
    if let Some(stage) = &stage {
        let _ = std::fs::remove_dir_all(stage);
    }
    std::fs::remove_file(&journal_path)
}

/// Removes the folders above `path` that its removal left empty, up to `out`.
fn remove_empty_parents(out: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Finishes a journal a killed build left, and removes staging folders of builds killed before
/// their commit point. Run before anything reads the output or its cache.
pub fn recover(out: &Path) -> io::Result<()> {
    let dir = cache_dir(out);
    if !dir.is_dir() {
        return Ok(());
    }
    apply(out)?;
    for e in std::fs::read_dir(&dir)?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("stage-") || name == format!("{JOURNAL}.tmp") {
            let _ = std::fs::remove_dir_all(e.path()).or_else(|_| std::fs::remove_file(e.path()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                    std::fs::read_to_string(e.path()).unwrap_or_default(),
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_moves_deletes_and_is_idempotent() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::create_dir_all(out.join(super::super::DIR)).unwrap();
        std::fs::write(out.join("a/b/gone.html"), "old").unwrap();
        std::fs::write(out.join("keep.html"), "old").unwrap();
        let u = Update::new(&out).unwrap();
        u.sink().put("keep.html", b"new").unwrap();
        u.sink().put("c/new.html", b"new").unwrap();
        let outputs = BTreeMap::from([("keep.html".into(), 1), ("c/new.html".into(), 2)]);
        u.commit(
            &["keep.html".into(), "c/new.html".into()],
            &["a/b/gone.html".into()],
            &outputs,
            b"m",
        )
        .unwrap();
        let files = tree(&out);
        assert_eq!(
            files,
            vec![
                (".tandem/manifest".into(), "m".into()),
                ("c/new.html".into(), "new".into()),
                ("keep.html".into(), "new".into()),
            ]
        );
        assert!(!out.join("a").exists(), "emptied folders are removed");
        recover(&out).unwrap();
        assert_eq!(tree(&out), files);
    }

    #[test]
    fn many_changes_swap_a_linked_tree_in() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        std::fs::create_dir_all(out.join(super::super::DIR)).unwrap();
        let mut outputs = BTreeMap::new();
        for i in 0..200 {
            let p = format!("d{}/{i}.html", i % 7);
            std::fs::create_dir_all(out.join(&p).parent().unwrap()).unwrap();
            std::fs::write(out.join(&p), format!("old {i}")).unwrap();
            if i != 199 {
                outputs.insert(p, 0);
            }
        }
        let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (kept_ino, out_ino) = (ino("d1/1.html"), ino(""));
        let u = Update::new(&out).unwrap();
        let mut written = Vec::new();
        for i in (0..199).filter(|i| i % 3 == 0) {
            let p = format!("d{}/{i}.html", i % 7);
            u.sink().put(&p, format!("new {i}").as_bytes()).unwrap();
            written.push(p);
        }
        u.sink().put("e/new.html", b"new").unwrap();
        written.push("e/new.html".into());
        outputs.insert("e/new.html".into(), 0);
        u.commit(&written, &["d3/199.html".into()], &outputs, b"m")
            .unwrap();
        let mut want: Vec<(String, String)> = (0..199)
            .map(|i| {
                let age = if i % 3 == 0 { "new" } else { "old" };
                (format!("d{}/{i}.html", i % 7), format!("{age} {i}"))
            })
            .collect();
        want.push((".tandem/manifest".into(), "m".into()));
        want.push(("e/new.html".into(), "new".into()));
        want.sort();
        assert_eq!(tree(&out), want);
        assert_ne!(ino(""), out_ino, "a new folder was swapped in");
        assert_eq!(
            ino("d1/1.html"),
            kept_ino,
            "an unchanged file is the same file"
        );
        let beside: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "output" && !n.contains("tandem-trash-"))
            .collect();
        assert!(beside.is_empty(), "{beside:?}");
    }

    #[test]
    fn a_journal_left_by_a_kill_is_finished() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let cache = out.join(super::super::DIR);
        std::fs::create_dir_all(cache.join("stage-1")).unwrap();
        std::fs::create_dir_all(cache.join("stage-2")).unwrap();
        std::fs::write(out.join("x.html"), "old").unwrap();
        std::fs::write(out.join("y.html"), "old").unwrap();
        // The first file was moved in before the kill; the second is still staged.
        std::fs::write(out.join("x.html"), "new").unwrap();
        std::fs::write(cache.join("stage-1/y.html"), "new").unwrap();
        std::fs::write(cache.join("stage-1/manifest.new"), "m").unwrap();
        std::fs::write(
            cache.join(JOURNAL),
            "stage \"stage-1\"\nw \"x.html\"\nw \"y.html\"\nw \"../evil\"\nm \"manifest.new\"\n",
        )
        .unwrap();
        recover(&out).unwrap();
        assert_eq!(
            tree(&out),
            vec![
                (".tandem/manifest".into(), "m".into()),
                ("x.html".into(), "new".into()),
                ("y.html".into(), "new".into()),
            ]
        );
    }
}
