//! Structured YAML pages (`YamlMime:Landing`, `Hub`, `FAQ`) become pages in every language, and
//! site-root links to other docsets go to `[links] external_base`: the `yaml-pages` fixture and
//! the real corpus.

mod common;

use std::path::{Path, PathBuf};

use common::{build_into, corpus, html, select};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml-pages")
}

fn build_fixture() -> (tempfile::TempDir, tandem::build::BuildReport) {
    let f = fixture();
    build_into(&f.join("content"), Some(&f.join("tandem.toml")))
}

fn texts(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(doc: &scraper::Html, css: &str, attr: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn landing_page_is_its_folders_page_with_cards_of_links() {
    let (tmp, report) = build_fixture();
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/guide/index.html"));
    assert_eq!(
        texts(&doc, "main h1"),
        ["Aide de la facturation Contoso#"],
        "the title is the page's heading (with its permalink)"
    );
    assert_eq!(
        texts(&doc, "title"),
        ["Aide de la facturation Contoso · Aide Contoso"]
    );
    assert_eq!(
        attrs(&doc, "meta[name=description]", "content"),
        ["Comprendre, payer et contester une facture Contoso."]
    );
    assert_eq!(select(&doc, "body.kind-landing").len(), 1);
    assert_eq!(select(&doc, ".landing-cards .landing-card").len(), 2);
    assert_eq!(
        texts(&doc, ".landing-card .link-list-type"),
        ["Bien démarrer", "Guide pratique", "Référence"],
        "link list types are labelled in the page's language"
    );
    assert_eq!(
        attrs(&doc, ".landing-card li a", "href"),
        [
            "/fr-fr/guide/first-invoice/",
            "/fr-fr/guide/faq/",
            "/fr-fr/guide/dispute/",
            "https://learn.microsoft.com/fr-fr/partner-center/overview",
            "https://contoso.example/prices",
        ]
    );
    // No directive or YAML text reaches the page.
    let body = std::fs::read_to_string(out.join("fr-fr/guide/index.html")).unwrap();
    for raw in ["YamlMime", "linkListType", "landingContent", "ms.topic"] {
        assert!(!body.contains(raw), "{raw} on the page");
    }
}

#[test]
fn a_translation_only_landing_page_gets_a_source_language_stand_in() {
    let (tmp, _) = build_fixture();
    let out = tmp.path().join("output");
    let doc = html(&out.join("en-us/guide/index.html"));
    assert_eq!(attrs(&doc, "html", "lang"), ["en-us"]);
    assert_eq!(
        attrs(&doc, "meta[name=robots]", "content"),
        ["noindex"],
        "French text under an English URL is not for search engines"
    );
    assert_eq!(select(&doc, ".notice-text-lang").len(), 1);
    assert_eq!(
        attrs(&doc, "main h1 > span", "lang"),
        ["fr-fr"],
        "the title is marked as French"
    );
    // Links to pages show the target's English title; other links keep the French text, marked.
    let links: Vec<(String, String)> = select(&doc, ".landing-card li a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.text().collect::<String>(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                "/en-us/guide/first-invoice/".to_string(),
                "Read your first invoice".to_string()
            ),
            (
                "/en-us/guide/faq/".to_string(),
                "Billing: frequently asked questions".to_string()
            ),
            (
                "/en-us/guide/dispute/".to_string(),
                "Dispute an amount".to_string()
            ),
            (
                "https://learn.microsoft.com/en-us/partner-center/overview".to_string(),
                "Portail des partenaires".to_string()
            ),
            (
                "https://contoso.example/prices".to_string(),
                "Tarifs publics".to_string()
            ),
        ]
    );
    assert_eq!(
        attrs(&doc, ".landing-card li a > span[lang]", "lang").len(),
        2,
        "the two French link texts are marked"
    );
    assert!(
        attrs(&doc, ".landing-card li a", "title").is_empty(),
        "the original text is not left in a title attribute"
    );
    // Search engines are not told the stand-in is the English version.
    let fr = html(&out.join("fr-fr/guide/index.html"));
    assert_eq!(
        attrs(&fr, "link[rel=alternate]", "hreflang"),
        ["fr-fr", "x-default"]
    );
    assert!(
        attrs(&fr, "link[rel=alternate]", "href")
            .iter()
            .all(|h| !h.contains("/en-us/")),
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/fr-fr/guide/</loc>"));
    assert!(!sitemap.contains("/en-us/guide/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("hreflang=\"en-us\" href=\"https://docs.example.com/en-us/guide/\""));
    // The French landing lists the stand-in as its English version.
    let fr = html(&out.join("fr-fr/guide/index.html"));
    assert!(
        attrs(&fr, ".lang-switcher a", "href").contains(&"/en-us/guide/".to_string()),
        "{:?}",
        attrs(&fr, ".lang-switcher a", "href")
    );
}

#[test]
fn faq_with_spans_yields_both_languages_and_json_ld() {
    let (tmp, report) = build_fixture();
    let out = tmp.path().join("output");
    for (lang, title, question, answer) in [
        (
            "fr-fr",
            "Facturation : questions fréquentes",
            "Quand dois-je payer ?",
            "Sous trente jours.",
        ),
        (
            "en-us",
            "Billing: frequently asked questions",
            "When do I pay?",
            "Within thirty days.",
        ),
    ] {
        let path = out.join(lang).join("guide/faq/index.html");
        let doc = html(&path);
        assert_eq!(select(&doc, "body.kind-faq").len(), 1, "{lang}");
        assert_eq!(texts(&doc, "main h1"), [format!("{title}#")], "{lang}");
        assert!(
            texts(&doc, "main h3")
                .iter()
                .any(|q| q.starts_with(question)),
            "{lang}: {:?}",
            texts(&doc, "main h3")
        );
        let ld = texts(&doc, "script[type='application/ld+json']");
        assert_eq!(ld.len(), 1, "{lang}");
        let v: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
        assert_eq!(v["@type"], "FAQPage");
        assert_eq!(v["inLanguage"], lang);
        let entities = v["mainEntity"].as_array().unwrap();
        assert_eq!(entities.len(), 2, "{lang}");
        assert_eq!(entities[0]["@type"], "Question");
        assert_eq!(entities[0]["name"], question, "{lang}");
        let text = entities[0]["acceptedAnswer"]["text"].as_str().unwrap();
        assert!(text.starts_with(answer), "{lang}: {text}");
        assert!(
            !text.contains('<') && !text.contains("]("),
            "plain text: {text}"
        );
    }
    // Side by side: the French page's sentences carry their source, and it has a compare view.
    let fr = html(&out.join("fr-fr/guide/faq/index.html"));
    assert!(select(&fr, "span.seg[data-source]").len() >= 5);
    assert!(out.join("fr-fr/guide/faq/compare/index.html").is_file());
    // The link in an answer is rewritten in each language; the broken one is reported at its
    // YAML line.
    assert!(
        attrs(&fr, "main .content a", "href").contains(&"/fr-fr/guide/first-invoice/".to_string())
    );
    let broken: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-broken" && d.message.contains("missing-page.md"))
        .collect();
    assert!(!broken.is_empty());
    for d in broken {
        assert_eq!(d.file, Path::new("fr-fr/guide/faq.yml"));
        assert_eq!(d.line, 24, "the answer's line in the YAML: {d:?}");
        assert!(d.col > 1);
    }
}

#[test]
fn hub_pages_unknown_types_and_data_files() {
    let (tmp, report) = build_fixture();
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/guide/hub/index.html"));
    assert_eq!(select(&doc, "body.kind-hub").len(), 1);
    assert_eq!(texts(&doc, "main h2")[0], "Utiliser les outils#");
    assert!(attrs(&doc, "main .content a", "href").contains(&"/fr-fr/guide/dispute/".to_string()));
    // An unknown YamlMime type is a warning that names the supported ones; no page, no crash.
    let unknown: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "yaml-type-unsupported")
        .collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].file, Path::new("fr-fr/guide/tutorial.yml"));
    assert!(
        unknown[0]
            .help
            .as_deref()
            .unwrap()
            .contains("Landing, Hub, FAQ")
    );
    assert!(!out.join("fr-fr/guide/tutorial").exists());
    // A YAML data file is neither a page nor a warning.
    assert!(!out.join("fr-fr/guide/settings").exists());
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.file.to_string_lossy().contains("settings.yml"))
    );
}

#[test]
fn links_to_yaml_pages_and_other_docsets_resolve() {
    let (tmp, report) = build_fixture();
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/guide/first-invoice/index.html"));
    let hrefs = attrs(&doc, "main .content a", "href");
    assert!(
        hrefs.contains(&"/fr-fr/guide/faq/".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"/fr-fr/guide/".to_string()), "{hrefs:?}");
    assert!(
        hrefs.contains(
            &"https://learn.microsoft.com/fr-fr/azure/cost-management/overview?tabs=portal#billing"
                .to_string()
        ),
        "a French page links to the French docset, query and fragment kept: {hrefs:?}"
    );
    let en = html(&out.join("en-us/guide/first-invoice/index.html"));
    assert!(
        attrs(&en, "main .content a", "href").contains(
            &"https://learn.microsoft.com/en-us/azure/cost-management/overview?tabs=portal#billing"
                .to_string()
        )
    );
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == "link-broken" && d.message.contains("/azure/")),
        "another docset's link is not a broken link"
    );
    // A link that names a page with other letter case reaches it, and is reported.
    assert!(
        hrefs.contains(&"/fr-fr/guide/dispute/".to_string()),
        "{hrefs:?}"
    );
    let case: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-case")
        .collect();
    assert_eq!(case.len(), 2, "{case:?}");
    assert_eq!((case[0].line, case[1].line), (13, 14));
    assert!(
        case[1].message.contains("`fr-fr/guide/faq.yml`"),
        "{case:?}"
    );
    assert!(
        case[0].message.contains("`fr-fr/guide/dispute.md`"),
        "{case:?}"
    );
}

#[test]
fn check_lists_other_docsets_as_info() {
    let f = fixture();
    let report = tandem::check::run(&tandem::check::CheckOptions {
        content: f.join("content"),
        config: f.join("tandem.toml"),
        config_required: true,
        known_urls: Vec::new(),
    });
    let infos: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "link-external-docset")
        .collect();
    assert!(!infos.is_empty());
    assert!(
        infos
            .iter()
            .all(|d| d.severity == tandem::diagnostics::Severity::Info)
    );
    assert!(infos.iter().any(|d| {
        d.file == Path::new("fr-fr/guide/first-invoice.md")
            && d.message
                .contains("https://learn.microsoft.com/fr-fr/azure/")
    }));
    assert!(report.infos() >= infos.len());
}

#[test]
fn without_external_base_site_root_links_stay_as_they_are() {
    let f = fixture();
    let (tmp, report) = build_into(&f.join("content"), None);
    let out = tmp.path().join("output");
    let doc = html(&out.join("fr-fr/guide/first-invoice/index.html"));
    let hrefs = attrs(&doc, "main .content a", "href");
    assert!(
        hrefs.contains(&"/azure/cost-management/overview?tabs=portal#billing".to_string()),
        "{hrefs:?}"
    );
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == "link-broken" && d.message.contains("/azure/"))
    );
}

/// The real corpus: the docsets' landing pages and FAQ files are pages in both languages, and no
/// YAML reaches a page.
#[test]
fn corpus_landing_and_faq_pages_exist_in_both_languages() {
    let (tmp, report) = build_into(&corpus(), None);
    assert_eq!(report.errors(), 0);
    let out = tmp.path().join("output");
    let root = corpus();
    for lang in ["fr-fr", "en-us"] {
        let doc = html(&out.join(lang).join("partner-center/index.html"));
        let links = select(&doc, ".landing-card li a");
        assert!(links.len() > 20, "{lang}: {} landing links", links.len());
        assert!(
            attrs(&doc, ".landing-card li a", "href")
                .contains(&format!("/{lang}/partner-center/overview/")),
            "{lang}"
        );
        assert!(out.join(lang).join("marketplace/index.html").is_file());
    }
    let faqs: Vec<PathBuf> = common::files_with_ext(&root, "yml")
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.starts_with("### YamlMime:FAQ")))
        .collect();
    assert!(faqs.len() >= 3);
    for f in faqs {
        let rel = f.strip_prefix(&root).unwrap().with_extension("");
        for lang in ["fr-fr", "en-us"] {
            let page = out.join(lang).join(&rel).join("index.html");
            let doc = html(&page);
            assert!(
                !select(&doc, "script[type='application/ld+json']").is_empty(),
                "{}",
                page.display()
            );
            assert!(select(&doc, "main h3").len() >= 2, "{}", page.display());
        }
    }
    // The English landing page of a French-only YAML file is a marked stand-in whose links show
    // the English titles of their targets.
    let en = html(&out.join("en-us/partner-center/index.html"));
    assert_eq!(attrs(&en, "meta[name=robots]", "content"), ["noindex"]);
    let overview = select(
        &en,
        ".landing-card li a[href='/en-us/partner-center/overview/']",
    );
    let fr_title = html(&out.join("fr-fr/partner-center/overview/index.html"));
    let en_title = html(&out.join("en-us/partner-center/overview/index.html"));
    let h1 = |d: &scraper::Html| texts(d, "main h1")[0].trim_end_matches('#').to_string();
    assert_ne!(h1(&fr_title), h1(&en_title));
    assert_eq!(overview[0].text().collect::<String>(), h1(&en_title));
    // Every English page's sidebar names the landing page with its (French) title, marked.
    let page = html(&out.join("en-us/partner-center/check-service-health/index.html"));
    assert_eq!(
        attrs(&page, ".sidebar a[href='/en-us/partner-center/']", "lang"),
        ["fr-fr"]
    );
    // No YAML structure reaches a page.
    for page in common::files_with_ext(&out, "html") {
        let text = std::fs::read_to_string(&page).unwrap();
        for raw in ["YamlMime", "linkListType", "landingContent", "- question:"] {
            assert!(!text.contains(raw), "{raw} in {}", page.display());
        }
    }
}

/// A site's own `page.html` (here one that does not even extend `base.html`) breaks neither the
/// landing nor the FAQ template.
#[test]
fn a_site_page_template_does_not_break_landing_and_faq_pages() {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(f.join("tandem.toml"), tmp.path().join("tandem.toml")).unwrap();
    std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
    std::fs::write(
        tmp.path().join("templates/page.html"),
        "<!DOCTYPE html><html lang=\"{{ lang }}\"><body><main id=\"mine\">{{ page.content | safe }}</main></body></html>",
    )
    .unwrap();
    let out = tmp.path().join("output");
    let report = tandem::build::build(&tandem::build::BuildOptions {
        content: f.join("content"),
        out: out.clone(),
        config: tmp.path().join("tandem.toml"),
        config_required: true,
        base_url: None,
        drafts: false,
        strict: false,
    });
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let landing = html(&out.join("fr-fr/guide/index.html"));
    assert_eq!(select(&landing, ".landing-card").len(), 2);
    let faq = html(&out.join("fr-fr/guide/faq/index.html"));
    assert_eq!(select(&faq, "main#mine h3").len(), 2);
}
