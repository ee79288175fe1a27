//! Builds with the cache (`src/cache/`): the first build renders everything and leaves a manifest
//! in `output/.tandem/`; later builds render only the pages whose fingerprint changed and write
//! only the files whose bytes changed.
//!
//! - **Nothing changed** (every input hash, the settings, the files outside the content that pages
//!   read, and no health data): the manifest's report and diagnostics are replayed; the site is
//!   not even parsed.
//! - **Something changed**: the site is loaded, and pages are rendered again when the site-wide
//!   hash changed (all of them) or their own fingerprint did. The search index of a language is
//!   read back from its shards and updated with the pages rendered again; homes, coverage and the
//!   SEO files are kept unless the site-wide hash changed; the status section is always rendered
//!   again (what it says depends on the clock). Changed files go through a journal
//!   (`cache/commit.rs`).
//! - **No usable manifest**: a cold build into a staging folder swapped in whole, as without the
//!   cache, which writes the manifest beside the files.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use rayon::prelude::*;
use std::sync::Mutex;

use crate::cache::index::{self, Index};
use crate::cache::{self, Dep, Hash, Manifest, PageRecord, Part, fingerprint, inputs};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::{DirSink, Sink, Staging};
use crate::render::theme::Theme;
use crate::site::Site;
use crate::split::Selection;
use crate::timings::Phase;

use super::render::{self, PartDone, Plan, Rendered};
use super::{BuildOptions, BuildReport};

/// Records the hash of every file put, and passes on only those whose bytes differ from `old`.
/// Files are recorded by the hash of their path (128 bits: no two of a site's paths share one),
/// not by a copy of it: at 100,000 sources that is 500,000 strings fewer at the build's peak.
/// A path put twice (an asset where a page is written: the later one wins, as in a cold build)
/// is written again even when its last bytes are the old ones, so the staged file is the last.
struct DiffSink<'a> {
    old: &'a BTreeMap<String, Hash>,
    inner: &'a dyn Sink,
    hashes: Mutex<Vec<(Hash, Hash, bool)>>,
    staged: Mutex<rustc_hash::FxHashSet<Hash>>,
    /// Paths (hashed) whose files are not what `old` says (changed or removed by hand): written
    /// whatever their bytes. Set before the first put.
    stale: std::sync::OnceLock<rustc_hash::FxHashSet<Hash>>,
}

impl Sink for DiffSink<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let h = cache::hash(bytes);
        let path = cache::hash(rel.as_bytes());
        let poisoned = || std::io::Error::other("poisoned");
        // A cold build (no old files) writes every put: nothing to remember.
        let warm = !self.old.is_empty();
        let again = warm && self.staged.lock().map_err(|_| poisoned())?.contains(&path);
        let stale = self.stale.get().is_some_and(|s| s.contains(&path));
        let changed = again || stale || self.old.get(rel) != Some(&h);
        if changed {
            self.inner.put(rel, bytes)?;
            if warm {
                self.staged.lock().map_err(|_| poisoned())?.insert(path);
            }
        }
        self.hashes
            .lock()
            .map_err(|_| poisoned())?
            .push((path, h, changed));
        Ok(())
    }
}

/// Where the files of a cached build go.
enum Target {
    /// A cold build: a fresh folder swapped in whole.
    Cold(Staging),
    /// A warm build: changed files only, committed through the journal.
    Warm(cache::commit::Update),
}

/// A build of the whole site with the cache. `report` holds what was found before (none of its
/// diagnostics are errors).
pub(super) fn build(opts: &BuildOptions, config: Config, theme: &Theme, report: &mut BuildReport) {
    // An output moved aside by a build killed in the middle of its swap is put back first, or its
    // manifest would not be found.
    crate::output::clean_stale(&opts.out);
    // `clean_stale` keeps the index a build with this process id writes; none is written yet, so
    // one found here is a killed build's (the same id is common in containers).
    let _ = std::fs::remove_file(cache::index::temp_path(&opts.out));
    if let Err(e) = cache::commit::recover(&opts.out) {
        // The output may be half-updated and its cache cannot describe it: dropped, so this build
        // is a cold one, which replaces the whole folder.
        let _ = std::fs::remove_dir_all(opts.out.join(cache::DIR));
        report.notes.push(format!(
            "the update a killed build left in {} could not be finished ({e}); building everything",
            opts.out.display()
        ));
    }
    // A build with a cache is usually warm and small: no huge pages until it renders everything
    // (`crate::memory`).
    let no_huge_pages = cache::manifest_path(&opts.out)
        .is_file()
        .then(crate::memory::forbid_huge_pages);
    let phase = Phase::start("inputs");
    let hashed_at = inputs::now_ns();
    // The manifest is decoded while the content is walked. The index of sources is decoded on a
    // thread of its own, waited for only when something changed (an unchanged site is replayed
    // without it).
    let index = {
        let (out, lang) = (opts.out.clone(), config.source_lang.clone());
        std::thread::spawn(move || Index::read(&out, &lang))
    };
    let (old, (found, discover_diags)) = rayon::join(
        || Manifest::load(&opts.out),
        || Site::discover(&opts.content),
    );
    let (inputs, stamps) = inputs::content(&found, old.as_ref().ok());
    let settings = fingerprint::settings(&config, theme, &super::absolute(&opts.content));
    let health = opts.content.join("health").is_dir();
    drop(phase);
    let mut old = match old {
        Ok(m) => Some(m),
        Err(miss) => {
            report.notes.extend(miss.note(&opts.out));
            None
        }
    };
    let discover_stored = cache::store(&discover_diags);
    if let Some(m) = &old
        && m.settings == settings
        && m.inputs == inputs
        && m.discover == discover_stored
        && !health
        && !m.health
        && inputs::external(m.external.keys().map(|p| p.as_path())) == m.external
    {
        report.cache = Some("warm");
        report.pages_per_lang = m.pages_per_lang.clone();
        report.files = m.outputs.len();
        report.rerendered = Some(0);
        report.written = Some(0);
        report.diagnostics = cache::restore(&m.diagnostics);
        report.warnings_as_errors(opts.strict || m.strict);
        return;
    }
    let phase = Phase::start("load");
    // Unchanged sources come from the index, without their text.
    let index = index.join().unwrap_or_default();
    let mut reuse = index.reuse(&opts.out, &inputs, &config.source_lang);
    let site = Site::from_found_with(config, &opts.content, found, discover_diags, &mut reuse);
    // The next index of sources is written now, while memory is far from the build's peak (it
    // moves in after the commit, or is removed if the build fails).
    let next_index = reuse.into_writer().and_then(|w| w.finish(&site).ok());
    drop(phase);
    let (model, health_diags) = render::load_health(&site);
    let phase = Phase::start("fingerprints");
    let counts = segment_counts(&site, &inputs, old.as_ref(), settings);
    let global = fingerprint::global(&site, &inputs, &counts, settings, model.is_some());
    drop(phase);
    let usable = old.as_ref().filter(|m| !m.outputs.is_empty());
    let is_warm = usable.is_some();
    let empty = Manifest::default();
    let m = usable.unwrap_or(&empty);
    let target = match usable {
        Some(_) => cache::commit::Update::new(&opts.out).map(Target::Warm),
        None => Staging::new(&opts.out).map(Target::Cold),
    };
    let target = match target {
        Ok(t) => t,
        Err(e) => {
            report.diagnostics.extend(site.diagnostics.iter().cloned());
            report
                .diagnostics
                .push(super::write_diagnostic(&opts.out, e));
            return;
        }
    };
    let staging_sink;
    let inner: &dyn Sink = match &target {
        Target::Cold(s) => {
            staging_sink = DirSink::new(s.dir.clone());
            &staging_sink
        }
        Target::Warm(u) => u.sink(),
    };
    // A cold build puts every file: room for all at once (growing the list by doubling held two
    // copies at 100,000 sources). A warm one puts few, or reuses the room as it grows.
    let expected = if m.outputs.is_empty() {
        site.pages.len() * 5 / 2 + site.assets.len() + 1024
    } else {
        0
    };
    let diff = DiffSink {
        old: &m.outputs,
        inner,
        hashes: Mutex::new(Vec::with_capacity(expected)),
        staged: Mutex::default(),
        stale: std::sync::OnceLock::new(),
    };
    let external = inputs::external(m.external_deps());
    let mut notices: Vec<Hash> = Vec::new();
    let mut read_back_failed = false;
    let (done, _) = render::render_parts(
        &site,
        theme,
        model.as_ref(),
        &diff,
        &Selection::all(),
        &mut |r| {
            if model.is_some() {
                notices = (0..site.pages.len())
                    .map(|i| render::notices_hash(r, i))
                    .collect();
            }
            let notice = |i: usize| notices.get(i).copied().unwrap_or_default();
            let all = |site: &Site| {
                if let Some(n) = &no_huge_pages {
                    n.restore();
                }
                Plan::all(site)
            };
            // A path two parts write (an asset where a page goes) is settled by the order of a
            // full render: the site is rendered whole while it has one.
            if usable.is_none()
                || m.global != global
                || m.pages.len() != site.pages.len()
                || m.collisions
            {
                return all(&site);
            }
            let phase = Phase::start("page fingerprints");
            // In parallel: each page's hash walks its deps and looks its inputs up.
            let pages: Vec<usize> = (0..site.pages.len())
                .into_par_iter()
                .filter(|&i| {
                    fingerprint::page(
                        global,
                        &site,
                        i,
                        &inputs,
                        Some(&external),
                        &m.pages[i].deps,
                        notice(i),
                    ) != m.pages[i].fingerprint
                })
                .collect();
            drop(phase);
            // A shared include edited can render much of the site again: that is a cold build's
            // work, which gains from huge pages.
            if pages.len() >= site.pages.len() / 4
                && let Some(n) = &no_huge_pages
            {
                n.restore();
            }
            let assets = site
                .assets
                .keys()
                .filter(|rel| inputs.get(*rel) != m.inputs.get(*rel))
                .cloned()
                .collect();
            let _phase = Phase::start("search read");
            let search_base = if site.config.output.search && !pages.is_empty() {
                match read_back_search(&site, m, &opts.out, &pages) {
                    Some(base) => base,
                    None => {
                        // The full render that follows writes the whole old index again, even
                        // files whose bytes the manifest still names (a hand-edited shard of a
                        // language that was not read included).
                        let every = m.search.values().flat_map(|part| part.outputs.iter());
                        let _ = diff
                            .stale
                            .set(every.map(|p| cache::hash(p.as_bytes())).collect());
                        read_back_failed = true;
                        return all(&site);
                    }
                }
            } else {
                // Nothing to update: every language's index stays as it is.
                (0..site.languages.len()).map(|_| None).collect()
            };
            Plan {
                pages,
                globals: false,
                assets,
                search_base,
            }
        },
    );
    if read_back_failed {
        report.notes.push(
            "the search index in the output was changed since the last build or cannot be read; rendering every page".into(),
        );
    }
    if done.failed {
        // The templates did not compile: nothing was rendered, and the output stays.
        report.diagnostics.extend(site.diagnostics.iter().cloned());
        report.diagnostics.extend(done.general);
        report.diagnostics.extend(health_diags);
        match target {
            Target::Cold(s) => s.discard(),
            Target::Warm(u) => u.discard(),
        }
        if let Some(at) = next_index {
            let _ = std::fs::remove_file(at);
        }
        return;
    }
    let hashes = diff.hashes.into_inner().unwrap_or_default();
    let full = done.globals.is_some();
    let phase = Phase::start("assemble");
    // The previous manifest is consumed: its records move into the new one (at 100,000 sources a
    // copy of them raised the peak memory).
    let prev = if is_warm {
        old.take().unwrap_or_default()
    } else {
        Manifest::default()
    };
    let (mut manifest, written) = assemble(
        &site, prev, full, done, &hashes, inputs, settings, global, &notices, health, &external,
    );
    manifest.stamps = stamps;
    manifest.hashed_at = hashed_at;
    manifest.discover = discover_stored;
    manifest.counts = counts;
    drop(phase);
    // Health diagnostics depend on the clock: never stored (a site with health data is never
    // replayed), always fresh.
    report.diagnostics = cache::restore(&manifest.diagnostics);
    report.diagnostics.extend(health_diags);
    report.pages_per_lang = manifest.pages_per_lang.clone();
    report.files = manifest.outputs.len();
    report.cache = Some(if is_warm { "warm" } else { "cold" });
    report.rerendered = Some(written.rerendered);
    report.written = Some(written.files.len());
    report.warnings_as_errors(opts.strict || site.config.build.strict);
    if report.errors() > 0 {
        report.written = Some(0);
        match target {
            Target::Cold(s) => s.discard(),
            Target::Warm(u) => u.discard(),
        }
        if let Some(at) = next_index {
            let _ = std::fs::remove_file(at);
        }
        return;
    }
    let _p = Phase::start("commit");
    let mut stored = manifest;
    stored.strict = site.config.build.strict;
    // After a full render, or on a very large site, the loaded site is freed before the manifest is
    // encoded: at 100,000 sources it is a gigabyte, and both together made the build's peak.
    let site = if full || site.pages.len() > render::LARGE_SITE_PAGES {
        drop(site);
        None
    } else {
        Some(site)
    };
    let result = match target {
        Target::Cold(s) => {
            let dir = s.dir.join(cache::DIR);
            std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(cache::manifest_path(&s.dir), stored.to_bytes()))
                .and_then(|()| s.commit())
        }
        Target::Warm(u) => u.commit(
            &written.files,
            &written.deleted,
            &stored.outputs,
            &stored.to_bytes(),
        ),
    };
    if let Some(at) = next_index
        && !(result.is_ok() && index::install(&at, &opts.out).is_ok())
    {
        let _ = std::fs::remove_file(&at);
    }
    drop(_p);
    // Freeing the loaded site and both manifests takes tens of milliseconds at 10,000 sources:
    // done on another thread, which a command-line build does not wait for.
    std::thread::spawn(move || drop((stored, site, old)));
    if let Err(e) = result {
        // A failed commit may have moved some files in: the cache no longer describes the
        // output, so the next build is a cold one.
        let _ = std::fs::remove_dir_all(opts.out.join(cache::DIR));
        report.diagnostics.push(
            Diagnostic::error(
                "write",
                &opts.out,
                0,
                0,
                format!("cannot update the output folder: {e}"),
            )
            .with_help("check free disk space and permissions"),
        );
    }
}

/// What coverage counts of each side-by-side file: kept from the manifest for files whose input
/// did not change, counted again for the others.
fn segment_counts(
    site: &Site,
    inputs: &BTreeMap<String, Hash>,
    old: Option<&Manifest>,
    settings: Hash,
) -> BTreeMap<String, (usize, usize, usize)> {
    let old = old.filter(|m| m.settings == settings);
    let files: Vec<&crate::site::LoadedFile> =
        site.files.values().filter(|f| f.bilingual).collect();
    files
        .par_iter()
        .map(|f| {
            let kept = old.and_then(|m| {
                (m.inputs.get(&f.rel) == inputs.get(&f.rel))
                    .then(|| m.counts.get(&f.rel).copied())
                    .flatten()
            });
            (
                f.rel.clone(),
                kept.unwrap_or_else(|| crate::coverage::segment_counts(f)),
            )
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// What a build wrote.
struct Written {
    /// Pages rendered.
    rerendered: usize,
    /// Files whose bytes changed (or are new).
    files: Vec<String>,
    /// Files of the previous build that this one no longer has.
    deleted: Vec<String>,
}

/// Per language, the index without the pages rendered again, read back from the output's shards
/// (`None` for a language none of `pages` is in). `None` when a shard cannot be read or parsed,
/// or is not as the last build wrote it.
fn read_back_search(
    site: &Site,
    old: &Manifest,
    out: &Path,
    pages: &[usize],
) -> Option<Vec<Option<crate::search::Base>>> {
    let ids: Vec<_> = render::doc_ids(site, pages).into_iter().collect();
    // Each language on its own thread (an edited page changes its language and the source's);
    // every language is tried, so that a failure is not hidden by another.
    let read: Vec<Option<(usize, crate::search::Base)>> = ids
        .into_par_iter()
        .map(|(li, drop)| {
            let lang = site.languages[li].as_str();
            let mut files = Vec::new();
            for p in old.search.get(lang)?.outputs.iter() {
                if !crate::search::is_shard_file(p, lang) {
                    continue;
                }
                // Only bytes this cache wrote are trusted.
                let bytes = std::fs::read(out.join(p)).ok()?;
                if old.outputs.get(p) != Some(&cache::hash(&bytes)) {
                    return None;
                }
                files.push((p.clone(), bytes));
            }
            Some((li, crate::search::read_back(files, &drop)?))
        })
        .collect();
    let mut base: Vec<Option<crate::search::Base>> =
        (0..site.languages.len()).map(|_| None).collect();
    for r in read {
        let (li, postings) = r?;
        base[li] = Some(postings);
    }
    Some(base)
}

/// The manifest after this build, and what it wrote.
#[allow(clippy::too_many_arguments)]
fn assemble(
    site: &Site,
    old: Manifest,
    full: bool,
    mut done: Rendered,
    hashes: &[(Hash, Hash, bool)],
    inputs: BTreeMap<String, Hash>,
    settings: Hash,
    global: Hash,
    notices: &[Hash],
    health: bool,
    external_before: &BTreeMap<std::path::PathBuf, Hash>,
) -> (Manifest, Written) {
    let Manifest {
        pages: old_pages,
        globals: old_globals,
        search: mut old_search,
        status: old_status,
        outputs: old_outputs,
        ..
    } = old;
    let mut m = Manifest {
        settings,
        inputs,
        health,
        global,
        ..Manifest::default()
    };
    let rerendered = done.pages.len();
    // Pages: the rendered ones' new records, the others' old ones.
    let mut records: Vec<Option<PageRecord>> = if full {
        vec![None; site.pages.len()]
    } else {
        old_pages.into_iter().map(Some).collect()
    };
    // Files outside the content: the kept pages' with the hashes their fingerprints were checked
    // against, the rendered pages' with the hash of what they read. A file both saw differently
    // (edited during the build) gets a hash that matches nothing, so the next build checks every
    // page again instead of replaying.
    for r in records.iter().flatten() {
        for d in &r.deps {
            if let Dep::External(p, _) = d {
                let h = external_before.get(p).copied().unwrap_or_default();
                m.external.insert(p.clone(), h);
            }
        }
    }
    for p in &done.pages {
        for d in &p.deps {
            if let Dep::External(path, read) = d {
                let e = m.external.entry(path.clone()).or_insert(*read);
                if *e != *read {
                    *e = 0;
                }
            }
        }
    }
    // After a partial render, the files of the parts rendered again before and after: only they
    // can have come or gone.
    let mut replaced: Vec<String> = Vec::new();
    let mut fresh_parts: Vec<usize> = Vec::new();
    for p in done.pages {
        let notice = notices.get(p.idx).copied().unwrap_or_default();
        let fingerprint = fingerprint::page(global, site, p.idx, &m.inputs, None, &p.deps, notice);
        if let Some(old) = records[p.idx].take() {
            replaced.extend(old.outputs);
        }
        fresh_parts.push(p.idx);
        records[p.idx] = Some(PageRecord {
            fingerprint,
            deps: p.deps,
            outputs: p.outputs,
            diags: cache::store(&p.diags),
            counted: p.counted,
        });
    }
    m.pages = records.into_iter().map(Option::unwrap_or_default).collect();
    let part = |p: PartDone| Part {
        outputs: p.outputs,
        diags: cache::store(&p.diags),
    };
    m.globals = done.globals.map(part).unwrap_or(old_globals);
    let mut fresh_search = Vec::new();
    for (li, lang) in site.languages.iter().enumerate() {
        let fresh = done.search.get_mut(li).and_then(Option::take);
        let before = old_search.remove(lang.as_str());
        // Parts not rendered keep their old files; after a full render nothing is kept (a part
        // that is gone, such as the search index turned off, leaves no files behind).
        let p = match (fresh, before) {
            (Some(p), before) => {
                replaced.extend(before.into_iter().flat_map(|b| b.outputs));
                fresh_search.push(lang.to_string());
                part(p)
            }
            (None, Some(before)) if !full => before,
            (None, _) => continue,
        };
        m.search.insert(lang.to_string(), p);
    }
    m.status = done.status.map(part).unwrap_or_default();
    replaced.extend(old_status.outputs);
    // Every file the site now has, with its hash: new ones from this build, the rest kept.
    // The last put of a path is its bytes; it was staged if any put staged it.
    let mut new: HashMap<Hash, (Hash, bool)> = HashMap::with_capacity(hashes.len());
    for (p, h, changed) in hashes {
        let e = new.entry(*p).or_insert((*h, *changed));
        *e = (*h, e.1 || *changed);
    }
    let (outputs, written, deleted, collisions) = if full {
        all_outputs(&m, old_outputs, &new)
    } else {
        let fresh: Vec<&String> = fresh_parts
            .iter()
            .flat_map(|&i| &m.pages[i].outputs)
            .chain(fresh_search.iter().flat_map(|l| &m.search[l].outputs))
            .chain(&m.status.outputs)
            .collect();
        partial_outputs(old_outputs, replaced, fresh, &m.globals.outputs, &new)
    };
    m.outputs = outputs;
    m.collisions = collisions;
    // Diagnostics, as a cold build reports them.
    let mut diags: Vec<Diagnostic> = site.diagnostics.clone();
    diags.extend(done.general);
    for p in &m.pages {
        diags.extend(cache::restore(&p.diags));
    }
    for part in std::iter::once(&m.globals)
        .chain(m.search.values())
        .chain(std::iter::once(&m.status))
    {
        diags.extend(cache::restore(&part.diags));
    }
    super::sort_diagnostics(&mut diags);
    m.diagnostics = cache::store(&diags);
    let mut per_lang: rustc_hash::FxHashMap<&crate::lang::Lang, usize> = Default::default();
    for (i, p) in m.pages.iter().enumerate() {
        if p.counted {
            *per_lang.entry(&site.pages[i].lang).or_default() += 1;
        }
    }
    for (lang, n) in per_lang {
        m.pages_per_lang.insert(lang.to_string(), n);
    }
    (
        m,
        Written {
            rerendered,
            files: written,
            deleted,
        },
    )
}

/// Every file the site has after a full render, with its hash; those written; those the previous
/// build had and this one does not; whether two parts put the same path.
type Outputs = (BTreeMap<String, Hash>, Vec<String>, Vec<String>, bool);

/// [`Outputs`] after a full render: every part's files looked up.
fn all_outputs(
    m: &Manifest,
    old_outputs: BTreeMap<String, Hash>,
    new: &HashMap<Hash, (Hash, bool)>,
) -> Outputs {
    let mut written = BTreeSet::new();
    let mut now: rustc_hash::FxHashMap<&str, Hash> = rustc_hash::FxHashMap::default();
    let mut collisions = false;
    for path in m
        .pages
        .iter()
        .flat_map(|p| &p.outputs)
        .chain(&m.globals.outputs)
        .chain(m.search.values().flat_map(|p| &p.outputs))
        .chain(&m.status.outputs)
    {
        let entry = match new.get(&cache::hash(path.as_bytes())) {
            Some(&(h, changed)) => {
                if changed {
                    written.insert(path.clone());
                }
                h
            }
            None => old_outputs.get(path).copied().unwrap_or_default(),
        };
        collisions |= now.insert(path.as_str(), entry).is_some();
    }
    // The old map's paths move into the new one (a copy of 500,000 paths at 100,000 sources
    // raised the peak); those the site no longer has are the deletes.
    let mut outputs = BTreeMap::new();
    let mut deleted = Vec::new();
    for (path, _) in old_outputs {
        match now.remove(path.as_str()) {
            Some(h) => {
                outputs.insert(path, h);
            }
            None => deleted.push(path),
        }
    }
    for (path, h) in now {
        outputs.insert(path.to_string(), h);
    }
    (outputs, written.into_iter().collect(), deleted, collisions)
}

/// [`Outputs`] after a partial render, from the previous build's: only the files of the parts
/// rendered again (`replaced` before, `fresh` after) can have come or gone, and besides theirs only
/// the site-wide files kept (`globals`: assets copied again) can have been put. Looking up every
/// file of the site instead was 26 ms of a one-page build at 10,000 sources.
fn partial_outputs(
    mut outputs: BTreeMap<String, Hash>,
    replaced: Vec<String>,
    fresh: Vec<&String>,
    globals: &[String],
    new: &HashMap<Hash, (Hash, bool)>,
) -> Outputs {
    let fresh_set: rustc_hash::FxHashSet<&str> = fresh.iter().map(|p| p.as_str()).collect();
    let replaced_set: rustc_hash::FxHashSet<&str> = replaced.iter().map(String::as_str).collect();
    // A path two fresh parts put, or a fresh part puts where a kept part has a file.
    let mut collisions = fresh_set.len() != fresh.len();
    let mut deleted: Vec<String> = replaced
        .iter()
        .filter(|p| !fresh_set.contains(p.as_str()))
        .cloned()
        .collect();
    deleted.sort_unstable();
    deleted.dedup();
    for p in &deleted {
        outputs.remove(p);
    }
    let mut written = BTreeSet::new();
    for p in fresh {
        collisions |= outputs.contains_key(p) && !replaced_set.contains(p.as_str());
        let (h, changed) = new
            .get(&cache::hash(p.as_bytes()))
            .copied()
            .unwrap_or((outputs.get(p).copied().unwrap_or_default(), false));
        if changed {
            written.insert(p.clone());
        }
        match outputs.get_mut(p) {
            Some(e) => *e = h,
            None => {
                outputs.insert(p.clone(), h);
            }
        }
    }
    for p in globals {
        if let Some(&(h, changed)) = new.get(&cache::hash(p.as_bytes())) {
            if changed {
                written.insert(p.clone());
            }
            if let Some(e) = outputs.get_mut(p) {
                *e = h;
            }
        }
    }
    (outputs, written.into_iter().collect(), deleted, collisions)
}
