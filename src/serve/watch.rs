//! File watching: native notifications (or polling) debounced into batches, editor noise filtered
//! out, and each path classified as content, health data, theme or config.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use super::changes::Changes;
pub use super::changes::is_editor_temp;

/// Quiet time before a batch of events is handled; long enough to group an editor's
/// write-temp-then-rename or a `git checkout` of many files into one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// Scan interval when polling.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Keeps the watcher alive; dropping it stops watching.
pub enum WatchHandle {
    /// inotify / FSEvents / ReadDirectoryChangesW.
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    /// Periodic scans (network drives, containers, `--poll`).
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl WatchHandle {
    /// `native` or `polling`.
    pub fn kind(&self) -> &'static str {
        match self {
            WatchHandle::Native(_) => "native",
            WatchHandle::Poll(_) => "polling",
        }
    }
}

/// The folders and files to watch: content (recursive), the config's folder (only the config file
/// in it matters) and the theme folders next to the config.
pub fn targets(content: &Path, root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut t = vec![
        (content.to_path_buf(), RecursiveMode::Recursive),
        (root.to_path_buf(), RecursiveMode::NonRecursive),
    ];
    for d in ["themes", "templates", "static", "i18n"] {
        let p = root.join(d);
        if p.is_dir() && !content.starts_with(&p) {
            t.push((p, RecursiveMode::Recursive));
        }
    }
    t
}

/// Starts watching; native unless `poll`, falling back to polling when native watching fails.
/// Batches of changed paths arrive on `tx`.
pub fn start(
    targets: &[(PathBuf, RecursiveMode)],
    poll: bool,
    tx: Sender<Vec<PathBuf>>,
) -> Result<WatchHandle, notify::Error> {
    let handler = move |tx: Sender<Vec<PathBuf>>| {
        move |res: DebounceEventResult| {
            if let Ok(events) = res {
                // Reads (our own rebuilds open every file) are not changes.
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = tx.send(paths);
                }
            }
        }
    };
    if !poll {
        let native = new_debouncer(DEBOUNCE, None, handler(tx.clone())).and_then(|mut d| {
            for (p, mode) in targets {
                d.watch(p, *mode)?;
            }
            Ok(d)
        });
        match native {
            Ok(d) => return Ok(WatchHandle::Native(d)),
            Err(e) => eprintln!(
                "warning: native file watching failed ({e}); polling every {} ms instead",
                POLL_INTERVAL.as_millis()
            ),
        }
    }
    // Contents are not hashed (that would read the whole site every scan); modification times
    // have whole-second resolution, so two saves within one second show up as one.
    let config = notify::Config::default()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(false);
    let mut d =
        new_debouncer_opt::<_, PollWatcher, NoCache>(DEBOUNCE, None, handler(tx), NoCache, config)?;
    for (p, mode) in targets {
        d.watch(p, *mode)?;
    }
    Ok(WatchHandle::Poll(d))
}

/// Sorts changed paths into what they affect; editor temp files and unrelated files are dropped.
pub fn classify(
    paths: &[PathBuf],
    content: &Path,
    config: &Path,
    root: &Path,
    theme: &str,
) -> Changes {
    let mut c = Changes::default();
    for p in paths {
        let Some(name) = p.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        if p == config {
            c.config = true;
            continue;
        }
        if let Ok(rel) = p.strip_prefix(content) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.is_empty() || rel.split('/').any(is_editor_temp) {
                continue;
            }
            if rel == "health" || rel.starts_with("health/") {
                c.health.push(rel);
            } else {
                c.content.insert(rel);
            }
            continue;
        }
        if is_editor_temp(&name) {
            continue;
        }
        let theme_dir = root.join("themes").join(theme);
        let rel_theme = p
            .strip_prefix(&theme_dir)
            .ok()
            .map(Path::to_path_buf)
            .or_else(|| {
                ["templates", "static", "i18n"].iter().find_map(|d| {
                    p.strip_prefix(root)
                        .ok()
                        .filter(|r| r.starts_with(d))
                        .map(Path::to_path_buf)
                })
            });
        let Some(rel) = rel_theme else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.starts_with("static/") && rel.ends_with(".css") {
            c.css.push(rel);
        } else if !rel.is_empty() {
            c.theme = true;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise_is_ignored() {
        for n in [
            ".a.md.swp",
            "a.md~",
            "4913",
            "a.md.tmp",
            ".#a.md",
            "a.md___jb_tmp___",
            "#a.md#",
        ] {
            assert!(is_editor_temp(n), "{n}");
        }
        assert!(!is_editor_temp("a.md"));
        let c = classify(
            &[
                PathBuf::from("/s/content/fr-fr/.a.md.swp"),
                PathBuf::from("/s/content/fr-fr/a.md"),
                PathBuf::from("/s/tandem.toml"),
                PathBuf::from("/s/static/x.css"),
                PathBuf::from("/s/Cargo.lock"),
            ],
            Path::new("/s/content"),
            Path::new("/s/tandem.toml"),
            Path::new("/s"),
            "default",
        );
        assert_eq!(c.content.iter().collect::<Vec<_>>(), ["fr-fr/a.md"]);
        assert!(c.config && !c.theme);
        assert_eq!(c.css, ["static/x.css"]);
    }
}
