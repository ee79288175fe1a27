//! Structured YAML pages of Docs repositories (`### YamlMime:Landing`, `Hub`, `FAQ`) turned into the
//! Markdown the rest of the pipeline already knows.
//!
//! Every Docs repository has them: the docset's home (`index.yml`, a landing or hub page) and its
//! FAQ files. Rather than a second renderer, each file becomes one synthetic Markdown file (front
//! matter from `metadata:`, an `#` title, sections as headings, link lists as lists, FAQ questions
//! as headings followed by their Markdown answers), so side-by-side spans are split, links are
//! rewritten and checked, headings get ids and the page is searched exactly like a Markdown page.
//! Themes still get their own templates (`landing.html`, `faq.html`): the page says which
//! [`Kind`] it is, and FAQ pages carry where each question and answer is, for their JSON-LD.
//!
//! Line numbers: every line of the synthetic file records the line (and column shift) of the YAML
//! that produced it, so diagnostics of later stages are moved back into the YAML file
//! ([`LineMap::map`]).

use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::diagnostics::Diagnostic;

/// The structured page types Tandem renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `YamlMime:Landing`: title, summary, `landingContent` cards of link lists.
    Landing,
    /// `YamlMime:Hub`: highlighted content, conceptual content, additional content sections.
    Hub,
    /// `YamlMime:FAQ`: sections of questions with Markdown answers.
    Faq,
}

impl Kind {
    /// The page's `kind` in templates (`landing`, `hub`, `faq`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Landing => "landing",
            Kind::Hub => "hub",
            Kind::Faq => "faq",
        }
    }

    /// The theme template that renders this kind.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Landing | Kind::Hub => "landing.html",
            Kind::Faq => "faq.html",
        }
    }
}

/// YAML types that describe something other than a page (zone pivots, TOC metadata): read by
/// other stages or by Docs tooling only, and skipped without a warning.
const NOT_PAGES: [&str; 3] = ["ZonePivotGroups", "ContextObject", "TableOfContent"];

/// The names of the types Tandem renders, for the "unknown type" warning.
pub const SUPPORTED: &str = "Landing, Hub, FAQ";

/// Where each line of a synthetic file comes from: (1-based YAML line, column shift).
#[derive(Debug, Clone, Default)]
pub struct LineMap(Vec<(u32, i64)>);

impl LineMap {
    /// Moves a diagnostic reported on the synthetic file to the YAML line that produced it.
    pub fn map(&self, d: &mut Diagnostic) {
        (d.line, d.col) = self.position(d.line, d.col);
    }

    /// The YAML (line, column) of a (line, column) of the synthetic file; 0 stays 0 (unknown).
    pub fn position(&self, line: u32, col: u32) -> (u32, u32) {
        match line.checked_sub(1).and_then(|i| self.0.get(i as usize)) {
            Some(&(l, shift)) if col > 0 => (l, (col as i64 + shift).max(1) as u32),
            Some(&(l, _)) => (l, 0),
            None => (line, col),
        }
    }
}

/// One FAQ entry: 0-based line ranges of the question and of the answer in the synthetic body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaqLines {
    /// Lines of the question heading.
    pub question: std::ops::Range<usize>,
    /// Lines of the answer.
    pub answer: std::ops::Range<usize>,
}

/// A structured file made into Markdown.
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The page type.
    pub kind: Kind,
    /// Front matter (`---` … `---`) and body, side-by-side spans as written.
    pub text: String,
    /// The same body for a source-language page that stands in for a translation with no source
    /// version: every text is marked with `lang` (filled in by [`Synthetic::stand_in`]) and link
    /// texts are left empty (the original text is the link's title), so the renderer shows each
    /// target's title in the reader's language. Lines match the body of `text`.
    stand_in: String,
    /// Line origins of `text`.
    pub lines: LineMap,
    /// FAQ entries (empty for other kinds), in body lines (the line after the front matter is 0).
    pub faq: Vec<FaqLines>,
}

/// Placeholder for the language of stand-in text, replaced by [`Synthetic::stand_in`].
const LANG_MARK: &str = "\u{1}LANG\u{1}";

impl Synthetic {
    /// The stand-in body (see [`Synthetic::stand_in`] field, without the front matter), its text
    /// marked as `lang`.
    pub fn stand_in(&self, lang: &str) -> String {
        self.stand_in.replace(LANG_MARK, lang)
    }
}

/// What a `.yml` file is.
#[derive(Debug)]
pub enum Parsed {
    /// Not a structured page (data, configuration, a type that is not a page): left as metadata.
    NotAPage,
    /// A page.
    Page(Box<Synthetic>),
    /// A structured file Tandem cannot render (unknown type, invalid YAML): the file is skipped.
    Skipped(Diagnostic),
}

/// The `YamlMime` type named on the first line (`### YamlMime:Landing`), if any.
pub fn yaml_mime(text: &str) -> Option<&str> {
    let first = text.trim_start_matches('\u{feff}').lines().next()?;
    let rest = first
        .trim()
        .strip_prefix('#')?
        .trim_start_matches('#')
        .trim();
    let ty = rest.strip_prefix("YamlMime:")?.trim();
    (!ty.is_empty()).then_some(ty)
}

/// Reads a structured page. `rel` names the file in diagnostics.
pub fn parse(text: &str, rel: &Path) -> Parsed {
    let Some(ty) = yaml_mime(text) else {
        return Parsed::NotAPage;
    };
    let kind = match ty.to_ascii_lowercase().as_str() {
        "landing" => Kind::Landing,
        "hub" => Kind::Hub,
        "faq" => Kind::Faq,
        _ if NOT_PAGES.iter().any(|n| n.eq_ignore_ascii_case(ty)) => return Parsed::NotAPage,
        _ => {
            return Parsed::Skipped(
                Diagnostic::warning(
                    "yaml-type-unsupported",
                    rel,
                    1,
                    1,
                    format!("`YamlMime:{ty}` pages are not rendered; the file is skipped"),
                )
                .with_help(format!(
                    "Tandem renders the YamlMime types {SUPPORTED}; write this page as Markdown or as one of them"
                )),
            );
        }
    };
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e
                .location()
                .map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
            return Parsed::Skipped(
                Diagnostic::warning(
                    "yaml-page-invalid",
                    rel,
                    line,
                    col,
                    format!("invalid YAML, the page is skipped: {e}"),
                )
                .with_help("fix the YAML syntax; quote values that contain `: ` or start with `[`, `{`, `*`, `&`"),
            );
        }
    };
    let Value::Mapping(root) = value else {
        return Parsed::Skipped(
            Diagnostic::warning(
                "yaml-page-invalid",
                rel,
                1,
                1,
                format!("a `YamlMime:{ty}` file must be a mapping (`title:`, `metadata:`, …); the file is skipped"),
            )
            .with_help("start the file with `title:` and `metadata:` keys"),
        );
    };
    let mut w = Writer::new(text);
    w.front_matter(&root);
    let title = text_of(&root, "title").or_else(|| {
        get(&root, "metadata")
            .and_then(Value::as_mapping)
            .and_then(|m| text_of(m, "title"))
    });
    if let Some(t) = &title {
        w.heading(1, t, "title");
    }
    match kind {
        Kind::Landing => {
            w.summary(&root, false);
            landing(&mut w, &root);
        }
        Kind::Hub => {
            w.summary(&root, false);
            hub(&mut w, &root);
        }
        Kind::Faq => {
            w.summary(&root, true);
            faq(&mut w, &root);
        }
    }
    Parsed::Page(Box::new(Synthetic {
        kind,
        text: w.text,
        stand_in: w.stand_in,
        lines: LineMap(w.lines),
        faq: w.faq,
    }))
}

fn get<'v>(m: &'v Mapping, key: &str) -> Option<&'v Value> {
    m.get(key)
}

/// A scalar as text (numbers and booleans as written), `None` for missing, null or empty.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

fn text_of(m: &Mapping, key: &str) -> Option<String> {
    get(m, key).and_then(scalar)
}

fn seq<'v>(m: &'v Mapping, key: &str) -> &'v [Value] {
    match get(m, key) {
        Some(Value::Sequence(s)) => s,
        _ => &[],
    }
}

fn items(v: &Value) -> impl Iterator<Item = &Mapping> {
    v.as_sequence()
        .into_iter()
        .flatten()
        .filter_map(Value::as_mapping)
}

fn landing(w: &mut Writer, root: &Mapping) {
    let cards: Vec<&Mapping> = seq(root, "landingContent")
        .iter()
        .filter_map(Value::as_mapping)
        .collect();
    w.open_grid("landing-cards");
    for card in cards {
        w.open_card();
        if let Some(t) = text_of(card, "title") {
            w.heading(2, &t, "title");
        }
        for list in items(get(card, "linkLists").unwrap_or(&Value::Null)) {
            let ty = text_of(list, "linkListType");
            w.link_list(ty.as_deref(), seq(list, "links"), "text");
        }
        w.close_card();
    }
    w.close_grid();
}

fn hub(w: &mut Writer, root: &Mapping) {
    if let Some(h) = get(root, "highlightedContent").and_then(Value::as_mapping) {
        w.link_list(None, seq(h, "items"), "title");
    }
    for block in ["conceptualContent", "tools", "productDirectory"] {
        let Some(b) = get(root, block).and_then(Value::as_mapping) else {
            continue;
        };
        if let Some(t) = text_of(b, "title") {
            w.heading(2, &t, "title");
        }
        if let Some(s) = text_of(b, "summary") {
            w.paragraph(&s, "summary");
        }
        w.open_grid("landing-cards");
        for item in items(get(b, "items").unwrap_or(&Value::Null)) {
            hub_card(w, item);
        }
        w.close_grid();
    }
    if let Some(b) = get(root, "additionalContent").and_then(Value::as_mapping) {
        for section in items(get(b, "sections").unwrap_or(&Value::Null)) {
            if let Some(t) = text_of(section, "title") {
                w.heading(2, &t, "title");
            }
            if let Some(s) = text_of(section, "summary") {
                w.paragraph(&s, "summary");
            }
            w.open_grid("landing-cards");
            for item in items(get(section, "items").unwrap_or(&Value::Null)) {
                hub_card(w, item);
            }
            w.close_grid();
        }
        w.link_list(None, seq(b, "footerLinks"), "text");
    }
}

/// One card of a hub section: a title (a link when the item has a `url`), a summary, its links.
fn hub_card(w: &mut Writer, item: &Mapping) {
    w.open_card();
    let title = text_of(item, "title");
    match (&title, text_of(item, "url")) {
        (Some(t), Some(u)) => w.heading_link(3, t, &u),
        (Some(t), None) => w.heading(3, t, "title"),
        _ => {}
    }
    if let Some(s) = text_of(item, "summary") {
        w.paragraph(&s, "summary");
    }
    w.link_list(None, seq(item, "links"), "text");
    if let Some(f) = get(item, "footerLink").and_then(Value::as_mapping) {
        w.link_list(
            None,
            std::slice::from_ref(&Value::Mapping(f.clone())),
            "text",
        );
    }
    w.close_card();
}

fn faq(w: &mut Writer, root: &Mapping) {
    let sections = seq(root, "sections");
    if sections.is_empty() {
        // The older form: questions directly under the root.
        for q in items(get(root, "questions").unwrap_or(&Value::Null)) {
            w.question(2, q);
        }
    }
    for section in sections.iter().filter_map(Value::as_mapping) {
        if let Some(n) = text_of(section, "name") {
            w.heading(2, &n, "name");
        }
        for q in items(get(section, "questions").unwrap_or(&Value::Null)) {
            w.question(3, q);
        }
    }
    if let Some(more) = text_of(root, "additionalContent") {
        w.markdown(&more, "additionalContent");
    }
}

/// How far [`Writer::find_value`] looks for a value on either side of the cursor.
const WINDOW: usize = 16 * 1024;

/// Builds the synthetic file line by line, with each line's origin.
struct Writer<'t> {
    yaml: &'t str,
    /// Byte offset where each line of `yaml` starts.
    line_starts: Vec<usize>,
    /// Byte offset in `yaml` from which values are looked for: the walk follows document order,
    /// so each value is found after the previous one.
    cursor: usize,
    text: String,
    stand_in: String,
    lines: Vec<(u32, i64)>,
    body_start: usize,
    in_body: bool,
    faq: Vec<FaqLines>,
}

impl<'t> Writer<'t> {
    fn new(yaml: &'t str) -> Self {
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

    fn front_matter(&mut self, root: &Mapping) {
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

    fn heading(&mut self, level: usize, text: &str, key: &str) {
        let at = self.locate(key, text);
        let hashes = "#".repeat(level);
        let inline = inline_text(text);
        let line = format!("{hashes} {inline}");
        let stand = format!("{hashes} {}", lang_span(&inline));
        self.line(&line, &stand, at, level + 1);
        self.blank();
    }

    fn heading_link(&mut self, level: usize, text: &str, url: &str) {
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

    fn paragraph(&mut self, text: &str, key: &str) {
        let at = self.locate(key, text);
        let inline = inline_text(text);
        self.line(&inline, &lang_span(&inline), at, 0);
        self.blank();
    }

    fn summary(&mut self, root: &Mapping, markdown: bool) {
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
    fn markdown(&mut self, text: &str, key: &str) {
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

    fn question(&mut self, level: usize, q: &Mapping) {
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
    fn link_list(&mut self, ty: Option<&str>, links: &[Value], text_key: &str) {
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

    fn open_grid(&mut self, class: &str) {
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        let html = format!("<div class=\"{class}\">");
        self.line(&html, &html, origin, 0);
        self.blank();
    }

    fn close_grid(&mut self) {
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        self.line("</div>", "</div>", origin, 0);
        self.blank();
    }

    fn open_card(&mut self) {
        let origin = self.lines.last().map_or((1, 1), |&(l, _)| (l, 1));
        self.line(
            "<section class=\"landing-card\">",
            "<section class=\"landing-card\">",
            origin,
            0,
        );
        self.blank();
    }

    fn close_card(&mut self) {
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
fn inline_text(text: &str) -> String {
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
fn destination(url: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    const LANDING: &str = "### YamlMime:Landing\ntitle: Centre <span>A</span>\nsummary: Le *résumé*.\nmetadata:\n  title: Doc\n  ms.date: 02/01/2021\n  ms.contentlocale: fr-FR\nlandingContent:\n- title: Démarrer\n  linkLists:\n  - linkListType: get-started\n    links:\n    - text: Vue d’ensemble\n      url: overview.md\n    - text: Azure\n      url: /azure/lighthouse/overview\n";

    fn page(text: &str) -> Synthetic {
        match parse(text, Path::new("x/index.yml")) {
            Parsed::Page(p) => *p,
            other => panic!("not a page: {other:?}"),
        }
    }

    #[test]
    fn mime_type_is_read_from_the_first_line() {
        assert_eq!(yaml_mime("### YamlMime:FAQ\nx: 1"), Some("FAQ"));
        assert_eq!(yaml_mime("\u{feff}### YamlMime:Landing\n"), Some("Landing"));
        assert_eq!(yaml_mime("title: x\n"), None);
        assert!(matches!(
            parse("### YamlMime:ZonePivotGroups\n", Path::new("z.yml")),
            Parsed::NotAPage
        ));
    }

    #[test]
    fn landing_becomes_markdown_with_front_matter() {
        let p = page(LANDING);
        assert_eq!(p.kind, Kind::Landing);
        assert!(p.text.starts_with("---\n"), "{}", p.text);
        assert!(
            p.text.contains("title: Centre <span>A</span>"),
            "{}",
            p.text
        );
        assert!(p.text.contains("meta_title: Doc"), "{}", p.text);
        assert!(p.text.contains("\n# Centre <span>A</span>\n"), "{}", p.text);
        assert!(p.text.contains("Le \\*résumé\\*."), "{}", p.text);
        assert!(p.text.contains("## Démarrer"), "{}", p.text);
        assert!(
            p.text.contains("- [Vue d’ensemble](overview.md)"),
            "{}",
            p.text
        );
        assert!(p.text.contains("data-type=\"get-started\""), "{}", p.text);
    }

    #[test]
    fn synthetic_lines_map_back_to_the_yaml() {
        let p = page(LANDING);
        let n = p
            .text
            .lines()
            .position(|l| l.contains("(overview.md)"))
            .unwrap();
        let col = p.text.lines().nth(n).unwrap().find('[').unwrap() + 1;
        let mut d = Diagnostic::warning("link-broken", "x", n as u32 + 1, col as u32, "m");
        p.lines.map(&mut d);
        assert_eq!(d.line, 14, "the url line");
        assert_eq!(d.col, 12, "the url's column");
    }

    #[test]
    fn stand_in_marks_text_and_empties_link_texts() {
        let p = page(LANDING);
        let s = p.stand_in("fr-fr");
        assert!(
            s.contains("# <span lang=\"fr-fr\">Centre <span>A</span></span>"),
            "{s}"
        );
        assert!(s.contains("- [](overview.md \"Vue d’ensemble\")"), "{s}");
        assert!(!s.contains("meta_title"), "no front matter: {s}");
        let body_lines =
            p.text.lines().count() - p.text.lines().skip(1).position(|l| l == "---").unwrap() - 2;
        assert_eq!(s.lines().count(), body_lines);
    }

    #[test]
    fn faq_questions_and_answers_are_located() {
        let text = "### YamlMime:FAQ\nmetadata:\n  title: F\ntitle: Questions\nsummary: |\n  Intro **bold**.\nsections:\n- name: Général\n  questions:\n  - question: Pourquoi ?\n    answer: |\n      Parce que.\n\n      - un\n      - deux\n  - question: Comment [faire] ?\n    answer: \"Ainsi.\\n\\nVoilà.\"\nadditionalContent: |\n  Plus.\n";
        let p = page(text);
        assert_eq!(p.kind, Kind::Faq);
        assert_eq!(p.faq.len(), 2);
        let body: Vec<&str> = p.text.lines().skip_while(|l| *l != "---").skip(1).collect();
        let body: Vec<&str> = body
            .into_iter()
            .skip_while(|l| *l != "---")
            .skip(1)
            .collect();
        assert_eq!(body[p.faq[0].question.start], "### Pourquoi ?");
        let answer = body[p.faq[0].answer.clone()].join("\n");
        assert!(
            answer.contains("Parce que.") && answer.contains("- deux"),
            "{answer}"
        );
        assert_eq!(body[p.faq[1].question.start], "### Comment \\[faire\\] ?");
        assert!(p.text.contains("## Général"));
        assert!(p.text.contains("Plus."));
        // The second answer's first line is found where it is written.
        let n = p.text.lines().position(|l| l == "Ainsi.").unwrap();
        let mut d = Diagnostic::warning("x", "f", n as u32 + 1, 1, "m");
        p.lines.map(&mut d);
        assert_eq!(d.line, 17);
    }

    /// The synthetic line that shows `needle`, mapped back to its YAML line.
    fn yaml_line_of(p: &Synthetic, needle: &str) -> u32 {
        let n = p.text.lines().position(|l| l.contains(needle)).unwrap();
        p.lines.position(n as u32 + 1, 1).0
    }

    #[test]
    fn values_are_located_whatever_the_key_order_and_folding() {
        // `additionalContent` written before `conceptualContent`, which the walk visits first.
        let hub = "### YamlMime:Hub\ntitle: H\nmetadata:\n  title: H\nadditionalContent:\n  sections:\n    - title: Plus\n      items:\n        - title: A\n          links:\n            - text: Extra\n              url: ./m-additional.md\nconceptualContent:\n  title: Concepts\n  items:\n    - title: B\n      links:\n        - text: Main\n          url: ./m-main.md\n";
        let p = page(hub);
        assert_eq!(yaml_line_of(&p, "m-additional.md"), 12);
        assert_eq!(yaml_line_of(&p, "m-main.md"), 19);
        // A folded answer: its first words are found on the line where it starts.
        let faq = "### YamlMime:FAQ\nmetadata:\n  title: F\ntitle: T\nsections:\n- name: S\n  questions:\n  - question: Q?\n    answer: >\n      Une réponse assez longue qui est\n      repliée sur deux lignes.\n";
        let p = page(faq);
        assert_eq!(yaml_line_of(&p, "Une réponse"), 10);
    }

    #[test]
    fn unknown_types_and_bad_yaml_are_warnings() {
        match parse("### YamlMime:Tutorial\ntitle: x\n", Path::new("t.yml")) {
            Parsed::Skipped(d) => {
                assert_eq!(d.code, "yaml-type-unsupported");
                assert!(d.help.unwrap().contains("Landing, Hub, FAQ"));
            }
            other => panic!("{other:?}"),
        }
        match parse("### YamlMime:FAQ\ntitle: [x\n", Path::new("t.yml")) {
            Parsed::Skipped(d) => assert_eq!(d.code, "yaml-page-invalid"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hub_sections_become_cards() {
        let text = "### YamlMime:Hub\ntitle: Hub\nsummary: S\nmetadata:\n  title: H\nhighlightedContent:\n  items:\n    - title: Quoi\n      itemType: overview\n      url: ./what.md\nconceptualContent:\n  title: Utiliser\n  items:\n    - title: Débuter\n      links:\n        - text: Installer\n          itemType: download\n          url: ./install.md\nadditionalContent:\n  sections:\n    - title: Référence\n      items:\n        - title: API\n          links:\n            - text: Vue\n              url: ./api.md\n";
        let p = page(text);
        assert_eq!(p.kind, Kind::Hub);
        for want in [
            "[Quoi](./what.md)",
            "## Utiliser",
            "### Débuter",
            "[Installer](./install.md)",
            "## Référence",
            "[Vue](./api.md)",
            "data-type=\"download\"",
        ] {
            assert!(p.text.contains(want), "{want} in {}", p.text);
        }
    }

    proptest::proptest! {
        /// Any text after a page type line is a page, a skipped file or not a page: never a panic,
        /// and every line of a page maps back into the YAML file.
        #[test]
        fn any_yaml_gives_a_page_or_a_warning(
            kind in proptest::sample::select(vec!["Landing", "Hub", "FAQ"]),
            body in "(title: |summary: |  - |question: |answer: \\|\n|url: |text: |[a-zé\\[\\]<>\"':#*-]|\n){0,80}",
        ) {
            let text = format!("### YamlMime:{kind}\n{body}");
            if let Parsed::Page(p) = parse(&text, Path::new("p.yml")) {
                let lines = text.lines().count().max(1) as u32;
                for n in 1..=p.text.lines().count() as u32 {
                    let (l, _) = p.lines.position(n, 1);
                    proptest::prop_assert!(l >= 1 && l <= lines, "line {n} → {l} of {lines}");
                }
            }
        }
    }

    #[test]
    fn inline_text_escapes_markdown_but_keeps_tags() {
        assert_eq!(inline_text("a *b* [c]"), "a \\*b\\* \\[c\\]");
        assert_eq!(
            inline_text("<span data-ttu-id=\"a_1\">x_y</span>"),
            "<span data-ttu-id=\"a_1\">x\\_y</span>"
        );
        assert_eq!(inline_text("- x\n  y"), "\\- x y");
        assert_eq!(inline_text("a < b"), "a \\< b");
        // Only side-by-side spans are markup; other tags are text.
        assert_eq!(
            inline_text("Using List<T> in C#"),
            "Using List\\<T\\> in C\\#"
        );
        assert_eq!(
            inline_text("<script>x</script>"),
            "\\<script\\>x\\</script\\>"
        );
        assert_eq!(
            inline_text("<SPAN lang=x>a</Span>"),
            "<SPAN lang=x>a</Span>"
        );
        assert_eq!(inline_text("<spanner>"), "\\<spanner\\>");
        assert_eq!(inline_text("1. Install first"), "1\\. Install first");
        assert_eq!(inline_text("2020) was"), "2020\\) was");
        assert_eq!(destination("a.md\n\n<script>"), "<a.md script>");
    }
}
