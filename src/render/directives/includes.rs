//! Includes: `[!INCLUDE[](path)]` as a block (its lines go back into the queue, so nesting is
//! iteration) or inline (rendered as a document of its own), the include chain and its depth, and
//! the diagnostics that say which `[paths]` entry would make a missing file readable, and the
//! missing-file box code includes share.

use super::scan::{chars, list_marker_len, starts_with_ci};
use super::{Expander, Line, Origin};
use crate::render::html::escape;
use crate::render::markdown::options::IncludeError;

/// Includes nested deeper than this are reported as a cycle-like error.
const MAX_INCLUDE_DEPTH: usize = 16;

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

/// `[!INCLUDE [title](path)]` at the start of `s`: (path, bytes used).
pub(super) fn parse_include(s: &str) -> Option<(String, usize)> {
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

/// The box that takes the place of an include (`content-missing`) or code sample
/// (`code-missing`) whose file cannot be read: a localized title and the path as written.
pub(super) fn missing_box(class: &str, label: &str, path: &str) -> String {
    format!(
        "<div class=\"missing-box {class}\" role=\"note\"><p><strong>{}</strong> <span class=\"missing-path\" translate=\"no\">{}</span></p></div>\n",
        escape(label),
        escape(path)
    )
}

/// The HTML of an included file as one line for a table cell: paragraphs joined by `<br>`, line
/// breaks as spaces.
pub(super) fn flatten_blocks(html: &str) -> String {
    let t = html.trim();
    let t = t.strip_prefix("<p>").unwrap_or(t);
    let t = t.strip_suffix("</p>").unwrap_or(t);
    t.replace("</p>\n<p>", "<br>")
        .replace("</p><p>", "<br>")
        .replace('\n', " ")
}

impl Expander<'_, '_> {
    /// `[!INCLUDE [title](path)]` alone on its line, or alone in a list item (`- [!INCLUDE …]`):
    /// the included lines are spliced in place (a list item's continuation lines indented under
    /// its text).
    pub(super) fn block_include(&mut self, line: &Line, p: usize) -> bool {
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

    /// Reports an include (`what` = "include") or code include ("code-include") that cannot be
    /// read. A warning: the page is built with a box in its place; `check` keeps the missing
    /// and outside-root ones as errors.
    pub(super) fn include_failed(
        &mut self,
        e: &IncludeError,
        what: &str,
        at: Origin,
        col: usize,
        path: &str,
    ) {
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

    /// Renders an inline include separately (its links resolve relative to itself) and unwraps a
    /// lone paragraph; in a table cell (`flat`) its paragraphs become one line joined by `<br>`,
    /// since a cell holds no blocks.
    pub(super) fn inline_include(
        &mut self,
        at: Origin,
        col: usize,
        path: &str,
        flat: bool,
    ) -> String {
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
