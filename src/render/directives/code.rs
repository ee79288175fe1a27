//! Code includes: `[!code-lang[](path?name=x)]` and `:::code … :::`, a file (or a region or a range
//! of lines of it) read through the resolver and written as a `<pre><code>` block, or a
//! missing-sample box when it cannot be read.

use super::includes::missing_box;
use super::scan::starts_with_ci;
use super::{Expander, Line};
use crate::render::html::escape;
use crate::render::markdown::options::IncludeError;

/// A code include as written: `[!code-lang[](path?name=x)]` or `:::code language source id:::`.
pub(super) struct CodeSample<'s> {
    pub(super) lang: &'s str,
    pub(super) path: &'s str,
    /// `#region` / `// <name>` to extract.
    pub(super) region: Option<&'s str>,
    /// Line ranges (`3-5,7`).
    pub(super) range: Option<&'s str>,
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

impl Expander<'_, '_> {
    /// `[!code-lang[name](path#region "title")]` on its own line.
    pub(super) fn code_include(&mut self, line: &Line, p: usize) -> bool {
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
    pub(super) fn emit_code(&mut self, line: &Line, p: usize, sample: &CodeSample) {
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
}
