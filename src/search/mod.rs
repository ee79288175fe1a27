//! Client-side search, one index per language, built with the site and split in shards by term
//! prefix (see [`text::shard_of`]) so that a query downloads a small `meta.json`, one shard per query
//! word and the few result documents it shows — never the whole index (Pagefind's approach). No
//! external service: `static/search.js` reads these files. Without JavaScript, `/<lang>/search/`
//! explains that search needs it and links to the language home.
//!
//! Layout under the output root, for each language:
//! - `search/<lang>/meta.json`: `{"docs": N, "shards": ["et", "se", "u3f", …]}`
//! - `search/<lang>/<shard>.json`: `{"term": [doc, score, doc, score, …], …}`, best score first
//! - `search/<lang>/d/<doc>.json`: `{"u": url, "t": title, "x": plain text}` for titles and snippets

pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::content::page::Page;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::output::{Sink, write_error};
use crate::render::markdown::PageText;
use crate::render::pages::{PageCtx, Renderer};
use crate::site::Site;

/// Weight of a term found in the title, in a heading, in the body.
const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 3;
/// Characters of page text kept for snippets.
const SNIPPET_SOURCE: usize = 6000;

/// One searchable page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Doc {
    /// Root-relative URL.
    #[serde(rename = "u")]
    pub url: String,
    /// Title.
    #[serde(rename = "t")]
    pub title: String,
    /// Plain text (the beginning of the page), for snippets.
    #[serde(rename = "x")]
    pub text: String,
}

/// One term and its postings (doc id, score).
type TermPostings = (String, Vec<u32>);

/// Term → postings of one language, each packed in a `u32` by [`posting`] (half the memory of a
/// pair: a 100,000-source site has ~30 million postings).
pub type LangPostings = FxHashMap<String, Vec<u32>>;

/// Bits of a packed posting that hold the score; the document id is in the rest, so a language can
/// have 4,194,304 searchable pages (beyond, pages are left out of the index with a warning).
const SCORE_BITS: u32 = 10;

/// A posting: document id and score, capped at 1,023 (a title is worth 10, a heading 3, each other
/// occurrence 1: only a term repeated hundreds of times on one page reaches the cap, and such pages
/// then tie for that term).
fn posting(doc: u32, score: u32) -> u32 {
    (doc << SCORE_BITS) | score.min((1 << SCORE_BITS) - 1)
}

fn unpack(p: u32) -> (u32, u32) {
    (p >> SCORE_BITS, p & ((1 << SCORE_BITS) - 1))
}

/// The page's document: URL, title and the start of its text (white space runs made one space,
/// at most [`SNIPPET_SOURCE`] characters), for titles and snippets.
fn doc_of(page: &Page, text: &PageText) -> Doc {
    let snippet = text::collapsed_prefix(&text.body, SNIPPET_SOURCE);
    Doc {
        url: page.url.clone(),
        title: page.title.clone(),
        text: snippet,
    }
}

/// Which pages are searchable and their document ids, decided before rendering so that each page's
/// document can be written as soon as the page is rendered.
pub struct Plan {
    /// Per page of `site.pages`: (language index, document id), or None for `noindex` pages.
    ids: Vec<Option<(usize, u32)>>,
    /// Documents per language.
    docs: Vec<u32>,
    /// Pages per language left out because the language's index is full.
    left_out: Vec<usize>,
}

impl Plan {
    /// Numbers the indexed pages of every language in site order.
    pub fn new(site: &Site) -> Plan {
        let lang_pos: HashMap<&Lang, usize> = site
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| (l, i))
            .collect();
        let mut docs = vec![0u32; site.languages.len()];
        let mut left_out = vec![0usize; site.languages.len()];
        let ids = site
            .pages
            .iter()
            .map(|p| {
                let noindex = p
                    .front
                    .robots
                    .as_deref()
                    .is_some_and(|r| r.contains("noindex"));
                let li = *lang_pos.get(&p.lang).filter(|_| !noindex)?;
                // Packed postings hold 22-bit document ids; pages beyond are not searchable.
                if docs[li] >= 1 << (32 - SCORE_BITS) {
                    left_out[li] += 1;
                    return None;
                }
                docs[li] += 1;
                Some((li, docs[li] - 1))
            })
            .collect();
        Plan {
            ids,
            docs,
            left_out,
        }
    }
}

/// Term postings of every language, filled by the render threads ([`Postings::add`]) and merged
/// ([`Postings::merge`]): no page's text is kept after its document is written.
#[derive(Default)]
pub struct Postings {
    langs: Vec<LangPostings>,
}

impl Postings {
    /// Indexes page `idx` from its rendered text: writes its document file and adds its terms.
    /// Returns the files written (0 for pages left out of the index) and a write problem, if any.
    pub fn add(
        &mut self,
        site: &Site,
        plan: &Plan,
        idx: usize,
        text: &PageText,
        sink: &dyn Sink,
    ) -> (usize, Option<Diagnostic>) {
        let Some((li, id)) = plan.ids.get(idx).copied().flatten() else {
            return (0, None);
        };
        let page = &site.pages[idx];
        let doc = doc_of(page, text);
        if self.langs.len() < plan.docs.len() {
            self.langs.resize_with(plan.docs.len(), Default::default);
        }
        // Each occurrence adds its weight to the page's posting for the term, which is the last one
        // of the term's list once the page has met the term (a page is added once, all its terms
        // together, and ids are unique within a language). One map lookup per occurrence: a
        // per-page map of scores first cost a second lookup per occurrence (2% of a build). A term
        // already in the language's postings (most are) costs no allocation.
        let folded = [
            (text::fold(&page.title), TITLE_WEIGHT),
            (text::fold(&text.headings), HEADING_WEIGHT),
            (text::fold(&text.body), 1),
        ];
        let postings = &mut self.langs[li];
        for (text, weight) in &folded {
            text::each_term(text, |t| match postings.get_mut(t) {
                Some(list) => match list.last_mut().map(|last| (unpack(*last), last)) {
                    Some(((doc, score), last)) if doc == id => *last = posting(id, score + weight),
                    _ => list.push(posting(id, *weight)),
                },
                None => {
                    postings.insert(t.to_string(), vec![posting(id, *weight)]);
                }
            });
        }
        let path = format!("search/{}/d/{id}.json", site.languages[li]);
        match sink.put(&path, &serde_json::to_vec(&doc).unwrap_or_default()) {
            Ok(()) => (1, None),
            Err(e) => (0, Some(write_error(&path, e))),
        }
    }

    /// Postings that start from `base`: per language, what the index held before, read back by
    /// [`read_shards`] (a warm build adds only the pages it rendered again).
    pub fn seeded(base: Vec<LangPostings>) -> Postings {
        Postings { langs: base }
    }

    /// Both sets of postings in one (the order of postings is fixed when the shards are written).
    pub fn merge(mut self, other: Postings) -> Postings {
        if self.langs.len() < other.langs.len() {
            return other.merge(self);
        }
        for (into, from) in self.langs.iter_mut().zip(other.langs) {
            for (term, p) in from {
                into.entry(term).or_default().extend(p);
            }
        }
        self
    }
}

/// A language's index as a warm build found it in the output: the postings of the shards it writes
/// again, and the shards it may keep as they are.
#[derive(Default)]
pub struct Base {
    /// Postings of the shards that held a document rendered again, without that document's.
    pub postings: LangPostings,
    /// Shards that held none of them, by key, with their bytes: kept unless a document rendered
    /// again adds a term to them (then they are read and written again).
    pub kept: BTreeMap<text::ShardKey, Vec<u8>>,
}

/// Reads a language's shard files back for a warm build that renders the documents `drop` again.
/// `files` holds each shard's path and bytes, which the caller checked are those the last build
/// wrote. A shard is kept unread when none of `drop` is in it: an edit to one page rewrites the
/// shards that page's terms are in, not the language's whole index. `None` when a shard to read
/// does not parse or a path is not a shard's.
pub fn read_back(files: Vec<(String, Vec<u8>)>, drop: &HashSet<u32>) -> Option<Base> {
    let holds = Holds::new(drop);
    let mut base = Base::default();
    let mut read = Vec::new();
    for (path, bytes) in files {
        let name = path.rsplit('/').next()?.strip_suffix(".json")?;
        let key = text::ShardKey::named(name)?;
        if holds.any(&bytes) {
            read.push(bytes);
        } else {
            base.kept.insert(key, bytes);
        }
    }
    base.postings = read_shards(read.iter().map(Vec::as_slice), drop)?;
    Some(base)
}

/// Whether a shard holds a posting of one of a set of documents. A document id appears as `[id,`
/// or `,id,` (ids and scores alternate, and every id has a score after it): a shard with neither
/// holds none of the document's postings. A score that looks like an id only makes a shard read
/// for nothing; never the other way round.
enum Holds {
    /// A few documents (an edit): a substring search per pattern, each a pass over the shard as
    /// fast as memory.
    Few(Vec<memchr::memmem::Finder<'static>>),
    /// Many (a shared include edited): one pass reading every number against a bit set, so
    /// that the cost does not grow with the number of documents (1,000 patterns took 2.4 s over
    /// 16 MB of shards).
    Many(Vec<u64>),
}

impl Holds {
    /// Up to this many documents, substring searches (two patterns each).
    const FEW: usize = 4;

    fn new(drop: &HashSet<u32>) -> Holds {
        if drop.len() <= Self::FEW {
            return Holds::Few(
                drop.iter()
                    .flat_map(|id| [format!("[{id},"), format!(",{id},")])
                    .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
                    .collect(),
            );
        }
        let max = drop.iter().copied().max().unwrap_or(0) as usize;
        let mut bits = vec![0u64; max / 64 + 1];
        for &id in drop {
            bits[id as usize / 64] |= 1 << (id % 64);
        }
        Holds::Many(bits)
    }

    fn any(&self, bytes: &[u8]) -> bool {
        match self {
            Holds::Few(patterns) => patterns.iter().any(|f| f.find(bytes).is_some()),
            Holds::Many(bits) => {
                let is_in = |id: u64| {
                    usize::try_from(id / 64)
                        .ok()
                        .and_then(|w| bits.get(w))
                        .is_some_and(|w| w & (1 << (id % 64)) != 0)
                };
                let mut i = 0;
                while let Some(off) = memchr::memchr2(b'[', b',', &bytes[i..]) {
                    let start = i + off + 1;
                    let mut j = start;
                    let mut n: u64 = 0;
                    // Digits up to a value no id has: a longer run is not an id.
                    while let Some(d) = bytes.get(j).filter(|b| b.is_ascii_digit()) {
                        n = n * 10 + u64::from(d - b'0');
                        j += 1;
                        if n > u64::from(u32::MAX) {
                            break;
                        }
                    }
                    if j > start && bytes.get(j) == Some(&b',') && is_in(n) {
                        return true;
                    }
                    i = j;
                }
                false
            }
        }
    }
}

/// A language's postings read back from its shard files (as [`shard_json`] writes them), without
/// those of the documents in `drop`. `None` when a shard does not parse: the caller then renders
/// the language's pages again instead of trusting it.
pub fn read_shards<'a>(
    shards: impl Iterator<Item = &'a [u8]>,
    drop: &HashSet<u32>,
) -> Option<LangPostings> {
    let mut out = LangPostings::default();
    // Usually one or two documents: a sorted list beats hashing each of a million postings.
    let mut dropped: Vec<u32> = drop.iter().copied().collect();
    dropped.sort_unstable();
    let mut add = |term: &str, flat: &[u32]| -> Option<()> {
        if !flat.len().is_multiple_of(2) {
            return None;
        }
        let list: Vec<u32> = flat
            .chunks_exact(2)
            .filter(|p| dropped.binary_search(&p[0]).is_err())
            .map(|p| posting(p[0], p[1]))
            .collect();
        if !list.is_empty() {
            out.insert(term.to_string(), list);
        }
        Some(())
    };
    for bytes in shards {
        if parse_shard(bytes, &mut add).is_none() {
            // Not the exact form `shard_json` writes (a term with an escape, spaces): the general
            // parser decides.
            let terms: BTreeMap<String, Vec<u32>> = serde_json::from_slice(bytes).ok()?;
            for (term, flat) in terms {
                add(&term, &flat)?;
            }
        }
    }
    Some(out)
}

/// Reads a shard exactly as [`shard_json`] writes it (`{"term":[n,n,…],…}`, no spaces, terms
/// without escapes), calling `each` per term; `None` for anything else, before calling `each`
/// (or when `each` does). Written by hand because a warm build reads every shard of a language back, and
/// `serde_json` into a map took 50 ms of CPU at 10,000 sources for a one-page build.
fn parse_shard(bytes: &[u8], each: &mut dyn FnMut(&str, &[u32]) -> Option<()>) -> Option<()> {
    let text = std::str::from_utf8(bytes).ok()?;
    let b = text.as_bytes();
    let mut terms: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut nums: Vec<u32> = Vec::new();
    let mut i = 0;
    let expect = |i: &mut usize, c: u8| -> Option<()> { (b.get(*i) == Some(&c)).then(|| *i += 1) };
    expect(&mut i, b'{')?;
    if b.get(i) == Some(&b'}') {
        return (i + 1 == b.len()).then_some(());
    }
    loop {
        expect(&mut i, b'"')?;
        let start = i;
        while *b.get(i)? != b'"' {
            if b[i] == b'\\' {
                return None;
            }
            i += 1;
        }
        let term = start..i;
        i += 1;
        expect(&mut i, b':')?;
        expect(&mut i, b'[')?;
        let first = nums.len();
        if b.get(i) == Some(&b']') {
            i += 1;
        } else {
            loop {
                let mut n: u32 = 0;
                let digits = i;
                while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
                    n = n.checked_mul(10)?.checked_add(u32::from(d - b'0'))?;
                    i += 1;
                }
                if i == digits {
                    return None;
                }
                nums.push(n);
                match b.get(i)? {
                    b',' => i += 1,
                    b']' => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        terms.push((term, first..nums.len()));
        match b.get(i)? {
            b',' => i += 1,
            b'}' => {
                i += 1;
                break;
            }
            _ => return None,
        }
    }
    if i != b.len() {
        return None;
    }
    // Only a shard read whole is handed on, so a fallback never sees half of it twice.
    for (term, at) in terms {
        each(&text[term], &nums[at])?;
    }
    Some(())
}

/// The document file of page `idx`, if it is searchable.
pub fn doc_id(plan: &Plan, idx: usize) -> Option<(usize, u32)> {
    plan.ids.get(idx).copied().flatten()
}

/// The files of a language's index besides its documents: shards and `meta.json`.
pub fn is_shard_file(path: &str, lang: &str) -> bool {
    path.strip_prefix("search/")
        .and_then(|p| p.strip_prefix(lang))
        .and_then(|p| p.strip_prefix('/'))
        .is_some_and(|p| !p.contains('/') && p != "meta.json" && p.ends_with(".json"))
}

/// One shard file: `{"term":[doc,score,…],…}`, terms sorted, best postings first. Written by hand
/// because going through `serde_json::Value` cost more than building the postings.
fn shard_json(terms: &[TermPostings]) -> Vec<u8> {
    // Numbers through `itoa`: `write!` per posting was 3% of a build's instructions.
    let mut num = itoa::Buffer::new();
    let mut out = String::with_capacity(terms.len() * 32);
    out.push('{');
    for (i, (term, postings)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if term.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            out.push_str(&serde_json::Value::from(term.as_str()).to_string());
        } else {
            // Terms are runs of letters and digits: nothing to escape.
            out.push('"');
            out.push_str(term);
            out.push('"');
        }
        out.push_str(":[");
        for (j, &p) in postings.iter().enumerate() {
            let (doc, score) = unpack(p);
            if j > 0 {
                out.push(',');
            }
            out.push_str(num.format(doc));
            out.push(',');
            out.push_str(num.format(score));
        }
        out.push(']');
    }
    out.push('}');
    out.into_bytes()
}

/// What [`write`] did: files written, shards kept as they were (paths), problems.
pub struct Written {
    pub files: usize,
    pub kept: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Writes every language's shards, `meta.json` and no-JavaScript search page from the postings
/// the render threads collected (documents were written as their pages were rendered). `kept`:
/// per language, shards of a warm build's [`Base`] that no posting changed, left as they are
/// unless `postings` adds to them.
#[allow(clippy::too_many_arguments)] // each is one input of the index; a struct would only name them again
pub fn write(
    site: &Site,
    renderer: &Renderer,
    tera: &tera::Tera,
    sink: &dyn Sink,
    plan: &Plan,
    mut postings: Postings,
    only: Option<&[bool]>,
    mut kept: Vec<BTreeMap<text::ShardKey, Vec<u8>>>,
) -> Written {
    let root = site.config.root_path();
    let langs = &site.languages;
    let docs = &plan.docs;
    postings.langs.resize_with(langs.len(), Default::default);
    kept.resize_with(langs.len(), Default::default);
    let mut files = 0;
    let mut kept_paths = Vec::new();
    let mut diags = Vec::new();
    for (lang, &n) in langs.iter().zip(&plan.left_out).filter(|(_, n)| **n > 0) {
        diags.push(
            Diagnostic::warning(
                "search-index-full",
                format!("search/{lang}/"),
                0,
                0,
                format!("{n} pages of {lang} are not in the search index: it holds {} pages per language", 1u32 << (32 - SCORE_BITS)),
            )
            .with_help("mark less useful pages `robots: noindex`, or split the site"),
        );
    }
    type LangDone = (usize, Vec<Diagnostic>, Vec<String>);
    let per_lang: Vec<LangDone> = postings
        .langs
        .into_par_iter()
        .zip(kept)
        .enumerate()
        .filter(|(li, _)| only.is_none_or(|o| o.get(*li).copied().unwrap_or(true)))
        .map(|(li, (terms, mut kept))| {
            let lang = &langs[li];
            let mut diags = Vec::new();
            let mut shards: BTreeMap<text::ShardKey, Vec<TermPostings>> = BTreeMap::new();
            for (term, p) in terms {
                shards
                    .entry(text::ShardKey::of(&term))
                    .or_default()
                    .push((term, p));
            }
            // A kept shard that gets postings is read and written whole.
            for (key, terms) in shards.iter_mut() {
                let Some(bytes) = kept.remove(key) else {
                    continue;
                };
                match read_shards(std::iter::once(bytes.as_slice()), &HashSet::new()) {
                    Some(mut all) => {
                        for (term, p) in terms.drain(..) {
                            all.entry(term).or_default().extend(p);
                        }
                        terms.extend(all);
                    }
                    // Its bytes were checked against the manifest's hash when they were read.
                    None => diags.push(
                        Diagnostic::error(
                            "search-index",
                            format!("search/{lang}/{}.json", key.as_str()),
                            0,
                            0,
                            "the search index shard read back from the output does not parse",
                        )
                        .with_help("build again with --no-cache"),
                    ),
                }
            }
            let names: std::collections::BTreeSet<text::ShardKey> =
                shards.keys().chain(kept.keys()).copied().collect();
            let meta = serde_json::json!({
                "docs": docs[li],
                "shards": names.iter().map(text::ShardKey::as_str).collect::<Vec<_>>(),
            });
            if !kept.is_empty() {
                crate::timings::note(&format!(
                    "search {lang}: {} shards written again, {} kept",
                    shards.len(),
                    kept.len()
                ));
            }
            let kept: Vec<String> = kept
                .keys()
                .map(|k| format!("search/{lang}/{}.json", k.as_str()))
                .collect();
            let mut out: Vec<(String, Vec<u8>)> = vec![(
                format!("search/{lang}/meta.json"),
                meta.to_string().into_bytes(),
            )];
            let written: Vec<Result<(), Diagnostic>> = shards
                .into_par_iter()
                .map(|(key, mut terms)| {
                    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                    for (_, p) in &mut terms {
                        p.sort_unstable_by_key(|&x| {
                            let (doc, score) = unpack(x);
                            (std::cmp::Reverse(score), doc)
                        });
                    }
                    let path = format!("search/{lang}/{}.json", key.as_str());
                    sink.put(&path, &shard_json(&terms))
                        .map_err(|e| write_error(&path, e))
                })
                .collect();
            let mut files = 0;
            for w in written {
                match w {
                    Ok(()) => files += 1,
                    Err(d) => diags.push(d),
                }
            }
            let url = format!("{root}{lang}/search/");
            let (translations, alternates) = renderer.every_language(
                Some(lang),
                "search/",
                &format!("{root}{}/search/", site.config.source_lang),
            );
            let ui = renderer.ui(lang);
            let page = PageCtx {
                kind: "search".into(),
                title: ui.get("search").cloned().unwrap_or_else(|| "Search".into()),
                permalink: renderer.permalink(&url),
                url,
                translations,
                alternates,
                robots: Some("noindex".into()),
                ..PageCtx::default()
            };
            match tera.render("search.html", &renderer.context(lang, &page)) {
                Ok(html) => out.push((format!("{lang}/search/index.html"), html.into_bytes())),
                Err(e) => diags.push(
                    Diagnostic::error(
                        "template-render",
                        "search.html",
                        0,
                        0,
                        format!("rendering `search.html` failed: {e}"),
                    )
                    .with_help("fix the template, or the data it reads"),
                ),
            }
            for (path, bytes) in out {
                match sink.put(&path, &bytes) {
                    Ok(()) => files += 1,
                    Err(e) => diags.push(write_error(&path, e)),
                }
            }
            (files, diags, kept)
        })
        .collect();
    for (n, d, k) in per_lang {
        files += n;
        diags.extend(d);
        kept_paths.extend(k);
    }
    Written {
        files,
        kept: kept_paths,
        diagnostics: diags,
    }
}

#[cfg(test)]
mod tests {
    use crate::render::markdown::tests::{MapResolver, r};

    /// Shards read back by the hand-written parser give what the general one gives, for what
    /// `shard_json` writes, and anything else goes to the general parser or fails.
    #[test]
    fn shards_read_back_as_written() {
        let terms = vec![
            (
                "abc".to_string(),
                vec![super::posting(3, 7), super::posting(1, 2)],
            ),
            ("a\"b".to_string(), vec![super::posting(2, 1)]),
            ("été".to_string(), vec![super::posting(9, 1023)]),
        ];
        let json = super::shard_json(&terms);
        let none = std::collections::HashSet::new();
        fn read(
            bytes: &[u8],
            drop: &std::collections::HashSet<u32>,
        ) -> Option<super::LangPostings> {
            super::read_shards(std::iter::once(bytes), drop)
        }
        let back = read(&json, &none).unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(back["abc"], terms[0].1);
        assert_eq!(back["a\"b"], terms[1].1, "a term with an escape");
        let plain = super::shard_json(&[terms[0].clone(), terms[2].clone()]);
        let mut seen = Vec::new();
        assert!(
            super::parse_shard(&plain, &mut |t, n| {
                seen.push((t.to_string(), n.to_vec()));
                Some(())
            })
            .is_some()
        );
        assert_eq!(
            seen,
            [
                ("abc".to_string(), vec![3, 7, 1, 2]),
                ("été".to_string(), vec![9, 1023])
            ]
        );
        let dropped = read(&plain, &std::collections::HashSet::from([3])).unwrap();
        assert_eq!(dropped["abc"], vec![super::posting(1, 2)]);
        // Spaces are read by the general parser; damage fails.
        assert_eq!(
            read(b"{ \"x\" : [1, 2] }", &none).unwrap()["x"],
            vec![super::posting(1, 2)]
        );
        for bad in [
            &b"{\"x\":[1,2"[..],
            b"{\"x\":[1]}",
            b"{\"x\":[99999999999,1]}",
            b"[]",
            b"",
        ] {
            assert!(
                read(bad, &none).is_none(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(read(b"{}", &none).unwrap().is_empty());
    }

    /// A warm build reads back only the shards that hold a document it renders again, and keeps
    /// the others' bytes.
    #[test]
    fn read_back_keeps_the_shards_without_the_documents_rendered_again() {
        use super::{posting, read_back, shard_json};
        let ab = shard_json(&[
            ("abc".into(), vec![posting(12, 3), posting(4, 12)]),
            ("abd".into(), vec![posting(7, 1)]),
        ]);
        // Doc 12 appears only as a score here.
        let cd = shard_json(&[("cde".into(), vec![posting(4, 12), posting(1, 2)])]);
        let files = |damaged: bool| {
            let cd = if damaged {
                b"{\"cd\":[1,2,3]}".to_vec()
            } else {
                cd.clone()
            };
            vec![
                ("search/fr-fr/ab.json".to_string(), ab.clone()),
                ("search/fr-fr/cd.json".to_string(), cd),
            ]
        };
        let base = read_back(files(false), &std::collections::HashSet::from([12])).unwrap();
        assert_eq!(base.postings["abc"], vec![posting(4, 12)], "without doc 12");
        assert_eq!(base.postings["abd"], vec![posting(7, 1)]);
        // A score that looks like the id only makes a shard read for nothing.
        assert!(base.kept.is_empty(), "cd has `,12,` as a score");
        assert_eq!(base.postings["cde"], vec![posting(4, 12), posting(1, 2)]);
        let base = read_back(files(false), &std::collections::HashSet::from([7])).unwrap();
        assert_eq!(
            base.postings.len(),
            1,
            "ab holds doc 7, the only one of `abd`"
        );
        assert_eq!(base.postings["abc"], vec![posting(12, 3), posting(4, 12)]);
        let kept: Vec<&str> = base.kept.keys().map(|k| k.as_str()).collect();
        assert_eq!(kept, ["cd"]);
        assert_eq!(base.kept.values().next().unwrap(), &cd);
        // A shard that does not parse fails the read when it must be read, not when it is kept.
        assert!(read_back(files(true), &std::collections::HashSet::from([1])).is_none());
        assert!(read_back(files(true), &std::collections::HashSet::from([7])).is_some());
        let odd = vec![("search/fr-fr/abc.json".to_string(), ab.clone())];
        assert!(read_back(odd, &std::collections::HashSet::new()).is_none());
    }

    /// The two ways of finding documents in a shard (substrings for a few, one pass for many)
    /// agree, and neither misses a document whose posting is there.
    #[test]
    fn both_searches_for_documents_in_a_shard_agree_and_miss_none() {
        use super::{Holds, posting, shard_json};
        use std::collections::HashSet;
        // A fixed xorshift: the same shards on every run.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n) as u32
        };
        for _ in 0..200 {
            let terms: Vec<_> = (0..1 + next(4))
                .map(|t| {
                    let postings = (0..1 + next(5))
                        .map(|_| posting(next(300), next(40)))
                        .collect();
                    (format!("t{t}"), postings)
                })
                .collect();
            let bytes = shard_json(&terms);
            let docs: HashSet<u32> = terms
                .iter()
                .flat_map(|(_, p)| p.iter().map(|&p| super::unpack(p).0))
                .collect();
            for size in [1usize, 3, 4] {
                let drop: HashSet<u32> = (0..size).map(|_| next(300)).collect();
                let few = Holds::new(&drop);
                assert!(matches!(few, Holds::Few(_)));
                let Holds::Many(bits) = Holds::new(
                    &drop
                        .iter()
                        .chain(&[1000, 1001, 1002, 1003, 1004])
                        .copied()
                        .collect(),
                ) else {
                    panic!("more than a few ids make a bit set");
                };
                // The same ids as `drop` (1000.. are in no shard: ids stop at 300 here).
                let many = Holds::Many(bits);
                let found = few.any(&bytes);
                assert_eq!(
                    found,
                    many.any(&bytes),
                    "{}",
                    String::from_utf8_lossy(&bytes)
                );
                if drop.iter().any(|d| docs.contains(d)) {
                    assert!(
                        found,
                        "a document of {drop:?} missed in {}",
                        String::from_utf8_lossy(&bytes)
                    );
                }
            }
        }
    }

    /// The page text the index is built from comes out of the Markdown render.
    #[test]
    fn page_text_separates_headings_and_skips_code() {
        let t = r(
            "# Vérifier l’état\n\nLe **service** va bien.\n\n```\ncode ignored\n```\n",
            &MapResolver::default(),
        )
        .text;
        assert_eq!(t.headings.trim(), "Vérifier l’état");
        assert!(t.body.contains("service va bien"), "{}", t.body);
        assert!(!t.body.contains("ignored"), "{}", t.body);
    }

    #[test]
    fn spaces_around_emphasis_are_kept() {
        let t = r(
            "Sélectionnez le **client** qui &amp; rencontre\n\n- un\n- deux",
            &MapResolver::default(),
        )
        .text;
        assert!(
            t.body.contains("Sélectionnez le client qui & rencontre"),
            "{}",
            t.body
        );
        assert!(
            t.body.contains("un deux") || t.body.contains("un  deux"),
            "{}",
            t.body
        );
    }
}
