//! The bundled sample site and small fixtures: the whole pipeline, atomic output and the CLI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_into, html, select};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> (tempfile::TempDir, tandem::build::BuildReport) {
    build_into(&repo().join("content"), Some(&repo().join("tandem.toml")))
}

/// Options to build `content` with the bundled site's config into `out`.
fn site_options(content: &Path, out: &Path) -> tandem::build::BuildOptions {
    tandem::build::BuildOptions {
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        config: repo().join("tandem.toml"),
        config_required: true,
        base_url: None,
        drafts: false,
        strict: false,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn bundled_site_builds_cleanly_in_every_language() {
    let (tmp, report) = bundled();
    // The sample health data ends on 2026-11-24; after that day the build rightly warns it is stale.
    let relevant: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code != "health-stale")
        .collect();
    assert!(relevant.is_empty(), "{relevant:#?}");
    let out = tmp.path().join("output");
    for lang in ["fr-fr", "en-us", "de-de"] {
        assert!(out.join(lang).join("index.html").is_file(), "{lang} home");
        assert!(out.join(lang).join("404.html").is_file(), "{lang} 404");
    }
    assert!(out.join("index.html").is_file());
    assert!(out.join("static/tandem.css").is_file());
    assert!(out.join("media/service-health.svg").is_file());
    // Includes are not pages.
    assert!(!out.join("fr-fr/includes").exists());
}

#[test]
fn switcher_lists_exactly_the_languages_a_page_exists_in() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let langs = |p: &str| -> Vec<String> {
        let doc = html(&out.join(p));
        select(&doc, ".lang-switcher a")
            .iter()
            .map(|a| a.value().attr("hreflang").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        langs("fr-fr/support/check-service-health/index.html"),
        ["de-de", "en-us", "fr-fr"]
    );
    assert_eq!(
        langs("fr-fr/customers/add-a-customer/index.html"),
        ["en-us", "fr-fr"]
    );
    assert_eq!(
        langs("en-us/getting-started/glossary/index.html"),
        ["en-us"]
    );
}

#[test]
fn machine_translated_page_links_to_the_original() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/getting-started/roles-and-permissions/index.html"));
    let notice = select(&doc, ".notice-mt");
    assert_eq!(notice.len(), 1);
    let link = select(&doc, ".notice-mt a");
    assert_eq!(
        link[0].value().attr("href"),
        Some("/en-us/getting-started/roles-and-permissions/")
    );
    // The target is English; the link text is French, so it carries no `lang` of its own.
    assert_eq!(link[0].value().attr("hreflang"), Some("en-us"));
    assert_eq!(link[0].value().attr("lang"), None);
    // The source-language page has no MT notice.
    let en = html(&out.join("en-us/getting-started/roles-and-permissions/index.html"));
    assert!(select(&en, ".notice-mt").is_empty());
}

#[test]
fn source_page_takes_title_from_its_own_halves() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let en = html(&out.join("en-us/support/check-service-health/index.html"));
    let title: String = select(&en, "title")[0].text().collect();
    assert!(title.starts_with("Check service health"), "{title}");
    let fr = html(&out.join("fr-fr/support/check-service-health/index.html"));
    let title: String = select(&fr, "title")[0].text().collect();
    assert!(title.starts_with("Vérifier"), "{title}");
}

#[test]
fn compare_view_aligns_segments_by_id() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/support/check-service-health/compare/index.html"));
    let rows = select(&doc, "tr[id^=s-]");
    assert!(rows.len() > 5, "{}", rows.len());
    let first: String = rows[0].text().collect();
    assert!(
        first.contains("Vérifier") && first.contains("Check service health"),
        "{first}"
    );
}

#[test]
fn a_site_compare_template_can_loop_over_the_segments() {
    // The default templates read the pre-made rows only, so the build leaves `page.segments` (and
    // `page.extra`) out of their context; a site's own template must still get every segment and
    // the extra front matter.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("tandem.toml"), tmp.path().join("tandem.toml")).unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/compare.html"),
        "{% extends \"base.html\" %}{% block content %}<ol id=\"mine\">\
         {% for s in page.segments %}<li data-id=\"{{ s.id }}\">{{ s.source | safe }}</li>{% endfor %}\
         </ol>{% endblock content %}",
    )
    .unwrap();
    // A front-matter key Tandem does not know goes to `page.extra`.
    let md = content.join("fr-fr/support/check-service-health.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, text.replacen("---\n", "---\nms.reviewer: alice\n", 1)).unwrap();
    std::fs::write(
        tmp.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}\
         <p id=\"reviewer\">{{ page.extra[\"ms.reviewer\"] | default(value=\"\") }}</p>{% endblock content %}",
    )
    .unwrap();
    let out = tmp.path().join("output");
    let report = tandem::build::build(&tandem::build::BuildOptions {
        config: tmp.path().join("tandem.toml"),
        ..site_options(&content, &out)
    });
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let page = html(&out.join("fr-fr/support/check-service-health/index.html"));
    let reviewer: String = select(&page, "p#reviewer")[0].text().collect();
    assert_eq!(reviewer, "alice");
    let doc = html(&out.join("fr-fr/support/check-service-health/compare/index.html"));
    let items = select(&doc, "ol#mine li[data-id]");
    assert!(items.len() > 5, "{}", items.len());
    let first: String = items[0].text().collect();
    assert_eq!(first, "Check service health");
}

/// Builds the bundled site with `extra` appended to its tandem.toml.
fn bundled_with_config(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("tandem.toml");
    let text = std::fs::read_to_string(repo().join("tandem.toml")).unwrap();
    std::fs::write(&config, format!("{text}\n{extra}")).unwrap();
    let out = tmp.path().join("output");
    let report = tandem::build::build(&tandem::build::BuildOptions {
        config,
        ..site_options(&repo().join("content"), &out)
    });
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    (tmp, out)
}

#[test]
fn output_section_leaves_out_search_and_compare_views() {
    let page = "fr-fr/support/check-service-health";
    let has_search = |out: &Path| {
        let doc = html(&out.join(page).join("index.html"));
        let parts = [
            out.join("search/fr-fr/meta.json").is_file(),
            out.join("fr-fr/search/index.html").is_file(),
            out.join("static/search.js").is_file(),
            select(&doc, "form.site-search").len() == 1,
            select(&doc, "script[src$='search.js']").len() == 1,
        ];
        // All or nothing.
        assert!(
            parts.iter().all(|p| *p) || parts.iter().all(|p| !p),
            "{parts:?}"
        );
        parts[0]
    };
    let has_compare = |out: &Path| {
        let doc = html(&out.join(page).join("index.html"));
        let link = select(&doc, "a[href$='/compare/']").len() == 1;
        let dirs = walkdir::WalkDir::new(out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_name() == "compare")
            .count();
        assert_eq!(link, dirs > 0, "{dirs} compare folders, link {link}");
        link
    };
    // Each option leaves out its own part only; by default both are there.
    let (t1, _) = bundled();
    let out = t1.path().join("output");
    assert!(has_search(&out) && has_compare(&out));
    let (_t2, out) = bundled_with_config("[output]\nsearch = false\n");
    assert!(!has_search(&out) && has_compare(&out));
    let (_t3, out) = bundled_with_config("[output]\ncompare_views = false\n");
    assert!(has_search(&out) && !has_compare(&out));
    let (_t4, out) = bundled_with_config("[output]\nsearch = false\ncompare_views = false\n");
    assert!(!has_search(&out) && !has_compare(&out));
    // The English source stays reachable: the link to the original, and each sentence's source.
    let doc = html(&out.join(page).join("index.html"));
    assert_eq!(select(&doc, ".page-tools a[hreflang='en-us']").len(), 1);
    assert!(!select(&doc, "main span.seg[data-source]").is_empty());
}

#[test]
fn translated_segments_keep_their_id_and_source() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/support/check-service-health/index.html"));
    let segs = select(&doc, "main span.seg[id^=s-][data-source]");
    assert!(segs.len() > 5);
    assert!(
        segs.iter()
            .any(|s| s.value().attr("data-source") == Some("Check service health"))
    );
}

#[test]
fn every_translated_segment_has_its_source_text_even_in_tab_labels() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/customers/manage-subscriptions/index.html"));
    // Every wrapper, including those in tab labels (rendered outside the main Markdown pass).
    let all = select(&doc, "main span.seg[id^=s-]");
    let with_source = select(&doc, "main span.seg[id^=s-][data-source]");
    assert!(!all.is_empty());
    assert_eq!(all.len(), with_source.len());
    let tab = select(&doc, ".tabs a span.seg[data-source]");
    assert!(
        tab.iter()
            .any(|s| s.value().attr("data-source") == Some("Portal")),
        "the tab label keeps its English source"
    );
}

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let out = tmp.path().join("output");
    let opts = site_options(&content, &out);
    let first = tandem::build::build(&opts);
    assert_eq!(first.errors(), 0);
    let before = snapshot(&out);
    // Two independent errors: both must be reported, and nothing written.
    std::fs::write(
        content.join("fr-fr/broken-one.md"),
        "---\ntitle: x\n---\n# x\n\0\n",
    )
    .unwrap();
    std::fs::write(
        content.join("fr-fr/broken-two.md"),
        b"# ok\n\xff\xfe bad bytes\n",
    )
    .unwrap();
    let second = tandem::build::build(&opts);
    assert!(second.errors() >= 2, "{:#?}", second.diagnostics);
    let files: Vec<String> = second
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.to_string_lossy().into_owned())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("broken-one.md"))
            && files.iter().any(|f| f.ends_with("broken-two.md")),
        "{files:?}"
    );
    assert_eq!(snapshot(&out), before);
    // No staging folder is left behind.
    let leftovers = common::leftovers_beside(tmp.path());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn stale_files_disappear_on_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    let out = tmp.path().join("output");
    let opts = site_options(&content, &out);
    assert_eq!(tandem::build::build(&opts).errors(), 0);
    std::fs::remove_file(content.join("en-us/getting-started/glossary.md")).unwrap();
    let r = tandem::build::build(&opts);
    assert_eq!(r.errors(), 0);
    assert!(!out.join("en-us/getting-started/glossary").exists());
}

#[test]
fn output_inside_or_equal_to_content_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&repo().join("content"), &content);
    for out in [
        content.clone(),
        tmp.path().to_path_buf(),
        content.join("site"),
    ] {
        let opts = site_options(&content, &out);
        let r = tandem::build::build(&opts);
        assert_eq!(r.diagnostics[0].code, "out-dir");
    }
    assert!(
        content.join("fr-fr/index.md").is_file(),
        "content untouched"
    );
}

#[test]
fn cli_help_version_and_new_site_builds_at_once() {
    let bin = env!("CARGO_BIN_EXE_tandem");
    let out = Command::new(bin).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("tandem "));
    for sub in ["build", "new"] {
        let out = Command::new(bin).args([sub, "--help"]).output().unwrap();
        assert!(out.status.success(), "{sub} --help");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("mysite");
    assert!(
        Command::new(bin)
            .args(["new"])
            .arg(&site)
            .status()
            .unwrap()
            .success()
    );
    let out = Command::new(bin)
        .current_dir(&site)
        .arg("build")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
    assert!(
        site.join("output/en-us/getting-started/index.html")
            .is_file()
    );
    assert!(
        site.join("output/fr-fr/getting-started/index.html")
            .is_file()
    );
}

#[test]
fn unknown_config_key_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("tandem.toml");
    std::fs::write(&cfg, "title = \"x\"\ncolour = \"red\"\n").unwrap();
    let (_t, report) = build_into(&repo().join("content"), Some(&cfg));
    assert_eq!(report.errors(), 1);
    let d = &report.diagnostics[0];
    assert_eq!(d.line, 2);
    assert!(
        d.message.contains("colour") && d.message.contains("base_url"),
        "{}",
        d.message
    );
}

#[test]
fn build_exit_code_and_summary() {
    let bin = env!("CARGO_BIN_EXE_tandem");
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(bin)
        .current_dir(repo())
        .args(["build", "--out"])
        .arg(tmp.path().join("o"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("pages (") && stderr.contains("fr-fr:") && stderr.contains("en-us:"),
        "{stderr}"
    );
    let bad = Command::new(bin)
        .args(["build", "--content", "/nonexistent-tandem"])
        .arg("--out")
        .arg(tmp.path().join("o2"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("content folder does not exist"));
}

#[test]
fn help_page_of_an_affected_service_shows_the_notice_and_the_service_page_links_back() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let help = html(&out.join("fr-fr/customers/invoices-and-billing/index.html"));
    let notice = select(&help, ".notice-status");
    assert_eq!(
        notice.len(),
        1,
        "billing has an active incident in the sample data"
    );
    let link = select(&help, ".notice-status a[href*='/status/incidents/']");
    assert!(!link.is_empty(), "the notice links to the incident");
    let service = html(&out.join("fr-fr/status/services/billing/index.html"));
    let back = select(&service, "a[href='/fr-fr/customers/invoices-and-billing/']");
    assert!(
        !back.is_empty(),
        "the service page lists the help procedure"
    );
    let overview = html(&out.join("en-us/status/index.html"));
    let procedure = select(&overview, "a[href='/en-us/support/check-service-health/']");
    assert!(
        !procedure.is_empty(),
        "status pages link to the check-service-health procedure in the reader's language"
    );
}

/// `/status/status.json`, the copy at a stable address for widgets, is the source language's (the
/// bundled site's languages sort German first).
#[test]
fn the_neutral_status_json_is_the_source_languages() {
    let (tmp, _) = bundled();
    let out = tmp.path().join("output");
    let read = |p: &str| std::fs::read_to_string(out.join(p)).expect(p);
    let neutral = read("status/status.json");
    assert_eq!(neutral, read("en-us/status/status.json"));
    assert!(neutral.contains("/en-us/status/"), "{neutral}");
}
