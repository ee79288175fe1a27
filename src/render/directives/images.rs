//! Images and the directives written inside a line: `:::image … :::` as a block figure (with a
//! long description for `type="complex"`) or an inline image, `:::no-loc text="…":::`, and inline
//! includes found in the middle of a line.

use super::includes::parse_include;
use super::scan::{attr, markdown_escape, parse_directive_attrs, prefix_len, starts_with_ci};
use super::{Expander, Line, Origin};
use crate::render::html::{escape, escape_href};

impl Expander<'_, '_> {
    /// `:::image …:::` alone on its line (block figure) and `:::image-end:::`.
    pub(super) fn block_image(&mut self, line: &Line, p: usize) -> bool {
        let rest = line.text[p..].trim_end();
        let prefix = line.text[..p].to_string();
        if rest == ":::image-end:::" {
            if self.open_complex > 0 {
                self.open_complex -= 1;
                self.emit_block(&prefix, "</div></details>\n</figure>\n".into(), line.at);
            } else {
                self.emit(Line {
                    text: prefix,
                    ..line.clone()
                });
            }
            return true;
        }
        if !rest.starts_with(":::image ") {
            return false;
        }
        let Some((attrs, end)) = parse_directive_attrs(&rest[8..]) else {
            return false;
        };
        if 8 + end != rest.len() || attr(&attrs, "type") == Some("icon") {
            return false;
        }
        let img = self.image_html(&attrs, line.at, p);
        let border = if attr(&attrs, "border") == Some("false") {
            " no-border"
        } else {
            ""
        };
        if attr(&attrs, "type") == Some("complex") {
            let summary = escape(attr(&attrs, "alt-text").unwrap_or(""));
            let html = format!(
                "<figure class=\"image image-complex{border}\">{img}\n<details class=\"long-description\"><summary>{summary}</summary><div>\n"
            );
            self.open_complex += 1;
            self.emit_block(&prefix, html, line.at);
        } else {
            self.emit_block(
                &prefix,
                format!("<figure class=\"image{border}\">{img}</figure>\n"),
                line.at,
            );
        }
        true
    }

    /// `<img>` (with its lightbox link) for `:::image` attributes.
    fn image_html(&mut self, attrs: &[(String, String)], at: Origin, col: usize) -> String {
        let src = attr(attrs, "source").unwrap_or("");
        let c = (col as i64 + 1 + at.shift).max(1) as u32;
        let href = self.ctx.resolve(at.file, at.line, c, src).href;
        let kind = attr(attrs, "type").unwrap_or("content");
        let img = if kind == "icon" {
            format!(
                "<img class=\"icon\" src=\"{}\" alt=\"\" role=\"presentation\">",
                escape_href(&href)
            )
        } else {
            let alt = attr(attrs, "alt-text").unwrap_or("");
            if alt.trim().is_empty() {
                let help =
                    "add alt-text=\"…\" describing the image, or use type=\"icon\" for decoration";
                self.warning(
                    "image-alt-missing",
                    at,
                    col,
                    format!("image `{src}` has no alt-text"),
                    help,
                );
            }
            let lang = self
                .ctx
                .opts
                .outside_span_lang
                .map(|l| format!(" lang=\"{}\"", escape(l)))
                .unwrap_or_default();
            format!(
                "<img src=\"{}\" alt=\"{}\"{lang} loading=\"lazy\">",
                escape_href(&href),
                escape(alt)
            )
        };
        match attr(attrs, "lightbox") {
            Some(lb) if kind != "icon" => {
                let lb_href = self.ctx.resolve(at.file, at.line, c, lb).href;
                format!(
                    "<a class=\"lightbox\" href=\"{}\">{img}</a>",
                    escape_href(&lb_href)
                )
            }
            _ => img,
        }
    }

    /// `:::no-loc:::`, inline `[!INCLUDE]` and `:::image` inside a line of text.
    /// `line` with its inline directives replaced (the line itself, not a copy, when it has none).
    pub(super) fn inline_directives(&mut self, line: Line) -> Line {
        let text = &line.text;
        // memchr's searchers: `str::contains` (and `memmem::find`) set up a substring searcher
        // per line.
        let include = || {
            memchr::memchr_iter(b'[', text.as_bytes())
                .any(|i| starts_with_ci(&text[i..], "[!include"))
        };
        let colons =
            || memchr::memchr_iter(b':', text.as_bytes()).any(|i| text[i..].starts_with(":::"));
        if !colons() && !include() {
            return line;
        }
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            let rest = &text[i..];
            if let Some(r) = rest.strip_prefix(":::no-loc ")
                && let Some((attrs, end)) = parse_directive_attrs(r)
            {
                out.push_str(&markdown_escape(attr(&attrs, "text").unwrap_or("")));
                i += 10 + end;
            } else if let Some(r) = rest.strip_prefix(":::image ")
                && let Some((attrs, end)) = parse_directive_attrs(r)
            {
                let img = self.image_html(&attrs, line.at, i);
                out.push_str(&self.ctx.inline_placeholder(img));
                i += 9 + end;
            } else if starts_with_ci(rest, "[!include")
                && let Some((path, end)) = parse_include(rest)
            {
                let flat = text[prefix_len(text)..].starts_with('|');
                let html = self.inline_include(line.at, i, &path, flat);
                out.push_str(&self.ctx.inline_placeholder(html));
                i += end;
            } else {
                let ch = rest.chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..ch]);
                i += ch;
            }
        }
        Line { text: out, ..line }
    }
}
