//! What a page's output is a function of, hashed. Rendering is pure (docs/ARCHITECTURE.md), so a
//! page whose fingerprint did not change renders to the same bytes and the same diagnostics:
//!
//! - [`settings`]: the configuration (with the command-line overrides) and every theme file;
//! - [`global`]: everything a page may read about the rest of the site: every page's language,
//!   key, URL, title, description and translation state, every file's front matter, the set of
//!   content files, the contents of every file that is neither a page source nor an asset (tables
//!   of contents, docset and redirect files), what coverage counts of each side-by-side body, and
//!   whether there is health data. Changing any of these renders every page again;
//! - [`page`]: the global hash, the page's own source, the files it included (recorded while it
//!   rendered) and its status notices.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use rayon::prelude::*;

use super::{Dep, Hash, Hasher};
use crate::config::Config;
use crate::render::theme::Theme;
use crate::site::Site;

/// The configuration, the theme and the content folder.
pub fn settings(config: &Config, theme: &Theme, content: &std::path::Path) -> Hash {
    let mut h = Hasher::default();
    let _ = write!(h, "{config:?}");
    h.str(&content.to_string_lossy());
    for (name, text) in theme.templates.iter().chain(&theme.i18n) {
        h.str(name).str(text);
    }
    for (name, bytes) in &theme.statics {
        h.str(name).bytes(bytes).str("");
    }
    h.finish()
}

/// What every page reads about the rest of the site (see the module comment).
pub fn global(
    site: &Site,
    inputs: &BTreeMap<String, Hash>,
    counts: &BTreeMap<String, (usize, usize, usize)>,
    settings: Hash,
    health: bool,
) -> Hash {
    // Each page and file hashed on its own, in parallel; the hashes in order make the whole.
    let pages: Vec<Hash> = site
        .pages
        .par_iter()
        .map(|p| {
            let mut h = Hasher::default();
            let _ = write!(
                h,
                "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{:?}\u{0}{}\u{0}{:?}\u{0}{}\u{0}{}\u{0}{:?}",
                p.lang,
                p.key,
                p.url,
                p.file,
                p.half,
                p.title,
                p.description,
                p.behind,
                p.source_hash,
                p.text_lang
            );
            h.finish()
        })
        .collect();
    let files: Vec<(&String, &crate::site::LoadedFile)> = site.files.iter().collect();
    let files: Vec<Hash> = files
        .par_iter()
        .map(|(rel, f)| {
            let mut h = Hasher::default();
            let _ = write!(
                h,
                "{rel}\u{0}{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
                f.lang, f.key, f.is_include, f.bilingual, f.front_hash
            );
            h.finish()
        })
        .collect();
    let mut h = Hasher::default();
    h.u128(settings).str(if health { "health" } else { "" });
    for x in pages.iter().chain(&files) {
        h.u128(*x);
    }
    // What translation coverage counts of each side-by-side body (its translated halves are in no
    // title or front matter).
    let _ = write!(h, "{counts:?}");
    for (rel, file_hash) in inputs {
        h.str(rel);
        if !site.files.contains_key(rel) && !site.assets.contains_key(rel) {
            h.u128(*file_hash);
        }
    }
    h.finish()
}

/// One page's fingerprint: `global`, its source file, the files it read while rendering and its
/// status notices (`notices`: their hash, 0 without health data). Files outside the content are
/// taken with their hash in `external` (now), or without it with the hash of what was read.
pub fn page(
    global: Hash,
    site: &Site,
    idx: usize,
    inputs: &BTreeMap<String, Hash>,
    external: Option<&BTreeMap<PathBuf, Hash>>,
    deps: &[Dep],
    notices: Hash,
) -> Hash {
    let p = &site.pages[idx];
    let mut h = Hasher::default();
    h.u128(global).u128(idx as u128).u128(notices);
    h.str(&p.file)
        .u128(inputs.get(&p.file).copied().unwrap_or_default());
    for d in deps {
        match d {
            Dep::Content(rel) => {
                h.str(rel)
                    .u128(inputs.get(rel).copied().unwrap_or_default());
            }
            Dep::External(path, read) => {
                let now = external.map_or(*read, |e| e.get(path).copied().unwrap_or_default());
                h.str(&path.to_string_lossy()).u128(now);
            }
        }
    }
    h.finish()
}
