//! Alerts: `> [!NOTE]` … (and the other kinds), and the legacy localized notes (`> Remarque :`),
//! rendered as a titled `<div class="alert">` around the rest of the blockquote.

use super::scan::{chars, is_lazy_continuation, starts_with_ci, strip_quote};
use super::{Expander, Line, Origin};
use crate::render::html::escape;
use crate::render::markdown::raw_html::parse_tag;

pub(super) const ALERT_KINDS: [&str; 5] = ["note", "tip", "important", "caution", "warning"];

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `[!NOTE]` after a `>`: (kind, bytes consumed including trailing spaces).
fn parse_alert_marker(after: &str) -> Option<(String, usize)> {
    let t = after.trim_start();
    let lead = after.len() - t.len();
    let inner = t.strip_prefix("[!")?;
    let close = inner.find(']')?;
    let kind = inner[..close].trim().to_ascii_lowercase();
    if !ALERT_KINDS.contains(&kind.as_str()) {
        return None;
    }
    let used = lead + 2 + close + 1;
    Some((
        kind,
        used + (after[used..].len() - after[used..].trim_start().len()),
    ))
}

/// Legacy notes: `**Remarque**<br>`, `<span …>**Note**</span><br>`, `**Note:** text`.
fn parse_legacy_note(after: &str, words: &[(String, String)]) -> Option<(String, usize)> {
    let ws = |i: usize| i + (after[i..].len() - after[i..].trim_start().len());
    let mut i = ws(0);
    let mut opened = 0;
    while starts_with_ci(&after[i..], "<span") {
        i = ws(parse_tag(after, i)?.end);
        opened += 1;
    }
    let body = after[i..].strip_prefix("**")?;
    let close = body.find("**")?;
    let word = &body[..close];
    let mut colon = word.trim_end().ends_with(':');
    let key = word.trim().trim_end_matches(':').trim().to_lowercase();
    let kind = words.iter().find(|(w, _)| *w == key)?.1.clone();
    i = ws(i + 2 + close + 2);
    if after[i..].starts_with(':') {
        colon = true;
        i = ws(i + 1);
    }
    for _ in 0..opened {
        if !starts_with_ci(&after[i..], "</span>") {
            return None;
        }
        i = ws(i + 7);
    }
    if starts_with_ci(&after[i..], "<br") {
        i = ws(after[i..].find('>')? + i + 1);
    } else if i < after.len() && !colon {
        return None;
    }
    Some((kind, i))
}

impl Expander<'_, '_> {
    /// `> [!NOTE]` (any case, any spacing) and legacy `> **Remarque**<br>` notes.
    pub(super) fn alert(&mut self, line: &Line, p: usize) -> bool {
        let Some(gt) = line.text[..p].rfind('>') else {
            return false;
        };
        let after = &line.text[gt + 1..];
        let found = parse_alert_marker(after)
            .or_else(|| parse_legacy_note(after, self.ctx.opts.legacy_alert_words));
        let Some((kind, consumed)) = found else {
            return false;
        };
        let title = self
            .ctx
            .opts
            .alert_titles
            .get(kind.as_str())
            .cloned()
            .unwrap_or_else(|| capitalize(&kind));
        let open = format!(
            "<div class=\"alert alert-{kind}\" role=\"note\"><p class=\"alert-title\"><span class=\"alert-icon\" aria-hidden=\"true\"></span>{}</p>\n",
            escape(&title)
        );
        self.wrap_quote(line, gt, consumed, open, "</div>\n".into());
        true
    }

    /// Replaces the blockquote that `line` opens (its `>` at byte `gt`, the marker `consumed`
    /// bytes long after it) by `open`, the quote's content without its `>`, and `close`.
    pub(super) fn wrap_quote(
        &mut self,
        line: &Line,
        gt: usize,
        consumed: usize,
        open: String,
        close: String,
    ) {
        let after = &line.text[gt + 1..];
        let depth = line.text[..=gt].matches('>').count();
        let outer = line.text[..gt].to_string();
        let mut body = Vec::new();
        let first = &after[consumed..];
        if !first.trim().is_empty() {
            let shift = line.at.shift + chars(&line.text[..gt + 1 + consumed]) - chars(&outer);
            body.push(Line {
                text: format!("{outer}{first}"),
                at: Origin { shift, ..line.at },
                end_include: false,
            });
        }
        let mut prev_blank = false;
        while let Some(next) = self.q.front() {
            if next.end_include {
                break;
            }
            if let Some((before, after)) = strip_quote(&next.text, depth) {
                let text = format!("{}{}", &next.text[..before], &next.text[after..]);
                let shift =
                    next.at.shift + chars(&next.text[..after]) - chars(&next.text[..before]);
                prev_blank = next.text[after..].trim().is_empty();
                body.push(Line {
                    text,
                    at: Origin { shift, ..next.at },
                    end_include: false,
                });
            } else if !prev_blank && is_lazy_continuation(&next.text) {
                body.push(next.clone());
            } else {
                break;
            }
            self.q.pop_front();
        }
        let last_at = body.last().map_or(line.at, |l| l.at);
        let close = self.ctx.block_placeholder(close);
        self.q.push_front(Line {
            text: format!("{outer}{close}"),
            at: last_at,
            end_include: false,
        });
        for l in body.into_iter().rev() {
            self.q.push_front(l);
        }
        self.emit_block(&outer, open, line.at);
    }
}
