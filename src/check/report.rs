//! Output formats of `tandem check`: rustc-like text (see `diagnostics::render_report`), one JSON
//! array, or GitHub Actions workflow annotations.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};

/// How `check` prints its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-like, with the source line and a caret.
    #[default]
    Text,
    /// One JSON array of diagnostics.
    Json,
    /// `::error file=…,line=…,col=…,title=…::message` lines.
    Github,
}

/// One JSON array: `severity`, `code`, `file`, `line`, `col`, `message`, `help`.
pub fn json(diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".into())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow annotations; `root` is prefixed to content-relative files so the annotation lands
/// on the file in the repository.
pub fn github(diags: &[Diagnostic], root: &Path) -> String {
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let file = if d.file.is_absolute() {
            d.file.clone()
        } else {
            root.join(&d.file)
        };
        let mut props = format!("file={}", escape_property(&file.to_string_lossy()));
        if d.line > 0 {
            props.push_str(&format!(",line={}", d.line));
            if d.col > 0 {
                props.push_str(&format!(",col={}", d.col));
            }
        }
        props.push_str(&format!(",title={}", escape_property(d.code)));
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str(&format!("\nhelp: {h}"));
        }
        out.push_str(&format!("::{level} {props}::{}\n", escape_data(&msg)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotation_escapes_and_locates() {
        let d = Diagnostic::error("link-broken", "a,b.md", 3, 7, "50% broken\nx").with_help("fix");
        let s = github(&[d], Path::new("docs"));
        assert_eq!(
            s,
            "::error file=docs/a%2Cb.md,line=3,col=7,title=link-broken::50%25 broken%0Ax%0Ahelp: fix\n"
        );
    }

    #[test]
    fn json_is_one_array() {
        let d = Diagnostic::warning("page-orphan", "a.md", 0, 0, "m");
        let v: serde_json::Value = serde_json::from_str(&json(&[d])).unwrap();
        assert_eq!(v[0]["code"], "page-orphan");
        assert_eq!(v[0]["severity"], "warning");
    }
}
