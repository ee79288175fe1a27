//! Navigation in every language (`tests/fixtures/nav-langs`): a French TOC shown on English and German
//! pages names its groups from the English TOC, else from the source half of a side-by-side name,
//! else keeps the French name marked `lang="fr-fr"`; breadcrumbs name groups as the sidebar does, and
//! leave out those without a name in the page's language.

mod common;

use std::path::Path;

use common::{html, select};

fn fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nav-langs");
    let (tmp, report) = common::build_into(&content, None);
    assert_eq!(report.errors(), 0);
    let out = tmp.path().join("output");
    (tmp, out)
}

/// The group labels of a page's sidebar: `(text, lang attribute)` in order.
fn groups(doc: &scraper::Html) -> Vec<(String, Option<String>)> {
    select(doc, ".nav-tree summary > span:not(.nav-marker)")
        .into_iter()
        .map(|e| (e.text().collect(), e.attr("lang").map(str::to_string)))
        .collect()
}

/// A page's breadcrumbs before the current page: `(text, lang attribute of the link or span, is a
/// link)`.
fn crumbs(doc: &scraper::Html) -> Vec<(String, Option<String>, bool)> {
    select(doc, ".breadcrumbs li:not([aria-current])")
        .into_iter()
        .map(|li| {
            let inner = li.first_child().and_then(scraper::ElementRef::wrap);
            (
                li.text().collect(),
                inner.and_then(|e| e.attr("lang").map(str::to_string)),
                inner.is_some_and(|e| e.value().name() == "a"),
            )
        })
        .collect()
}

fn named(name: &str, lang: Option<&str>) -> (String, Option<String>) {
    (name.to_string(), lang.map(str::to_string))
}

const ACCOUNTS_FR: &str =
    "Comptes et connexions à l’espace partenaires Contoso pour les revendeurs agréés";
const ACCOUNTS_EN: &str =
    "Accounts and sign-in to the Contoso partner space for authorized resellers";

#[test]
fn french_toc_on_english_pages_names_groups_in_english_when_a_toc_or_span_says_how() {
    let (_tmp, out) = fixture();
    // This page is only in the French TOC, so its sidebar is the French tree.
    let page = html(&out.join("en-us/accounts/reset-password/index.html"));
    assert_eq!(
        groups(&page),
        vec![
            // (a) the group of the English TOC with the same pages.
            named("Billing and payments", None),
            // (b) the source half of the span name.
            named(ACCOUNTS_EN, None),
            // (c) neither: the French name, marked.
            named("Assistance", Some("fr-fr")),
        ]
    );
    assert_eq!(crumbs(&page), vec![(ACCOUNTS_EN.to_string(), None, false)]);
    // A group with no English name stays out of the English breadcrumbs.
    let page = html(&out.join("en-us/support/open-a-request/index.html"));
    assert_eq!(crumbs(&page), vec![]);
}

#[test]
fn french_pages_keep_the_french_names_unmarked() {
    let (_tmp, out) = fixture();
    let page = html(&out.join("fr-fr/accounts/reset-password/index.html"));
    assert_eq!(
        groups(&page),
        vec![
            named("Facturation", None),
            named(ACCOUNTS_FR, None),
            named("Assistance", None),
        ]
    );
    assert_eq!(crumbs(&page), vec![(ACCOUNTS_FR.to_string(), None, false)]);
}

#[test]
fn english_pages_in_the_english_toc_show_its_own_group_names() {
    let (_tmp, out) = fixture();
    let page = html(&out.join("en-us/billing/read-your-invoice/index.html"));
    assert_eq!(groups(&page), vec![named("Billing and payments", None)]);
    assert_eq!(
        crumbs(&page),
        vec![("Billing and payments".to_string(), None, false)]
    );
}

#[test]
fn a_language_without_toc_or_span_sees_the_toc_language_marked() {
    let (_tmp, out) = fixture();
    // No German TOC: the German page shows a TOC of another language; its group has no German name.
    let page = html(&out.join("de-de/billing/read-your-invoice/index.html"));
    let g = groups(&page);
    assert_eq!(g.len(), 1, "{g:?}");
    assert!(
        g[0].1.as_deref().is_some_and(|l| l != "de-de"),
        "a group name in another language is marked: {g:?}"
    );
    assert_eq!(crumbs(&page), vec![]);
}
