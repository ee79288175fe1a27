//! What a batch of file-system events means for the served site: the [`Changes`] the watcher
//! classifies events into and the incremental rebuild consumes, and which file names are editors'
//! temporaries to ignore. A leaf module shared by `watch` (the producer) and `rebuild` (the consumer),
//! so that neither imports the other.

use std::collections::BTreeSet;

/// What a batch of file changes touches.
#[derive(Debug, Default)]
pub struct Changes {
    /// `tandem.toml` changed: reload everything.
    pub config: bool,
    /// Templates, UI strings or theme files changed: reload the theme, re-render everything.
    pub theme: bool,
    /// Only stylesheets of the theme changed (the browser swaps them, no reload).
    pub css: Vec<String>,
    /// Files under `content/health/`.
    pub health: Vec<String>,
    /// Other content files, content-relative.
    pub content: BTreeSet<String>,
}

impl Changes {
    /// Nothing to do.
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.theme
            && self.css.is_empty()
            && self.health.is_empty()
            && self.content.is_empty()
    }
}

/// Temporary and backup files editors write next to the real one (vim, emacs, JetBrains, gedit).
pub fn is_editor_temp(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with('.')
        || n.ends_with('~')
        || n == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|e| n.ends_with(e))
        || n.contains("___jb_tmp___")
        || n.contains("___jb_old___")
        || n.starts_with("#") && n.ends_with('#')
}
