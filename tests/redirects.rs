//! Redirect pages from `.openpublishing.redirection.json`: on the real corpus, the pages are in the
//! words of their language and Docs' `index` paths map to folders; `tandem check` reports targets
//! of this site where nothing is published, at their line.

mod common;

use std::path::Path;
use std::process::Command;

fn text(doc: &scraper::Html, css: &str) -> String {
    common::select(doc, css)[0].text().collect()
}

fn attr(doc: &scraper::Html, css: &str, name: &str) -> String {
    let el = common::select(doc, css)[0];
    el.value().attr(name).unwrap_or_default().to_string()
}

#[test]
fn corpus_redirect_pages_speak_their_language_and_map_index_paths_to_folders() {
    let (tmp, report) = common::build_into(&common::corpus(), None);
    assert_eq!(report.errors(), 0);
    let out = tmp.path().join("output");
    let moved = |rel: &str| common::html(&out.join(rel));

    let fr = moved("fr-fr/china/add-a-new-customer/index.html");
    assert_eq!(attr(&fr, "html", "lang"), "fr-fr");
    assert_eq!(text(&fr, "title"), "Page déplacée");
    let target = "https://www.21vbluecloud.com/partner-china/add-a-new-customer";
    assert_eq!(
        text(&fr, "body p"),
        format!("Cette page a été déplacée vers {target}.")
    );
    assert_eq!(attr(&fr, "body p a", "href"), target);
    assert_eq!(attr(&fr, "meta[name=robots]", "content"), "noindex");
    let en = moved("en-us/china/add-a-new-customer/index.html");
    assert_eq!(attr(&en, "html", "lang"), "en-us");
    assert_eq!(text(&en, "title"), "Page moved");

    // Every French redirect page is in French.
    let pages: Vec<_> = common::files_with_ext(&out.join("fr-fr"), "html")
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("http-equiv=\"refresh\"")))
        .collect();
    assert_eq!(pages.len(), 108);
    for p in &pages {
        let doc = common::html(p);
        assert_eq!(text(&doc, "title"), "Page déplacée", "{}", p.display());
    }

    // `partner-center/dashboard/index.yml` was published as its folder.
    let dashboard = moved("fr-fr/partner-center/dashboard/index.html");
    assert_eq!(
        attr(&dashboard, "meta[http-equiv=refresh]", "content"),
        "0; url=/fr-fr/partner-center/"
    );
    assert!(
        !out.join("fr-fr/partner-center/dashboard/index.yml")
            .exists()
    );
    // A `.yml` page's old URL is its path without the extension.
    assert!(
        out.join("fr-fr/partner-center/tutorials/partner-security-requirements/index.html")
            .is_file()
    );
    // `redirect_url: /partner-center/index` is the folder, never `/index/`.
    let pac = moved("fr-fr/partner-center/moving-from-pac-to-pc/index.html");
    assert_eq!(
        attr(&pac, "meta[http-equiv=refresh]", "content"),
        "0; url=/fr-fr/partner-center/"
    );
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// `tandem check --format json` over `content`: its diagnostics with the given code.
fn check(content: &Path, code: &str) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["check", "--format", "json", "--content"])
        .arg(content)
        .output()
        .expect("run tandem");
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    diags.into_iter().filter(|d| d["code"] == code).collect()
}

#[test]
fn check_reports_redirect_targets_of_this_site_that_do_not_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let redirects = r#"{
    "redirections": [
        {
            "source_path": "partner-center/old.md",
            "redirect_url": "/partner-center/new",
            "redirect_document_id": false
        },
        {
            "source_path": "partner-center/older.md",
            "redirect_url": "/partner-center/gone",
            "redirect_document_id": false
        },
        {
            "source_path": "partner-center/elsewhere.md",
            "redirect_url": "/azure/partner-solutions/overview"
        },
        {
            "source_path": "partner-center/external.md",
            "redirect_url": "https://example.com/x"
        }
    ]
}
"#;
    write(
        &content,
        &[
            ("partner-center/new.md", "---\ntitle: New\n---\n# New\n"),
            (".openpublishing.redirection.json", redirects),
        ],
    );
    let found = check(&content, "redirect-target-missing");
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d["file"], ".openpublishing.redirection.json");
    assert_eq!(d["line"], 10);
    assert_eq!(d["severity"], "warning");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("/partner-center/gone"),
        "{d}"
    );

    // Once the target exists, nothing is reported.
    write(&content, &[("partner-center/gone.md", "# Gone\n")]);
    assert!(check(&content, "redirect-target-missing").is_empty());
}
