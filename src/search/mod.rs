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

use rustc_hash::FxHashMap;

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

/// Distinct terms of one page with their scores.
type Scores = Vec<(String, u32)>;

/// One term and its postings (doc id, score).
type TermPostings = (String, Vec<(u32, u32)>);

/// Term → postings (doc id, score) of one language.
type Postings = FxHashMap<String, Vec<(u32, u32)>>;

fn doc_of(page: &Page) -> (Doc, Scores) {
    let (headings, body) = page_text(&page.markdown);
    let folded = [
        (text::fold(&page.title), TITLE_WEIGHT),
        (text::fold(&headings), HEADING_WEIGHT),
        (text::fold(&body), 1),
    ];
    let mut scores: FxHashMap<&str, u32> = FxHashMap::default();
    for (text, weight) in &folded {
        text::each_term(text, |t| *scores.entry(t).or_default() += weight);
    }
    let scores = scores
        .into_iter()
        .map(|(t, s)| (t.to_string(), s))
        .collect();
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

fn write_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error("write", path, 0, 0, format!("cannot write output: {e}"))
        .with_help("check free disk space and permissions")
}

/// One shard file: `{"term":[doc,score,…],…}`, terms sorted, best postings first. Written by hand
/// because going through `serde_json::Value` cost more than building the postings.
fn shard_json(terms: &[TermPostings]) -> Vec<u8> {
    use std::fmt::Write;
    let mut out = String::with_capacity(terms.len() * 32);
    out.push('{');
    for (i, (term, postings)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::Value::from(term.as_str()).to_string());
        out.push_str(":[");
        for (j, (doc, score)) in postings.iter().enumerate() {
            let sep = if j > 0 { "," } else { "" };
            let _ = write!(out, "{sep}{doc},{score}");
        }
        out.push(']');
    }
    out.push('}');
    out.into_bytes()
}

/// Writes every language's index and its no-JavaScript search page. Returns files written and
/// problems.
///
/// One parallel pass over the pages makes each document, writes its `d/<id>.json` at once and
/// folds its term scores into per-thread postings; only the postings are kept (not the documents'
/// text), then each language's shards are sorted and written in parallel.
pub fn write(
    site: &Site,
    renderer: &Renderer,
    tera: &tera::Tera,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    let root = site.config.root_path();
    let langs = &site.languages;
    let lang_pos: HashMap<&Lang, usize> = langs.iter().enumerate().map(|(i, l)| (l, i)).collect();
    // Indexed pages (not `noindex`) with their document id in their language.
    let mut docs = vec![0u32; langs.len()];
    let indexed: Vec<(usize, u32, &Page)> = site
        .pages
        .iter()
        .filter(|p| {
            !p.front
                .robots
                .as_deref()
                .is_some_and(|r| r.contains("noindex"))
        })
        .filter_map(|p| {
            let li = *lang_pos.get(&p.lang)?;
            docs[li] += 1;
            Some((li, docs[li] - 1, p))
        })
        .collect();
    let empty = || (vec![Postings::default(); langs.len()], 0usize, Vec::new());
    let (postings, mut files, mut diags) = indexed
        .par_iter()
        .fold(
            empty,
            |(mut postings, mut files, mut diags), &(li, id, page)| {
                let (doc, scores) = doc_of(page);
                let path = format!("search/{}/d/{id}.json", langs[li]);
                match sink.put(&path, &serde_json::to_vec(&doc).unwrap_or_default()) {
                    Ok(()) => files += 1,
                    Err(e) => diags.push(write_error(&path, e)),
                }
                for (term, score) in scores {
                    postings[li].entry(term).or_default().push((id, score));
                }
                (postings, files, diags)
            },
        )
        .reduce(empty, |(mut a, fa, mut da), (b, fb, db)| {
            for (into, from) in a.iter_mut().zip(b) {
                for (term, p) in from {
                    into.entry(term).or_default().extend(p);
                }
            }
            da.extend(db);
            (a, fa + fb, da)
        });
    let per_lang: Vec<(usize, Vec<Diagnostic>)> = postings
        .into_par_iter()
        .enumerate()
        .map(|(li, terms)| {
            let lang = &langs[li];
            let mut shards: BTreeMap<String, Vec<TermPostings>> = BTreeMap::new();
            for (term, p) in terms {
                shards
                    .entry(text::shard_of(&term))
                    .or_default()
                    .push((term, p));
            }
            let meta = serde_json::json!({
                "docs": docs[li],
                "shards": shards.keys().collect::<Vec<_>>(),
            });
            let mut out: Vec<(String, Vec<u8>)> = vec![(
                format!("search/{lang}/meta.json"),
                meta.to_string().into_bytes(),
            )];
            let written: Vec<Result<(), Diagnostic>> = shards
                .into_par_iter()
                .map(|(key, mut terms)| {
                    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                    for (_, p) in &mut terms {
                        p.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    }
                    let path = format!("search/{lang}/{key}.json");
                    sink.put(&path, &shard_json(&terms))
                        .map_err(|e| write_error(&path, e))
                })
                .collect();
            let mut files = 0;
            let mut diags = Vec::new();
            for w in written {
                match w {
                    Ok(()) => files += 1,
                    Err(d) => diags.push(d),
                }
            }
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
                Ok(html) => out.push((format!("{lang}/search/index.html"), html.into_bytes())),
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
            for (path, bytes) in out {
                match sink.put(&path, &bytes) {
                    Ok(()) => files += 1,
                    Err(e) => diags.push(write_error(&path, e)),
                }
            }
            (files, diags)
        })
        .collect();
    for (n, d) in per_lang {
        files += n;
        diags.extend(d);
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
