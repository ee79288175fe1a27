//! Turns pages of the loaded [`Site`] into HTML: Markdown through the Docs renderer, then the theme's
//! templates with plain serializable data (the contract is `docs/templates.md`).
//!
//! Layout: this file holds the [`Renderer`] (UI strings, template context, dates, translations);
//! `context` the template data, `page` a content page, `nav` the sidebar and trail, `homes` the
//! generated homes and root pages, `inline` inline Markdown for segments and titles.

mod context;
mod homes;
mod inline;
mod nav;
mod page;

pub use context::{
    Alternate, Child, HeadingCtx, LangLink, Link, Notice, PageCtx, SeeAlso, SegmentRow, SiteCtx,
    StatusNotice, Translation,
};
pub use inline::inline_html;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use crate::content::front_matter::Date;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::render::markdown;
use crate::render::theme::Theme;
use crate::site::Site;

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

/// A sidebar entry's HTML; `href_end` is where `aria-current` goes (0: not a link).
#[derive(Debug, Clone)]
pub(super) struct NavLabel {
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
        let legacy_words = theme.legacy_note_words();
        let see_also_headings = theme.see_also_headings();
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
mod tests;
