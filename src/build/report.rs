//! What a build did, for people and for machines: the one-line summary printed after a build and
//! the JSON object of `build --format json` (CI dashboards).

use std::collections::BTreeMap;
use std::time::Duration;

use crate::diagnostics::{Diagnostic, Severity};

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Pages written per language.
    pub pages_per_lang: BTreeMap<String, usize>,
    /// A split build (`--lang`): the site's languages whose folders other jobs write.
    pub other_langs: Vec<String>,
    /// Files written in all (pages, compare views, assets, static files).
    pub files: usize,
    /// Every diagnostic, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time.
    pub elapsed: Duration,
    /// The build cache: `"warm"` (it was used), `"cold"` (built afresh, written), `None` (off:
    /// `--no-cache`, split builds).
    pub cache: Option<&'static str>,
    /// Pages rendered (with the cache on).
    pub rerendered: Option<usize>,
    /// Files whose bytes changed and were written (with the cache on).
    pub written: Option<usize>,
    /// One-line notes printed before the summary (why a cache was not used).
    pub notes: Vec<String>,
}

impl BuildReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// `--strict` (or `[build] strict`): every diagnostic becomes an error. Called before the output
    /// is touched, so a strict build that warns leaves the previous output as a failed build does.
    pub fn warnings_as_errors(&mut self, strict: bool) {
        if strict {
            for d in &mut self.diagnostics {
                d.severity = Severity::Error;
            }
        }
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// The one-line summary printed after a build.
    pub fn summary(&self) -> String {
        let total: usize = self.pages_per_lang.values().sum();
        let per: Vec<String> = self
            .pages_per_lang
            .iter()
            .map(|(l, n)| format!("{l}: {n}"))
            .collect();
        format!(
            "{} {total} pages ({}) and {} files in {:.0} ms — {} error{}, {} warning{}",
            if self.errors() > 0 {
                "Failed:"
            } else {
                "Built"
            },
            per.join(", "),
            self.files,
            self.elapsed.as_secs_f64() * 1000.0,
            self.errors(),
            if self.errors() == 1 { "" } else { "s" },
            self.warnings(),
            if self.warnings() == 1 { "" } else { "s" },
        ) + &if self.other_langs.is_empty() {
            String::new()
        } else {
            format!(
                " (languages left to other jobs: {})",
                self.other_langs.join(", ")
            )
        } + &match (self.cache, self.rerendered, self.written) {
            (Some("warm"), Some(r), Some(w)) => format!(
                "; {r} re-rendered, {w} file{} written",
                if w == 1 { "" } else { "s" }
            ),
            _ => String::new(),
        }
    }

    /// The summary as one JSON object (`build --format json`, for CI dashboards): status, pages
    /// per language, files, diagnostics counted by severity and by code, and time.
    pub fn json(&self) -> serde_json::Value {
        let mut by_code: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
        for d in &self.diagnostics {
            let severity = match d.severity {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Info => "infos",
            };
            *by_code
                .entry(severity)
                .or_default()
                .entry(d.code)
                .or_default() += 1;
        }
        let count = |s: &str| by_code.get(s).map_or(0, |m| m.values().sum::<usize>());
        serde_json::json!({
            "tandem": env!("CARGO_PKG_VERSION"),
            "status": if self.errors() > 0 { "failed" } else { "built" },
            "pages": self.pages_per_lang.values().sum::<usize>(),
            "pages_per_language": self.pages_per_lang,
            "other_languages": self.other_langs,
            "files": self.files,
            "errors": count("errors"),
            "warnings": count("warnings"),
            "infos": count("infos"),
            "errors_by_code": by_code.get("errors").cloned().unwrap_or_default(),
            "warnings_by_code": by_code.get("warnings").cloned().unwrap_or_default(),
            "infos_by_code": by_code.get("infos").cloned().unwrap_or_default(),
            "cache": self.cache.unwrap_or("off"),
            "rerendered": self.rerendered,
            "written": self.written,
            "elapsed_ms": (self.elapsed.as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
        })
    }
}
