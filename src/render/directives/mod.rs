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
//!
//! Layout: this file is the queue and the dispatch (`Expander::run`); each directive family adds
//! its methods to `Expander` in a file of its own (`alerts`, `includes`, `code`, `tabs`, `zones`,
//! `images` with no-loc and inline directives, `blocks` for the rest), over the shared `scan`
//! helpers. A new directive goes into its family's file (or a new one) and one branch in `run`.

use std::collections::VecDeque;

mod alerts;
mod blocks;
mod code;
mod images;
mod includes;
mod scan;
mod tabs;
mod zones;

pub(crate) use super::markdown::locator::Origin;
use crate::diagnostics::Diagnostic;
use crate::render::markdown::ctx::{Ctx, RenderDoc};
use blocks::{Moniker, moniker_line};
use scan::{closes_fence, indent_cols, list_marker_len, opens_comment, opens_fence, prefix_len};
use tabs::heading_level;
use zones::{ZoneLine, zone_line};

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
}

#[cfg(test)]
mod tests;
