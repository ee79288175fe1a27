//! Split builds (`build --lang`, `merge`), `check --known-urls` and `build --format json`, through
//! the binary as a CI job runs them, on the real corpus and on `tests/fixtures/split/`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tandem(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .output()
        .expect("run tandem")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "tandem failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Every file under `dir` with its bytes, by output-relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::output_tree(dir)
}

fn assert_same_tree(a: &Path, b: &Path) {
    common::assert_same_output(a, b, "split and whole");
}

/// Builds the corpus with the default configuration (an empty tandem.toml beside `out`, so the
/// repository's own one is not read from the working directory).
fn corpus_build(out: &Path, extra: &[&str]) -> Output {
    let corpus = common::corpus();
    let config = out.with_extension("toml");
    std::fs::write(&config, "").unwrap();
    let mut args = vec![
        "build",
        "--content",
        s(&corpus),
        "--config",
        s(&config),
        "--out",
        s(out),
        "--base-url",
        "https://docs.example.com",
        "--quiet",
    ];
    args.extend_from_slice(extra);
    tandem(&args)
}

#[test]
fn corpus_jobs_per_language_merge_into_the_full_build_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let d = |n: &str| tmp.path().join(n);
    ok(&corpus_build(&d("full"), &[]));
    // The French job without the English pages it reconstructs, the English job, and the French
    // job as it comes (with them): both matrices give the full site.
    ok(&corpus_build(&d("fr"), &["--lang", "fr-fr", "--no-source"]));
    ok(&corpus_build(&d("en"), &["--lang", "en-us"]));
    ok(&corpus_build(&d("fr-src"), &["--lang", "fr-fr"]));

    let fr = tree(&d("fr"));
    assert!(fr.keys().any(|k| k.starts_with("fr-fr/")));
    assert!(
        !fr.keys()
            .any(|k| k.starts_with("en-us/") || k.starts_with("search/en-us/")),
        "a --no-source French job writes nothing of the English folders"
    );
    // Files outside the language folders are computed from the whole content: the root picker
    // of the French job already offers English.
    let picker = String::from_utf8(fr["index.html"].clone()).unwrap();
    assert!(picker.contains("hreflang=\"en-us\""), "{picker}");
    let with_source = tree(&d("fr-src"));
    assert!(with_source.contains_key("en-us/partner-center/index.html"));
    assert!(
        !with_source.keys().any(|k| k.starts_with("search/en-us/")),
        "the English search index is the English job's: it needs every English page"
    );

    for (name, jobs) in [("merged", ["fr", "en"]), ("merged-src", ["fr-src", "en"])] {
        let out = tandem(&[
            "merge",
            "--out",
            s(&d(name)),
            s(&d(jobs[0])),
            s(&d(jobs[1])),
        ]);
        ok(&out);
        assert!(String::from_utf8_lossy(&out.stderr).contains("Merged"));
        assert_same_tree(&d("full"), &d(name));
    }
    // `cp -r` of the two outputs gives the same site (the documented rule).
    let copied = d("copied");
    for job in ["fr", "en"] {
        for (rel, bytes) in tree(&d(job)) {
            let p = copied.join(&rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
    assert_same_tree(&d("full"), &copied);
}

#[test]
fn the_bundled_site_split_in_three_merges_into_its_full_build() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let (content, config) = (root.join("content"), root.join("tandem.toml"));
    let build = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "build",
            "--content",
            s(&content),
            "--config",
            s(&config),
            "--out",
            s(out),
            "--quiet",
        ];
        args.extend_from_slice(extra);
        ok(&tandem(&args));
    };
    build(&tmp.path().join("full"), &[]);
    let mut merge = vec![
        "merge".to_string(),
        "--out".into(),
        s(&tmp.path().join("merged")).into(),
    ];
    for lang in ["de-de", "en-us", "fr-fr"] {
        let out = tmp.path().join(lang);
        build(&out, &["--lang", lang, "--no-source"]);
        merge.push(s(&out).into());
    }
    let args: Vec<&str> = merge.iter().map(String::as_str).collect();
    ok(&tandem(&args));
    assert_same_tree(&tmp.path().join("full"), &tmp.path().join("merged"));
}

#[test]
fn merge_refuses_outputs_that_differ_and_leaves_the_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let d = |n: &str| tmp.path().join(n);
    ok(&corpus_build(&d("fr"), &["--lang", "fr-fr", "--no-source"]));
    // The same job against another base URL: every shared file (root picker, sitemap) differs.
    std::fs::write(d("other.toml"), "").unwrap();
    ok(&tandem(&[
        "build",
        "--content",
        s(&common::corpus()),
        "--config",
        s(&d("other.toml")),
        "--out",
        s(&d("en")),
        "--base-url",
        "https://other.example.com",
        "--lang",
        "en-us",
        "--quiet",
    ]));
    std::fs::create_dir_all(d("site")).unwrap();
    std::fs::write(d("site/keep.txt"), "previous site").unwrap();
    let out = tandem(&["merge", "--out", s(&d("site")), s(&d("fr")), s(&d("en"))]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[merge-conflict]"), "{err}");
    assert!(err.contains("sitemap.xml"), "{err}");
    assert!(err.contains("index.html"), "every conflict is named: {err}");
    assert_eq!(
        std::fs::read_to_string(d("site/keep.txt")).unwrap(),
        "previous site"
    );
    assert_eq!(
        tree(&d("site")).len(),
        1,
        "nothing of the failed merge is left"
    );
    // Merging into one of the inputs is refused before anything is written.
    let out = tandem(&["merge", "--out", s(&d("fr")), s(&d("fr")), s(&d("en"))]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[out-dir]"));
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/split")
}

fn fixture_build(out: &Path, extra: &[&str]) -> Output {
    let f = fixture();
    let mut args = vec![
        "build".to_string(),
        "--content".into(),
        s(&f.join("content")).into(),
        "--config".into(),
        s(&f.join("tandem.toml")).into(),
        "--out".into(),
        s(out).into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    tandem(&args)
}

#[test]
fn each_job_reports_its_own_languages_problems_and_unknown_languages_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    // The German page has broken links; the French job does not report them, even --strict.
    let fr = fixture_build(&tmp.path().join("fr"), &["--lang", "fr-fr", "--strict"]);
    ok(&fr);
    let err = String::from_utf8_lossy(&fr.stderr);
    assert!(!err.contains("de-de/index.md"), "{err}");
    let de = fixture_build(&tmp.path().join("de"), &["--lang", "de-de", "--strict"]);
    assert!(!de.status.success());
    assert!(String::from_utf8_lossy(&de.stderr).contains("de-de/index.md:7:"));
    // French media go with the French job only.
    assert!(tmp.path().join("fr/fr-fr/media/diagram.png").is_file());
    ok(&fixture_build(
        &tmp.path().join("de2"),
        &["--lang", "de-de"],
    ));
    assert!(!tmp.path().join("de2/fr-fr").exists());

    let bad = fixture_build(&tmp.path().join("x"), &["--lang", "fr-fr,it-it"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("error[lang-unknown]"), "{err}");
    assert!(
        err.contains("de-de, en-us, fr-fr"),
        "the help lists the languages: {err}"
    );
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn build_format_json_prints_one_summary_object() {
    let tmp = tempfile::tempdir().unwrap();
    let out = fixture_build(
        &tmp.path().join("o"),
        &["--format", "json", "--lang", "fr-fr"],
    );
    ok(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim().lines().count(), 1, "one line: {stdout}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["status"], "built");
    assert_eq!(v["tandem"], env!("CARGO_PKG_VERSION"));
    let per = v["pages_per_language"].as_object().unwrap();
    assert_eq!(per["fr-fr"], 2);
    assert_eq!(v["other_languages"], serde_json::json!(["de-de", "en-us"]));
    assert_eq!(
        per.values().map(|n| n.as_u64().unwrap()).sum::<u64>(),
        v["pages"].as_u64().unwrap()
    );
    assert!(v["files"].as_u64().unwrap() > 2);
    assert!(v["elapsed_ms"].as_f64().unwrap() >= 0.0);
    for (total, by_code) in [
        ("errors", "errors_by_code"),
        ("warnings", "warnings_by_code"),
        ("infos", "infos_by_code"),
    ] {
        let sum: u64 = v[by_code]
            .as_object()
            .unwrap_or_else(|| panic!("{by_code} is an object"))
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(sum, v[total].as_u64().unwrap(), "{total}");
    }
    // The German job's broken links are counted by code; a failed build says so.
    let out = fixture_build(&tmp.path().join("d"), &["--format", "json", "--strict"]);
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "failed");
    assert!(
        v["errors_by_code"]["link-broken"].as_u64().unwrap() >= 2,
        "{v}"
    );
}

fn check_json(content: &Path, config: &Path, known: &[&Path]) -> Vec<serde_json::Value> {
    let mut args = vec![
        "check",
        "--content",
        s(content),
        "--config",
        s(config),
        "--format",
        "json",
    ];
    for k in known {
        args.extend(["--known-urls", s(k)]);
    }
    let out = tandem(&args);
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("check JSON")
}

fn with_code<'a>(diags: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn known_urls_from_a_sitemap_verify_links_into_that_docset_only() {
    let f = fixture();
    let diags = check_json(
        &f.join("content"),
        &f.join("tandem.toml"),
        &[&f.join("known/sitemap.xml")],
    );
    let missing = with_code(&diags, "link-external-missing");
    let lines: Vec<(u64, bool)> = missing
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["severity"] == "error"))
        .collect();
    // Line 10: a site-root link the widgets docset did not publish (both halves); line 12: an
    // absolute link into it. Line 9 is published (in English: any locale counts), line 13 too
    // (another case, a locale, a trailing slash), line 11 is a docset the sitemap does not cover,
    // line 14 an image (sitemaps list pages only).
    assert_eq!(
        lines,
        [(10, true), (10, true), (12, true), (12, true)],
        "{missing:#?}"
    );
    assert!(
        with_code(&diags, "link-external-docset")
            .iter()
            .any(|d| d["line"] == 11),
        "uncovered docsets stay informational"
    );
    // Without known URLs nothing is judged.
    let plain = check_json(&f.join("content"), &f.join("tandem.toml"), &[]);
    assert!(with_code(&plain, "link-external-missing").is_empty());

    // Without `external_base`, site-root links are this site's paths: broken, unless the other
    // docset published them (Docs serves every docset from one host).
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("tandem.toml");
    std::fs::write(&config, "title = \"No external base\"\n").unwrap();
    let lines = |diags: &[serde_json::Value], code: &str| -> Vec<u64> {
        let mut l: Vec<u64> = with_code(diags, code)
            .iter()
            .filter(|d| d["file"] == "fr-fr/guide.md")
            .map(|d| d["line"].as_u64().unwrap())
            .collect();
        l.dedup();
        l
    };
    let before = check_json(&f.join("content"), &config, &[]);
    assert_eq!(lines(&before, "link-broken"), [9, 10, 11]);
    let after = check_json(&f.join("content"), &config, &[&f.join("known/sitemap.xml")]);
    assert_eq!(lines(&after, "link-broken"), [10, 11]);
    let published = with_code(&after, "link-external-docset");
    assert!(
        published.iter().any(|d| d["line"] == 9
            && d["severity"] == "info"
            && d["message"]
                .as_str()
                .unwrap()
                .contains("learn.contoso.example published it")),
        "{published:#?}"
    );
}

#[test]
fn known_urls_that_cannot_be_read_are_errors_at_their_file() {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("urls.txt");
    std::fs::write(
        &list,
        "https://learn.contoso.example/en-us/widgets/a\nwidgets/b\n",
    )
    .unwrap();
    let diags = check_json(
        &f.join("content"),
        &f.join("tandem.toml"),
        &[&list, &tmp.path().join("absent.xml")],
    );
    let known = with_code(&diags, "known-urls");
    assert!(
        known
            .iter()
            .any(|d| d["line"] == 2 && d["file"].as_str().unwrap().ends_with("urls.txt")),
        "{known:#?}"
    );
    assert!(
        known.iter().any(
            |d| d["severity"] == "error" && d["file"].as_str().unwrap().ends_with("absent.xml")
        )
    );
}

/// The path of a learn.microsoft.com Azure URL without its locale, as matching sees it (both
/// halves of a sentence link the same page in two locales).
fn azure_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://learn.microsoft.com/")?;
    let path = rest.split_once('/')?.1.to_lowercase();
    let path = path.split(['#', '?']).next()?.trim_end_matches('/');
    path.starts_with("azure/").then(|| path.to_string())
}

/// On the real corpus: the links to the Azure docset, checked against a sitemap that lists every
/// other one of their targets (made at run time from the corpus's own links).
#[test]
fn known_urls_on_the_corpus_flag_exactly_the_unlisted_azure_targets() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("tandem.toml");
    std::fs::write(
        &config,
        "[links]\nexternal_base = \"https://learn.microsoft.com\"\n",
    )
    .unwrap();
    let corpus = common::corpus();
    let diags = check_json(&corpus, &config, &[]);
    let mut paths: Vec<String> = with_code(&diags, "link-external-docset")
        .iter()
        .filter_map(|d| d["message"].as_str()?.split("linked to ").nth(1))
        .filter_map(azure_path)
        .collect();
    paths.sort();
    paths.dedup();
    assert!(
        paths.len() > 20,
        "the corpus links to Azure: {}",
        paths.len()
    );
    let (listed, unlisted): (Vec<_>, Vec<_>) =
        paths.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (_, p) in &listed {
        xml.push_str(&format!(
            "<url><loc>https://learn.microsoft.com/en-us/{}</loc></url>\n",
            p.replace('&', "&amp;")
        ));
    }
    xml.push_str("</urlset>\n");
    let sitemap = tmp.path().join("azure-sitemap.xml");
    std::fs::write(&sitemap, xml).unwrap();
    let checked = check_json(&corpus, &config, &[&sitemap]);
    let mut flagged: Vec<String> = with_code(&checked, "link-external-missing")
        .iter()
        .filter_map(|d| d["message"].as_str()?.split("linked to ").nth(1))
        .filter_map(|u| azure_path(u.split(')').next()?))
        .collect();
    flagged.sort();
    flagged.dedup();
    let expected: Vec<String> = unlisted.into_iter().map(|(_, p)| p.clone()).collect();
    assert_eq!(flagged, expected);
}

/// Copies the split fixture into a temp folder, to add files to it.
fn fixture_copy(tmp: &Path) -> PathBuf {
    let to = tmp.join("site");
    for e in walkdir::WalkDir::new(fixture()) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(fixture()).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), to.join(rel)).unwrap();
        }
    }
    to
}

fn build_in(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec![
        "build".into(),
        "--content".into(),
        s(&site.join("content")).into(),
        "--config".into(),
        s(&site.join("tandem.toml")).into(),
        "--out".into(),
        s(out).into(),
        "--quiet".into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    tandem(&args)
}

#[test]
fn a_german_file_that_does_not_load_is_the_german_jobs_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture_copy(tmp.path());
    std::fs::write(
        site.join("content/de-de/landing.yml"),
        "### YamlMime:Landing\ntitle: [broken\n",
    )
    .unwrap();
    ok(&build_in(
        &site,
        &tmp.path().join("fr"),
        &["--lang", "fr-fr", "--strict"],
    ));
    let de = build_in(&site, &tmp.path().join("de"), &["--lang", "de-de"]);
    ok(&de);
    assert!(String::from_utf8_lossy(&de.stderr).contains("yaml-page-invalid"));
}

#[test]
fn merge_refuses_a_matrix_that_forgot_a_language_and_odd_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let d = |n: &str| tmp.path().join(n);
    // The French job writes English pages too, but not the English job's files.
    ok(&fixture_build(&d("fr"), &["--lang", "fr-fr", "--quiet"]));
    ok(&fixture_build(&d("de"), &["--lang", "de-de", "--quiet"]));
    let out = tandem(&["merge", "--out", s(&d("m")), s(&d("fr")), s(&d("de"))]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[merge-missing-lang]"), "{err}");
    assert!(
        err.contains("en-us") && !err.contains("language fr-fr"),
        "{err}"
    );
    assert!(!d("m").exists());
    ok(&fixture_build(&d("en"), &["--lang", "en-us", "--quiet"]));
    ok(&tandem(&[
        "merge",
        "--out",
        s(&d("m")),
        s(&d("fr")),
        s(&d("de")),
        s(&d("en")),
    ]));
    // Named twice, or one inside the other.
    for inputs in [[d("fr"), d("fr")], [tmp.path().to_path_buf(), d("fr")]] {
        let out = tandem(&["merge", "--out", s(&d("x")), s(&inputs[0]), s(&inputs[1])]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("error[merge-input]"));
    }
    // A file in one input that is a folder in another.
    std::fs::create_dir_all(d("a/x")).unwrap();
    std::fs::write(d("a/x/y"), "1").unwrap();
    std::fs::create_dir_all(d("b")).unwrap();
    std::fs::write(d("b/x"), "2").unwrap();
    let out = tandem(&["merge", "--out", s(&d("x")), s(&d("a")), s(&d("b"))]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[merge-conflict]") && err.contains("folder"),
        "{err}"
    );
}

/// The status section's language-neutral `status/status.json` carries the health data's reference
/// time, which for Upptime's summary is the file's modification time: two jobs on checkouts made a
/// few minutes apart must still merge. Real Upptime data from ../shared/health-samples.
#[test]
fn jobs_with_health_data_of_different_file_times_still_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let site = fixture_copy(tmp.path());
    let upptime = common::shared().join("health-samples/upptime");
    for e in walkdir::WalkDir::new(&upptime) {
        let e = e.unwrap();
        let to = site
            .join("content/health")
            .join(e.path().strip_prefix(&upptime).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let touch = |secs: u64| {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        for e in walkdir::WalkDir::new(site.join("content/health")) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let f = std::fs::File::options().write(true).open(e.path()).unwrap();
                f.set_modified(t).unwrap();
            }
        }
    };
    let d = |n: &str| tmp.path().join(n);
    touch(1_796_000_000);
    ok(&build_in(&site, &d("en"), &["--lang", "en-us"]));
    ok(&build_in(&site, &d("full"), &[]));
    // The translation jobs, then the merge of all three into `into`.
    let jobs_and_merge = |into: &str| {
        for lang in ["fr-fr", "de-de"] {
            let out = d(&lang[..2]);
            ok(&build_in(&site, &out, &["--lang", lang, "--no-source"]));
        }
        let (en, fr, de, m) = (d("en"), d("fr"), d("de"), d(into));
        ok(&tandem(&["merge", "--out", s(&m), s(&en), s(&fr), s(&de)]));
    };
    touch(1_796_000_300);
    jobs_and_merge("m");
    assert!(tree(&d("en")).contains_key("status/status.json"));
    assert!(!tree(&d("fr")).contains_key("status/status.json"));
    // Built from the same file times, the jobs give the full build.
    touch(1_796_000_000);
    jobs_and_merge("m2");
    assert_same_tree(&d("full"), &d("m2"));
}
