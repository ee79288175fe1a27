//! The data the templates see (the contract is `docs/templates.md`): plain serializable structs, no
//! logic, so a theme author can read what each variable holds in one place.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::front_matter::TranslationType;

/// `{code, name, home_url}` of a language.
#[derive(Debug, Clone, Serialize)]
pub struct LangLink {
    /// Tag.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Home page URL.
    pub home_url: String,
}

/// `site` in templates.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    /// Site title.
    pub title: String,
    /// Absolute base URL.
    pub base_url: String,
    /// Root-relative path of the site root.
    pub root: String,
    /// Source language.
    pub source_lang: String,
    /// Every language.
    pub languages: Vec<LangLink>,
    /// `Tandem x.y.z`.
    pub generator: String,
    /// Whether there is a status section.
    pub has_status: bool,
    /// Whether the site has client-side search (`[output] search`).
    pub search: bool,
}

/// `{title, url, lang}`.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Title.
    pub title: String,
    /// URL; empty for a breadcrumb of a TOC group that is not a page.
    pub url: String,
    /// The title's language when it is not the page's (a TOC name, or the title of the
    /// source-language page a missing translation falls back to), for a `lang` attribute.
    pub lang: Option<String>,
}

/// An entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    /// Tag.
    pub lang: String,
    /// Display name.
    pub name: String,
    /// URL of the page in that language.
    pub url: String,
    /// The page being shown.
    pub current: bool,
}

/// `<link rel="alternate" hreflang>`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Tag or `x-default`.
    pub hreflang: String,
    /// Absolute URL.
    pub href: String,
}

/// A "See also" entry.
#[derive(Debug, Clone, Serialize)]
pub struct SeeAlso {
    /// Target title.
    pub title: String,
    /// Target URL.
    pub url: String,
    /// Points at the source-language page.
    pub fallback: bool,
    /// Points nowhere.
    pub broken: bool,
}

/// A notice shown above the content.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// `mt`, `behind`, `fallback`, `status`.
    pub kind: String,
    /// Pre-rendered, escaped HTML.
    pub html: String,
}

/// A compare-view row.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentRow {
    /// Segment id.
    pub id: String,
    /// Translated half as HTML.
    pub translated: String,
    /// Source half as HTML.
    pub source: String,
}

/// A heading for "on this page".
#[derive(Debug, Clone, Serialize)]
pub struct HeadingCtx {
    /// 1–6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// A child page of a section or home.
#[derive(Debug, Clone, Serialize)]
pub struct Child {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Description.
    pub description: Option<String>,
    /// The title's language when it is not the page's, as in [`Link`].
    pub lang: Option<String>,
}

/// A help page's notice about a service that is not operational.
#[derive(Debug, Clone, Serialize)]
pub struct StatusNotice {
    /// Service id.
    pub service_id: String,
    /// Service name.
    pub service_name: String,
    /// Status value (`degraded`, …).
    pub status: String,
    /// Localized status.
    pub status_label: String,
    /// Incident title, if one is active.
    pub incident_title: Option<String>,
    /// The title's language when it is not the page's (no translation for the page's language).
    pub incident_title_lang: Option<String>,
    /// Incident page URL.
    pub incident_url: Option<String>,
}

/// `page` in templates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageCtx {
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub headings: Vec<HeadingCtx>,
    pub date: Option<String>,
    pub date_display: Option<String>,
    pub author: Option<String>,
    pub topic: Option<String>,
    pub translation_type: Option<TranslationType>,
    pub bilingual: bool,
    pub is_source: bool,
    pub source_url: Option<String>,
    pub compare_url: Option<String>,
    pub fallback: bool,
    pub behind: bool,
    pub translations: Vec<Translation>,
    pub alternates: Vec<Alternate>,
    pub see_also: Vec<SeeAlso>,
    pub breadcrumbs: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub nav_html: String,
    pub robots: Option<String>,
    pub keywords: Option<String>,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub notices: Vec<Notice>,
    pub segments: Vec<SegmentRow>,
    /// The compare view's table rows, made from `segments` (see `Renderer::segment_rows_html`).
    pub segment_rows: String,
    pub children: Vec<Child>,
    pub status_notices: Vec<StatusNotice>,
    /// Language of the page's text when it is not the page's (a stand-in for a structured page
    /// that exists only in a translation).
    pub text_lang: Option<String>,
    /// schema.org JSON-LD for the page (FAQ pages), ready for a `<script>` element.
    pub json_ld: Option<String>,
}
