//! The build cache's index of sources (`output/.tandem/files`): for every source read, what the
//! site needs from it without its text (language, key, front matter, the [`Summary`] its pages'
//! titles come from) and what reading it found wrong; and every table of contents as parsed. A
//! warm build takes each unchanged source from here instead of reading and splitting it; its text
//! is read only if a page rendered again asks for it ([`Body`]). Structured YAML pages and
//! sources that could not be read are not kept: they are read at every build.
//!
//! Each entry names the hash of the bytes it was made from (taken when they were read, not when
//! the inputs were hashed, so an edit in between cannot pair one version's entry with another's
//! hash), and is used only when the file's input hash is that one. So a stale, missing or damaged
//! index costs reading sources, never a wrong site, and the index need not be rewritten at every
//! build: it is written again only when it was missing, a table of contents changed or many
//! sources did ([`Reader::into_writer`]), outside the journal. It is keyed by the binary (like
//! the manifest) and by the source language (a file without a language of its own takes it).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{CachedDiag, Hash, binary_hash, hash};
use crate::content::body::Body;
use crate::content::discover::SourceFile;
use crate::content::front_matter::FrontMatter;
use crate::content::toc::Toc;
use crate::diagnostics::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::site::{LoadedFile, Reuse, Reused, Site, Summary, ends_with_ci};

/// The index's file name inside the cache folder.
pub(super) const FILES: &str = "files";
const MAGIC: &[u8; 12] = b"TANDEM-FILES";
const FORMAT: u32 = 2;
const HEADER: usize = MAGIC.len() + 4 + 16 + 16;

/// One entry: a source or a table of contents.
#[derive(Deserialize)]
enum Entry {
    Source(Box<Stored>),
    Toc(StoredToc),
    /// A source that is not kept (see [`Writer::finish`]) and the hash of the bytes it was read
    /// from: reading it again is no sign that the index is out of date.
    Again(String, Hash),
}

/// [`Entry`] borrowed, for writing (the same encoding).
#[derive(Serialize)]
enum EntryRef<'a> {
    Source(StoredRef<'a>),
    Toc(StoredTocRef<'a>),
    Again(&'a str, Hash),
}

/// A table of contents as parsed.
#[derive(Deserialize)]
struct StoredToc {
    rel: String,
    hash: Hash,
    toc: Toc,
    diags: Vec<CachedDiag>,
}

#[derive(Serialize)]
struct StoredTocRef<'a> {
    rel: &'a str,
    hash: Hash,
    toc: &'a Toc,
    diags: Vec<CachedDiag>,
}

/// One source as stored.
#[derive(Deserialize)]
struct Stored {
    rel: String,
    hash: Hash,
    page: Option<StoredPage>,
    diags: Vec<CachedDiag>,
}

#[derive(Deserialize)]
struct StoredPage {
    lang: Lang,
    key: String,
    front: FrontMatter,
    front_hash: Hash,
    body_line: u32,
    bilingual: bool,
    is_include: bool,
    summary: Summary,
}

/// [`Stored`] borrowed from a loaded site, for writing (the same encoding).
#[derive(Serialize)]
struct StoredRef<'a> {
    rel: &'a str,
    hash: Hash,
    page: Option<StoredPageRef<'a>>,
    diags: Vec<CachedDiag>,
}

#[derive(Serialize)]
struct StoredPageRef<'a> {
    lang: &'a Lang,
    key: &'a str,
    front: &'a FrontMatter,
    front_hash: Hash,
    body_line: u32,
    bilingual: bool,
    is_include: bool,
    summary: Summary,
}

/// The sources and tables of contents of the last build, by content-relative path.
#[derive(Default)]
pub struct Index {
    files: FxHashMap<String, Stored>,
    tocs: FxHashMap<String, StoredToc>,
    again: FxHashMap<String, Hash>,
}

fn key(source_lang: &Lang) -> Hash {
    hash(source_lang.as_str().as_bytes())
}

fn header(source_lang: &Lang) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&FORMAT.to_le_bytes());
    h.extend_from_slice(&binary_hash().to_le_bytes());
    h.extend_from_slice(&key(source_lang).to_le_bytes());
    h
}

impl Index {
    /// The index of `out`, or an empty one when there is none this binary can use.
    pub fn read(out: &Path, source_lang: &Lang) -> Index {
        let Ok(bytes) = std::fs::read(out.join(super::DIR).join(FILES)) else {
            return Index::default();
        };
        if bytes.len() < HEADER + 16 || bytes[..HEADER] != header(source_lang)[..] {
            return Index::default();
        }
        let body = &bytes[HEADER..bytes.len() - 16];
        let check: [u8; 16] = bytes[bytes.len() - 16..].try_into().unwrap_or_default();
        if u128::from_le_bytes(check) != hash(body) {
            return Index::default();
        }
        let mut index = Index::default();
        let mut rest = body;
        while !rest.is_empty() {
            match postcard::take_from_bytes::<Entry>(rest) {
                Ok((Entry::Source(s), r)) => {
                    index.files.insert(s.rel.clone(), *s);
                    rest = r;
                }
                Ok((Entry::Toc(t), r)) => {
                    index.tocs.insert(t.rel.clone(), t);
                    rest = r;
                }
                Ok((Entry::Again(rel, hash), r)) => {
                    index.again.insert(rel, hash);
                    rest = r;
                }
                Err(_) => return Index::default(),
            }
        }
        index
    }

    /// What a build of the output `out` takes from this index: the entries whose input hash is
    /// the one in `inputs`. It also starts the next index, when this one is worth replacing.
    pub fn reuse<'a>(
        self,
        out: &Path,
        inputs: &'a BTreeMap<String, Hash>,
        source_lang: &Lang,
    ) -> Reader<'a> {
        Reader {
            empty: self.files.is_empty() && self.tocs.is_empty(),
            index: self,
            inputs,
            source_lang: source_lang.clone(),
            kept: 0,
            read: 0,
            tocs_read: 0,
            temp: temp_path(out),
            writer: None,
        }
    }
}

/// [`Index::reuse`].
pub struct Reader<'a> {
    index: Index,
    inputs: &'a BTreeMap<String, Hash>,
    source_lang: Lang,
    empty: bool,
    kept: usize,
    read: usize,
    tocs_read: usize,
    temp: PathBuf,
    writer: Option<Writer>,
}

impl Reader<'_> {
    /// Whether the index is worth writing again after this build: it was missing, a table of
    /// contents changed (one file, but a large one to parse), or enough sources had to be read
    /// (changed since it was written). An entry that no longer matches costs reading its one
    /// source, so a writer editing a page does not pay for rewriting an index of every source at
    /// every build (5 MB at 10,000 sources).
    fn stale(&self) -> bool {
        (self.empty && self.read > 0)
            || self.tocs_read > 0
            || self.read > 64.max((self.read + self.kept) / 50)
    }

    /// The next index, with its tables of contents written, when one is to be written.
    pub fn into_writer(self) -> Option<Writer> {
        self.writer
    }
}

impl Reuse for Reader<'_> {
    fn source(&mut self, f: &SourceFile) -> Option<Reused> {
        let hit = self
            .index
            .files
            .remove(&f.rel)
            .filter(|s| self.inputs.get(&f.rel) == Some(&s.hash));
        let Some(s) = hit else {
            let expected = self.index.again.remove(&f.rel);
            if expected.is_none() || expected.as_ref() != self.inputs.get(&f.rel) {
                self.read += 1;
            }
            return None;
        };
        self.kept += 1;
        let source_lang = &self.source_lang;
        let diags = super::restore(&s.diags);
        let file = s.page.map(|p| {
            let (from, lang) = (f.clone(), source_lang.clone());
            LoadedFile {
                rel: s.rel,
                lang: p.lang,
                key: p.key,
                front: Arc::new(p.front),
                front_hash: p.front_hash,
                body_line: p.body_line,
                body: Arc::new(Body::later(move || crate::site::read_body(&from, &lang))),
                stored_summary: Some(p.summary),
                read_hash: s.hash,
                bilingual: p.bilingual,
                is_include: p.is_include,
                structured: None,
            }
        });
        Some((file, diags, Some(s.hash)))
    }

    fn tocs(&mut self, tocs: &HashMap<String, Toc>, site: &Site) {
        if !self.stale() {
            return;
        }
        let diags = &site.load_diags;
        let mut tocs: Vec<(&String, &Toc)> = tocs.iter().collect();
        tocs.sort_by(|a, b| a.0.cmp(b.0));
        let written = Writer::create(self.temp.clone(), &self.source_lang).and_then(|mut w| {
            for (rel, toc) in tocs {
                let Some(&hash) = site.read_hashes.get(rel) else {
                    continue;
                };
                let entry = StoredTocRef {
                    rel,
                    hash,
                    toc,
                    diags: diags.get(rel).map(|d| super::store(d)).unwrap_or_default(),
                };
                w.put(&EntryRef::Toc(entry))?;
            }
            Ok(w)
        });
        self.writer = written.ok();
    }

    fn toc(&mut self, f: &SourceFile) -> Option<((Toc, u128), Vec<Diagnostic>)> {
        let hit = self
            .index
            .tocs
            .remove(&f.rel)
            .filter(|t| self.inputs.get(&f.rel) == Some(&t.hash));
        match hit {
            Some(t) => Some(((t.toc, t.hash), super::restore(&t.diags))),
            None => {
                self.tocs_read += 1;
                None
            }
        }
    }
}

/// Feeds what is written to a hash, for the trailing checksum.
struct Hashing<W: Write> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The next index, written entry by entry into a temporary file beside the output folder (at
/// 100,000 sources it is tens of megabytes, which a build near its memory peak should not hold at
/// once): tables of contents as soon as they are parsed (the site does not keep them), sources at
/// the commit ([`Writer::finish`]). Dropped unfinished, it removes its file.
pub struct Writer {
    temp: PathBuf,
    body: Option<Hashing<io::BufWriter<std::fs::File>>>,
}

impl Writer {
    fn create(temp: PathBuf, source_lang: &Lang) -> io::Result<Writer> {
        let mut w = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&temp)?);
        w.write_all(&header(source_lang))?;
        Ok(Writer {
            temp,
            body: Some(Hashing {
                inner: w,
                hash: xxhash_rust::xxh3::Xxh3::new(),
            }),
        })
    }

    fn put(&mut self, entry: &EntryRef) -> io::Result<()> {
        let body = self
            .body
            .as_mut()
            .ok_or_else(|| io::Error::other("finished"))?;
        postcard::to_io(entry, body)
            .map(drop)
            .map_err(io::Error::other)
    }

    /// Writes the sources of `site` and the checksum; the file is then ready for [`install`].
    /// Sources whose reading failed (an error: unreadable, not UTF-8) and structured YAML pages
    /// (their Markdown is made from the YAML at every read) are left out: they are read at every
    /// build.
    pub fn finish(mut self, site: &Site) -> io::Result<PathBuf> {
        let failed = |rel: &str| {
            site.load_diags
                .get(rel)
                .is_some_and(|d| d.iter().any(|d| d.severity == Severity::Error))
        };
        let diags = |rel: &str| {
            site.load_diags
                .get(rel)
                .map(|d| super::store(d))
                .unwrap_or_default()
        };
        let (pages, again): (Vec<(&String, &LoadedFile)>, Vec<_>) = site
            .files
            .iter()
            .partition(|(rel, f)| f.structured.is_none() && !failed(rel));
        // Named, so that reading them again does not count towards rewriting the index.
        let failed_reads = site.read_hashes.iter().filter(|(rel, _)| failed(rel));
        let again = again
            .into_iter()
            .map(|(rel, f)| (rel, f.read_hash))
            .chain(failed_reads.map(|(rel, &h)| (rel, h)));
        for (rel, hash) in again {
            self.put(&EntryRef::Again(rel, hash))?;
        }
        // Encoded in parallel, a chunk at a time: a file read this build has its summary found in
        // its text again, and doing that on the rayon threads leaves the memory it used where the
        // render that follows allocates (on this thread it raised a 100,000-source build's peak).
        for chunk in pages.chunks(1024) {
            let encoded: Vec<Vec<u8>> = chunk
                .par_iter()
                .map(|&(rel, f)| {
                    let entry = StoredRef {
                        rel,
                        hash: f.read_hash,
                        page: Some(StoredPageRef {
                            lang: &f.lang,
                            key: &f.key,
                            front: &f.front,
                            front_hash: f.front_hash,
                            body_line: f.body_line,
                            bilingual: f.bilingual,
                            is_include: f.is_include,
                            summary: f.summary(),
                        }),
                        diags: diags(rel),
                    };
                    postcard::to_allocvec(&EntryRef::Source(entry)).map_err(io::Error::other)
                })
                .collect::<io::Result<_>>()?;
            let body = self
                .body
                .as_mut()
                .ok_or_else(|| io::Error::other("finished"))?;
            for bytes in encoded {
                body.write_all(&bytes)?;
            }
        }
        // YAML files that are not pages: read (their first line) at every build otherwise.
        let yaml = site.metadata.keys().filter(|rel| {
            (ends_with_ci(rel, ".yml") || ends_with_ci(rel, ".yaml"))
                && !site.files.contains_key(*rel)
        });
        for rel in yaml {
            let Some(&hash) = site.read_hashes.get(rel) else {
                continue;
            };
            if failed(rel) {
                continue;
            }
            let entry = StoredRef {
                rel,
                hash,
                page: None,
                diags: diags(rel),
            };
            self.put(&EntryRef::Source(entry))?;
        }
        let body = self
            .body
            .take()
            .ok_or_else(|| io::Error::other("finished"))?;
        let check = body.hash.digest128();
        let mut w = body.inner;
        w.write_all(&check.to_le_bytes())?;
        w.flush()?;
        Ok(std::mem::take(&mut self.temp))
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.body.is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Where a build writes its index before its commit (beside the output folder, on its file
/// system; a leftover is removed with the other `tmp` leftovers).
pub(crate) fn temp_path(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.tandem-tmp-index-{}", std::process::id()))
}

/// Moves the index written at `temp` into `out`'s cache (after the commit).
pub fn install(temp: &Path, out: &Path) -> io::Result<()> {
    std::fs::rename(temp, out.join(super::DIR).join(FILES))
}
