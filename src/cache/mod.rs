//! The build cache behind warm builds: what the last successful `tandem build` read and wrote,
//! kept in `output/.tandem/` so that it is replaced together with the output it describes (a
//! deleted output folder takes its cache with it).
//!
//! A warm build hashes every input (`inputs.rs`), compares the hashes with the manifest, and
//! renders only the pages whose fingerprint (`fingerprint.rs`: the site-wide inputs every page
//! reads, the page's own file, the files it included, its status notices) changed; files are
//! written only when their bytes changed, through the journal of `commit.rs`. Anything the
//! manifest cannot vouch for (another Tandem binary, another format, a file that does not
//! decode) makes the build a cold one, with a one-line note.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Severity};

pub mod commit;
pub mod fingerprint;
pub mod index;
pub mod inputs;

/// The cache folder inside the output folder. Nothing links to it, the sitemap does not list it,
/// `serve` does not serve it and `merge` skips it.
pub const DIR: &str = ".tandem";
/// The manifest's file name inside [`DIR`].
const MANIFEST: &str = "manifest";
/// The first bytes of a manifest: the format, so an older or newer layout is never misread.
const MAGIC: &[u8; 12] = b"TANDEM-CACHE";
const FORMAT: u32 = 5;

/// A content hash (XXH3, 128 bits: collisions are not a practical concern for a cache key).
pub type Hash = u128;

/// The hash of some bytes.
pub fn hash(bytes: &[u8]) -> Hash {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// An incremental hash; `fmt::Write` lets `Debug` output be hashed without building the string.
pub struct Hasher(xxhash_rust::xxh3::Xxh3);

impl Default for Hasher {
    fn default() -> Self {
        Hasher(xxhash_rust::xxh3::Xxh3::new())
    }
}

impl Hasher {
    /// Adds bytes.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(b);
        self
    }
    /// Adds a string and a separator, so `("ab", "c")` and `("a", "bc")` differ.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.0.update(s.as_bytes());
        self.0.update(&[0xff]);
        self
    }
    /// Adds a number.
    pub fn u128(&mut self, n: u128) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }
    /// The hash so far.
    pub fn finish(&self) -> Hash {
        self.0.digest128()
    }
}

impl std::fmt::Write for Hasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// The running Tandem binary's identity: a cache written by any other build of Tandem (another
/// version, or the same version with other code) is not trusted. It is the hash of the binary's
/// path and `stat` (size, modification and change times, inode), not of its bytes:
/// reading and hashing 11 MB was 10 ms of every build, and any rebuild or copy of the binary
/// changes its modification time or inode.
pub fn binary_hash() -> Hash {
    static H: OnceLock<Hash> = OnceLock::new();
    *H.get_or_init(|| {
        let identity = std::env::current_exe().and_then(|exe| {
            let m = std::fs::metadata(&exe)?;
            Ok(format!("{}\u{0}{:?}", exe.display(), inputs::identity(&m)))
        });
        match identity {
            Ok(id) => hash(id.as_bytes()),
            // Unknown: a value no manifest holds, so every build is cold (and still right).
            Err(_) => hash(format!("{:?}", std::time::SystemTime::now()).as_bytes()),
        }
    })
}

/// A file a page's rendering read besides its own source, recorded by the link resolver.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Dep {
    /// A file of the content folder (content-relative): its input hash says whether it changed.
    Content(String),
    /// A file outside the content folder (a `[paths]` repository), by absolute path, with the hash
    /// of what was read (taken when it was read, so an edit during the build is seen next time).
    External(PathBuf, Hash),
}

/// A diagnostic as stored (its code is a `&'static str` in memory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedDiag {
    severity: u8,
    code: String,
    file: String,
    line: u32,
    col: u32,
    message: String,
    help: Option<String>,
}

impl From<&Diagnostic> for CachedDiag {
    fn from(d: &Diagnostic) -> Self {
        CachedDiag {
            severity: match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            },
            code: d.code.to_string(),
            file: d.file.to_string_lossy().into_owned(),
            line: d.line,
            col: d.col,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

/// The `&'static str` for a stored code: codes are a few dozen fixed words, each kept once.
fn intern(code: &str) -> &'static str {
    static CODES: OnceLock<Mutex<BTreeMap<String, &'static str>>> = OnceLock::new();
    let mut codes = CODES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(c) = codes.get(code) {
        return c;
    }
    let leaked: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.insert(code.to_string(), leaked);
    leaked
}

impl CachedDiag {
    /// The diagnostic again.
    pub fn restore(&self) -> Diagnostic {
        Diagnostic {
            severity: match self.severity {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => Severity::Info,
            },
            code: intern(&self.code),
            file: PathBuf::from(&self.file),
            line: self.line,
            col: self.col,
            message: self.message.clone(),
            help: self.help.clone(),
        }
    }
}

/// Stores diagnostics.
pub fn store(diags: &[Diagnostic]) -> Vec<CachedDiag> {
    diags.iter().map(CachedDiag::from).collect()
}

/// Restores stored diagnostics.
pub fn restore(diags: &[CachedDiag]) -> Vec<Diagnostic> {
    diags.iter().map(CachedDiag::restore).collect()
}

/// What one page's rendering read and wrote.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageRecord {
    /// [`fingerprint::page`] of the inputs it was rendered from.
    pub fingerprint: Hash,
    /// Files it read besides its own source.
    pub deps: Vec<Dep>,
    /// Files it wrote (the page, its compare view, its search document).
    pub outputs: Vec<String>,
    /// What rendering it found.
    pub diags: Vec<CachedDiag>,
    /// Whether it counts as a built page (it wrote a file).
    pub counted: bool,
}

/// The files and diagnostics of one part of the site that is not a page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Part {
    /// Files written.
    pub outputs: Vec<String>,
    /// What rendering it found.
    pub diags: Vec<CachedDiag>,
}

/// Everything the last successful build read and wrote.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Config, theme and build options ([`fingerprint::settings`]).
    pub settings: Hash,
    /// Every content file (content-relative) and its hash.
    #[serde(deserialize_with = "sorted_map")]
    pub inputs: BTreeMap<String, Hash>,
    /// What `stat` said of each content file when it was hashed ([`inputs::Stamp`]).
    #[serde(deserialize_with = "sorted_map")]
    pub stamps: BTreeMap<String, inputs::Stamp>,
    /// When the inputs were hashed (nanoseconds since the Unix epoch).
    pub hashed_at: i128,
    /// What walking the content folder reported (a link to a folder outside it, a loop): it can
    /// change while the files found stay the same.
    pub discover: Vec<CachedDiag>,
    /// What coverage counts of each side-by-side file ([`crate::coverage::segment_counts`]).
    #[serde(deserialize_with = "sorted_map")]
    pub counts: BTreeMap<String, (usize, usize, usize)>,
    /// Whether `content/health/` existed (its data is read again on every build: what it shows
    /// depends on the clock).
    pub health: bool,
    /// Files outside the content folder that pages read, and their hashes.
    pub external: BTreeMap<PathBuf, Hash>,
    /// [`fingerprint::global`]: what every page reads.
    pub global: Hash,
    /// One record per page, in site order.
    pub pages: Vec<PageRecord>,
    /// Language homes, root pages, coverage, SEO files, theme files and assets.
    pub globals: Part,
    /// The search index of each language (shards, `meta.json`, the search page), by language.
    pub search: BTreeMap<String, Part>,
    /// The status section.
    pub status: Part,
    /// Every output file and the hash of its bytes.
    #[serde(deserialize_with = "sorted_map")]
    pub outputs: BTreeMap<String, Hash>,
    /// Every diagnostic of the build, sorted, as reported (replayed when nothing changed).
    pub diagnostics: Vec<CachedDiag>,
    /// Pages built per language.
    pub pages_per_lang: BTreeMap<String, usize>,
    /// `[build] strict` of the config (replayed builds apply it without reading the site).
    pub strict: bool,
    /// Some output path is written by two parts of the site (an asset where a page goes).
    pub collisions: bool,
}

/// A map of the manifest decoded as the sorted list of pairs it is encoded as (postcard writes a
/// map and a list of pairs alike), then built in one pass: serde's map decoding inserts entries one
/// by one, a search from the root each, which was most of decoding the 50,000 outputs of a
/// 10,000-source site.
fn sorted_map<'de, D, K, V>(d: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord,
    V: Deserialize<'de>,
{
    let pairs: Vec<(K, V)> = Vec::deserialize(d)?;
    Ok(pairs.into_iter().collect())
}

/// The manifest's path for an output folder.
pub fn manifest_path(out: &Path) -> PathBuf {
    out.join(DIR).join(MANIFEST)
}

/// Why a cache was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// No cache: a first build, or `--no-cache` last time.
    Absent,
    /// Unreadable or cut off.
    Corrupt(String),
    /// Written by another format or another Tandem binary.
    Foreign,
}

impl Miss {
    /// The one-line note a cold build prints, or nothing for a first build.
    pub fn note(&self, out: &Path) -> Option<String> {
        let at = out.join(DIR);
        match self {
            Miss::Absent => None,
            Miss::Corrupt(why) => Some(format!(
                "the build cache in {} cannot be read ({why}); building everything",
                at.display()
            )),
            Miss::Foreign => Some(format!(
                "the build cache in {} was written by another Tandem build; building everything",
                at.display()
            )),
        }
    }
}

impl Manifest {
    /// Reads the manifest of `out`, refusing one another binary or format wrote.
    pub fn load(out: &Path) -> Result<Manifest, Miss> {
        let bytes = match std::fs::read(manifest_path(out)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Miss::Absent),
            Err(e) => return Err(Miss::Corrupt(e.to_string())),
        };
        let header = MAGIC.len() + 4 + 16;
        if bytes.len() < header + 16 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Miss::Corrupt("not a Tandem build cache".into()));
        }
        let word = |at: usize| -> [u8; 16] { bytes[at..at + 16].try_into().unwrap_or_default() };
        let format = u32::from_le_bytes(
            bytes[MAGIC.len()..MAGIC.len() + 4]
                .try_into()
                .unwrap_or_default(),
        );
        if format != FORMAT || u128::from_le_bytes(word(MAGIC.len() + 4)) != binary_hash() {
            return Err(Miss::Foreign);
        }
        let body = &bytes[header..bytes.len() - 16];
        if u128::from_le_bytes(word(bytes.len() - 16)) != hash(body) {
            return Err(Miss::Corrupt("its checksum does not match".into()));
        }
        postcard::from_bytes(body).map_err(|e| Miss::Corrupt(e.to_string()))
    }

    /// The manifest's bytes: header (format, binary), body, checksum of the body.
    pub fn to_bytes(&self) -> Vec<u8> {
        // One buffer: at 100,000 sources the body is ~90 MB, and a copy of it raised the peak.
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT.to_le_bytes());
        out.extend_from_slice(&binary_hash().to_le_bytes());
        let header = out.len();
        let mut out = postcard::to_extend(self, out).unwrap_or_default();
        let check = hash(&out[header..]);
        out.extend_from_slice(&check.to_le_bytes());
        out
    }

    /// Every external file any page read.
    pub fn external_deps(&self) -> impl Iterator<Item = &Path> {
        self.pages.iter().flat_map(|p| {
            p.deps.iter().filter_map(|d| match d {
                Dep::External(p, _) => Some(p.as_path()),
                Dep::Content(_) => None,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir_all(out.join(DIR)).unwrap();
        let mut m = Manifest::default();
        m.inputs.insert("fr-fr/a.md".into(), 7);
        m.diagnostics = store(&[Diagnostic::warning("link-broken", "fr-fr/a.md", 3, 4, "x")]);
        std::fs::write(manifest_path(&out), m.to_bytes()).unwrap();
        let back = Manifest::load(&out).unwrap();
        assert_eq!(back.inputs, m.inputs);
        assert_eq!(restore(&back.diagnostics)[0].code, "link-broken");
        let mut bytes = m.to_bytes();
        let n = bytes.len();
        bytes[n - 20] ^= 1;
        std::fs::write(manifest_path(&out), &bytes).unwrap();
        assert!(matches!(Manifest::load(&out), Err(Miss::Corrupt(_))));
        std::fs::write(manifest_path(&out), &bytes[..n / 2]).unwrap();
        assert!(matches!(Manifest::load(&out), Err(Miss::Corrupt(_))));
        bytes = m.to_bytes();
        bytes[MAGIC.len() + 4] ^= 1;
        std::fs::write(manifest_path(&out), &bytes).unwrap();
        assert_eq!(Manifest::load(&out).unwrap_err(), Miss::Foreign);
        std::fs::remove_file(manifest_path(&out)).unwrap();
        assert_eq!(Manifest::load(&out).unwrap_err(), Miss::Absent);
    }
}
