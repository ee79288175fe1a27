//! The Docs directives that wrap content in a block, seen in real localized repositories beyond
//! the alerts, tabs and zones of the parent module:
//! - `> [!div class="nextstepaction"]` (also `checklist`, `op_single_selector`, `mx-imgBorder`, any
//!   class) → `<div class="docs-div nextstepaction">` around the rest of the blockquote;
//! - `> [!VIDEO https://…]` → `<p class="video"><a class="video-link" href="…">Watch the video</a></p>`:
//!   a link in the reader's language, never a third-party iframe;
//! - `::: moniker range="…"` … `::: moniker-end` → `<div class="moniker" data-moniker="…">`, with a
//!   `<p class="moniker-label">` when every block is shown; `[build] moniker` keeps the matching ones;
//!   a block ends at the end of its file at the latest (`moniker-unclosed` warning);
//! - `:::row:::` / `:::column span="2":::` / `:::column-end:::` / `:::row-end:::` → `<div
//!   class="row">` / `<div class="column span-2">`, a grid that stacks on narrow screens;
//! - `:::code language="x" source="path" range="3-5" id="region":::` → a code include;
//! - anything else that starts like a directive (`[!WORD`, `:::word`, `::: word`; not a link such
//!   as `[!Look](b.md)`) is a `directive-unknown` warning and is shown as text, never passed on
//!   as markup.

use super::alerts::ALERT_KINDS;
use super::code::CodeSample;
use super::scan::{attr, markdown_escape, parse_attrs, parse_directive_attrs, starts_with_ci};
use super::{Expander, Line};
use crate::render::html::{escape, escape_href};

/// The alert kinds the parent module renders; a `[!…]` marker with another name is not one of
/// them.
fn is_alert_kind(name: &str) -> bool {
    ALERT_KINDS.contains(&name.to_ascii_lowercase().as_str())
}

impl Expander<'_, '_> {
    /// `> [!div class="…"]` and `> [!VIDEO url]` opening a blockquote.
    pub(super) fn quote_directive(&mut self, line: &Line, p: usize) -> bool {
        let Some(gt) = line.text[..p].rfind('>') else {
            return false;
        };
        let after = &line.text[gt + 1..];
        let t = after.trim_start();
        let lead = after.len() - t.len();
        let Some(inner) = t.strip_prefix("[!") else {
            return false;
        };
        let Some(close) = inner.find(']') else {
            return false;
        };
        let body = &inner[..close];
        let consumed = lead + 2 + close + 1;
        if starts_with_ci(body, "div") && body[3..].starts_with([' ', '\t']) {
            let attrs = parse_directive_attrs(&format!("{} :::", &body[3..]))
                .map(|(a, _)| a)
                .unwrap_or_default();
            let classes = class_list(attr(&attrs, "class").unwrap_or(""));
            let open = format!("<div class=\"docs-div {classes}\">\n");
            self.wrap_quote(line, gt, consumed, open, "</div>\n".into());
            return true;
        }
        if starts_with_ci(body, "video") && body[5..].starts_with([' ', '\t']) {
            let url = body[5..].trim();
            if is_safe_url(url) {
                let label = escape(&self.ctx.opts.labels.watch_video);
                let open = format!(
                    "<div class=\"video\"><p><a class=\"video-link\" href=\"{}\">{label}</a></p>\n",
                    escape_href(url)
                );
                self.wrap_quote(line, gt, consumed, open, "</div>\n".into());
                return true;
            }
        }
        false
    }

    /// `::: moniker …`, `:::row:::`, `:::column …:::` and their ends.
    pub(super) fn container(&mut self, line: &Line, p: usize) -> bool {
        let rest = line.text[p..].trim_end();
        let prefix = line.text[..p].to_string();
        if let Some(m) = moniker_line(rest) {
            match m {
                Moniker::Start(range) => {
                    let want = self.ctx.opts.moniker;
                    if let Some(want) = want
                        && !moniker_in_range(&range, want)
                    {
                        self.skip_moniker = 1;
                        self.skip_moniker_at = Some((line.at, p));
                        return true;
                    }
                    let mut html = format!(
                        "<div class=\"moniker\" data-moniker=\"{}\">\n",
                        escape(&range)
                    );
                    if want.is_none() {
                        html.push_str(&format!(
                            "<p class=\"moniker-label\">{}: {}</p>\n",
                            escape(&self.ctx.opts.labels.moniker),
                            escape(&range)
                        ));
                    }
                    let depth = self.stack.len();
                    self.open_monikers.push((line.at, p, prefix.clone(), depth));
                    self.emit_block(&prefix, html, line.at);
                }
                Moniker::End => {
                    if self
                        .open_monikers
                        .last()
                        .is_some_and(|m| m.3 == self.stack.len())
                    {
                        self.open_monikers.pop();
                    }
                    self.emit_block(&prefix, "</div>\n".into(), line.at);
                }
            }
            return true;
        }
        let Some(inner) = rest
            .strip_prefix(":::")
            .and_then(|r| r.strip_suffix(":::"))
            .map(str::trim)
        else {
            return false;
        };
        let html = match inner {
            "row" => "<div class=\"row\">\n".to_string(),
            "row-end" | "column-end" => "</div>\n".to_string(),
            _ => {
                let Some(a) = inner.strip_prefix("column") else {
                    return false;
                };
                if !(a.is_empty() || a.starts_with([' ', '\t'])) {
                    return false;
                }
                let attrs = parse_directive_attrs(&format!("{a} :::"))
                    .map(|(a, _)| a)
                    .unwrap_or_default();
                let span = attr(&attrs, "span")
                    .and_then(|s| s.trim().parse::<u8>().ok())
                    .filter(|n| (2..=4).contains(n))
                    .map(|n| format!(" span-{n}"))
                    .unwrap_or_default();
                self.dedent_column();
                format!("<div class=\"column{span}\">\n")
            }
        };
        // The grid's markers close whatever Markdown block came before (a list item above
        // `:::column-end:::` would otherwise take the closing `</div>` in): a blank line, and no
        // indentation unless it is a blockquote's.
        let prefix = if prefix.trim().is_empty() {
            String::new()
        } else {
            prefix
        };
        self.emit(Line {
            text: prefix.clone(),
            at: line.at,
            end_include: false,
        });
        self.emit_block(&prefix, html, line.at);
        true
    }

    /// A column's lines are written indented under `:::column:::` (Docs renders them as the
    /// column's Markdown); after the `<div>` CommonMark would read them as an indented code block.
    /// Their common indentation is removed, up to the column's end.
    fn dedent_column(&mut self) {
        let end = self
            .q
            .iter()
            .position(|l| {
                let t = l.text.trim();
                t.starts_with(":::column") || t.starts_with(":::row-end")
            })
            .unwrap_or(0);
        let lines = self.q.range(..end);
        let indent = lines
            .filter(|l| !l.text.trim().is_empty())
            .map(|l| l.text.len() - l.text.trim_start_matches(' ').len())
            .min()
            .unwrap_or(0);
        if indent == 0 {
            return;
        }
        for l in self.q.range_mut(..end) {
            let n = (l.text.len() - l.text.trim_start_matches(' ').len()).min(indent);
            l.text.drain(..n);
            l.at.shift += n as i64;
        }
    }

    /// `:::code language="csharp" source="path" range="2-5" id="name":::` alone on its line.
    pub(super) fn code_directive(&mut self, line: &Line, p: usize) -> bool {
        let rest = line.text[p..].trim_end();
        let Some(r) = rest.strip_prefix(":::code ") else {
            return false;
        };
        let Some((attrs, end)) = parse_directive_attrs(r) else {
            return false;
        };
        if end != r.len() {
            return false;
        }
        let lang = attr(&attrs, "language").unwrap_or("").to_ascii_lowercase();
        let sample = CodeSample {
            lang: &lang,
            path: attr(&attrs, "source").unwrap_or(""),
            region: attr(&attrs, "id"),
            range: attr(&attrs, "range"),
        };
        self.emit_code(line, p, &sample);
        true
    }

    /// A line that starts like a directive none of the handlers took: warned about, and shown as
    /// text (every punctuation character escaped, so nothing in it becomes markup).
    pub(super) fn unknown_directive(&mut self, line: &Line, p: usize) -> bool {
        let text = &line.text;
        // `> [!X` inside a blockquote, `[!X` or `:::x` / `::: x` at the start of a line.
        let gt = text[..p].rfind('>');
        let start = match gt {
            Some(g) => g + 1 + (text[g + 1..].len() - text[g + 1..].trim_start().len()),
            None => p,
        };
        let rest = text[start..].trim_end();
        let name = if let Some(r) = rest.strip_prefix("[!") {
            if is_link(rest) {
                // `[!Look here](b.md)`: a link whose text starts with `!`.
                return false;
            }
            let n: String = r
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            // A `[!NOTE]` outside a blockquote is text Docs shows as it is, like any `[!…]`
            // that is not at a line start; only unknown names are directives gone wrong.
            let plain_alert = gt.is_none() && is_alert_kind(&n);
            (!n.is_empty() && !plain_alert).then_some(n)
        } else if let Some(r) = rest.strip_prefix(":::") {
            // `:::image …:::` and `:::no-loc …:::` followed by text are inline directives.
            let inline = r
                .strip_prefix("image ")
                .or_else(|| r.strip_prefix("no-loc "))
                .is_some_and(|a| parse_directive_attrs(a).is_some());
            if inline {
                return false;
            }
            let n: String = r
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            (!n.is_empty()).then_some(n)
        } else {
            None
        };
        let Some(name) = name else {
            return false;
        };
        let known = [
            "zone", "moniker", "row", "column", "image", "code", "no-loc", "div", "video",
            "include",
        ];
        let help = if known.iter().any(|k| name.eq_ignore_ascii_case(k)) {
            format!(
                "`{name}` is a Docs directive written in a form Tandem does not read; check its syntax against the Docs Markdown reference"
            )
        } else {
            "Tandem renders alerts, includes, code includes, tabs, zones, monikers, rows and columns, `:::image`, `:::no-loc`, `[!div]` and `[!VIDEO]`; write the text without the directive".to_string()
        };
        self.warning(
            "directive-unknown",
            line.at,
            start,
            format!("unknown directive `{name}`; shown as text"),
            &help,
        );
        let shown = format!("{}{}", &text[..start], markdown_escape(&text[start..]));
        self.emit(Line {
            text: shown,
            ..line.clone()
        });
        true
    }
}

/// `[…](` at the start of `s`: bracketed text (nested brackets counted, `\]` escaped) followed
/// by a `(`, a link rather than a directive.
fn is_link(s: &str) -> bool {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return s[i + 1..].starts_with('(');
                }
            }
            _ => {}
        }
    }
    false
}

/// The `class` attribute of `[!div]` reduced to safe class names (letters, digits, `-`, `_`).
fn class_list(s: &str) -> String {
    s.split_whitespace()
        .map(|c| {
            c.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Video URLs are links: only web addresses, never `javascript:` or `data:`.
fn is_safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("//"))
        && !url.contains(char::is_whitespace)
}

pub(super) enum Moniker {
    Start(String),
    End,
}

/// `::: moniker range="…"` / `::: moniker-end` (spaces after `:::` optional).
pub(super) fn moniker_line(rest: &str) -> Option<Moniker> {
    let t = rest.strip_prefix(":::")?.trim_start();
    if t.trim_end() == "moniker-end" {
        return Some(Moniker::End);
    }
    let a = t.strip_prefix("moniker")?;
    if !a.starts_with([' ', '\t']) {
        return None;
    }
    let attrs = parse_attrs(a);
    Some(Moniker::Start(
        attr(&attrs, "range").unwrap_or("").trim().to_string(),
    ))
}

/// Whether moniker `want` is in a docfx moniker range: alternatives joined by `||`, each a list of
/// conditions that must all hold: a moniker (`=` implied) or a comparison `>=`, `<=`, `>`, `<`
/// with one. Tandem has no ordered moniker list, so a comparison holds only between monikers of
/// one product (the text before the last `-`), by their versions (the text after it, compared as
/// numbers when both are numbers).
pub(super) fn moniker_in_range(range: &str, want: &str) -> bool {
    range.split("||").any(|alt| {
        let mut tokens = Vec::new();
        let mut pending = String::new();
        for t in alt.split_whitespace() {
            if t.chars().all(|c| matches!(c, '<' | '>' | '=')) {
                pending.push_str(t);
            } else {
                tokens.push(format!("{pending}{t}"));
                pending.clear();
            }
        }
        !tokens.is_empty() && tokens.iter().all(|t| condition_holds(t, want))
    })
}

fn condition_holds(cond: &str, want: &str) -> bool {
    let op_len = cond
        .chars()
        .take_while(|c| matches!(c, '<' | '>' | '='))
        .count();
    let (op, name) = cond.split_at(op_len);
    if name.eq_ignore_ascii_case(want) {
        return op.is_empty() || op.contains('=');
    }
    let Some(ord) = compare_versions(want, name) else {
        return false;
    };
    use std::cmp::Ordering::{Greater, Less};
    match op {
        ">=" | ">" => ord == Greater,
        "<=" | "<" => ord == Less,
        _ => false,
    }
}

/// `sql-server-2017` vs `sql-server-2019`: the order of two monikers of one product.
fn compare_versions(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    let (pa, va) = a.rsplit_once('-')?;
    let (pb, vb) = b.rsplit_once('-')?;
    if !pa.eq_ignore_ascii_case(pb) {
        return None;
    }
    Some(match (va.parse::<f64>(), vb.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y)?,
        _ => va.to_ascii_lowercase().cmp(&vb.to_ascii_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::super::includes::flatten_blocks;
    use super::super::scan::list_marker_len;
    use super::*;

    #[test]
    fn moniker_ranges() {
        assert!(moniker_in_range("sql-server-2019", "sql-server-2019"));
        assert!(moniker_in_range(">= sql-server-2017", "sql-server-2019"));
        assert!(!moniker_in_range(">= sql-server-2017", "sql-server-2016"));
        assert!(moniker_in_range(
            "<=sql-server-2017 || azuresqldb-current",
            "azuresqldb-current"
        ));
        assert!(moniker_in_range(">=a-1 <=a-3", "a-2"));
        assert!(!moniker_in_range(">=a-1 <=a-3", "a-4"));
        assert!(!moniker_in_range(">= other-2017", "sql-server-2019"));
        assert!(!moniker_in_range("", "x"));
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker_len("- [!INCLUDE"), 2);
        assert_eq!(list_marker_len("12. x"), 4);
        assert_eq!(list_marker_len("-x"), 0);
        assert_eq!(list_marker_len("[!INCLUDE"), 0);
    }

    #[test]
    fn classes_are_reduced_to_safe_names() {
        assert_eq!(
            class_list("nextstepaction \"><script>"),
            "nextstepaction script"
        );
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(is_safe_url("https://channel9.msdn.com/x/player"));
    }

    #[test]
    fn flattened_paragraphs() {
        assert_eq!(flatten_blocks("<p>a\nb</p>\n<p>c</p>\n"), "a b<br>c");
    }
}
