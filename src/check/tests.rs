//! One fixture that triggers each diagnostic code and one that does not.

use super::*;

const FM: &str = "---\ntitle: T\ndescription: D\n---\n";

/// Checks a site made of `files` (content-relative path, text); returns the codes found.
fn codes(files: &[(&str, &str)]) -> Vec<(&'static str, Severity)> {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for (rel, text) in files {
        let p = content.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let report = run(&CheckOptions {
        content,
        config: dir.path().join("none.toml"),
        config_required: false,
        known_urls: Vec::new(),
    });
    report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

fn page(body: &str) -> String {
    format!("{FM}# Title\n\n{body}\n")
}

fn has(files: &[(&str, &str)], code: &str) -> bool {
    codes(files).iter().any(|(c, _)| *c == code)
}

/// `index.md` links to every other page so nothing is an orphan unless a test wants one.
fn site_with(a_body: &str, extra: &[(&'static str, String)]) -> Vec<(String, String)> {
    let mut links = String::from("[a](a.md)");
    for (rel, _) in extra {
        links.push_str(&format!(" [x]({rel})"));
    }
    let mut v = vec![
        ("index.md".to_string(), page(&links)),
        ("a.md".to_string(), page(a_body)),
    ];
    v.extend(extra.iter().map(|(r, t)| (r.to_string(), t.clone())));
    v
}

fn run_site(files: &[(String, String)], code: &str) -> bool {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    has(&borrowed, code)
}

#[test]
fn clean_site_has_no_diagnostics() {
    let files = site_with("See [home](index.md#title).", &[]);
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(codes(&borrowed), vec![]);
}

#[test]
fn link_broken() {
    assert!(run_site(&site_with("[x](missing.md)", &[]), "link-broken"));
    assert!(!run_site(&site_with("[x](index.md)", &[]), "link-broken"));
    let c = codes(&[("index.md", &page("[x](missing.md)"))]);
    assert!(c.contains(&("link-broken", Severity::Error)), "{c:?}");
}

#[test]
fn link_case() {
    assert!(run_site(&site_with("[x](Index.md)", &[]), "link-case"));
    assert!(!run_site(&site_with("[x](index.md)", &[]), "link-case"));
}

#[test]
fn link_outside_root() {
    assert!(run_site(
        &site_with("[x](../../etc/passwd.md)", &[]),
        "link-outside-root"
    ));
    assert!(!run_site(
        &site_with("[x](./index.md)", &[]),
        "link-outside-root"
    ));
}

#[test]
fn image_missing() {
    assert!(run_site(
        &site_with("![chart](media/chart.png)", &[]),
        "image-missing"
    ));
    let mut ok = site_with("![chart](media/chart.png)", &[]);
    ok.push(("media/chart.png".into(), "png".into()));
    assert!(!run_site(&ok, "image-missing"));
}

#[test]
fn anchor_duplicate() {
    let twice = "## <a name=\"steps\"></a>Étapes\n\nA.\n\n## <a name=\"steps\"></a>Étapes\n";
    assert!(run_site(&site_with(twice, &[]), "anchor-duplicate"));
    let apart = "## <a name=\"steps\"></a>Étapes\n\n## <a name=\"next\"></a>Ensuite\n";
    assert!(!run_site(&site_with(apart, &[]), "anchor-duplicate"));
}

#[test]
fn anchor_broken() {
    let body =
        "## Étape un\n\n<a name=\"legacy\"></a>\n\n[a](#etape-un) [b](#legacy) [c](index.md#title)";
    assert!(!run_site(&site_with(body, &[]), "anchor-broken"));
    assert!(run_site(&site_with("[a](#nowhere)", &[]), "anchor-broken"));
    assert!(run_site(
        &site_with("[a](index.md#nowhere)", &[]),
        "anchor-broken"
    ));
}

#[test]
fn include_missing_and_outside_root() {
    assert!(run_site(
        &site_with("[!INCLUDE [x](includes/none.md)]", &[]),
        "include-missing"
    ));
    assert!(run_site(
        &site_with("[!INCLUDE [x](../../x.md)]", &[]),
        "include-outside-root"
    ));
    let ok = site_with(
        "[!INCLUDE [x](includes/inc.md)]",
        &[("includes/inc.md", "Included text.\n".into())],
    );
    assert!(!run_site(&ok, "include-missing"));
    assert!(!run_site(&ok, "include-outside-root"));
}

/// The build makes a missing include a warning (the page shows a box); check keeps it an error.
#[test]
fn missing_includes_are_errors_in_check() {
    let files = site_with(
        "[!code-json[x](none.json)]\n\n[!INCLUDE [x](includes/none.md)]",
        &[],
    );
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let found = codes(&borrowed);
    for code in ["code-include-missing", "include-missing"] {
        assert!(
            found.contains(&(code, Severity::Error)),
            "{code}: {found:?}"
        );
    }
}

#[test]
fn toc_broken_and_case() {
    let base = site_with("", &[]);
    let mut bad = base.clone();
    bad.push((
        "TOC.yml".into(),
        "- name: A\n  href: nothere.md\n- name: B\n  href: A.md\n".into(),
    ));
    assert!(run_site(&bad, "toc-broken"));
    assert!(run_site(&bad, "toc-case"));
    let mut ok = base;
    ok.push(("TOC.yml".into(), "- name: A\n  href: a.md\n".into()));
    assert!(!run_site(&ok, "toc-broken"));
    assert!(!run_site(&ok, "toc-case"));
}

#[test]
fn page_orphan() {
    let mut files = site_with("", &[]);
    files.push(("lonely.md".into(), page("Nobody links here.")));
    assert!(run_site(&files, "page-orphan"));
    assert!(!run_site(&site_with("", &[]), "page-orphan"));
}

#[test]
fn url_collision() {
    let files = site_with("", &[("b.md", page("")), ("b/index.md", page(""))]);
    assert!(run_site(&files, "url-collision"));
    assert!(!run_site(
        &site_with("", &[("b.md", page(""))]),
        "url-collision"
    ));
}

#[test]
fn title_and_description_missing() {
    let files = site_with("", &[("b.md", "# Only a heading\n".into())]);
    assert!(run_site(&files, "title-missing"));
    assert!(run_site(&files, "description-missing"));
    let ok = site_with("", &[]);
    assert!(!run_site(&ok, "title-missing"));
    assert!(!run_site(&ok, "description-missing"));
}

#[test]
fn image_alt_missing() {
    let mut files = site_with("![](media/x.png) <img src=\"media/x.png\">", &[]);
    files.push(("media/x.png".into(), "png".into()));
    assert!(run_site(&files, "image-alt-missing"));
    let mut ok = site_with(
        "![A chart](media/x.png) <img src=\"media/x.png\" alt=\"\">",
        &[],
    );
    ok.push(("media/x.png".into(), "png".into()));
    assert!(!run_site(&ok, "image-alt-missing"));
}

fn pair(id: &str, t: &str, s: &str) -> String {
    format!(
        "<span data-ttu-id=\"{id}\">{t}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{s}</span></span>"
    )
}

#[test]
fn sxs_unpaired_is_an_error_in_check() {
    let files = site_with(
        "",
        &[("fr-fr/b.md", page("<span data-ttu-id=\"x-1\">Seul</span>"))],
    );
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let c = codes(&borrowed);
    assert!(
        c.iter()
            .any(|(code, sev)| code.starts_with("sxs-") && *sev == Severity::Error),
        "{c:?}"
    );
    let ok = site_with(
        "",
        &[("fr-fr/b.md", page(&pair("x-1", "Bonjour", "Hello")))],
    );
    let borrowed: Vec<(&str, &str)> = ok.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert!(!codes(&borrowed).iter().any(|(c, _)| c.starts_with("sxs-")));
}

#[test]
fn sxs_drift() {
    let linked = format!("- {}\n", pair("x-1", "[Un](a.md)", "One"));
    assert!(run_site(
        &site_with("", &[("fr-fr/b.md", page(&linked))]),
        "sxs-drift"
    ));
    let same = format!("- {}\n", pair("x-1", "[Un](a.md)", "[One](a.md)"));
    assert!(!run_site(
        &site_with("", &[("fr-fr/b.md", page(&same))]),
        "sxs-drift"
    ));
}
