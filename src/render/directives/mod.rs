//! Text pre-pass for the Docs block directives, run before pulldown-cmark sees the page.
//!
//! Lines go through a queue: a directive may push rewritten lines back to its front (an alert's body
//! without its `>`, an included file's lines), so nesting is handled by iteration, not recursion.
//! Directive HTML is stored in [`Ctx::placeholders`] and the Markdown gets a placeholder instead;
//! the content between an opening and a closing placeholder stays Markdown.
//!
//! Markup produced:
//! - alert: `<div class="alert alert-{kind}" role="note"><p class="alert-title"><span
//!   class="alert-icon" aria-hidden="true"></span>{localized title}</p>…</div>`;
//! - tabs (`# [Label](#tab/id)` … `---`), readable without JavaScript, enhanced by the site JS:
//!   ```html
//!   <div class="tab-group">
//!     <div class="tabs" data-tabs><ul>
//!       <li><a href="#tab-id" data-tab="id">Label</a></li>…</ul></div>
//!     <section class="tab-panel" id="tab-id" data-tab="id">
//!       <h3 class="tab-label">Label</h3> …content… </section>…
//!   </div>
//!   ```
//!   Panel ids are unique per page (`tab-id-1` for a second group using `id`); `data-tab` keeps the
//!   author's id so the JS can keep groups in sync. The `h3` is a visible label when JS is off.
//! - `:::image:::` → `<figure class="image">` (`<img>`, optional lightbox link, `<details>` with the
//!   long description for `type="complex"`); icons and images inside text are inline `<img>`;
//! - zones → `<div class="zone" data-pivot="a b">` (with a `<p class="zone-label">` when all zones
//!   are shown); code includes → `<pre><code class="language-x">`, or, when the file cannot be
//!   read, a warning and `<div class="missing-box code-missing" role="note">` (`content-missing`
//!   for an include) with the localized "not available" title and the path as written;
//! - the blocks met in real localized repositories (`[!div]`, `[!VIDEO]`, monikers, rows and
//!   columns, `:::code`, unknown directives) are in [`blocks`];
//! - HTML comments that run over several lines pass through untouched, so no directive inside
//!   one is expanded; the renderer drops every comment.
//! - fenced and indented code (4 columns past its blockquote and any list item's content, not in
//!   a paragraph) is left exactly as written.

use std::collections::VecDeque;

use blocks::{Moniker, flatten_blocks, list_marker_len, missing_box, moniker_line};

use super::html::{escape, escape_href};
use super::markdown::ctx::{Ctx, RenderDoc};
pub(crate) use super::markdown::locator::Origin;
use super::markdown::options::IncludeError;
use super::markdown::raw_html::{parse_tag, with_data_sources};
use crate::diagnostics::Diagnostic;

mod blocks;

/// A code include as written: `[!code-lang[](path?name=x)]` or `:::code language source id:::`.
struct CodeSample<'s> {
    lang: &'s str,
    path: &'s str,
    /// `#region` / `// <name>` to extract.
    region: Option<&'s str>,
    /// Line ranges (`3-5,7`).
    range: Option<&'s str>,
}

/// The Markdown handed to pulldown-cmark, with one origin per line.
pub(crate) struct Expanded {
    pub text: String,
    pub origins: Vec<Origin>,
}

/// A line waiting in the queue; `end_include` marks where a block include's lines stop.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    at: Origin,
    end_include: bool,
}

const ALERT_KINDS: [&str; 5] = ["note", "tip", "important", "caution", "warning"];
/// Includes nested deeper than this are reported as a cycle-like error.
const MAX_INCLUDE_DEPTH: usize = 16;

/// Expands the directives of `text` (file index `file`); `chain` is the include chain so far.
/// `render_doc` renders an inline include as a document of its own (the event pass passes itself).
pub(crate) fn expand(
    ctx: &mut Ctx,
    file: usize,
    first_line: u32,
    text: &str,
    chain: &[String],
    render_doc: RenderDoc,
) -> Expanded {
    let q = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line {
            text: l.to_string(),
            at: Origin {
                file,
                line: first_line + i as u32,
                shift: 0,
            },
            end_include: false,
        })
        .collect();
    let mut ex = Expander {
        ctx,
        render_doc,
        q,
        out: Expanded {
            text: String::with_capacity(text.len() + 64),
            origins: Vec::new(),
        },
        stack: chain.to_vec(),
        fence: None,
        skip_zone: 0,
        skip_moniker: 0,
        skip_moniker_at: None,
        open_monikers: Vec::new(),
        in_comment: false,
        open_complex: 0,
        after_block: true,
        in_indented: false,
        lists: Vec::new(),
    };
    ex.run();
    ex.out
}

struct Expander<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    /// Renders an inline include as a document of its own.
    render_doc: RenderDoc,
    q: VecDeque<Line>,
    out: Expanded,
    /// Include chain: the page, then each file included on the way to the current line.
    stack: Vec<String>,
    fence: Option<(u8, usize)>,
    skip_zone: usize,
    /// Depth of a moniker block left out (`[build] moniker` does not match it).
    skip_moniker: usize,
    /// Where the moniker block left out starts: its line and column.
    skip_moniker_at: Option<(Origin, usize)>,
    /// Moniker blocks shown and not closed yet: where each starts (line, column, the indentation
    /// before it) and the include depth (`stack` length) of its file.
    open_monikers: Vec<(Origin, usize, String, usize)>,
    /// Inside a multi-line `<!-- … -->`: lines pass through untouched (the renderer drops them),
    /// so a directive that was commented out stays out.
    in_comment: bool,
    open_complex: usize,
    /// No paragraph is open before the current line (the start, after a blank line, a heading, a
    /// closed fence or comment): a line indented 4 columns more than its container starts code.
    after_block: bool,
    /// Inside indented code, which is left exactly as written.
    in_indented: bool,
    /// Content columns of the open list items, innermost last: indentation under a list item is
    /// measured from its content.
    lists: Vec<usize>,
}

impl Expander<'_, '_> {
    fn run(&mut self) {
        while let Some(line) = self.q.pop_front() {
            if line.end_include {
                self.end_of_file();
                self.stack.pop();
                continue;
            }
            let p = prefix_len(&line.text);
            let rest = line.text[p..].trim_end();
            if let Some((ch, n)) = self.fence {
                if closes_fence(rest, ch, n) {
                    self.fence = None;
                    self.after_block = true;
                }
                self.emit(line);
                continue;
            }
            if self.skip_zone > 0 {
                match zone_line(rest) {
                    Some(ZoneLine::Start(_)) => self.skip_zone += 1,
                    Some(ZoneLine::End) => self.skip_zone -= 1,
                    None => {}
                }
                continue;
            }
            if self.skip_moniker > 0 {
                match moniker_line(rest) {
                    Some(Moniker::Start(_)) => self.skip_moniker += 1,
                    Some(Moniker::End) => self.skip_moniker -= 1,
                    None => {}
                }
                continue;
            }
            if self.in_comment {
                self.in_comment = !rest.contains("-->");
                self.after_block = !self.in_comment;
                self.emit(line);
                continue;
            }
            // Code first: a `<!--` in code is text, not the start of a comment.
            if self.indented_code(&line.text, rest.is_empty()) {
                self.emit(line);
                continue;
            }
            if opens_comment(rest) {
                self.in_comment = true;
                self.emit(line);
                continue;
            }
            self.after_block = rest.is_empty() || heading_level(rest).is_some();
            if let Some(f) = opens_fence(rest) {
                self.fence = Some(f);
                self.emit(line);
                continue;
            }
            // A complex image's description may end on the line of its `:::image-end:::`, as
            // real repositories write it: the two go on as two lines.
            if self.open_complex > 0
                && rest.len() > ":::image-end:::".len()
                && let Some(desc) = rest.strip_suffix(":::image-end:::")
            {
                let desc_len = line.text[..p].len() + desc.len();
                let mut end = line.clone();
                end.text = format!("{}:::image-end:::", &line.text[..p]);
                end.at.shift += desc.chars().count() as i64;
                let mut text = line;
                text.text.truncate(desc_len);
                self.q.push_front(end);
                self.q.push_front(text);
                continue;
            }
            // Every block directive starts with `#` (a tab heading), `[` (includes) or `:` (zones,
            // images), or is an alert inside a blockquote, or is an include in a list item; most
            // lines are none of these, and trying each handler on them was a third of the
            // expander's time.
            let maybe = matches!(
                line.text.as_bytes().get(p),
                Some(b'#' | b'[' | b':' | b'-' | b'*' | b'+' | b'0'..=b'9')
            ) || line.text.as_bytes()[..p].contains(&b'>');
            let handled = maybe
                && (self.alert(&line, p)
                    || self.quote_directive(&line, p)
                    || self.block_include(&line, p)
                    || self.code_include(&line, p)
                    || self.tabs(&line, p)
                    || self.zone(&line, p)
                    || self.container(&line, p)
                    || self.block_image(&line, p)
                    || self.code_directive(&line, p)
                    || self.unknown_directive(&line, p));
            if !handled {
                let line = self.inline_directives(line);
                self.emit(line);
            }
        }
        self.end_of_file();
    }

    /// The end of the page or of a block include: a zone or moniker block left out stops there,
    /// so that it does not go on into the including page, and a moniker block not closed in the
    /// file is a warning (a shown one is closed there).
    fn end_of_file(&mut self) {
        self.skip_zone = 0;
        let skipped = self
            .skip_moniker_at
            .take()
            .filter(|_| self.skip_moniker > 0);
        self.skip_moniker = 0;
        let depth = self.stack.len();
        let mut unclosed: Vec<(Origin, usize, Option<String>)> = Vec::new();
        while let Some((at, col, prefix, d)) = self.open_monikers.pop() {
            if d != depth {
                self.open_monikers.push((at, col, prefix, d));
                break;
            }
            unclosed.push((at, col, Some(prefix)));
        }
        unclosed.extend(skipped.map(|(at, col)| (at, col, None)));
        for (at, col, prefix) in unclosed {
            self.warning(
                "moniker-unclosed",
                at,
                col,
                "`::: moniker` block with no `::: moniker-end` in its file".into(),
                "add `::: moniker-end` after the block's last line; a moniker block ends at the end of the file it starts in",
            );
            if let Some(prefix) = prefix {
                self.emit_block(&prefix, "</div>\n".into(), at);
            }
        }
    }

    /// Whether `text` is a line of indented code (4 columns past its blockquote and the content of
    /// any list item it is in, not in a paragraph), left exactly as written; keeps track of the
    /// open list items on the way.
    fn indented_code(&mut self, text: &str, blank: bool) -> bool {
        if blank {
            // Neither starts nor ends indented code or a list item.
            return false;
        }
        let (col, body) = indent_cols(text);
        let base = self.lists.last().copied().unwrap_or(0);
        if col >= base + 4 && (self.in_indented || self.after_block) {
            self.in_indented = true;
            return true;
        }
        self.in_indented = false;
        let marker = list_marker_len(body);
        if self.after_block || marker > 0 {
            // A line less indented than an item's content, other than a lazy continuation of its
            // paragraph, is past that item.
            while self.lists.last().is_some_and(|&c| col < c) {
                self.lists.pop();
            }
        }
        if marker > 0 {
            self.lists.push(col + marker);
        }
        false
    }

    fn emit(&mut self, line: Line) {
        self.out.text.push_str(&line.text);
        self.out.text.push('\n');
        self.out.origins.push(line.at);
    }

    /// Emits `prefix` + a block placeholder for `html`, located at `at`.
    fn emit_block(&mut self, prefix: &str, html: String, at: Origin) {
        let ph = self.ctx.block_placeholder(html);
        self.emit(Line {
            text: format!("{prefix}{ph}"),
            at,
            end_include: false,
        });
    }

    fn file_of(&self, at: Origin) -> String {
        self.ctx.files[at.file].clone()
    }

    fn error(&mut self, code: &'static str, at: Origin, col: usize, msg: String, help: &str) {
        let file = self.file_of(at);
        let col = (col as i64 + 1 + at.shift).max(1) as u32;
        self.ctx
            .diagnostics
            .push(Diagnostic::error(code, file, at.line, col, msg).with_help(help));
    }

    fn warning(&mut self, code: &'static str, at: Origin, col: usize, msg: String, help: &str) {
        let file = self.file_of(at);
        let col = (col as i64 + 1 + at.shift).max(1) as u32;
        self.ctx
            .diagnostics
            .push(Diagnostic::warning(code, file, at.line, col, msg).with_help(help));
    }

    /// `> [!NOTE]` (any case, any spacing) and legacy `> **Remarque**<br>` notes.
    fn alert(&mut self, line: &Line, p: usize) -> bool {
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
    fn wrap_quote(&mut self, line: &Line, gt: usize, consumed: usize, open: String, close: String) {
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

    /// `[!INCLUDE [title](path)]` alone on its line, or alone in a list item (`- [!INCLUDE …]`):
    /// the included lines are spliced in place (a list item's continuation lines indented under
    /// its text).
    fn block_include(&mut self, line: &Line, p: usize) -> bool {
        let marker = list_marker_len(&line.text[p..]);
        let rest = line.text[p + marker..].trim_end();
        if !starts_with_ci(rest, "[!include") {
            return false;
        }
        let Some((path, end)) = parse_include(rest) else {
            return false;
        };
        if end != rest.len() {
            return false;
        }
        let first_prefix = line.text[..p + marker].to_string();
        let prefix = format!("{}{}", &line.text[..p], " ".repeat(marker));
        let Some((inc, text)) = self.load_include(line.at, p + marker, &path) else {
            let html = missing_box(
                "content-missing",
                &self.ctx.opts.labels.include_missing,
                &path,
            );
            self.emit_block(&first_prefix, html, line.at);
            return true;
        };
        let idx = self.ctx.file_index(&inc);
        let (body, skipped) = strip_front_matter(&text);
        let shift = -chars(&prefix);
        self.q.push_front(Line {
            text: String::new(),
            at: line.at,
            end_include: true,
        });
        let lines: Vec<&str> = body.lines().collect();
        for (i, l) in lines.iter().enumerate().rev() {
            let at = Origin {
                file: idx,
                line: (skipped + i + 1) as u32,
                shift,
            };
            let pre = if i == 0 { &first_prefix } else { &prefix };
            self.q.push_front(Line {
                text: format!("{pre}{l}"),
                at,
                end_include: false,
            });
        }
        self.stack.push(inc);
        true
    }

    /// Resolves an include, checking cycles; reports a missing file as a warning (the caller
    /// puts a "not available" box in its place) and a cycle as an error.
    fn load_include(&mut self, at: Origin, col: usize, path: &str) -> Option<(String, String)> {
        let from = self.file_of(at);
        match self.ctx.resolver.include(&from, path) {
            Err(e) => {
                self.include_failed(&e, "include", at, col, path);
                None
            }
            Ok((inc, _)) if self.stack.contains(&inc) || self.stack.len() > MAX_INCLUDE_DEPTH => {
                let chain = format!("{} → {inc}", self.stack.join(" → "));
                let help = "remove one of the includes so that no file includes itself";
                self.error(
                    "include-cycle",
                    at,
                    col,
                    format!("include cycle: {chain}"),
                    help,
                );
                None
            }
            Ok((inc, text)) => {
                if !self.ctx.includes.contains(&inc) {
                    self.ctx.includes.push(inc.clone());
                }
                Some((inc, text))
            }
        }
    }

    /// `[!code-lang[name](path#region "title")]` on its own line.
    fn code_include(&mut self, line: &Line, p: usize) -> bool {
        let rest = line.text[p..].trim_end();
        if !starts_with_ci(rest, "[!code") || !rest.ends_with(")]") {
            return false;
        }
        let head = &rest[6..];
        let Some(bracket) = head.find('[') else {
            return false;
        };
        let lang = head[..bracket]
            .trim()
            .trim_start_matches('-')
            .to_ascii_lowercase();
        let Some(paren) = head.find("](") else {
            return false;
        };
        let inner = head[paren + 2..head.len() - 2].trim();
        let path_part = match inner.find([' ', '\t']) {
            Some(i) => &inner[..i],
            None => inner,
        };
        let (path_q, region) = match path_part.split_once('#') {
            Some((a, b)) => (a, Some(b.to_string())),
            None => (path_part, None),
        };
        let (path, query) = path_q.split_once('?').unwrap_or((path_q, ""));
        let region = region.or_else(|| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix("name="))
                .map(str::to_string)
        });
        let range = query.split('&').find_map(|kv| kv.strip_prefix("range="));
        let sample = CodeSample {
            lang: &lang,
            path,
            region: region.as_deref(),
            range,
        };
        self.emit_code(line, p, &sample);
        true
    }

    /// The `<pre><code>` of a code include, or the "code sample not available" box.
    fn emit_code(&mut self, line: &Line, p: usize, sample: &CodeSample) {
        let from = self.file_of(line.at);
        let path = sample.path;
        let code = match self.ctx.resolver.include(&from, path) {
            Err(e) => Err(e),
            Ok((inc, text)) => {
                if !self.ctx.includes.contains(&inc) {
                    self.ctx.includes.push(inc);
                }
                match (sample.region, sample.range) {
                    (Some(r), _) => extract_region(&text, r).ok_or_else(|| {
                        IncludeError::Missing(format!("no region `{r}` in `{path}`"))
                    }),
                    (None, Some(r)) => Ok(extract_range(&text, r)),
                    (None, None) => Ok(text),
                }
            }
        };
        let prefix = line.text[..p].to_string();
        let html = match code {
            Ok(code) => {
                let class = if sample.lang.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"language-{}\"", escape(sample.lang))
                };
                format!(
                    "<pre><code{class}>{}</code></pre>\n",
                    escape(code.trim_end_matches('\n'))
                )
            }
            Err(e) => {
                self.include_failed(&e, "code-include", line.at, p, path);
                missing_box("code-missing", &self.ctx.opts.labels.code_missing, path)
            }
        };
        self.emit_block(&prefix, html, line.at);
    }

    /// Reports an include (`what` = "include") or code include ("code-include") that cannot be
    /// read. A warning: the page is built with a box in its place; `check` keeps the missing
    /// and outside-root ones as errors.
    fn include_failed(&mut self, e: &IncludeError, what: &str, at: Origin, col: usize, path: &str) {
        let noun = if what == "include" {
            "include"
        } else {
            "include code"
        };
        let msg = format!("cannot {noun} `{path}`: {}", e.message());
        let (code, help) = match e {
            IncludeError::Missing(_) => (
                if what == "include" { "include-missing" } else { "code-include-missing" },
                if what == "include" {
                    "the path is relative to the including file (`~/` is the folder of the nearest docfx.json); fix it or add the file".to_string()
                } else {
                    "the path is relative to the file (`~/` is the folder of the nearest docfx.json); regions are marked `#region name`/`#endregion` or `// <name>`/`// </name>`".to_string()
                },
            ),
            IncludeError::NotLocalized { name, .. } => (
                if what == "include" { "include-missing" } else { "code-include-missing" },
                format!("fix the path, or add `{} = \"<folder>\"` under [paths] in tandem.toml, <folder> being a local clone of the source-language repository, which the translation takes missing files from", toml_key(name)),
            ),
            IncludeError::Outside(_) => (
                "include-outside-root",
                "includes are read only inside the content root or a folder mapped under [paths] in tandem.toml".to_string(),
            ),
            IncludeError::Dependent { name, mapped: false, .. } => (
                "dependent-missing",
                format!("add `{} = \"<folder>\"` under [paths] in tandem.toml, <folder> being a local clone of that repository relative to tandem.toml", toml_key(name)),
            ),
            IncludeError::Dependent { name, mapped: true, .. } => (
                "dependent-missing",
                format!("the folder mapped by `{name}` under [paths] in tandem.toml lacks the file: update that clone, or fix the path"),
            ),
        };
        self.warning(code, at, col, msg, &help);
    }

    /// A tab group: `# [Label](#tab/id)` headings up to a `---` line.
    fn tabs(&mut self, line: &Line, p: usize) -> bool {
        let Some((level, label, id)) = parse_tab_heading(&line.text[p..]) else {
            return false;
        };
        // Find the group's other tab headings and its end, without consuming anything.
        let mut members = Vec::new();
        let mut end = None;
        let mut fence = None;
        for (i, l) in self.q.iter().enumerate() {
            let r = l.text[prefix_len(&l.text)..].trim_end();
            if let Some((ch, n)) = fence {
                if closes_fence(r, ch, n) {
                    fence = None;
                }
                continue;
            }
            if let Some(f) = opens_fence(r) {
                fence = Some(f);
            } else if let Some((lv, lb, id)) = parse_tab_heading(r).filter(|t| t.0 == level) {
                members.push((i, lv, lb, id));
            } else if r == "---" {
                end = Some((i, true));
                break;
            } else if heading_level(r).is_some_and(|lv| lv < level) {
                end = Some((i, false));
                break;
            }
        }
        // Each label with the file it is written in (its `seg` wrappers get their source text
        // from that file's segments) and rendered once: the nav and the panel heading share it.
        let mut tabs = vec![(label, id, line.at.file)];
        tabs.extend(
            members
                .iter()
                .map(|(i, _, lb, id)| (lb.clone(), id.clone(), self.q[*i].at.file)),
        );
        let labels: Vec<String> = tabs
            .iter()
            .map(|(label, _, file)| {
                self.ctx.add_heading_text(label);
                let html = inline_markdown(label);
                with_data_sources(self.ctx, *file, &html)
            })
            .collect();
        let panel_ids: Vec<String> = tabs
            .iter()
            .map(|(_, id, _)| self.tab_panel_id(id))
            .collect();
        let mut nav = String::from("<div class=\"tab-group\">\n<div class=\"tabs\" data-tabs><ul>");
        for (((_, id, _), pid), label) in tabs.iter().zip(&panel_ids).zip(&labels) {
            nav.push_str(&format!(
                "<li><a href=\"#{pid}\" data-tab=\"{}\">{}</a></li>",
                escape(id),
                without_seg_ids(label),
            ));
        }
        nav.push_str("</ul></div>\n");
        let panel = |k: usize| {
            format!(
                "<section class=\"tab-panel\" id=\"{}\" data-tab=\"{}\">\n<h3 class=\"tab-label\">{}</h3>\n",
                panel_ids[k],
                escape(&tabs[k].1),
                labels[k]
            )
        };
        let prefix = line.text[..p].to_string();
        let first = format!("{nav}{}", panel(0));
        for (k, (i, ..)) in members.iter().enumerate() {
            let ph = self
                .ctx
                .block_placeholder(format!("</section>\n{}", panel(k + 1)));
            let l = &mut self.q[*i];
            l.text = format!("{}{ph}", &l.text[..prefix_len(&l.text)]);
        }
        let close = self.ctx.block_placeholder("</section>\n</div>\n".into());
        match end {
            Some((i, true)) => {
                let l = &mut self.q[i];
                l.text = format!("{}{close}", &l.text[..prefix_len(&l.text)]);
            }
            Some((i, false)) => {
                let at = self.q[i].at;
                self.q.insert(
                    i,
                    Line {
                        text: format!("{prefix}{close}"),
                        at,
                        end_include: false,
                    },
                );
            }
            None => {
                // The group runs to the end of this file (before an include's end marker, if any).
                let i = self
                    .q
                    .iter()
                    .position(|l| l.end_include)
                    .unwrap_or(self.q.len());
                self.q.insert(
                    i,
                    Line {
                        text: format!("{prefix}{close}"),
                        at: line.at,
                        end_include: false,
                    },
                );
            }
        }
        self.emit_block(&prefix, first, line.at);
        true
    }

    fn tab_panel_id(&mut self, id: &str) -> String {
        self.ctx.unique_id(format!("tab-{}", slug_keep(id)))
    }

    /// `::: zone pivot="a,b"` … `::: zone-end`.
    fn zone(&mut self, line: &Line, p: usize) -> bool {
        let rest = line.text[p..].trim_end();
        let prefix = line.text[..p].to_string();
        match zone_line(rest) {
            Some(ZoneLine::Start(pivots)) => {
                if let Some(want) = self.ctx.opts.zone_pivot
                    && !pivots.is_empty()
                    && !pivots.iter().any(|x| x == want)
                {
                    self.skip_zone = 1;
                    return true;
                }
                let mut html = format!(
                    "<div class=\"zone\" data-pivot=\"{}\">\n",
                    escape(&pivots.join(" "))
                );
                if self.ctx.opts.zone_pivot.is_none() && !pivots.is_empty() {
                    html.push_str(&format!(
                        "<p class=\"zone-label\">{}</p>\n",
                        escape(&pivots.join(", "))
                    ));
                }
                self.emit_block(&prefix, html, line.at);
                true
            }
            Some(ZoneLine::End) => {
                self.emit_block(&prefix, "</div>\n".into(), line.at);
                true
            }
            None => false,
        }
    }

    /// `:::image …:::` alone on its line (block figure) and `:::image-end:::`.
    fn block_image(&mut self, line: &Line, p: usize) -> bool {
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
    fn inline_directives(&mut self, line: Line) -> Line {
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

    /// Renders an inline include separately (its links resolve relative to itself) and unwraps a
    /// lone paragraph; in a table cell (`flat`) its paragraphs become one line joined by `<br>`,
    /// since a cell holds no blocks.
    fn inline_include(&mut self, at: Origin, col: usize, path: &str, flat: bool) -> String {
        let Some((inc, text)) = self.load_include(at, col, path) else {
            let label = escape(&self.ctx.opts.labels.include_missing);
            return format!("<span class=\"content-missing\" role=\"note\">{label}</span>");
        };
        let idx = self.ctx.file_index(&inc);
        let (body, skipped) = strip_front_matter(&text);
        let mut chain = self.stack.clone();
        chain.push(inc);
        let html = (self.render_doc)(self.ctx, idx, skipped as u32 + 1, body, &chain);
        let t = html.trim();
        if flat {
            return flatten_blocks(t);
        }
        match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
            Some(inner) if !inner.contains("<p>") => inner.to_string(),
            _ => t.to_string(),
        }
    }
}

/// `name` written as a TOML key: bare when it can be (`nuget-samples`), else quoted
/// (`"_repo.en-us"`, whose dot would otherwise make a nested table).
fn toml_key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A line that opens an HTML comment and does not close it (`<!--` alone, or a comment that
/// goes on over the next lines, also after text). On a line with a code span only a comment at
/// its start counts: `` `<!--` `` is code.
fn opens_comment(rest: &str) -> bool {
    // Asked for every line: most have no `!`, and a substring search costs a searcher each time.
    if memchr::memchr(b'!', rest.as_bytes()).is_none() {
        return false;
    }
    let open = if rest.contains('`') {
        rest.starts_with("<!--").then_some(0)
    } else {
        rest.rfind("<!--")
    };
    open.is_some_and(|i| !rest[i + 4..].contains("-->"))
}

/// Columns of indentation of `text` inside its innermost blockquote (a `>` and one space after it
/// are the quote's; a tab goes to the next multiple of 4), and the text after the indentation.
/// A `>` indented 4 columns or more is text, not a quote.
fn indent_cols(text: &str) -> (usize, &str) {
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        let mut col = 0;
        while let Some(c @ (b' ' | b'\t')) = b.get(i) {
            col = if *c == b'\t' {
                col + 4 - col % 4
            } else {
                col + 1
            };
            i += 1;
        }
        if b.get(i) == Some(&b'>') && col < 4 {
            i += 1;
            if b.get(i) == Some(&b' ') {
                i += 1;
            }
            continue;
        }
        return (col, &text[i..]);
    }
}

/// Byte length of the leading blockquote markers and indentation.
fn prefix_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'>'))
        .count()
}

fn chars(s: &str) -> i64 {
    s.chars().count() as i64
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn opens_fence(rest: &str) -> Option<(u8, usize)> {
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == ch).count();
    (n >= 3 && !(ch == b'`' && rest[n..].contains('`'))).then_some((ch, n))
}

fn closes_fence(rest: &str, ch: u8, n: usize) -> bool {
    let m = rest.bytes().take_while(|&b| b == ch).count();
    m >= n && rest[m..].trim().is_empty()
}

/// Byte range of the `depth`-th `>` in the leading markers: (index of it, index after it and one
/// optional space).
fn strip_quote(s: &str, depth: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'>' => {
                seen += 1;
                if seen == depth {
                    let after = if matches!(s.as_bytes().get(i + 1), Some(b' ' | b'\t')) {
                        i + 2
                    } else {
                        i + 1
                    };
                    return Some((i, after));
                }
            }
            b' ' | b'\t' => {}
            _ => return None,
        }
    }
    None
}

/// A line that CommonMark would take as a lazy continuation of the paragraph above.
fn is_lazy_continuation(s: &str) -> bool {
    let t = s.trim_start();
    if t.is_empty() || s.len() - t.len() >= 4 {
        return false;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.' | b')'));
    !ordered && !t.starts_with(['#', '>', '-', '*', '+', '|', '`', '~', ':', '='])
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

/// `[!INCLUDE [title](path)]` at the start of `s`: (path, bytes used).
fn parse_include(s: &str) -> Option<(String, usize)> {
    let r = &s[9..];
    let open = r.find('[')?;
    if !r[..open].trim().is_empty() {
        return None;
    }
    let paren = r.find("](")?;
    let close = r[paren..].find(")]")? + paren;
    let path = r[paren + 2..close]
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    let path = path.split([' ', '\t']).next().unwrap_or("");
    Some((path.to_string(), 9 + close + 2))
}

/// Splits a leading `---` front matter block off an included file: (body, lines skipped).
fn strip_front_matter(text: &str) -> (&str, usize) {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return (text, 0);
    }
    let mut used = 4.min(text.len());
    let mut n = 1;
    for l in lines {
        used += l.len();
        n += 1;
        if l.trim_end() == "---" {
            return (text.get(used..).unwrap_or(""), n);
        }
    }
    (text, 0)
}

/// `# [Label](#tab/id)`: (level, label, id).
fn parse_tab_heading(s: &str) -> Option<(usize, String, String)> {
    let level = heading_level(s)?;
    let t = s[level..].trim().trim_end_matches('#').trim_end();
    let t = t.strip_prefix('[')?;
    let mid = t.rfind("](#tab/")?;
    let id = t[mid + 7..].strip_suffix(')')?;
    (!id.is_empty()).then(|| (level, t[..mid].to_string(), id.to_string()))
}

/// Level of an ATX heading (`#`..`######` followed by a space or the end).
fn heading_level(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&n) && matches!(s.as_bytes().get(n), None | Some(b' ' | b'\t'))).then_some(n)
}

enum ZoneLine {
    Start(Vec<String>),
    End,
}

fn zone_line(rest: &str) -> Option<ZoneLine> {
    let t = rest.strip_prefix(":::")?.trim_start();
    if t.trim_end() == "zone-end" {
        return Some(ZoneLine::End);
    }
    let a = t.strip_prefix("zone")?;
    if !a.starts_with([' ', '\t']) {
        return None;
    }
    let attrs = parse_attrs(a);
    let pivots = attr(&attrs, "pivot")
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    Some(ZoneLine::Start(pivots.collect()))
}

/// `key="value"` pairs up to the closing `:::`: (attrs, bytes used including `:::`).
fn parse_directive_attrs(s: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut attrs = Vec::new();
    let mut i = 0;
    loop {
        let rest = &s[i..];
        let t = rest.trim_start();
        i += rest.len() - t.len();
        if t.starts_with(":::") {
            return Some((attrs, i + 3));
        }
        let eq = t.find('=')?;
        let key = t[..eq].trim();
        if key.is_empty() || key.contains([' ', ':']) {
            return None;
        }
        let v = t[eq + 1..].trim_start();
        let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = v[1..].find(q)?;
        attrs.push((key.to_ascii_lowercase(), v[1..1 + close].to_string()));
        i += (t.len() - v.len()) + close + 2;
    }
}

/// `key="value"` pairs of a whole line (zones).
fn parse_attrs(s: &str) -> Vec<(String, String)> {
    parse_directive_attrs(&format!("{s} :::"))
        .map(|(a, _)| a)
        .unwrap_or_default()
}

fn attr<'v>(attrs: &'v [(String, String)], key: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Text that Markdown must show as is: every ASCII punctuation backslash-escaped.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A tab id usable in an HTML id: keeps letters, digits, '-', '_', '/' becomes '-'.
fn slug_keep(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Inline Markdown (a tab label) to HTML without the paragraph.
fn inline_markdown(s: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(s));
    let t = html.trim();
    t.strip_prefix("<p>")
        .and_then(|x| x.strip_suffix("</p>"))
        .unwrap_or(t)
        .to_string()
}

/// A region marker line: (is_end, name); `#endregion` has an empty name.
fn region_marker(line: &str) -> Option<(bool, &str)> {
    let t = line.trim();
    if let Some(name) = t.strip_prefix("#region") {
        return Some((false, name.trim()));
    }
    if t.starts_with("#endregion") {
        return Some((true, ""));
    }
    let body = if let Some(b) = t.strip_prefix("<!--") {
        b.trim_end_matches("-->")
    } else if t.starts_with(['/', '#', '\'', '-']) {
        t.trim_start_matches(['/', '#', '\'', '-', '*'])
            .trim_end_matches("*/")
    } else {
        return None;
    };
    let tag = body.trim().strip_prefix('<')?.strip_suffix('>')?;
    match tag.strip_prefix('/') {
        Some(name) => Some((true, name.trim())),
        None => Some((false, tag.trim())),
    }
}

/// The lines of `#region name`…`#endregion` or `// <name>`…`// </name>`, dedented, without the
/// marker lines of other regions nested inside.
fn extract_region(text: &str, name: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    let mut depth = 0usize;
    let mut found = false;
    for l in text.lines() {
        let marker = region_marker(l);
        if depth == 0 {
            if marker.is_some_and(|(end, n)| !end && n == name) {
                depth = 1;
                found = true;
            }
            continue;
        }
        match marker {
            Some((false, _)) => {
                depth += usize::from(l.trim().starts_with("#region"));
                continue;
            }
            Some((true, n)) if n == name || (n.is_empty() && depth == 1) => {
                depth = 0;
                continue;
            }
            Some((true, n)) => {
                depth -= usize::from(n.is_empty());
                continue;
            }
            None => out.push(l),
        }
    }
    found.then(|| dedent(&out))
}

/// Lines `a-b` (1-based, inclusive; `a-` to the end) of `text`.
fn extract_range(text: &str, range: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for part in range.split(',') {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        let a = a.trim().parse::<usize>().unwrap_or(1).max(1);
        let b = b
            .trim()
            .parse::<usize>()
            .unwrap_or(lines.len())
            .min(lines.len());
        if a <= b {
            out.extend_from_slice(&lines[a - 1..b]);
        }
    }
    dedent(&out)
}

fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `html` with each `seg` wrapper's id taken out. A tab label is shown twice, in the tab list and
/// as its panel's heading; its segment ids stay on the heading only, so each is once on the page.
fn without_seg_ids(html: &str) -> std::borrow::Cow<'_, str> {
    use crate::content::sxs::SEG_OPEN;
    if !html.contains(SEG_OPEN) {
        return html.into();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(SEG_OPEN) {
        let id_start = at + SEG_OPEN.len();
        let Some(q) = rest[id_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str("<span class=\"seg\"");
        rest = &rest[id_start + q + 1..];
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests;
