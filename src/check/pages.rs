//! Per-file checks: front matter a published page needs, and images a screen reader cannot describe.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::page::Half;
use crate::diagnostics::{Diagnostic, line_col};
use crate::site::Site;

/// `title` and `description` in the front matter: they make the `<title>`, the meta description and
/// search snippets. Include files and drafts are not pages.
pub fn front_matter(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in site.files.values() {
        if f.is_include || (f.front.draft && !site.config.drafts) {
            continue;
        }
        if f.front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            out.push(
                Diagnostic::warning(
                    "title-missing",
                    &f.rel,
                    1,
                    1,
                    "the page has no `title` in its front matter",
                )
                .with_help(
                    "add `title: …` to the front matter (the first heading is used meanwhile)",
                ),
            );
        }
        if f.front
            .description
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            out.push(
                Diagnostic::warning(
                    "description-missing",
                    &f.rel,
                    1,
                    1,
                    "the page has no `description` in its front matter",
                )
                .with_help("add `description: …`: search engines and link previews show it"),
            );
        }
    }
    out
}

/// Markdown images with empty alt text and `<img>` tags without `alt` (`:::image` without `alt-text`
/// is reported by the renderer with the same code).
pub fn alt_text(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in site.pages.iter().filter(|p| p.half != Half::Source) {
        let text: &str = p.markdown();
        let at = |offset: usize| {
            let (l, c) = line_col(text, offset);
            (l + p.body_line.max(1) - 1, c)
        };
        let mut image: Option<(usize, String, String)> = None;
        for (event, range) in
            Parser::new_ext(text, pulldown_cmark::Options::ENABLE_TABLES).into_offset_iter()
        {
            match event {
                Event::Start(Tag::Image { dest_url, .. }) if image.is_none() => {
                    image = Some((range.start, dest_url.to_string(), String::new()));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, _, alt)) = image.as_mut() {
                        alt.push_str(&t);
                    }
                }
                Event::End(TagEnd::Image) => {
                    if let Some((start, src, alt)) = image.take()
                        && alt.trim().is_empty()
                    {
                        let (l, c) = at(start);
                        out.push(missing(&p.file, l, c, &src));
                    }
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    let lower = h.to_ascii_lowercase();
                    let mut from = 0;
                    while let Some(i) = lower[from..].find("<img") {
                        let start = from + i;
                        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
                        let tag = &lower[start..end];
                        if !tag.contains(" alt=") && !tag.contains(" alt =") {
                            let (l, c) = at(range.start + start);
                            let src = tag
                                .split("src=")
                                .nth(1)
                                .unwrap_or("")
                                .trim_matches(|c| c == '"' || c == '\'')
                                .split(['"', '\'', ' '])
                                .next()
                                .unwrap_or("");
                            out.push(missing(&p.file, l, c, src));
                        }
                        from = end;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn missing(file: &str, line: u32, col: u32, src: &str) -> Diagnostic {
    Diagnostic::warning("image-alt-missing", file, line, col, format!("image `{src}` has no alt text"))
        .with_help("describe the image in the brackets: `![what it shows](path)`; use `alt=\"\"` only for decoration")
}
