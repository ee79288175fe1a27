//! Client-side search, one index per language, built with the site and split in shards by term
//! prefix (see [`text::shard_of`]) so that a query downloads a small `meta.json`, one shard per query
//! word and the few result documents it shows — never the whole index (Pagefind's approach). No
//! external service: `static/search.js` reads these files. Without JavaScript, `/<lang>/search/`
//! explains that search needs it and links to the language home.
//!
//! Layout under the output root, for each language:
//! - `search/<lang>/meta.json`: `{"docs": N, "shards": ["et", "se", "u3f", …]}`
//! - `search/<lang>/<shard>.json`: `{"term": [doc, score, doc, score, …], …}`, best score first
//! - `search/<lang>/d/<doc>.json`: `{"u": url, "t": title, "x": plain text}` for titles and snippets

pub mod text;

use std::collections::{BTreeMap, HashMap};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::content::page::Page;
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;
use crate::output::Sink;
use crate::render::pages::{PageCtx, Renderer};
use crate::site::Site;

/// Weight of a term found in the title, in a heading, in the body.
const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 3;
/// Characters of page text kept for snippets.
const SNIPPET_SOURCE: usize = 6000;

/// One searchable page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Doc {
    /// Root-relative URL.
    #[serde(rename = "u")]
    pub url: String,
    /// Title.
    #[serde(rename = "t")]
    pub title: String,
    /// Plain text (the beginning of the page), for snippets.
    #[serde(rename = "x")]
    pub text: String,
}

/// The index of one language.
#[derive(Debug, Default)]
pub struct LangIndex {
    /// Documents, by id.
    pub docs: Vec<Doc>,
    /// Shard → term → postings (doc id, score), best first.
    pub shards: BTreeMap<String, BTreeMap<String, Vec<(u32, u32)>>>,
}

/// Plain text of a page's Markdown: (heading text, body text). Code blocks are left out.
fn page_text(markdown: &str) -> (String, String) {
    let mut headings = String::new();
    let mut body = String::new();
    let mut in_heading = false;
    let mut in_code = false;
    for e in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match e {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                headings.push(' ');
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => {
                // pulldown-cmark has decoded entities; keep the spaces around emphasis as written.
                if in_heading {
                    headings.push_str(&t);
                } else {
                    body.push_str(&t);
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_),
            ) if !in_heading => body.push(' '),
            _ => {}
        }
    }
    (headings, body)
}

fn doc_of(page: &Page) -> (Doc, HashMap<String, u32>) {
    let (headings, body) = page_text(&page.markdown);
    let mut scores: HashMap<String, u32> = HashMap::new();
    for (text, weight) in [
        (page.title.as_str(), TITLE_WEIGHT),
        (headings.as_str(), HEADING_WEIGHT),
        (body.as_str(), 1),
    ] {
        for t in text::terms(text) {
            *scores.entry(t).or_default() += weight;
        }
    }
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = body
        .char_indices()
        .nth(SNIPPET_SOURCE)
        .map_or(body.len(), |(i, _)| i);
    let doc = Doc {
        url: page.url.clone(),
        title: page.title.clone(),
        text: body[..cut].to_string(),
    };
    (doc, scores)
}

/// Builds the index of `lang` from the site's pages (pages marked `noindex` are left out).
pub fn build_index(site: &Site, lang: &Lang) -> LangIndex {
    let pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| &p.lang == lang)
        .filter(|p| {
            !p.front
                .robots
                .as_deref()
                .is_some_and(|r| r.contains("noindex"))
        })
        .collect();
    let docs: Vec<(Doc, HashMap<String, u32>)> = pages.par_iter().map(|p| doc_of(p)).collect();
    let mut index = LangIndex::default();
    for (id, (doc, scores)) in docs.into_iter().enumerate() {
        index.docs.push(doc);
        for (term, score) in scores {
            index
                .shards
                .entry(text::shard_of(&term))
                .or_default()
                .entry(term)
                .or_default()
                .push((id as u32, score));
        }
    }
    for shard in index.shards.values_mut() {
        for postings in shard.values_mut() {
            postings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
    }
    index
}

impl LangIndex {
    /// The files of this index, relative to `search/<lang>/`.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        self.each_file(|path, bytes| out.push((path, bytes)));
        out
    }

    /// Hands each index file to `f` as soon as it is serialized, so writing the index never holds
    /// all of its files at once (tens of MiB per language on a 10,000-page site).
    pub fn each_file(&self, mut f: impl FnMut(String, Vec<u8>)) {
        let meta = serde_json::json!({
            "docs": self.docs.len(),
            "shards": self.shards.keys().collect::<Vec<_>>(),
        });
        f("meta.json".to_string(), meta.to_string().into_bytes());
        for (key, terms) in &self.shards {
            let obj: serde_json::Map<String, serde_json::Value> = terms
                .iter()
                .map(|(t, p)| {
                    let flat: Vec<u32> = p.iter().flat_map(|&(d, s)| [d, s]).collect();
                    (t.clone(), serde_json::json!(flat))
                })
                .collect();
            f(
                format!("{key}.json"),
                serde_json::Value::Object(obj).to_string().into_bytes(),
            );
        }
        for (id, d) in self.docs.iter().enumerate() {
            f(
                format!("d/{id}.json"),
                serde_json::to_vec(d).unwrap_or_default(),
            );
        }
    }
}

/// Writes every language's index and its no-JavaScript search page. Returns files written and
/// problems.
pub fn write(
    site: &Site,
    renderer: &Renderer,
    tera: &tera::Tera,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let mut files = 0;
    let mut diags = Vec::new();
    let root = site.config.root_path();
    for lang in &site.languages {
        let mut put = |path: &str, bytes: &[u8]| match sink.put(path, bytes) {
            Ok(()) => files += 1,
            Err(e) => diags.push(Diagnostic::error(
                "write",
                path,
                0,
                0,
                format!("cannot write output: {e}"),
            )),
        };
        build_index(site, lang).each_file(|p, b| put(&format!("search/{lang}/{p}"), &b));
        let url = format!("{root}{lang}/search/");
        let (translations, alternates) = renderer.every_language(
            Some(lang),
            "search/",
            &format!("{root}{}/search/", site.config.source_lang),
        );
        let ui = renderer.ui(lang);
        let page = PageCtx {
            kind: "search".into(),
            title: ui.get("search").cloned().unwrap_or_else(|| "Search".into()),
            permalink: renderer.permalink(&url),
            url,
            translations,
            alternates,
            robots: Some("noindex".into()),
            ..PageCtx::default()
        };
        match tera.render("search.html", &renderer.context(lang, &page)) {
            Ok(html) => put(&format!("{lang}/search/index.html"), html.as_bytes()),
            Err(e) => diags.push(
                Diagnostic::error(
                    "template-render",
                    "search.html",
                    0,
                    0,
                    format!("rendering `search.html` failed: {e}"),
                )
                .with_help("fix the template, or the data it reads"),
            ),
        }
    }
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_separates_headings_and_skips_code() {
        let (h, b) =
            page_text("# Vérifier l’état\n\nLe **service** va bien.\n\n```\ncode ignored\n```\n");
        assert_eq!(h.trim(), "Vérifier l’état");
        assert!(b.contains("service va bien"), "{b}");
        assert!(!b.contains("ignored"), "{b}");
    }

    #[test]
    fn spaces_around_emphasis_are_kept() {
        let (_, b) = page_text("Sélectionnez le **client** qui &amp; rencontre");
        assert!(b.contains("Sélectionnez le client qui & rencontre"), "{b}");
    }
}
