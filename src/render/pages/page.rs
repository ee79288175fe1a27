//! One content page in each of its languages: the Markdown rendered through the Docs renderer, the
//! notices (machine translation, fallback, stand-in), the compare view of its segments, and the
//! template's [`PageCtx`] filled and rendered.

use std::collections::BTreeMap;

use super::context::{HeadingCtx, Link, Notice, PageCtx, SeeAlso, SegmentRow};
use super::inline::inline_html;
use super::{Output, Renderer};
use crate::content::front_matter::TranslationType;
use crate::content::page::{Half, Page};
use crate::lang::Lang;
use crate::links::PageResolver;
use crate::render::html::escape;
use crate::render::markdown::{self, PageText, RenderOptions};
use crate::site::page_output_path;

impl<'a> Renderer<'a> {
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
    /// when the site builds none) and the files it read besides its own source (for the cache).
    pub fn render_page_with_text(
        &self,
        idx: usize,
    ) -> (Vec<Output>, PageText, Vec<crate::cache::Dep>) {
        self.render_outputs(idx, self.site.config.output.search)
    }

    /// The page's outputs, its plain text when `page_text` asks for it, and the files it read.
    fn render_outputs(
        &self,
        idx: usize,
        page_text: bool,
    ) -> (Vec<Output>, PageText, Vec<crate::cache::Dep>) {
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
        let deps = std::sync::Mutex::default();
        let resolver = PageResolver {
            site,
            lang,
            half: page.half,
            deps: Some(&deps),
        };
        let mut rendered = markdown::render(page.markdown(), &opts, &resolver);
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
                    page.markdown(),
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
        if let (Some(segments), Some(url)) = (page.segments(), compare_url)
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
        let mut deps = deps.into_inner().unwrap_or_default();
        // The page's own source is in its fingerprint already.
        deps.retain(|d| !matches!(d, crate::cache::Dep::Content(f) if *f == page.file));
        deps.sort();
        deps.dedup();
        (outputs, text, deps)
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
