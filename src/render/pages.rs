//! Turns pages of the loaded [`Site`] into HTML: Markdown through the Docs renderer, then the theme's
//! templates with plain serializable data (the contract is `docs/templates.md`).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::content::front_matter::{Date, TranslationType};
use crate::content::page::{Half, Page};
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::links::PageResolver;
use crate::render::html::escape;
use crate::render::markdown::{self, PageText, RenderOptions};
use crate::render::theme::Theme;
use crate::site::{Site, page_output_path};

/// Trees up to this many entries are rendered whole in every page's sidebar; larger ones only along
/// the current page's path, which keeps page size and build time linear on very large sites.
const FULL_NAV_LIMIT: usize = 400;

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

/// Fills the labels of a structured page's link lists (`<p class="link-list-type"
/// data-type="how-to-guide"></p>`) in the reader's language: theme keys `link_type_how_to_guide`,
/// else the type itself in words.
fn link_list_labels(html: &str, ui: &BTreeMap<String, String>) -> String {
    const OPEN: &str = "<p class=\"link-list-type\" data-type=\"";
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i + OPEN.len()]);
        rest = &rest[i + OPEN.len()..];
        let Some(end) = rest.find("\"></p>") else {
            break;
        };
        let ty = &rest[..end];
        let label = ui
            .get(&format!("link_type_{}", ty.replace('-', "_")))
            .cloned()
            .unwrap_or_else(|| {
                let words = ty.replace('-', " ");
                let mut c = words.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            });
        out.push_str(ty);
        out.push_str("\">");
        out.push_str(&escape(&label));
        out.push_str("</p>");
        rest = &rest[end + "\"></p>".len()..];
    }
    out.push_str(rest);
    out
}

/// schema.org `FAQPage` JSON-LD of a FAQ page, from the questions and answers of the Markdown it
/// shows (so each language's page describes its own text), escaped for a `<script>` element.
fn faq_json_ld(
    markdown: &str,
    faq: &[crate::content::structured::FaqLines],
    lang: &Lang,
) -> String {
    let lines: Vec<&str> = markdown.lines().collect();
    let text = |r: &std::ops::Range<usize>| -> String {
        let md = lines.get(r.clone()).unwrap_or_default().join("\n");
        let md = md.trim_start().trim_start_matches('#');
        let plain = crate::content::page::plain_text(md);
        plain.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let entities: Vec<serde_json::Value> = faq
        .iter()
        .map(|f| {
            serde_json::json!({
                "@type": "Question",
                "name": text(&f.question),
                "acceptedAnswer": { "@type": "Answer", "text": text(&f.answer) },
            })
        })
        .collect();
    let doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": lang.as_str(),
        "mainEntity": entities,
    });
    // `</script>` or `<!--` inside a string would end the element early.
    doc.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
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

/// Provides status notices for help pages (the health model, when the site has one).
pub type StatusLookup<'a> = dyn Fn(&[String], &Lang) -> Vec<StatusNotice> + Sync + 'a;

/// Shared state for rendering every page of a site.
pub struct Renderer<'a> {
    /// The site.
    pub site: &'a Site,
    /// Compiled templates.
    pub tera: &'a tera::Tera,
    /// UI strings per language.
    pub ui: HashMap<Lang, Arc<BTreeMap<String, String>>>,
    /// Per language, the alert titles its pages are rendered with ([`markdown::alert_titles`]).
    alert_titles: HashMap<Lang, HashMap<String, String>>,
    /// Per language, the words of the directives ([`markdown::DirectiveLabels`]).
    directive_labels: HashMap<Lang, markdown::DirectiveLabels>,
    /// `site` context.
    pub site_ctx: SiteCtx,
    /// Scheme and host of the base URL, for permalinks.
    pub origin: String,
    see_also_headings: Vec<String>,
    legacy_words: Vec<(String, String)>,
    /// `site`, and `ui` per language, converted to template values once: tera shares maps by `Arc`,
    /// so each page's context clones pointers instead of re-serializing the UI strings.
    site_value: tera::Value,
    ui_values: HashMap<Lang, tera::Value>,
    /// `home_url` per language and `source_lang_name`, given to templates so that they need no
    /// `{% set %}` loop over `site.languages`: with a variable set, tera's every lookup of a name
    /// also searched the set variables, and this was 2% of a build.
    home_urls: HashMap<Lang, tera::Value>,
    source_lang_name: tera::Value,
    /// Status notices for help pages.
    pub status: Option<&'a StatusLookup<'a>>,
    /// Sidebar entries per language and navigation node, made on first use (see `nav_label`).
    nav_labels: HashMap<Lang, Vec<OnceLock<NavLabel>>>,
    /// Whether the site has templates of its own: only then do pages carry what the default
    /// templates never read, `page.segments` of compare views (converting every sentence for tera
    /// was 1.5% of a build) and `page.extra` (a copy and conversion of every page's unknown front
    /// matter keys). Any site template may read them, so with one they are always given.
    site_templates: bool,
}

/// What every level of one page's sidebar shares (see `Renderer::nav_level`).
#[derive(Clone, Copy)]
struct Level<'a> {
    /// The current page's node and its ancestors, root first.
    path: &'a [usize],
    lang: &'a Lang,
    current: Option<usize>,
    /// The language's cached entries.
    cells: Option<&'a [OnceLock<NavLabel>]>,
}

/// A sidebar entry's HTML; `href_end` is where `aria-current` goes (0: not a link).
#[derive(Debug, Clone)]
struct NavLabel {
    html: String,
    href_end: usize,
}

/// One rendered file and what rendering it found.
pub struct Output {
    /// Output-relative path.
    pub path: String,
    /// The file's bytes (UTF-8 HTML).
    pub html: Vec<u8>,
    /// Problems.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Renderer<'a> {
    /// Prepares UI strings and the shared `site` context; returns warnings for languages the theme
    /// has no strings for.
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        tera: &'a tera::Tera,
        has_status: bool,
    ) -> (Renderer<'a>, Vec<Diagnostic>) {
        let mut ui = HashMap::new();
        let mut diags = Vec::new();
        for l in &site.languages {
            let (strings, warn) = theme.ui_for(l, &site.config);
            diags.extend(warn);
            ui.insert(l.clone(), Arc::new(strings));
        }
        let root = site.config.root_path();
        let languages = site
            .languages
            .iter()
            .map(|l| LangLink {
                code: l.to_string(),
                name: site.config.language_name(l),
                home_url: format!("{root}{l}/"),
            })
            .collect();
        let base = &site.config.base_url;
        let origin = match base.find("://") {
            Some(i) => {
                base[..i + 3 + base[i + 3..].find('/').unwrap_or(base.len() - i - 3)].to_string()
            }
            None => String::new(),
        };
        let site_ctx = SiteCtx {
            title: site.config.title.clone(),
            base_url: base.clone(),
            root,
            source_lang: site.config.source_lang.to_string(),
            languages,
            generator: format!("Tandem {}", env!("CARGO_PKG_VERSION")),
            has_status,
            search: site.config.output.search,
        };
        let mut legacy_words = Vec::new();
        for pair in theme.all_values("legacy_note_words") {
            if let Some((w, k)) = pair.split_once('=') {
                legacy_words.push((w.trim().to_string(), k.trim().to_string()));
            }
        }
        let mut see_also_headings = theme.all_values("see_also_headings");
        for s in theme.all_values("see_also") {
            if !see_also_headings.contains(&s) {
                see_also_headings.push(s);
            }
        }
        let site_value = tera::Value::from_serializable(&site_ctx);
        let home_urls = site
            .languages
            .iter()
            .zip(&site_ctx.languages)
            .map(|(l, link)| (l.clone(), tera::Value::from(link.home_url.as_str())))
            .collect();
        let source_lang_name = tera::Value::from(
            site_ctx
                .languages
                .iter()
                .find(|l| l.code == site_ctx.source_lang)
                .map_or(site_ctx.source_lang.as_str(), |l| l.name.as_str()),
        );
        let alert_titles = ui
            .iter()
            .map(|(l, strings)| (l.clone(), markdown::alert_titles(strings)))
            .collect();
        let directive_labels = ui
            .iter()
            .map(|(l, strings)| (l.clone(), markdown::DirectiveLabels::from_ui(strings)))
            .collect();
        let ui_values = ui
            .iter()
            .map(|(l, strings)| (l.clone(), tera::Value::from_serializable(&**strings)))
            .collect();
        (
            Renderer {
                site,
                tera,
                ui,
                alert_titles,
                directive_labels,
                site_ctx,
                origin,
                see_also_headings,
                legacy_words,
                site_value,
                ui_values,
                home_urls,
                source_lang_name,
                status: None,
                site_templates: !theme.templates_are_default(),
                nav_labels: site
                    .languages
                    .iter()
                    .map(|l| {
                        (
                            l.clone(),
                            (0..site.nav.nodes.len()).map(|_| OnceLock::new()).collect(),
                        )
                    })
                    .collect(),
            },
            diags,
        )
    }

    /// UI strings for `lang`.
    pub fn ui(&self, lang: &Lang) -> Arc<BTreeMap<String, String>> {
        self.ui.get(lang).cloned().unwrap_or_default()
    }

    fn t(&self, lang: &Lang, key: &str) -> String {
        self.ui(lang)
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Absolute URL of a root-relative URL.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.origin, url)
    }

    /// Localized date (`29 oct. 2018`).
    pub fn format_date(&self, lang: &Lang, d: Date) -> String {
        let ui = self.ui.get(lang);
        let month = ui
            .and_then(|u| u.get("date_months"))
            .zip((d.month as usize).checked_sub(1))
            .and_then(|(m, i)| m.split(',').nth(i))
            .map(|m| m.trim().to_string())
            .unwrap_or_else(|| format!("{:02}", d.month));
        let pattern = ui
            .and_then(|u| u.get("date_format"))
            .map_or("{y}-{month}-{d}", String::as_str);
        fill_date_pattern(pattern, d.day, &month, d.year)
    }

    /// The tera context every template gets.
    pub fn context(&self, lang: &Lang, page: &PageCtx) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("lang", lang.as_str());
        ctx.insert("lang_name", &self.site.config.language_name(lang));
        ctx.insert_value(
            "home_url",
            match self.home_urls.get(lang) {
                Some(url) => url.clone(),
                None => tera::Value::from(self.site_ctx.root.as_str()),
            },
        );
        ctx.insert_value("source_lang_name", self.source_lang_name.clone());
        match self.ui_values.get(lang) {
            Some(ui) => ctx.insert_value("ui", ui.clone()),
            None => ctx.insert("ui", &*self.ui(lang)),
        }
        ctx.insert("page", page);
        ctx
    }

    /// Renders `template` with the context; a template error becomes a diagnostic naming the page.
    pub fn render_template(
        &self,
        template: &str,
        lang: &Lang,
        page: &PageCtx,
        file: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        // Into a buffer sized for the page's big strings (tera's own `render` sizes it from the
        // template and grows it several times per page) and kept as bytes: the output is written to
        // disk, and turning it into a `String` re-checked every byte's UTF-8 (1.2% of a build).
        let mut out = Vec::with_capacity(
            page.content.len() + page.nav_html.len() + page.segment_rows.len() + 16 * 1024,
        );
        self.tera
            .render_to(template, &self.context(lang, page), &mut out)
            .map(|()| out)
            .map_err(|e| {
                Diagnostic::error(
                    "template-render",
                    file,
                    0,
                    0,
                    format!("rendering `{template}` for {} failed: {e}", page.url),
                )
                .with_help("fix the template, or the data it reads")
            })
    }

    /// The language switcher entries and hreflang alternates of a key.
    pub fn translations(&self, key: &str, current: &Lang) -> (Vec<Translation>, Vec<Alternate>) {
        let mut tr = Vec::new();
        let mut alt = Vec::new();
        for &i in self.site.by_key.get(key).map(Vec::as_slice).unwrap_or(&[]) {
            let p = &self.site.pages[i];
            tr.push(Translation {
                lang: p.lang.to_string(),
                name: self.site.config.language_name(&p.lang),
                url: p.url.clone(),
                current: &p.lang == current,
            });
            // The switcher offers a stand-in (its links and interface are in its language);
            // search engines are not told it is a translation.
            if p.text_lang.is_none() {
                alt.push(Alternate {
                    hreflang: p.lang.to_string(),
                    href: self.permalink(&p.url),
                });
            }
        }
        let default = self
            .site
            .page(&self.site.config.source_lang, key)
            .filter(|p| p.text_lang.is_none())
            .map(|p| p.url.clone())
            .or_else(|| {
                self.site.by_key.get(key).and_then(|v| {
                    v.iter()
                        .map(|&i| &self.site.pages[i])
                        .find(|p| p.text_lang.is_none())
                        .map(|p| p.url.clone())
                })
            });
        if let Some(u) = default {
            alt.push(Alternate {
                hreflang: "x-default".into(),
                href: self.permalink(&u),
            });
        }
        (tr, alt)
    }

    /// The entry's title for `lang`, and the language it is written in when that is another one.
    /// The TOC's own names serve the TOC's language. Elsewhere an entry shows the title of the page
    /// it links to ([`Self::nav_url`]): the page in `lang`, else the source-language page it falls
    /// back to, whose title is in the source language. Entries without a page take the name the
    /// TOCs give them in `lang` ([`crate::content::nav::Nav::name_in`]: the matching group of
    /// `lang`'s own TOC, or the source half of a side-by-side name), else keep the TOC's name,
    /// marked with its language.
    fn nav_title_lang(&self, node: usize, lang: &Lang) -> (String, Option<Lang>) {
        let nav = &self.site.nav;
        let n = &nav.nodes[node];
        let tree_lang = nav.trees[n.tree].lang.as_ref();
        let source = &self.site.config.source_lang;
        if tree_lang != Some(lang)
            && let Some(k) = &n.key
        {
            // A stand-in's title is in its text's language.
            if let Some(p) = self.site.page(lang, k) {
                return (p.title.clone(), p.text_lang.clone());
            }
            if let Some(p) = self.site.page(source, k) {
                let title_lang = p.text_lang.clone().unwrap_or_else(|| source.clone());
                return (p.title.clone(), (&title_lang != lang).then_some(title_lang));
            }
        }
        if let Some(name) = nav.name_in(node, lang, source) {
            return (name.to_string(), None);
        }
        (n.name.clone(), tree_lang.filter(|t| *t != lang).cloned())
    }

    fn nav_title(&self, node: usize, lang: &Lang) -> String {
        self.nav_title_lang(node, lang).0
    }

    /// A breadcrumb or home entry for `node`: its title and that title's language (see
    /// [`Self::nav_title_lang`]).
    fn nav_link_title(&self, node: usize, lang: &Lang) -> (String, Option<String>) {
        let (title, foreign) = self.nav_title_lang(node, lang);
        (title, foreign.map(|l| l.to_string()))
    }

    fn nav_url(&self, node: usize, lang: &Lang) -> Option<String> {
        let n = &self.site.nav.nodes[node];
        if let Some(e) = &n.external {
            return Some(e.clone());
        }
        let k = n.key.as_ref()?;
        self.site
            .page(lang, k)
            .or_else(|| self.site.page(&self.site.config.source_lang, k))
            .map(|p| p.url.clone())
    }

    /// The sidebar entry of `node` in `lang` (a link, or a label for grouping entries), made once
    /// per build and shared by every page whose sidebar shows it: the sidebar is assembled from these
    /// pieces, and only the current page's entry gets its `aria-current` added.
    fn nav_label<'s>(
        &'s self,
        node: usize,
        lang: &Lang,
        cells: Option<&'s [OnceLock<NavLabel>]>,
    ) -> std::borrow::Cow<'s, NavLabel> {
        let make = || {
            let (title, foreign) = self.nav_title_lang(node, lang);
            let title = escape(&title);
            let mut lang_attr = foreign
                .map(|l| format!(" lang=\"{l}\""))
                .unwrap_or_default();
            // A link to the source-language page, because `lang` has none, says so.
            let n = &self.site.nav.nodes[node];
            if let Some(k) = &n.key
                && self.site.page(lang, k).is_none()
                && self.site.page(&self.site.config.source_lang, k).is_some()
            {
                lang_attr = format!(" hreflang=\"{}\"{lang_attr}", self.site.config.source_lang);
            }
            match self.nav_url(node, lang) {
                Some(url) => {
                    let html = format!("<a href=\"{}\"", escape(&url));
                    let href_end = html.len();
                    NavLabel {
                        html: format!("{html}{lang_attr}>{title}</a>"),
                        href_end,
                    }
                }
                None => NavLabel {
                    html: format!("<span{lang_attr}>{title}</span>"),
                    href_end: 0,
                },
            }
        };
        match cells.and_then(|v| v.get(node)) {
            Some(cell) => std::borrow::Cow::Borrowed(cell.get_or_init(make)),
            // Not a language of the site: made each time, not cached.
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// The sidebar: top-level entries of the page's tree, with the branch that leads to the current
    /// page open. Other branches show only their own link, so the sidebar of each page costs the size
    /// of its path, not of the whole TOC (no quadratic step on large sites).
    pub fn nav_html(&self, lang: &Lang, current: Option<usize>, tree: Option<usize>) -> String {
        let nav = &self.site.nav;
        let Some(tree) = tree.or_else(|| current.map(|c| nav.nodes[c].tree)) else {
            return String::new();
        };
        let path: Vec<usize> = match current {
            Some(c) => {
                let mut a = nav.ancestors(c);
                a.push(c);
                a
            }
            None => Vec::new(),
        };
        let mut out = String::from("<ul>");
        let cells = self.nav_labels.get(lang).map(Vec::as_slice);
        let level = Level {
            path: &path,
            lang,
            current,
            cells,
        };
        self.nav_level(&nav.trees[tree].roots, &level, 0, &mut out);
        out.push_str("</ul>");
        out
    }

    fn nav_level(&self, ids: &[usize], level: &Level<'_>, depth: usize, out: &mut String) {
        let Level {
            path,
            lang,
            current,
            cells,
        } = *level;
        // Small trees are rendered whole, with closed branches in <details> so readers without
        // JavaScript can open them; large ones only along the current path (see `nav_html`).
        let full = self
            .site
            .nav
            .trees
            .get(self.site.nav.nodes[ids.first().copied().unwrap_or(0)].tree)
            .is_some_and(|t| t.size <= FULL_NAV_LIMIT);
        for &id in ids {
            let n = &self.site.nav.nodes[id];
            let open = path.get(depth) == Some(&id);
            let has_children = !n.children.is_empty() && depth < 32;
            out.push_str(if has_children {
                if open {
                    "<li class=\"open\">"
                } else {
                    "<li class=\"closed\">"
                }
            } else {
                "<li>"
            });
            let entry = self.nav_label(id, lang, cells);
            let label = if Some(id) == current && entry.href_end > 0 {
                let (a, b) = entry.html.split_at(entry.href_end);
                std::borrow::Cow::Owned(format!("{a} aria-current=\"page\"{b}"))
            } else {
                std::borrow::Cow::Borrowed(entry.html.as_str())
            };
            if has_children && (open || full) {
                // The triangle is an element of its own, not the summary's `::marker`, so that the
                // theme can keep it beside the label's first line however the label wraps.
                out.push_str(if open {
                    "<details open><summary><span class=\"nav-marker\" aria-hidden=\"true\"></span>"
                } else {
                    "<details><summary><span class=\"nav-marker\" aria-hidden=\"true\"></span>"
                });
                out.push_str(&label);
                out.push_str("</summary><ul>");
                let below = Level {
                    path: if open { path } else { &[] },
                    ..*level
                };
                self.nav_level(&n.children, &below, depth + 1, out);
                out.push_str("</ul></details>");
            } else {
                out.push_str(&label);
            }
            out.push_str("</li>");
        }
    }

    fn breadcrumbs_and_neighbours(
        &self,
        node: Option<usize>,
        lang: &Lang,
    ) -> (Vec<Link>, Option<Link>, Option<Link>) {
        let Some(node) = node else {
            return (Vec::new(), None, None);
        };
        let nav = &self.site.nav;
        // Every ancestor, with the names the sidebar gives them. A group without a page is text (an
        // empty `url`), and only when it has a name in `lang`: a page's main content carries no
        // words of another language that are not a link to somewhere.
        let crumbs = nav
            .ancestors(node)
            .into_iter()
            .filter_map(|a| {
                let url = self.nav_url(a, lang);
                let (title, title_lang) = self.nav_link_title(a, lang);
                if url.is_none() && title_lang.is_some() {
                    return None;
                }
                Some(Link {
                    title,
                    url: url.unwrap_or_default(),
                    lang: title_lang,
                })
            })
            .collect();
        let tree = &nav.trees[nav.nodes[node].tree];
        let pos = nav.position.get(&node).copied();
        let link_of = |id: usize| -> Option<Link> {
            let k = nav.nodes[id].key.as_ref()?;
            let p = self.site.page(lang, k)?;
            Some(Link {
                title: self.nav_title(id, lang),
                url: p.url.clone(),
                lang: None,
            })
        };
        let current_key = nav.nodes[node].key.clone();
        let prev = pos.and_then(|p| {
            tree.order[..p]
                .iter()
                .rev()
                .filter(|&&i| nav.nodes[i].key != current_key)
                .find_map(|&i| link_of(i))
        });
        let next = pos.and_then(|p| {
            tree.order[p + 1..]
                .iter()
                .filter(|&&i| nav.nodes[i].key != current_key)
                .find_map(|&i| link_of(i))
        });
        (crumbs, prev, next)
    }

    fn notices(&self, page: &Page, source_url: Option<&str>) -> Vec<Notice> {
        let lang = &page.lang;
        let mut out = Vec::new();
        if page.half == Half::Translated && page.front.translation_type == Some(TranslationType::MT)
        {
            let text = escape(&self.t(lang, "machine_translated"));
            let link = match source_url {
                // `hreflang` says the target is in the source language; the link text is in the
                // page's language, so it takes no `lang` of its own.
                Some(u) => format!(
                    "<a href=\"{}\" hreflang=\"{}\">{}</a>",
                    escape(u),
                    self.site.config.source_lang,
                    escape(&self.t(lang, "read_original")),
                ),
                None => String::new(),
            };
            let html = if text.contains("{source_link}") {
                text.replace("{source_link}", &link)
            } else {
                format!("{text} {link}")
            };
            out.push(Notice {
                kind: "mt".into(),
                html,
            });
        }
        if page.behind {
            out.push(Notice {
                kind: "behind".into(),
                html: escape(&self.t(lang, "behind")),
            });
        }
        if let Some(text_lang) = &page.text_lang {
            let name = self.site.config.language_name(text_lang);
            out.push(Notice {
                kind: "text-lang".into(),
                html: escape(&self.t(lang, "text_in_other_language")).replace(
                    "{lang}",
                    &format!("<span lang=\"{text_lang}\">{}</span>", escape(&name)),
                ),
            });
        }
        out
    }

    /// Renders one page (and returns its compare view too, for translated pages).
    pub fn render_page(&self, idx: usize) -> Vec<Output> {
        self.render_outputs(idx, false).0
    }

    /// [`Renderer::render_page`], also returning the page's plain text for the search index (empty
    /// when the site builds none).
    pub fn render_page_with_text(&self, idx: usize) -> (Vec<Output>, PageText) {
        self.render_outputs(idx, self.site.config.output.search)
    }

    /// The page's outputs, and its plain text when `page_text` asks for it.
    fn render_outputs(&self, idx: usize, page_text: bool) -> (Vec<Output>, PageText) {
        let site = self.site;
        let page = &site.pages[idx];
        let lang = &page.lang;
        let ui = self.ui(lang);
        // Made once per language in `new`: a map of five owned titles per page was 10 allocations.
        let made;
        let alert_titles = match self.alert_titles.get(lang) {
            Some(t) => t,
            None => {
                made = markdown::alert_titles(&ui);
                &made
            }
        };
        let made_labels;
        let labels = match self.directive_labels.get(lang) {
            Some(l) => l,
            None => {
                made_labels = markdown::DirectiveLabels::from_ui(&ui);
                &made_labels
            }
        };
        let opts = RenderOptions {
            file: &page.file,
            first_line: page.body_line,
            lang: lang.as_str(),
            alert_titles,
            legacy_alert_words: &self.legacy_words,
            see_also_headings: &self.see_also_headings,
            permalink_label: ui
                .get("permalink")
                .map(String::as_str)
                .unwrap_or("Permalink"),
            zone_pivot: None,
            moniker: site.config.build.moniker.as_deref(),
            labels,
            outside_span_lang: site.outside_span_lang(page),
            page_text,
        };
        let resolver = PageResolver {
            site,
            lang,
            half: page.half,
        };
        let mut rendered = markdown::render(&page.markdown, &opts, &resolver);
        let text = std::mem::take(&mut rendered.text);
        let mut diagnostics = rendered.diagnostics;
        site.map_lines(&page.file, &mut diagnostics);
        let (translations, alternates) = self.translations(&page.key, lang);
        let source_url = (page.half == Half::Translated)
            .then(|| {
                site.page(&site.config.source_lang, &page.key)
                    .map(|p| p.url.clone())
            })
            .flatten();
        let compare_url = (page.half == Half::Translated && site.config.output.compare_views)
            .then(|| format!("{}compare/", page.url));
        let node = site.nav.node_for(&page.key, lang);
        let (breadcrumbs, prev, next) = self.breadcrumbs_and_neighbours(node, lang);
        let is_home = page.key == "index";
        let tree = node
            .map(|n| site.nav.nodes[n].tree)
            .or_else(|| self.default_tree(lang));
        let status_notices = match self.status {
            Some(f) => f(&page.front.all_services(), lang),
            None => Vec::new(),
        };
        let is_source_reconstructed = page.half == Half::Source;
        let front = &page.front;
        let structured = site
            .files
            .get(&page.file)
            .and_then(|f| f.structured.as_deref());
        if structured.is_some() {
            rendered.html = link_list_labels(&rendered.html, &ui);
        }
        let json_ld = structured
            .filter(|s| s.kind == crate::content::structured::Kind::Faq)
            .map(|s| {
                faq_json_ld(
                    &page.markdown,
                    &s.faq,
                    page.text_lang.as_ref().unwrap_or(lang),
                )
            });
        let mut ctx = PageCtx {
            kind: match structured {
                Some(s) => s.kind.name().into(),
                None if is_home => "home".into(),
                None => "page".into(),
            },
            title: page.title.clone(),
            description: page.description.clone(),
            url: page.url.clone(),
            permalink: self.permalink(&page.url),
            content: rendered.html,
            headings: rendered
                .headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| HeadingCtx {
                    level: h.level,
                    id: h.id.clone(),
                    text: h.text.clone(),
                })
                .collect(),
            date: front.date.map(|d| d.iso()),
            date_display: front.date.map(|d| self.format_date(lang, d)),
            author: front.author.clone(),
            topic: front.topic.clone(),
            translation_type: if page.half == Half::Translated {
                front.translation_type
            } else {
                None
            },
            bilingual: page.bilingual(),
            is_source: is_source_reconstructed,
            source_url: source_url.clone(),
            compare_url: compare_url.clone(),
            fallback: false,
            behind: page.behind,
            translations,
            alternates,
            see_also: rendered
                .see_also
                .iter()
                .map(|s| SeeAlso {
                    title: s.title.clone(),
                    url: s.url.clone(),
                    fallback: s.fallback,
                    broken: s.broken,
                })
                .collect(),
            breadcrumbs,
            prev,
            next,
            nav_html: self.nav_html(lang, node, tree),
            // A stand-in's text is in another language than its URL says: not for search engines.
            robots: if page.text_lang.is_some() {
                Some("noindex".into())
            } else {
                front.robots.clone()
            },
            keywords: front.keywords.clone(),
            extra: if is_source_reconstructed || !self.site_templates {
                BTreeMap::new()
            } else {
                front.extra.clone()
            },
            notices: self.notices(page, source_url.as_deref()),
            segments: Vec::new(),
            segment_rows: String::new(),
            children: if is_home {
                self.home_children(lang)
            } else {
                Vec::new()
            },
            status_notices,
            text_lang: page.text_lang.as_ref().map(Lang::to_string),
            json_ld,
        };
        if is_source_reconstructed {
            // The translated front matter's metadata (author, topic, date) still describes the source.
            ctx.translation_type = None;
        }
        let template = match structured {
            Some(s) => s.kind.template(),
            None if is_home => "home.html",
            None => "page.html",
        };
        let mut outputs = Vec::new();
        match self.render_template(template, lang, &ctx, &page.file) {
            Ok(html) => outputs.push(Output {
                path: page_output_path(lang, &page.key),
                html,
                diagnostics: std::mem::take(&mut diagnostics),
            }),
            Err(d) => diagnostics.push(d),
        }
        if let (Some(segments), Some(url)) = (&page.segments, compare_url)
            && page.half == Half::Translated
        {
            let rows: Vec<SegmentRow> = segments
                .iter()
                .map(|s| SegmentRow {
                    id: s.id().to_string(),
                    translated: inline_html(s.translated()),
                    source: inline_html(s.source()),
                })
                .collect();
            let segment_rows = self.segment_rows_html(lang, &rows);
            let compare = PageCtx {
                kind: "compare".into(),
                title: format!("{} — {}", page.title, self.t(lang, "compare_view")),
                description: page.description.clone(),
                permalink: self.permalink(&url),
                url,
                source_url,
                translations: ctx.translations.clone(),
                alternates: Vec::new(),
                robots: Some("noindex".into()),
                // No sidebar: the two-column table gets the page's width (links at its top lead back
                // to the translated and source pages), and a large site writes a third less sidebar
                // HTML.
                nav_html: String::new(),
                breadcrumbs: ctx.breadcrumbs.clone(),
                segments: if self.site_templates {
                    rows
                } else {
                    Vec::new()
                },
                segment_rows,
                bilingual: true,
                ..PageCtx::default()
            };
            let mut compare = compare;
            compare.breadcrumbs.push(Link {
                title: page.title.clone(),
                url: page.url.clone(),
                lang: None,
            });
            match self.render_template("compare.html", lang, &compare, &page.file) {
                Ok(html) => {
                    let path = page_output_path(lang, &page.key)
                        .replace("index.html", "compare/index.html");
                    outputs.push(Output {
                        path,
                        html,
                        diagnostics: Vec::new(),
                    });
                }
                Err(d) => diagnostics.push(d),
            }
        }
        if outputs.is_empty() {
            outputs.push(Output {
                path: String::new(),
                html: Vec::new(),
                diagnostics,
            });
        } else if !diagnostics.is_empty() {
            outputs[0].diagnostics.extend(diagnostics);
        }
        (outputs, text)
    }

    /// The compare view's `<tr>` rows (segment id, translation, source). Made here rather than in
    /// `compare.html`: a template loop over every sentence of every page was 5% of a build's
    /// instructions; themes can still loop over `page.segments` themselves.
    fn segment_rows_html(&self, lang: &Lang, rows: &[SegmentRow]) -> String {
        let ui = self.ui(lang);
        let label = |k: &str| escape(ui.get(k).map(String::as_str).unwrap_or(k));
        let td_translated = format!(
            "<td lang=\"{}\" data-label=\"{}\">",
            escape(lang.as_str()),
            label("translation")
        );
        let td_source = format!(
            "<td lang=\"{}\" data-label=\"{}\">",
            escape(self.site.config.source_lang.as_str()),
            label("source_text")
        );
        let mut out = String::with_capacity(rows.len() * 300);
        for r in rows {
            let id = escape(&r.id);
            out.push_str("\n    <tr id=\"s-");
            out.push_str(&id);
            out.push_str("\">\n      <th scope=\"row\" class=\"seg-id\"><a href=\"#s-");
            out.push_str(&id);
            out.push_str("\">");
            out.push_str(&id);
            out.push_str("</a></th>\n      ");
            out.push_str(&td_translated);
            out.push_str(&r.translated);
            out.push_str("</td>\n      ");
            out.push_str(&td_source);
            out.push_str(&r.source);
            out.push_str("</td>\n    </tr>");
        }
        out
    }

    fn default_tree(&self, lang: &Lang) -> Option<usize> {
        let trees = &self.site.nav.trees;
        trees
            .iter()
            .position(|t| t.lang.as_ref() == Some(lang))
            .or_else(|| trees.iter().position(|t| t.lang.is_none()))
            .or((!trees.is_empty()).then_some(0))
    }

    /// The top entries of every navigation tree that has pages in `lang` (the home page lists them).
    pub fn home_children(&self, lang: &Lang) -> Vec<Child> {
        let nav = &self.site.nav;
        let mut out = Vec::new();
        for tree in &nav.trees {
            if tree.lang.as_ref().is_some_and(|l| l != lang)
                && nav.trees.iter().any(|o| o.lang.as_ref() == Some(lang))
            {
                continue;
            }
            for &id in &tree.roots {
                // The home page does not list itself.
                if nav.nodes[id].key.as_deref() == Some("index") {
                    continue;
                }
                let Some(url) = self.nav_url(id, lang) else {
                    // A grouping entry: list its first children instead.
                    for &c in nav.nodes[id].children.iter().take(12) {
                        if nav.nodes[c].key.as_deref() == Some("index") {
                            continue;
                        }
                        if let Some(url) = self.nav_url(c, lang) {
                            let (title, lang) = self.nav_link_title(c, lang);
                            out.push(Child {
                                title,
                                url,
                                description: None,
                                lang,
                            });
                        }
                    }
                    continue;
                };
                let description = nav.nodes[id]
                    .key
                    .as_ref()
                    .and_then(|k| self.site.page(lang, k))
                    .and_then(|p| p.description.clone());
                let (title, title_lang) = self.nav_link_title(id, lang);
                out.push(Child {
                    title,
                    url,
                    description,
                    lang: title_lang,
                });
            }
        }
        if out.is_empty() {
            // No TOC: list the pages of this language.
            for p in self
                .site
                .pages
                .iter()
                .filter(|p| &p.lang == lang && p.key != "index")
                .take(200)
            {
                out.push(Child {
                    title: p.title.clone(),
                    url: p.url.clone(),
                    description: p.description.clone(),
                    lang: None,
                });
            }
        }
        out
    }

    /// Switcher entries and hreflang alternates for a page that exists in every language at the same
    /// path (`{root}{lang}/{rest}`): language homes, status pages. `current` marks the shown language;
    /// `x_default` is the root-relative URL for `x-default`.
    pub fn every_language(
        &self,
        current: Option<&Lang>,
        rest: &str,
        x_default: &str,
    ) -> (Vec<Translation>, Vec<Alternate>) {
        let root = &self.site_ctx.root;
        let translations: Vec<Translation> = self
            .site
            .languages
            .iter()
            .map(|l| Translation {
                lang: l.to_string(),
                name: self.site.config.language_name(l),
                url: format!("{root}{l}/{rest}"),
                current: Some(l) == current,
            })
            .collect();
        let mut alternates: Vec<Alternate> = translations
            .iter()
            .map(|t| Alternate {
                hreflang: t.lang.clone(),
                href: self.permalink(&t.url),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: self.permalink(x_default),
        });
        (translations, alternates)
    }

    /// A generated home page for a language without `index.md`.
    pub fn render_generated_home(&self, lang: &Lang) -> Result<Output, Diagnostic> {
        let root = &self.site_ctx.root;
        let url = format!("{root}{lang}/");
        let (translations, alternates) = self.every_language(
            Some(lang),
            "",
            &format!("{root}{}/", self.site.config.source_lang),
        );
        let ctx = PageCtx {
            kind: "home".into(),
            title: self.site.config.title.clone(),
            permalink: self.permalink(&url),
            url,
            translations,
            alternates,
            children: self.home_children(lang),
            nav_html: self.nav_html(lang, None, self.default_tree(lang)),
            ..PageCtx::default()
        };
        let html = self.render_template("home.html", lang, &ctx, "home.html")?;
        Ok(Output {
            path: format!("{lang}/index.html"),
            html,
            diagnostics: Vec::new(),
        })
    }

    /// The site root (pick a language) and the 404 pages.
    pub fn render_root_pages(&self) -> Vec<Result<Output, Diagnostic>> {
        let root = self.site_ctx.root.clone();
        let src = self.site.config.source_lang.clone();
        let mut out = Vec::new();
        let (translations, alternates) = self.every_language(None, "", &root);
        let ctx = PageCtx {
            kind: "languages".into(),
            title: self.site.config.title.clone(),
            url: root.clone(),
            permalink: self.permalink(&root),
            translations: translations.clone(),
            alternates,
            ..PageCtx::default()
        };
        out.push(
            self.render_template("languages.html", &src, &ctx, "languages.html")
                .map(|html| Output {
                    path: "index.html".into(),
                    html,
                    diagnostics: Vec::new(),
                }),
        );
        for lang in std::iter::once(None).chain(self.site.languages.iter().map(Some)) {
            let l = lang.unwrap_or(&src);
            let url = match lang {
                Some(l) => format!("{root}{l}/404.html"),
                None => format!("{root}404.html"),
            };
            let ctx = PageCtx {
                kind: "404".into(),
                title: self.t(l, "page_not_found"),
                permalink: self.permalink(&url),
                url: url.clone(),
                translations: translations
                    .iter()
                    .map(|t| Translation {
                        current: t.lang == l.as_str(),
                        ..t.clone()
                    })
                    .collect(),
                robots: Some("noindex".into()),
                ..PageCtx::default()
            };
            let path = url.strip_prefix(&root).unwrap_or(&url).to_string();
            out.push(
                self.render_template("404.html", l, &ctx, "404.html")
                    .map(|html| Output {
                        path,
                        html,
                        diagnostics: Vec::new(),
                    }),
            );
        }
        out
    }
}

/// Inline HTML of a segment for the compare view: links become their text (their targets are
/// relative to the page, not to the compare view).
pub fn inline_html(md: &str) -> String {
    // Most segments are plain sentences, some with bold words or a link: what the parser would
    // give, without a parser per segment (a compare view has one row per sentence).
    inline_fast(md).unwrap_or_else(|| inline_html_parsed(md))
}

fn inline_html_parsed(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let events = Parser::new(md).filter_map(|e| match e {
        Event::Start(Tag::Link { .. } | Tag::Paragraph)
        | Event::End(TagEnd::Link | TagEnd::Paragraph) => None,
        // Raw `<a>` tags go the way of Markdown links: the row keeps their text. An anchor
        // (`<a id>`, `<a name>`) would put the page's id in both columns, and an in-page link
        // would point at a heading that the compare view does not have.
        Event::InlineHtml(h) | Event::Html(h) => match without_a_tags(&h) {
            std::borrow::Cow::Borrowed(_) => Some(Event::InlineHtml(h)),
            std::borrow::Cow::Owned(o) if o.trim().is_empty() => None,
            std::borrow::Cow::Owned(o) => Some(Event::InlineHtml(o.into())),
        },
        Event::Start(Tag::Image { title, .. }) => Some(Event::Text(title)),
        Event::End(TagEnd::Image) => Some(Event::Text("".into())),
        Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {
            Some(Event::Text("".into()))
        }
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim().to_string()
}

/// Raw HTML `h` without its `<a …>` and `</a>` tags (any case); other tags and text are kept.
fn without_a_tags(h: &str) -> std::borrow::Cow<'_, str> {
    // Where the `<a …>` or `</a>` tag at `i` ends; an opening tag is read with the tag parser the
    // Markdown stage uses, so a `>` inside a quoted attribute does not end it.
    let a_tag_end = |i: usize| match super::markdown::parse_tag(h, i) {
        Some(tag) => tag.name.eq_ignore_ascii_case("a").then_some(tag.end),
        None => {
            let rest = h[i..].strip_prefix("</")?;
            rest.get(..1).filter(|n| n.eq_ignore_ascii_case("a"))?;
            let after = rest[1..].trim_start();
            after.starts_with('>').then(|| h.len() - after.len() + 1)
        }
    };
    let mut out = String::new();
    let mut copied = 0;
    for (i, _) in h.match_indices('<') {
        if i < copied {
            continue;
        }
        if let Some(end) = a_tag_end(i) {
            out.push_str(&h[copied..i]);
            copied = end;
        }
    }
    if copied == 0 {
        return h.into();
    }
    out.push_str(&h[copied..]);
    out.into()
}

/// Bytes that may start inline markup, an entity, HTML or an escape anywhere in a line, and `!`
/// (an image before `[`): [`inline_fast`] copies runs of any others as they are.
const INLINE_STOP: [bool; 256] = {
    let mut t = crate::render::html::byte_set(b"\\`*_[]<>&~$^{}!\x7f");
    // And the control characters.
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t
};

/// The compare-view HTML of a one-line segment made of plain text, `**bold**` runs of plain
/// text and `[plain text](destination)` links, which is what nearly every sentence of a procedure
/// is; `None` for anything else (the parser handles it). Written by hand because running
/// pulldown-cmark once per sentence was 4.5% of a build; a property test checks that it gives
/// exactly the parser's output whenever it answers.
fn inline_fast(md: &str) -> Option<String> {
    let b = md.as_bytes();
    let first = md.chars().next()?;
    // A start that opens a block (list, heading, quote, code, thematic break, table).
    if first.is_whitespace()
        || first.is_ascii_digit()
        || matches!(
            first,
            '-' | '+' | '=' | '>' | '#' | '_' | '|' | ':' | '~' | '`'
        )
        || (first == '*' && !b.starts_with(b"**"))
    {
        return None;
    }
    let plain_run = |from: usize| {
        b[from..]
            .iter()
            .position(|&c| INLINE_STOP[c as usize])
            .map_or(b.len(), |p| from + p)
    };
    let mut out = String::with_capacity(md.len() + 16);
    let mut i = 0;
    while i < b.len() {
        let end = plain_run(i);
        out.push_str(&md[i..end]);
        i = end;
        if i == b.len() {
            break;
        }
        if b[i] == b'!' {
            if b.get(i + 1) == Some(&b'[') {
                return None;
            }
            out.push('!');
            i += 1;
        } else if b[i..].starts_with(b"**") {
            // `**text**` with text that starts and ends with a Latin letter or a digit: both runs
            // flank the text whatever surrounds them. (Not any alphanumeric character: some, like
            // `Ⓐ`, are symbols to CommonMark, and a symbol next to `**` changes what it can do.)
            let from = i + 2;
            let to = plain_run(from);
            let inner = &md[from..to];
            let latin = |c: char| {
                c.is_ascii_alphanumeric()
                    || (('\u{c0}'..='\u{24f}').contains(&c) && c != '\u{d7}' && c != '\u{f7}')
            };
            let alnum_ends = inner.chars().next().is_some_and(latin)
                && inner.chars().next_back().is_some_and(latin);
            if !alnum_ends
                || !b[to..].starts_with(b"**")
                || b.get(to + 2) == Some(&b'*')
                || (i > 0 && b[i - 1] == b'*')
            {
                return None;
            }
            out.push_str("<strong>");
            out.push_str(inner);
            out.push_str("</strong>");
            i = to + 2;
        } else if b[i] == b'[' {
            // `[text](destination)`: the link's text (the compare view drops its target).
            let from = i + 1;
            let to = plain_run(from);
            let text = &md[from..to];
            if text.trim().is_empty() || !b[to..].starts_with(b"](") {
                return None;
            }
            let dest_from = to + 2;
            let dest_len = b[dest_from..].iter().position(|&c| c == b')')?;
            let dest = &b[dest_from..dest_from + dest_len];
            let url_byte = |c: &u8| c.is_ascii_alphanumeric() || b"/.-_#?=%:~+@,;".contains(c);
            if dest.is_empty() || !dest.iter().all(url_byte) {
                return None;
            }
            out.push_str(text);
            i = dest_from + dest_len + 1;
        } else {
            return None;
        }
    }
    // As the parser's output is trimmed (a link's text may start with a space).
    Some(match out.trim() {
        t if t.len() == out.len() => out,
        t => t.to_string(),
    })
}

/// Output path of a static theme file.
pub fn static_path(name: &str) -> String {
    format!("static/{name}")
}

/// A theme's date pattern with `{d}`, `{month}` and `{y}` filled in, as three `replace` calls one
/// after the other would fill it.
fn fill_date_pattern(pattern: &str, day: u8, month: &str, year: u16) -> String {
    // One pass over the pattern (the three `replace` calls, each with its own substring search, were
    // most of a page's date: 0.6% of a build). The calls one after the other would also expand a
    // placeholder that an inserted month name completes (`{y}` inside it, or an empty name joining
    // `{` and `y}`); for such names they are kept, so any theme gets what it got.
    if month.is_empty() || month.contains(['{', '}']) {
        return pattern
            .replace("{d}", &day.to_string())
            .replace("{month}", month)
            .replace("{y}", &year.to_string());
    }
    let mut out = String::with_capacity(pattern.len() + month.len() + 8);
    let mut days = itoa::Buffer::new();
    let mut years = itoa::Buffer::new();
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (value, len) = if rest.starts_with("{d}") {
            (days.format(day), 3)
        } else if rest.starts_with("{month}") {
            (month, 7)
        } else if rest.starts_with("{y}") {
            (years.format(year), 3)
        } else {
            ("{", 1)
        };
        out.push_str(value);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn date_pattern_fills_as_three_replace_calls_would() {
        let pieces = [
            "{", "}", "d", "y", "month", "{d}", "{y}", "{month}", " ", "x", ". ",
        ];
        let months = ["janv.", "Nov", "", "{y}an", "}", "{", "y}", "März"];
        let mut patterns = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = patterns
                .iter()
                .flat_map(|p| pieces.iter().map(move |q| format!("{p}{q}")))
                .collect();
            patterns.extend(longer);
        }
        for p in &patterns {
            for m in months {
                let want = p
                    .replace("{d}", "5")
                    .replace("{month}", m)
                    .replace("{y}", "2018");
                assert_eq!(super::fill_date_pattern(p, 5, m, 2018), want, "{p:?} {m:?}");
            }
        }
    }

    proptest! {
        /// The shortcut gives exactly what the parser gives whenever it answers: random text…
        #[test]
        fn fast_segments_render_as_the_parser_renders_them(
            s in "[ a-zA-Z0-9éà’'\"().,;:?!*_\\[\\]<>&#|\u{a0}\t\n-]{0,40}"
        ) {
            if let Some(fast) = inline_fast(&s) {
                prop_assert_eq!(fast, inline_html_parsed(&s));
            }
        }

        /// …and text assembled from the pieces the shortcut looks for, so that bold runs and
        /// links (which random characters rarely form) are tried in every arrangement.
        #[test]
        fn fast_bold_and_links_render_as_the_parser_renders_them(
            parts in prop::collection::vec(prop::sample::select(vec![
                "mot", "Rôle", "é", "9", "Ⓐ", "ǃ", "×", " ", "  ", "**", "*", "[", "]", "](", ")", "(", "x.md",
                "../a/b-2.md#c", "a b", "!", "|", ":", ".", "’", "\"", "_", "-", "#", "<", "&",
            ]), 0..14)
        ) {
            let s = parts.concat();
            if let Some(fast) = inline_fast(&s) {
                prop_assert_eq!(fast, inline_html_parsed(&s));
            }
        }
    }

    /// A compare row keeps the text of raw `<a>` tags, as of Markdown links: no anchor ids twice
    /// on the page, no in-page links to headings the view does not have.
    #[test]
    fn compare_rows_drop_raw_anchors_and_links() {
        assert_eq!(
            inline_html("Voir <a href=\"#charge_types\">les types</a> <A NAME=\"x\"></A>fin"),
            "Voir les types fin"
        );
        assert_eq!(inline_html("CSP <a id=\"upgradesubscription\"></a>"), "CSP");
        assert_eq!(inline_html("x <abbr>CSP</abbr>"), "x <abbr>CSP</abbr>");
        for (h, want) in [
            ("<a href=\"#x\">", ""),
            ("</a>", ""),
            ("<a\nid=\"y\"/>", ""),
            ("<a id=\"x\"></a>\n", "\n"),
            ("<p><a name=\"x\"></a>Texte</p>", "<p>Texte</p>"),
            ("<abbr>", "<abbr>"),
            ("<a", "<a"),
            ("<a title=\"x>y\" href=\"#z\">t</a >", "t"),
            ("</abbr>", "</abbr>"),
            ("a < b", "a < b"),
        ] {
            assert_eq!(without_a_tags(h), want, "{h:?}");
        }
    }

    #[test]
    fn plain_and_marked_up_segments() {
        for (md, html) in [
            (
                "Sélectionnez \"Paramètres\" puis Enregistrer.",
                "Sélectionnez \"Paramètres\" puis Enregistrer.",
            ),
            ("Dit \"oui\" ", "Dit \"oui\""),
            (
                "**Rôles appropriés** : agent | administrateur",
                "<strong>Rôles appropriés</strong> : agent | administrateur",
            ),
            ("Voir [le rôle](../a/b-2.md#c) !", "Voir le rôle !"),
        ] {
            assert_eq!(inline_fast(md).as_deref(), Some(html), "{md}");
            assert_eq!(inline_html_parsed(md), html, "{md}");
        }
        for s in [
            "1. item",
            "- item",
            "**gras *et* italique**",
            "a [lien](<x y.md>)",
            "a ![image](x.png)",
            "a &amp; b",
            "    code",
            "# titre",
            "a *b*",
            "x**Ⓐ**",
        ] {
            assert!(inline_fast(s).is_none(), "{s}");
        }
    }
}
