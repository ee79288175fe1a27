//! A source file's text after the side-by-side split, shared by the file and its pages. A cold
//! build reads every file, so every body is there from the start. A warm build takes what pages
//! need without the text (titles, descriptions, source hashes: [`crate::site::Summary`]) from the
//! build cache, and a body is read only when something asks for it: the pages rendered again and
//! the files they include. At 10,000 sources that skips reading and splitting 10,000 files and
//! holding 160 MB of text for a one-page build.

use std::sync::{Arc, OnceLock};

use crate::content::sxs::Segment;

/// The halves of a file and its segments.
#[derive(Debug, Clone)]
pub struct Texts {
    /// The body as written (single-language files) or the translated half.
    pub translated: Arc<str>,
    /// The source half (the same text as `translated` for single-language files).
    pub source: Arc<str>,
    /// Segments, for side-by-side files.
    pub segments: Option<Arc<Vec<Segment>>>,
}

impl Texts {
    /// No text (a file that could not be read again).
    pub fn empty() -> Texts {
        let t: Arc<str> = Arc::from("");
        Texts {
            translated: t.clone(),
            source: t,
            segments: None,
        }
    }
}

/// How a body that is not read yet is read.
type Loader = Box<dyn Fn() -> Texts + Send + Sync>;

/// A file's texts, read now or when first asked for.
pub struct Body {
    cell: OnceLock<Texts>,
    load: Option<Loader>,
}

impl Body {
    /// A body already read.
    pub fn ready(texts: Texts) -> Body {
        Body {
            cell: OnceLock::from(texts),
            load: None,
        }
    }

    /// A body `load` reads when first asked for (once, whichever thread asks).
    pub fn later(load: impl Fn() -> Texts + Send + Sync + 'static) -> Body {
        Body {
            cell: OnceLock::new(),
            load: Some(Box::new(load)),
        }
    }

    /// The texts, read now if they were not.
    pub fn get(&self) -> &Texts {
        self.cell.get_or_init(|| match &self.load {
            Some(load) => load(),
            None => Texts::empty(),
        })
    }

    /// Whether the texts were read (for the build's timings).
    pub fn is_read(&self) -> bool {
        self.cell.get().is_some()
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cell.get() {
            Some(t) => t.fmt(f),
            None => f.write_str("Body(not read)"),
        }
    }
}
