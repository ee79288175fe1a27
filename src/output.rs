//! Where rendered files go: a staging folder that replaces `output/` only when the build succeeded,
//! or memory (for `serve`).

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A destination for output files; shared by the render threads.
pub trait Sink: Sync {
    /// Stores `bytes` at `rel` (`fr-fr/a/index.html`).
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
}

/// The diagnostic for an output file that could not be written.
pub fn write_error(path: &str, e: io::Error) -> crate::diagnostics::Diagnostic {
    crate::diagnostics::Diagnostic::error("write", path, 0, 0, format!("cannot write output: {e}"))
        .with_help("check free disk space and permissions")
}

/// Writes into a folder, creating parent folders as needed.
pub struct DirSink {
    /// The folder.
    pub dir: PathBuf,
    /// The last folders (output-relative) created: the search documents of a language share one
    /// folder, and asking the kernel to create it again for each of them cost two system calls
    /// (`mkdir` failing, then `stat`) per file. Only a few are kept: most pages have a folder of
    /// their own, and remembering all of them would cost memory (300,000 at 100,000 sources).
    recent: Mutex<VecDeque<String>>,
}

/// How many created folders [`DirSink`] remembers.
const RECENT_DIRS: usize = 16;

impl DirSink {
    /// A sink writing into `dir`.
    pub fn new(dir: PathBuf) -> Self {
        DirSink {
            dir,
            recent: Mutex::default(),
        }
    }
}

impl Sink for DirSink {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let (Some((parent_rel, _)), Some(parent)) = (rel.rsplit_once('/'), path.parent()) {
            let lock = || self.recent.lock().map_err(|_| io::Error::other("poisoned"));
            if !lock()?.iter().any(|d| d == parent_rel) {
                std::fs::create_dir_all(parent)?;
                let mut recent = lock()?;
                if recent.len() == RECENT_DIRS {
                    recent.pop_front();
                }
                recent.push_back(parent_rel.to_string());
            }
        }
        std::fs::write(path, bytes)
    }
}

/// Keeps every file in memory (the preview server serves from it).
#[derive(Default)]
pub struct MemSink {
    /// Files by output-relative path.
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemSink {
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// A staging folder beside the output folder; [`Staging::commit`] swaps it in.
pub struct Staging {
    /// The final output folder.
    pub out: PathBuf,
    /// The folder being written.
    pub dir: PathBuf,
}

/// The output folder's name and the folder that holds it (staging folders are created there, so the
/// final swap is a rename on one file system).
fn name_and_parent(out: &Path) -> (String, &Path) {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    (name, parent)
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let (name, parent) = name_and_parent(out);
    parent.join(format!(".{name}.tandem-{tag}-{}", std::process::id()))
}

impl Staging {
    /// Creates a fresh staging folder beside `out`, after removing the leftovers of killed builds.
    pub fn new(out: &Path) -> io::Result<Staging> {
        clean_stale(out);
        let dir = sibling(out, "tmp");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
        })
    }

    /// Replaces `out` by the staging folder. Two renames: a reader sees the old or the new site,
    /// and a kill between them leaves the old one under a name the next build restores/cleans.
    pub fn commit(self) -> io::Result<()> {
        let old = sibling(&self.out, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        if had_old {
            remove_later(&self.out, &old);
        }
        Ok(())
    }

    /// Makes `dir` (a complete new output on the same file system, such as a warm build's
    /// staging folder) the staging folder, ready for [`Staging::commit`].
    pub fn adopt(out: &Path, dir: &Path) -> io::Result<Staging> {
        let to = sibling(out, "tmp");
        if to.exists() {
            std::fs::remove_dir_all(&to)?;
        }
        std::fs::rename(dir, &to)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir: to,
        })
    }

    /// Drops the staging folder (failed build): the previous output stays as it was.
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An exclusive lock on an output folder for the length of a build, so that two builds into the
/// same folder run one after the other instead of racing their swaps and journals. It is an
/// advisory lock (`flock`) on `.<out>.tandem.lock` beside the folder (kept: removing it would let a third build lock a new file while a second waits on the old), released when dropped or
/// when the process dies; where locks are not supported the build goes on without one.
pub struct OutputLock {
    _file: Option<std::fs::File>,
}

impl OutputLock {
    /// Waits for the lock on `out`.
    pub fn acquire(out: &Path) -> OutputLock {
        let (name, parent) = name_and_parent(out);
        if std::fs::create_dir_all(parent).is_err() {
            return OutputLock { _file: None };
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(parent.join(format!(".{name}.tandem.lock")));
        OutputLock {
            _file: file.ok().filter(|f| f.lock().is_ok()),
        }
    }
}

/// Removes a replaced output folder (`old`, beside `out`) without making the build wait for it.
///
/// On a disk, deleting a site's files costs about as much as writing them (each freed inode is a
/// metadata write: 8 s for 50,000 files here, where writing them into a new folder took 3-4 s,
/// bench/RESULTS.md), and nothing the writer asked for depends on it. So the folder is renamed to
/// `.<out>.tandem-trash-<n>-<pid>` and a detached `rm -rf` removes it after the build returns, as
/// `bazel clean --async` and `git gc --auto` do. Trash a killed `rm` leaves is handed to a new
/// one by the next build ([`clean_stale`]). Where that cannot be done (no `rm`, not Unix) the
/// folder is removed here.
fn remove_later(out: &Path, old: &Path) {
    static SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let trash = sibling(out, &format!("trash-{n}"));
    let target = match std::fs::rename(old, &trash) {
        Ok(()) => trash,
        Err(_) => old.to_path_buf(),
    };
    if !spawn_remover(&target) {
        let _ = std::fs::remove_dir_all(&target);
    }
}

/// Starts `rm -rf -- dir` in its own process group, detached from the build's terminal and
/// pipes (a test capturing the build's output must not wait for it); a thread reaps it in a
/// process that outlives it (`serve`). Whether it started.
#[cfg(unix)]
fn spawn_remover(dir: &Path) -> bool {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    let child = Command::new("rm")
        .arg("-rf")
        .arg("--")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn();
    match child {
        Ok(mut c) => {
            std::thread::spawn(move || c.wait());
            true
        }
        Err(_) => false,
    }
}

#[cfg(not(unix))]
fn spawn_remover(_dir: &Path) -> bool {
    false
}

/// Removes `.<out>.tandem-tmp-*` folders of builds that were killed, restores an output folder
/// that was moved aside by a build killed between its two renames, and hands leftover trash to a
/// remover. Run before anything reads the output.
pub fn clean_stale(out: &Path) {
    let (name, parent) = name_and_parent(out);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}.tandem-tmp-");
    let old_prefix = format!(".{name}.tandem-old-");
    let trash_prefix = format!(".{name}.tandem-trash-");
    // The index of sources this build may already be writing (`cache::index`): every other
    // name, even one with this process's id (a killed build in a container is often pid 1 too),
    // is a leftover.
    let own_index = format!(".{name}.tandem-tmp-index-{}", std::process::id());
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n == own_index {
            continue;
        }
        if n.starts_with(&trash_prefix) {
            // Its remover may still be running: a second `rm -rf` is harmless.
            if !spawn_remover(&e.path()) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        } else if n.starts_with(&tmp_prefix) {
            // Staging folders, and the build cache's index written before a commit.
            let _ = std::fs::remove_dir_all(e.path()).or_else(|_| std::fs::remove_file(e.path()));
        } else if n.starts_with(&old_prefix) {
            if out.exists() {
                let _ = std::fs::remove_dir_all(e.path());
            } else {
                let _ = std::fs::rename(e.path(), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_discard_keeps() {
        let base = std::env::temp_dir().join(format!("tandem-out-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(&base).unwrap();
        let out = base.join("output");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let s = Staging::new(&out).unwrap();
        DirSink::new(s.dir.clone())
            .put("a/index.html", b"new")
            .unwrap();
        s.discard();
        assert!(out.join("stale.html").exists());
        let s = Staging::new(&out).unwrap();
        DirSink::new(s.dir.clone())
            .put("a/index.html", b"new")
            .unwrap();
        s.commit().unwrap();
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "new"
        );
        // The replaced folder is removed by a detached `rm` (bounded wait).
        let leftovers = || -> Vec<_> {
            std::fs::read_dir(&base)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name() != "output")
                .map(|e| e.file_name())
                .collect()
        };
        for _ in 0..600 {
            if leftovers().is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(leftovers().is_empty(), "{:?}", leftovers());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
