//! The synthetic Markdown file being written, with the YAML line (and column shift) of each of its
//! lines for the `LineMap`, and the inline text helpers (titles, link text, destinations,
//! language spans) the page types share.

use serde_yaml::{Mapping, Value};

use super::yaml::{get, text_of};
use super::{FaqLines, LANG_MARK};

/// How far [`Writer::find_value`] looks for a value on either side of the cursor.
const WINDOW: usize = 16 * 1024;

/// Builds the synthetic file line by line, with each line's origin.
pub(super) struct Writer<'t> {
    yaml: &'t str,
    /// Byte offset where each line of `yaml` starts.
    line_starts: Vec<usize>,
    /// Byte offset in `yaml` from which values are looked for: the walk follows document order,
    /// so each value is found after the previous one.
    cursor: usize,
    pub(super) text: String,
    pub(super) stand_in: String,
    pub(super) lines: Vec<(u32, i64)>,
    body_start: usize,
    in_body: bool,
    pub(super) faq: Vec<FaqLines>,
}

impl<'t> Writer<'t> {
    pub(super) fn new(yaml: &'t str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(yaml.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Writer {
            yaml,
            line_starts,
            cursor: 0,
            text: String::with_capacity(yaml.len() * 2),
            stand_in: String::with_capacity(yaml.len() * 2),
            lines: Vec::new(),
            body_start: 0,
            in_body: false,
            faq: Vec::new(),
        }
    }

    /// (line, column) of `value` (its first words) after its `key:`, moving the cursor there; the
    /// cursor's own place when it is not found (a value written with escapes).
    fn locate(&mut self, key: &str, value: &str) -> (u32, u32) {
        let first = value.trim_start().lines().next().unwrap_or_default();
        // The value's first characters as they are written in any YAML style: a double-quoted
        // string may escape quotes, backslashes and any non-ASCII character (`Qu\u00e9`).
        let long: String = first
            .chars()
            .take_while(|c| {
                c.is_ascii() && !c.is_ascii_control() && !matches!(c, '"' | '\'' | '\\')
            })
            .take(40)
            .collect();
        // A folded scalar (`>`) breaks its lines anywhere: a short probe finds it too.
        let short: String = long.chars().take(12).collect();
        let mut probes = vec![long.trim_end()];
        if short.len() < long.len() {
            probes.push(short.trim_end());
        }
        let found = probes.into_iter().find_map(|p| self.find_value(key, p));
        match found {
            Some(at) => {
                self.cursor = at;
                self.position(at)
            }
            None => self.position(self.cursor),
        }
    }

    /// Byte offset of `probe` after `key:`: searched after the cursor first (the walk follows
    /// document order), then before it (keys written in another order than the walk). Each search
    /// looks at most [`WINDOW`] bytes, so values that are not in the text as written cost a bounded
    /// search, not one over the whole file each (a 1 MB FAQ took 11 s that way).
    fn find_value(&self, key: &str, probe: &str) -> Option<usize> {
        let floor = |mut i: usize| {
            while !self.yaml.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let after = (
            self.cursor,
            floor((self.cursor + WINDOW).min(self.yaml.len())),
        );
        let before = (floor(self.cursor.saturating_sub(WINDOW)), self.cursor);
        [after, before].into_iter().find_map(|(start, end)| {
            let hay = &self.yaml[start..end];
            // The key first (`url:`), then the value after it: a short value (`overview.md`)
            // would otherwise be found inside an earlier longer one.
            let key_at = if key.is_empty() {
                0
            } else {
                hay.find(&format!("{key}:"))
                    .map_or(0, |i| i + key.len() + 1)
            };
            if probe.is_empty() {
                // Nothing to look for but the key: the value starts after it.
                let blank = hay[key_at..].len() - hay[key_at..].trim_start_matches(' ').len();
                return (key_at > 0).then_some(start + key_at + blank);
            }
            hay[key_at..].find(probe).map(|i| start + key_at + i)
        })
    }

    /// 1-based (line, column in characters) of a byte offset of the YAML.
    fn position(&self, at: usize) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= at);
        let start = self.line_starts[line - 1];
        let col = self.yaml[start..at].chars().count() + 1;
        (line as u32, col as u32)
    }

    /// Appends one line to both texts; `origin` is the YAML line and column of what the line shows
    /// from output column `out_col` on.
    fn line(&mut self, text: &str, stand_in: &str, origin: (u32, u32), out_col: usize) {
        self.text.push_str(text);
        self.text.push('\n');
        if self.in_body {
            self.stand_in.push_str(stand_in);
            self.stand_in.push('\n');
        }
        self.lines
            .push((origin.0, origin.1 as i64 - out_col as i64 - 1));
    }

    fn blank(&mut self) {
        let origin = self.lines.last().map_or((1, 0), |&(l, _)| (l, 0));
        self.line("", "", (origin.0, 1), 0);
    }

    fn body_line(&self) -> usize {
        self.lines.len() - self.body_start
    }

    pub(super) fn front_matter(&mut self, root: &Mapping) {
        let mut fm = Mapping::new();
        if let Some(Value::Mapping(meta)) = get(root, "metadata") {
            for (k, v) in meta {
                fm.insert(k.clone(), v.clone());
            }
        }
        // The page title is the displayed title; `metadata.title` is the document title Docs puts
        // in `<title>` (kept for templates as `page.extra.meta_title`).
        if let Some(t) = text_of(root, "title") {
            if let Some(meta_title) = fm.remove("title") {
                fm.insert(Value::from("meta_title"), meta_title);
            }
            fm.insert(Value::from("title"), Value::from(t));
        }
        if !fm.contains_key("description")
            && let Some(s) = text_of(root, "summary")
        {
            fm.insert(Value::from("description"), Value::from(one_line(&s)));
        }
        let meta_line = self
            .yaml
            .lines()
            .position(|l| l.starts_with("metadata:"))
            .map_or(1, |i| i as u32 + 1);
        self.line("---", "---", (meta_line, 1), 0);
        let yaml = serde_yaml::to_string(&Value::Mapping(fm)).unwrap_or_default();
        for l in yaml.lines() {
            self.line(l, l, (meta_line, 1), 0);
        }
        self.line("---", "---", (meta_line, 1), 0);
        self.body_start = self.lines.len();
        self.in_body = true;
    }

    pub(super) fn heading(&mut self, level: usize, text: &str, key: &str) {
        let at = self.locate(key, text);
        let hashes = "#".repeat(level);
        let inline = inline_text(text);
        let line = format!("{hashes} {inline}");
        let stand = format!("{hashes} {}", lang_span(&inline));
        self.line(&line, &stand, at, level + 1);
        self.blank();
    }

    pub(super) fn heading_link(&mut self, level: usize, text: &str, url: &str) {
        let at = self.locate("title", text);
        let hashes = "#".repeat(level);
        let dest = destination(url);
        let inline = inline_text(text);
        self.locate("url", url);
        let line = format!("{hashes} [{inline}]({dest})");
        let stand = format!("{hashes} []({dest} {})", link_title(text));
        self.line(&line, &stand, at, level + 1);
        self.blank();
    }

    pub(super) fn paragraph(&mut self, text: &str, key: &str) {
        let at = self.locate(key, text);
        let inline = inline_text(text);
        self.line(&inline, &lang_span(&inline), at, 0);
        self.blank();
    }

    pub(super) fn summary(&mut self, root: &Mapping, markdown: bool) {
        let Some(s) = text_of(root, "summary") else {
            return;
        };
        if markdown {
            self.markdown(&s, "summary");
        } else {
            self.paragraph(&s, "summary");
        }
    }

    /// A Markdown value (FAQ answers, summaries): its lines as they are, inside a block marked with
    /// `lang` on the stand-in.
    pub(super) fn markdown(&mut self, text: &str, key: &str) {
        let start = self.locate(key, text);
        self.line("", &format!("<div lang=\"{LANG_MARK}\">"), (start.0, 1), 0);
        self.line("", "", (start.0, 1), 0);
        for (i, l) in text.trim_end().lines().enumerate() {
            let at = if i == 0 || l.trim().is_empty() {
                start
            } else {
                // Block scalars keep their lines: find this one after the previous.
                self.locate("", l.trim_start())
            };
            let indent = l.len() - l.trim_start().len();
            self.line(l, l, at, indent);
        }
        self.line("", "", (start.0, 1), 0);
        self.line("", "</div>", (start.0, 1), 0);
        self.blank();
    }

    pub(super) fn question(&mut self, level: usize, q: &Mapping) {
        let Some(question) = text_of(q, "question") else {
            return;
        };
        let start = self.body_line();
        self.heading(level, &question, "question");
        let question_lines = start..self.body_line();
        let answer_start = self.body_line();
        if let Some(a) = text_of(q, "answer") {
            self.markdown(&a, "answer");
        }
        self.faq.push(FaqLines {
            question: question_lines,
            answer: answer_start..self.body_line(),
        });
    }

    /// A list of links (`links:` items with `text`/`title` and `url`), with its type as a label
    /// the renderer fills in the reader's language.
    pub(super) fn link_list(&mut self, ty: Option<&str>, links: &[Value], text_key: &str) {
        let links: Vec<&Mapping> = links.iter().filter_map(Value::as_mapping).collect();
        if links.is_empty() {
            return;
        }
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        if let Some(ty) = ty {
            let ty = slug(ty);
            let label = format!("<p class=\"link-list-type\" data-type=\"{ty}\"></p>");
            self.line(&label, &label, origin, 0);
            self.blank();
        }
        for link in links {
            let text = text_of(link, text_key)
                .or_else(|| text_of(link, "text"))
                .or_else(|| text_of(link, "title"));
            let url = text_of(link, "url");
            let item_ty = text_of(link, "itemType").map(|t| slug(&t));
            let (Some(text), Some(url)) = (text, url) else {
                if let Some(t) = text_of(link, text_key) {
                    let at = self.locate(text_key, &t);
                    let inline = inline_text(&t);
                    self.line(
                        &format!("- {inline}"),
                        &format!("- {}", lang_span(&inline)),
                        at,
                        2,
                    );
                }
                continue;
            };
            self.locate(text_key, &text);
            let at = self.locate("url", &url);
            let dest = destination(&url);
            let inline = inline_text(&text);
            let mark = item_ty
                .map(|t| format!("<span class=\"item-type\" data-type=\"{t}\"></span>"))
                .unwrap_or_default();
            let line = format!("- {mark}[{inline}]({dest})");
            let stand = format!("- {mark}[]({dest} {})", link_title(&text));
            // Link diagnostics point at the `[`; the YAML shows the url.
            let out_col = 2 + mark.chars().count();
            self.line(&line, &stand, at, out_col);
        }
        self.blank();
    }

    pub(super) fn open_grid(&mut self, class: &str) {
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        let html = format!("<div class=\"{class}\">");
        self.line(&html, &html, origin, 0);
        self.blank();
    }

    pub(super) fn close_grid(&mut self) {
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        self.line("</div>", "</div>", origin, 0);
        self.blank();
    }

    pub(super) fn open_card(&mut self) {
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        self.line(
            "<section class=\"landing-card\">",
            "<section class=\"landing-card\">",
            origin,
            0,
        );
        self.blank();
    }

    pub(super) fn close_card(&mut self) {
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        self.line("</section>", "</section>", origin, 0);
        self.blank();
    }
}

/// `text` on one line, its white space collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text of a title, question or link text as inline Markdown: one line, Markdown punctuation
/// escaped so it shows as written, HTML tags (side-by-side spans) and entities kept as they are.
pub(super) fn inline_text(text: &str) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut tag_end = 0;
    for (i, c) in text.char_indices() {
        if i < tag_end {
            out.push(c);
            continue;
        }
        match c {
            // Side-by-side spans are the only markup kept: these fields are plain text in Docs
            // (`List<T>` is a type name, not a tag).
            '<' if span_tag_len(&text[i..]) > 0 => {
                tag_end = i + span_tag_len(&text[i..]);
                out.push(c);
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '<' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    // A leading `-`, `+` or `1.` would start a list.
    if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if (1..10).contains(&digits) && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// The length of the `<span …>` or `</span>` tag that `s` starts with, 0 for anything else.
fn span_tag_len(s: &str) -> usize {
    let lower = |n: usize| s.get(..n).map(str::to_ascii_lowercase);
    if lower(7).as_deref() == Some("</span>") {
        return 7;
    }
    let opens = lower(5).as_deref() == Some("<span")
        && s[5..].starts_with(|c: char| c == '>' || c.is_whitespace());
    match (opens, s.find('>')) {
        (true, Some(end)) => end + 1,
        _ => 0,
    }
}

/// The stand-in form of inline text: marked as being in the translation's language.
fn lang_span(inline: &str) -> String {
    format!("<span lang=\"{LANG_MARK}\">{inline}</span>")
}

/// A Markdown link title (`"text"`) holding plain text: quotes and backslashes escaped.
fn link_title(text: &str) -> String {
    let plain = crate::content::page::plain_text(&one_line(text));
    let mut out = String::with_capacity(plain.len() + 2);
    out.push('"');
    for c in plain.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A link destination for Markdown: in angle brackets when it has spaces or parentheses.
pub(super) fn destination(url: &str) -> String {
    // A line break would end the list item the link is in.
    let url = one_line(url);
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace(['<', '>'], ""))
    } else {
        url.to_string()
    }
}

/// A type name (`how-to-guide`) safe for an attribute and a CSS class.
fn slug(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
