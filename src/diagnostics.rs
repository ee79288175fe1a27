//! One diagnostic type for every stage, so that `build`, `check` and `serve` report problems the same
//! way: severity, a stable code, file:line:col, what is wrong and how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors fail the build; warnings fail only `check --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The output would be wrong or missing; the build fails after reporting everything.
    Error,
    /// The output is built, but something is probably not what the writer meant.
    Warning,
    /// Worth knowing, never a failure (`check` lists it; `build` does not print it).
    Info,
}

/// A problem found in the input, located precisely enough for an editor to jump to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `sxs-unpaired`, `link-broken`, `front-matter-yaml`.
    pub code: &'static str,
    /// The file as the user knows it (relative to the content root when possible).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column counted in characters; 0 when unknown.
    pub col: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:col`.
    pub fn error(
        code: &'static str,
        file: impl Into<PathBuf>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line,
            col,
            message: message.into(),
            help: None,
        }
    }

    /// Information at `file:line:col`.
    pub fn info(
        code: &'static str,
        file: impl Into<PathBuf>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::warning(code, file, line, col, message)
        }
    }

    /// A warning at `file:line:col`.
    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            file: file.into(),
            line,
            col,
            message: message.into(),
            help: None,
        }
    }

    /// Adds the "how to fix it" sentence.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Moves a diagnostic computed on a fragment (front matter body, an included file) to where that
    /// fragment starts in its file: `line_offset` lines are added.
    pub fn shifted(mut self, line_offset: u32) -> Self {
        if self.line > 0 {
            self.line += line_offset;
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        write!(f, "{sev}[{}]: {}", self.code, self.message)?;
        write!(f, "\n  --> {}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// 1-based (line, column) of a byte offset in `text`; the column counts characters, so it matches what
/// editors show for non-ASCII text. A `\r\n` counts as one line break. Offsets past the end clamp.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line as u32, col as u32)
}

/// Formats diagnostics rustc-style, with the offending source line and a caret, reading each file
/// once through `source_of` (which returns `None` when the text is not at hand).
pub fn render_report(diags: &[Diagnostic], source_of: &dyn Fn(&Path) -> Option<String>) -> String {
    let mut out = String::new();
    let mut cache: std::collections::HashMap<PathBuf, Option<String>> =
        std::collections::HashMap::new();
    for d in diags {
        out.push_str(d.to_string().split("\n  = help").next().unwrap_or_default());
        out.push('\n');
        if d.line > 0 {
            let src = cache
                .entry(d.file.clone())
                .or_insert_with(|| source_of(&d.file));
            if let Some(line) = src
                .as_deref()
                .and_then(|s| s.lines().nth(d.line as usize - 1))
            {
                let line = line.trim_end_matches('\r');
                let num = d.line.to_string();
                let pad = " ".repeat(num.len());
                let shown: String = line.chars().take(160).collect();
                out.push_str(&format!("{pad} |\n{num} | {shown}\n"));
                if d.col > 0 && (d.col as usize) <= shown.chars().count() + 1 {
                    let lead: String = shown
                        .chars()
                        .take(d.col as usize - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    out.push_str(&format!("{pad} | {lead}^\n"));
                }
            }
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("  = help: {help}\n"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_crlf() {
        let t = "ab\r\nçé x";
        assert_eq!(line_col(t, 0), (1, 1));
        let x = t.find('x').unwrap();
        assert_eq!(line_col(t, x), (2, 4));
    }

    #[test]
    fn report_shows_source_line_and_caret() {
        let d = Diagnostic::error("t", "a.md", 2, 3, "bad").with_help("fix it");
        let r = render_report(&[d], &|_| Some("one\ntwo bad\n".into()));
        assert!(r.contains("error[t]: bad"), "{r}");
        assert!(r.contains("--> a.md:2:3"), "{r}");
        assert!(r.contains("2 | two bad"), "{r}");
        assert!(r.contains("  |   ^"), "{r}");
        assert!(r.contains("help: fix it"), "{r}");
    }
}
