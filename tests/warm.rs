//! Warm builds (the build cache in `output/.tandem/`): after every kind of change, a warm build's
//! output and diagnostics are byte for byte those of a cold build (`--no-cache`) of the same
//! input; a bad cache means a cold build with a note; a failed or killed warm build never leaves a
//! half-updated site. No timings here: `bench/run.sh` measures speed.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::output_tree(dir)
}

/// Every folder of an output folder but the cache (a warm build must not leave empty ones).
fn folders(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|r| !r.starts_with(".tandem"))
        .collect()
}

fn assert_same_tree(a: &Path, b: &Path, what: &str) {
    common::assert_same_output(a, b, what);
    assert_eq!(folders(a), folders(b), "{what}: folders");
}

/// A copy of a site (content folder and config) to change.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new(content: &Path, config: Option<&Path>) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        copy_dir(content, &root.join("content"));
        match config {
            Some(c) => std::fs::copy(c, root.join("tandem.toml"))
                .map(drop)
                .unwrap(),
            None => std::fs::write(root.join("tandem.toml"), "").unwrap(),
        }
        Site { _dir: dir, root }
    }

    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    fn build(&self, out: &str, extra: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tandem"))
            .current_dir(&self.root)
            .args([
                "build",
                "--content",
                "content",
                "--out",
                out,
                "--config",
                "tandem.toml",
            ])
            .args(extra)
            .env_remove("TANDEM_TEST_COMMIT_PAUSE_MS")
            .output()
            .unwrap()
    }

    /// A warm build into `warm`, then a cold one into `cold`: same files, same diagnostics.
    fn assert_warm_is_cold(&self, what: &str) -> String {
        let warm = self.build("warm", &[]);
        let cold = self.build("cold", &["--no-cache"]);
        let (w, c) = (report(&warm), report(&cold));
        assert_eq!(
            warm.status.code(),
            cold.status.code(),
            "{what}: exit\n{w}\n{c}"
        );
        assert_eq!(body(&w), body(&c), "{what}: diagnostics");
        assert_same_tree(&self.root.join("warm"), &self.root.join("cold"), what);
        summary(&w).to_string()
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let p = self.content().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, f(text)).unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn report(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Diagnostics: everything but notes and the summary line.
fn body(s: &str) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.starts_with("note: ")).collect();
    lines[..lines.len().saturating_sub(1)].join("\n")
}

fn summary(s: &str) -> &str {
    s.lines().last().unwrap_or_default()
}

/// The `N re-rendered, M files written` numbers of a warm build's summary.
fn counts(summary: &str) -> (usize, usize) {
    let tail = summary.rsplit("; ").next().unwrap_or_default();
    let nums: Vec<usize> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(nums.len(), 2, "no counts in {summary:?}");
    (nums[0], nums[1])
}

fn bundled() -> Site {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    Site::new(&repo.join("content"), Some(&repo.join("tandem.toml")))
}

fn first_md(dir: &Path) -> String {
    let mut mds: Vec<PathBuf> = common::files_with_ext(dir, "md")
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("includes"))
        .collect();
    mds.sort();
    mds[mds.len() / 2]
        .strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_kind_of_change_builds_warm_as_cold_on_the_bundled_site() {
    let site = bundled();
    let first = site.build("warm", &[]);
    assert!(first.status.success(), "{}", report(&first));
    let page = "fr-fr/getting-started/overview.md";
    assert!(site.content().join(page).exists());
    // A sentence of one page.
    site.edit(page, |t| {
        t.replacen("data-ttu-id=", "data-x=\"1\" data-ttu-id=", 1)
    });
    site.edit(page, |t| {
        let at = t.rfind("</span>").unwrap();
        format!(
            "{}{}",
            &t[..at],
            &t[at..].replacen("</span>", " modifiée</span>", 1)
        )
    });
    let s = site.assert_warm_is_cold("a sentence");
    let (rendered, _) = counts(&s);
    assert!(rendered < 10, "one edit renders its pages only: {s}");
    // An include (every page that includes it).
    let includes = site.content().join("fr-fr/includes");
    let inc = std::fs::read_dir(&includes)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .file_name();
    let inc = format!("fr-fr/includes/{}", inc.to_string_lossy());
    site.edit(&inc, |t| t + "\nUne phrase ajoutée à l’inclusion.\n");
    site.assert_warm_is_cold("an include");
    // A title (every page shows it in links and navigation).
    site.edit(page, |t| t.replacen("title:", "title: Nouveau", 1));
    site.assert_warm_is_cold("a title");
    // A new page, then renamed, then deleted.
    let new = site
        .content()
        .join("fr-fr/getting-started/nouvelle-page.md");
    std::fs::write(&new, "---\ntitle: Nouvelle page\n---\n# Nouvelle page\n\nTexte.\n\n- [Vue d’ensemble](overview.md)\n").unwrap();
    site.assert_warm_is_cold("a new page");
    let renamed = site
        .content()
        .join("fr-fr/getting-started/page-renommee.md");
    std::fs::rename(&new, &renamed).unwrap();
    site.assert_warm_is_cold("a renamed page");
    std::fs::remove_file(&renamed).unwrap();
    site.assert_warm_is_cold("a deleted page");
    // The table of contents.
    site.edit("fr-fr/TOC.yml", |t| t.replacen("name:", "name: Table", 1));
    site.assert_warm_is_cold("a TOC");
    // Health data: a new snapshot file.
    let health = site.content().join("health");
    let mut snaps: Vec<PathBuf> = std::fs::read_dir(&health)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    snaps.sort();
    let last = snaps.last().unwrap().clone();
    site.edit(
        &format!("health/{}", last.file_name().unwrap().to_string_lossy()),
        |t| t + "\n",
    );
    site.assert_warm_is_cold("a health file");
    // The config, then a template of the site's own.
    let config = site.root.join("tandem.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replacen("title = \"", "title = \"Nouveau ", 1),
    )
    .unwrap();
    site.assert_warm_is_cold("the config");
    let templates = site.root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html");
    let page_html = std::fs::read_to_string(base).unwrap();
    std::fs::write(
        templates.join("page.html"),
        page_html.replacen("</article>", "<!-- site template --></article>", 1),
    )
    .unwrap();
    let s = site.assert_warm_is_cold("a template");
    assert!(counts(&s).0 > 20, "a template renders every page: {s}");
    // Nothing: nothing is rendered or written (the status section is, as it reads the clock,
    // but its bytes are the same within the same minute, so nothing is written).
    let s = site.assert_warm_is_cold("nothing");
    assert!(s.contains("re-rendered"), "{s}");
}

#[test]
fn corpus_edits_build_warm_as_cold_and_an_unchanged_site_is_replayed() {
    let site = Site::new(&common::corpus(), None);
    assert!(site.build("warm", &[]).status.success());
    let s = site.assert_warm_is_cold("nothing");
    assert_eq!(counts(&s), (0, 0), "{s}");
    let page = first_md(&site.content());
    site.edit(&page, |t| {
        let at = t.rfind("data-ttu-id=").unwrap();
        let gt = at + t[at..].find('>').unwrap() + 1;
        format!("{}Modifié {}", &t[..gt], &t[gt..])
    });
    let s = site.assert_warm_is_cold("a sentence of a corpus page");
    let (rendered, written) = counts(&s);
    assert!((1..=3).contains(&rendered) && written >= 1, "{s}");
    // An asset (the corpus has none but its license file): copied again, nothing rendered.
    assert!(site.content().join("LICENSE").exists());
    site.edit("LICENSE", |t| t + "\nmodifié\n");
    let s = site.assert_warm_is_cold("an asset");
    assert_eq!(counts(&s), (0, 1), "{s}");
    // A deleted page: its files go, and the folders they leave empty.
    std::fs::remove_file(site.content().join(&page)).unwrap();
    site.assert_warm_is_cold("a deleted corpus page");
    // A template of the site's own: every page changes, so a new folder (the changed files and
    // links to the others) is swapped in whole; then a sentence again, through the journal.
    let ino = || std::fs::metadata(site.root.join("warm")).unwrap().ino();
    let before = ino();
    site_template(&site, "one");
    let s = site.assert_warm_is_cold("a template of the corpus");
    assert!(counts(&s).1 > 64, "{s}");
    assert_ne!(
        ino(),
        before,
        "a template change swaps a new folder in: {s}"
    );
    let swapped = ino();
    let page = first_md(&site.content());
    site.edit(&page, |t| {
        t.replacen("data-ttu-id=", "data-y=\"2\" data-ttu-id=", 1)
    });
    site.edit(&page, |t| {
        let at = t.rfind("data-ttu-id=").unwrap();
        let gt = at + t[at..].find('>').unwrap() + 1;
        format!("{}Encore {}", &t[..gt], &t[gt..])
    });
    let s = site.assert_warm_is_cold("a sentence after the swap");
    assert_eq!(
        ino(),
        swapped,
        "a small change updates the folder in place: {s}"
    );
}

/// Writes `templates/page.html` of the site: the theme's, with a comment `tag` in every page.
fn site_template(site: &Site, tag: &str) {
    let templates = site.root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html");
    let html = std::fs::read_to_string(theme).unwrap();
    std::fs::write(
        templates.join("page.html"),
        html.replacen("</article>", &format!("<!-- {tag} --></article>"), 1),
    )
    .unwrap();
}

/// The index of sources (`.tandem/files`): a warm build reads only the sources whose bytes are
/// not the ones an entry was made from, does not rewrite the index for one edited page, takes an
/// entry again when a page goes back to its old text, and reads everything when the index is
/// damaged; the output is always a cold build's.
#[test]
fn unchanged_sources_are_taken_from_the_index_without_reading_them() {
    let site = Site::new(&common::corpus(), None);
    assert!(site.build("warm", &[]).status.success());
    let index = site.root.join("warm/.tandem/files");
    let first = std::fs::read(&index).expect("a cold build writes the index");
    // (sources read, sources kept) of a warm build, from its timings.
    let timed = || -> (usize, usize) {
        let o = Command::new(env!("CARGO_BIN_EXE_tandem"))
            .current_dir(&site.root)
            .args(["build", "--content", "content", "--out", "warm"])
            .args(["--config", "tandem.toml", "--quiet"])
            .env("TANDEM_TIMINGS", "1")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", report(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        let line = err
            .lines()
            .find_map(|l| l.strip_prefix("note  "))
            .unwrap_or_else(|| panic!("no count of sources read: {err}"));
        let n: Vec<usize> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect();
        (n[0], n[1])
    };
    let page = first_md(&site.content());
    let original = std::fs::read_to_string(site.content().join(&page)).unwrap();
    site.edit(&page, |t| {
        let at = t.rfind("data-ttu-id=").unwrap();
        let gt = at + t[at..].find('>').unwrap() + 1;
        format!("{}Modifié {}", &t[..gt], &t[gt..])
    });
    let (edited, kept) = timed();
    site.assert_warm_is_cold("a page edited, the rest from the index");
    assert_eq!(
        std::fs::read(&index).unwrap(),
        first,
        "one edit does not rewrite the index"
    );
    std::fs::write(site.content().join(&page), &original).unwrap();
    // Structured YAML pages (the corpus has a few landing and FAQ pages) are read at every
    // build: their Markdown is made from the YAML.
    let (unchanged, _) = timed();
    site.assert_warm_is_cold("a page back to its old text");
    assert!(
        unchanged * 10 < kept,
        "the old text matches its entry again: {unchanged} read"
    );
    assert_eq!(
        edited,
        unchanged + 1,
        "only the edited source is read ({kept} kept)"
    );
    // A damaged index is not used: everything is read, and a new index is written.
    let mut bad = first.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0xff;
    std::fs::write(&index, &bad).unwrap();
    site.edit(&page, |t| t + "\nUne ligne de plus.\n");
    let (read, kept) = timed();
    assert_eq!(kept, 0, "a damaged index gives nothing ({read} read)");
    site.assert_warm_is_cold("a damaged index");
    assert_ne!(
        std::fs::read(&index).unwrap(),
        bad,
        "the index is written again"
    );
}

#[test]
fn a_bad_cache_means_a_cold_build_with_a_note() {
    let site = Site::new(&common::corpus(), None);
    assert!(site.build("warm", &[]).status.success());
    let manifest = site.root.join("warm/.tandem/manifest");
    let good = std::fs::read(&manifest).unwrap();
    // Cut off.
    std::fs::write(&manifest, &good[..good.len() / 2]).unwrap();
    let o = site.build("warm", &[]);
    let r = report(&o);
    assert!(
        r.contains("note: the build cache") && r.contains("cannot be read"),
        "{r}"
    );
    assert!(!summary(&r).contains("re-rendered"), "a cold build: {r}");
    site.assert_warm_is_cold("after a cut-off cache");
    // Written by another Tandem build: the header's binary hash differs.
    let mut other = std::fs::read(&manifest).unwrap();
    other[16] ^= 0xff;
    std::fs::write(&manifest, &other).unwrap();
    let r = report(&site.build("warm", &[]));
    assert!(r.contains("another Tandem build"), "{r}");
    // Not a cache at all.
    std::fs::write(&manifest, b"hello").unwrap();
    let r = report(&site.build("warm", &[]));
    assert!(r.contains("not a Tandem build cache"), "{r}");
    site.assert_warm_is_cold("after a foreign cache");
    // --no-cache leaves no cache behind.
    assert!(site.build("warm", &["--no-cache"]).status.success());
    assert!(!site.root.join("warm/.tandem").exists());
}

#[test]
fn a_failed_warm_build_leaves_the_output_and_its_cache_as_they_were() {
    let site = Site::new(&common::corpus(), None);
    assert!(site.build("warm", &[]).status.success());
    let before = tree(&site.root.join("warm"));
    let manifest = std::fs::read(site.root.join("warm/.tandem/manifest")).unwrap();
    let page = first_md(&site.content());
    // A new warning made an error by --strict.
    site.edit(&page, |t| t + "\n[lien cassé](nulle-part.md)\n");
    let o = site.build("warm", &["--strict"]);
    assert!(!o.status.success(), "{}", report(&o));
    assert_eq!(tree(&site.root.join("warm")), before);
    assert_eq!(
        std::fs::read(site.root.join("warm/.tandem/manifest")).unwrap(),
        manifest
    );
    let mut leftovers: Vec<_> = std::fs::read_dir(site.root.join("warm/.tandem"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["files", "manifest"],
        "only the index of sources and the manifest"
    );
    // Without --strict the same input builds, warm, as cold.
    site.assert_warm_is_cold("after a failed build");
}

/// Kills warm builds at many moments, before and during the journal's commit: the output is
/// always the old site or the new one, or a journal is left that the next build finishes before
/// it does anything else; the build after that is the cold build.
#[test]
fn a_killed_warm_build_never_leaves_a_half_updated_site() {
    let site = Site::new(&common::corpus(), None);
    assert!(site.build("warm", &[]).status.success());
    let pages: Vec<String> = common::files_with_ext(&site.content(), "md")
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("includes"))
        .take(6)
        .map(|p| {
            p.strip_prefix(site.content())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let build = |pause: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tandem"));
        c.current_dir(&site.root).args([
            "build",
            "--content",
            "content",
            "--out",
            "warm",
            "--config",
            "tandem.toml",
            "--quiet",
        ]);
        if pause {
            c.env("TANDEM_TEST_COMMIT_PAUSE_MS", "60");
        }
        c
    };
    let edit_all = |tag: &str| {
        for p in &pages {
            site.edit(p, |t| {
                let at = t.rfind("data-ttu-id=").unwrap();
                let gt = at + t[at..].find('>').unwrap() + 1;
                format!("{}{tag} {}", &t[..gt], &t[gt..])
            });
        }
    };
    // How long a warm build of such an edit takes here (debug builds, a loaded machine): kills
    // are spread over that time.
    edit_all("T");
    let t0 = std::time::Instant::now();
    assert!(
        build(true)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap()
            .success()
    );
    let full = t0.elapsed().as_millis() as u64;
    let rounds = 10u64;
    let mut journals = 0;
    let mut outcomes = std::collections::BTreeSet::new();
    for round in 0..rounds {
        let old = tree(&site.root.join("warm"));
        edit_all(&format!("R{round}"));
        let mut child = build(true)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // From the start (round 0: before anything is written) to the end of the commit (60 ms
        // per file moved or deleted).
        std::thread::sleep(std::time::Duration::from_millis(full * round / rounds));
        let _ = child.kill();
        let _ = child.wait();
        let journal = site.root.join("warm/.tandem/journal").exists();
        let now = tree(&site.root.join("warm"));
        if journal {
            journals += 1;
            outcomes.insert("journal");
        } else if now == old {
            outcomes.insert("old");
        } else {
            // Not killed in time: it finished. Then it is the new site.
            let cold = site.build("cold", &["--no-cache"]);
            assert!(cold.status.success());
            assert_eq!(
                now,
                tree(&site.root.join("cold")),
                "round {round}: neither old nor new"
            );
            outcomes.insert("new");
        }
        // The next build finishes what was committed, then builds as cold.
        site.assert_warm_is_cold(&format!("after the kill of round {round}"));
    }
    assert!(journals > 0, "no kill landed in a commit: {outcomes:?}");
    assert!(
        outcomes.contains("old"),
        "no kill landed before the commit: {outcomes:?}"
    );
}

/// The same for a template change, whose commit swaps a new folder in: killed at moments spread
/// over the build, the output is the old site, the new one, or the old one moved aside between
/// the swap's two renames (which the next build puts back); never a mix.
#[test]
fn a_killed_template_build_never_leaves_a_half_updated_site() {
    let site = Site::new(&common::corpus(), None);
    assert!(site.build("warm", &[]).status.success());
    let build = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tandem"));
        c.current_dir(&site.root)
            .args(["build", "--content", "content", "--out", "warm"])
            .args(["--config", "tandem.toml", "--quiet"])
            .env("TANDEM_TEST_COMMIT_PAUSE_MS", "150")
            .stderr(std::process::Stdio::null());
        c
    };
    site_template(&site, "T");
    let t0 = std::time::Instant::now();
    assert!(build().status().unwrap().success());
    let full = t0.elapsed().as_millis() as u64;
    let rounds = 6u64;
    let mut outcomes = std::collections::BTreeSet::new();
    for round in 0..rounds {
        let old = tree(&site.root.join("warm"));
        site_template(&site, &format!("R{round}"));
        let mut child = build().spawn().unwrap();
        // Over the second half of the build, where the links, the pause and the swap are.
        std::thread::sleep(std::time::Duration::from_millis(
            full / 2 + full / 2 * (round + 1) / (rounds + 1),
        ));
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&site.root.join("warm"));
        if !site.root.join("warm").exists() {
            outcomes.insert("aside");
        } else if now == old {
            outcomes.insert("old");
        } else {
            let cold = site.build("cold", &["--no-cache"]);
            assert!(cold.status.success());
            assert_eq!(
                now,
                tree(&site.root.join("cold")),
                "round {round}: neither old nor new"
            );
            outcomes.insert("new");
        }
        site.assert_warm_is_cold(&format!("after the kill of template round {round}"));
    }
    assert!(
        outcomes.contains("old"),
        "no kill landed before the swap: {outcomes:?}"
    );
}

/// Changes a reviewer found a first version of the cache got wrong: coverage counts of a
/// translation-only edit, a folder link found by the walk, search turned off, a file that
/// becomes a folder and back, templates that do not compile on a smaller site.
#[test]
fn changes_that_only_coverage_the_walk_or_the_config_see_build_warm_as_cold() {
    let site = Site::new(&common::corpus(), None);
    assert!(site.build("warm", &[]).status.success());
    // A translation made identical to its source: only coverage counts it.
    let page = first_md(&site.content());
    site.edit(&page, |t| {
        let at = t.find("data-ttu-id=").unwrap();
        let open = at + t[at..].find('>').unwrap() + 1;
        let close = open + t[open..].find("</span>").unwrap();
        let stu = t[close..].find("data-stu-id=").unwrap() + close;
        let s_open = stu + t[stu..].find('>').unwrap() + 1;
        let s_close = s_open + t[s_open..].find("</span>").unwrap();
        let source = t[s_open..s_close].to_string();
        format!("{}{}{}", &t[..open], source, &t[close..])
    });
    let s = site.assert_warm_is_cold("a translation made identical to its source");
    assert!(counts(&s).1 > 0, "{s}");
    // A link to a folder outside the content: the walk warns, the files found stay the same.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), "# X\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), site.content().join("ailleurs")).unwrap();
        site.assert_warm_is_cold("a folder link out of the content");
        let warm = site.build("warm", &["--strict"]);
        let cold = site.build("cold", &["--strict", "--no-cache"]);
        assert_eq!(warm.status.code(), cold.status.code());
        assert_eq!(body(&report(&warm)), body(&report(&cold)));
        std::fs::remove_file(site.content().join("ailleurs")).unwrap();
    }
    // A file that becomes a folder, and a folder that becomes a file.
    std::fs::write(site.content().join("outil"), "un fichier\n").unwrap();
    site.assert_warm_is_cold("a new asset");
    std::fs::remove_file(site.content().join("outil")).unwrap();
    std::fs::write(site.content().join("outil.md"), "# Outil\n\nTexte.\n").unwrap();
    site.assert_warm_is_cold("an asset replaced by a page of the same name");
    std::fs::remove_file(site.content().join("outil.md")).unwrap();
    std::fs::write(site.content().join("outil"), "un fichier\n").unwrap();
    site.assert_warm_is_cold("a page replaced by an asset of the same name");
    // Search turned off: the index goes.
    std::fs::write(site.root.join("tandem.toml"), "[output]\nsearch = false\n").unwrap();
    site.assert_warm_is_cold("search turned off");
    assert!(!site.root.join("warm/search").exists());
    // Templates that do not compile, on a site with a page fewer: an error, no panic, the output
    // stays.
    std::fs::remove_file(site.content().join(&page)).unwrap();
    std::fs::create_dir_all(site.root.join("templates")).unwrap();
    std::fs::write(site.root.join("templates/page.html"), "{% if %}").unwrap();
    let before = tree(&site.root.join("warm"));
    let warm = site.build("warm", &[]);
    let cold = site.build("cold", &["--no-cache"]);
    assert!(!warm.status.success() && warm.status.code() == cold.status.code());
    assert_eq!(body(&report(&warm)), body(&report(&cold)));
    assert_eq!(tree(&site.root.join("warm")), before);
    std::fs::remove_dir_all(site.root.join("templates")).unwrap();
    site.assert_warm_is_cold("the template fixed");
}

/// Paths a second review found: an asset at the path a page is written to (the asset wins, as in
/// a cold build, however the page changes), and file names with a line break (the journal).
#[test]
fn an_asset_over_a_page_and_a_line_break_in_a_name_build_warm_as_cold() {
    let site = bundled();
    std::fs::remove_dir_all(site.content().join("health")).unwrap();
    let clash = site.content().join("fr-fr/getting-started/overview");
    std::fs::create_dir_all(&clash).unwrap();
    std::fs::write(clash.join("index.html"), "<p>asset</p>").unwrap();
    assert!(site.build("warm", &[]).status.success());
    site.edit("fr-fr/getting-started/overview.md", |t| {
        t + "\nUne phrase de plus.\n"
    });
    site.assert_warm_is_cold("a page edited under an asset of its path");
    site.edit("fr-fr/getting-started/overview.md", |t| {
        t + "\nEncore une.\n"
    });
    site.assert_warm_is_cold("edited again");
    #[cfg(unix)]
    {
        let odd = site.content().join("media/x\nd fr-fr");
        std::fs::create_dir_all(&odd).unwrap();
        std::fs::write(odd.join("index.html"), "v1").unwrap();
        site.assert_warm_is_cold("a folder name with a line break");
        std::fs::remove_dir_all(&odd).unwrap();
        site.assert_warm_is_cold("and without it");
    }
}

/// Structured YAML pages are read at every build (their Markdown is made from the YAML), which
/// the index expects: a site with many of them does not have its index rewritten for one edit.
#[test]
fn many_yaml_pages_do_not_make_the_index_stale() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml-pages");
    let site = Site::new(&fixture.join("content"), Some(&fixture.join("tandem.toml")));
    let guide = site.content().join("fr-fr/guide");
    let faq = std::fs::read_to_string(guide.join("faq.yml")).unwrap();
    for n in 0..80 {
        std::fs::write(guide.join(format!("faq-copy-{n}.yml")), &faq).unwrap();
    }
    assert!(site.build("warm", &[]).status.success());
    let index = site.root.join("warm/.tandem/files");
    let first = std::fs::read(&index).expect("a cold build writes the index");
    site.edit("fr-fr/guide/dispute.md", |t| t + "\nUne ligne de plus.\n");
    site.assert_warm_is_cold("one page edited beside 80 FAQ pages");
    assert_eq!(
        std::fs::read(&index).unwrap(),
        first,
        "the FAQ pages read again do not count as changes"
    );
}

/// Shards of the search index under the output, by path.
fn shards(out: &Path) -> Vec<String> {
    tree(out)
        .into_keys()
        .filter(|p| p.starts_with("search/") && p.matches('/').count() == 2)
        .filter(|p| !p.ends_with("meta.json"))
        .collect()
}

#[test]
fn search_shards_a_body_edit_adds_to_or_empties_build_warm_as_cold() {
    let site = bundled();
    let first = site.build("warm", &[]);
    assert!(first.status.success(), "{}", report(&first));
    let page = "fr-fr/getting-started/overview.md";
    let before = shards(&site.root.join("warm"));
    // Words in shards no page had (`zq`, `9q`) and in shards other pages fill.
    site.edit(page, |t| {
        t + "\n\nZqxvort 9qwerty kayakiste installation service.\n"
    });
    let s = site.assert_warm_is_cold("words in new shards");
    assert!(counts(&s).0 < 10, "{s}");
    let added = shards(&site.root.join("warm"));
    assert!(
        added.iter().any(|p| p.ends_with("/zq.json")) && added.len() > before.len(),
        "{added:?}"
    );
    // The words go again, and with them the shards only this page filled.
    site.edit(page, |t| {
        t.replace("\n\nZqxvort 9qwerty kayakiste installation service.\n", "")
    });
    site.assert_warm_is_cold("words gone");
    assert_eq!(shards(&site.root.join("warm")), before);
    // A shard changed by hand is not trusted: the index is built again from every page, and
    // written again whole (a damaged shard of the other language too, where a kept shard's
    // bytes are the manifest's and would otherwise not be written).
    for lang in ["search/fr-fr/", "search/en-us/"] {
        let shard = before.iter().find(|p| p.starts_with(lang)).unwrap();
        std::fs::write(site.root.join("warm").join(shard), "{\"aa\":[0,1]}").unwrap();
    }
    site.edit(page, |t| t + "\nUne phrase de plus.\n");
    let warm = site.build("warm", &[]);
    assert!(
        report(&warm).contains("search index in the output was changed"),
        "{}",
        report(&warm)
    );
    let cold = site.build("cold", &["--no-cache"]);
    assert!(cold.status.success(), "{}", report(&cold));
    assert_same_tree(
        &site.root.join("warm"),
        &site.root.join("cold"),
        "right after damaged shards",
    );
    site.assert_warm_is_cold("a damaged shard");
}
