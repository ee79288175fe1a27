//! Per-file import state shared by the importers: locating entries by line, reading timestamps and
//! enum values, and turning serde errors into diagnostics; and the [`Partial`] every importer returns.
//! The importers depend on this module (and the leaf `health::text`), never on the loader that calls
//! them.

use super::super::model::*;
use super::super::text::{TimeParse, parse_time};
use crate::diagnostics::Diagnostic;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The formats named in the "unsupported format" diagnostic.
pub const SUPPORTED_FORMATS: &str = "Tandem health YAML (docs/health.schema.json), Atlassian Statuspage API v2 \
(summary.json, status.json, incidents.json, components.json, scheduled-maintenances.json), Microsoft Graph \
service communications (healthOverviews, issues, messages), Upptime (history/*.yml, history/summary.json, \
api/*/*.json, .upptimerc.yml) and cState (issue Markdown with front matter, config.yml)";

/// What one file contributed, before merging. Lines point at the entry in its file.
#[derive(Debug, Default)]
pub(crate) struct Partial {
    pub format: &'static str,
    pub taken_at: Option<DateTime<Utc>>,
    pub services: Vec<(Service, u32)>,
    pub incidents: Vec<(Incident, u32)>,
    pub announcements: Vec<(Announcement, u32)>,
    pub metrics: Vec<MetricSeries>,
    pub customers: Vec<(Customer, u32)>,
    pub downtime: Vec<ObservedDowntime>,
    /// Imported payloads name their services implicitly (Graph issues, cState `affected`): a reference
    /// to a service nobody defined creates it instead of being an error.
    pub implicit_services: bool,
}

/// How a timestamp without a zone is treated: an error in our format (we ask for one), UTC in
/// formats whose timestamps are documented as zone-less (cState front matter, Hugo's default zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NaivePolicy {
    Error,
    AssumeUtc,
}

/// Per-file import state: the text for locating lines, and the diagnostics found so far.
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub now: DateTime<Utc>,
    pub naive: NaivePolicy,
    pub diags: Vec<Diagnostic>,
    /// Byte offset of each line start, built on first use.
    pub starts: std::cell::OnceCell<Vec<usize>>,
    /// Lines of `id:` / `"id":` keys by value, built on first use, so locating N entries stays linear.
    pub ids: std::cell::OnceCell<HashMap<String, Vec<u32>>>,
}

impl<'a> Ctx<'a> {
    /// A context for one file.
    pub fn new(file: &'a str, text: &'a str, now: DateTime<Utc>) -> Ctx<'a> {
        Ctx {
            file,
            text,
            now,
            naive: NaivePolicy::Error,
            diags: Vec::new(),
            starts: Default::default(),
            ids: Default::default(),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line of a byte offset.
    pub fn line_at(&self, offset: usize) -> u32 {
        self.starts().partition_point(|&s| s <= offset) as u32
    }

    fn id_index(&self) -> &HashMap<String, Vec<u32>> {
        self.ids.get_or_init(|| {
            let mut m: HashMap<String, Vec<u32>> = HashMap::new();
            for (n, line) in self.text.lines().enumerate() {
                let l = line.trim_start().trim_start_matches('-').trim_start();
                let value = if let Some(rest) = l.strip_prefix("id:") {
                    Some(rest.trim().trim_matches(|c| c == '"' || c == '\''))
                } else {
                    line.find("\"id\"").and_then(|p| {
                        let rest = line[p + 4..]
                            .trim_start()
                            .strip_prefix(':')?
                            .trim_start()
                            .strip_prefix('"')?;
                        rest.split('"').next()
                    })
                };
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    m.entry(v.to_string()).or_default().push(n as u32 + 1);
                }
            }
            m
        })
    }

    /// 1-based line of the first occurrence of `needle` (0 when absent): serde's typed values carry no
    /// position, so entries are located by a value they contain, usually their id.
    pub fn line_of(&self, needle: &str) -> u32 {
        if needle.is_empty() {
            return 0;
        }
        let quoted = format!("\"{needle}\"");
        let pos = self.text.find(&quoted).or_else(|| self.text.find(needle));
        pos.map_or(0, |p| self.line_at(p))
    }

    /// Line of the entry whose id is `id`, in YAML or JSON.
    pub fn entry_line(&self, id: &str) -> u32 {
        self.entry_line_nth(id, 0)
    }

    /// Line of the `n`-th (0-based) entry whose id is `id`, so a duplicate points at itself.
    pub fn entry_line_nth(&self, id: &str, n: usize) -> u32 {
        match self.id_index().get(id) {
            Some(lines) => lines.get(n).or(lines.last()).copied().unwrap_or(0),
            None => self.line_of(id),
        }
    }

    /// 1-based line of `needle` at or after line `from` (falls back to `from`).
    pub fn line_after(&self, from: u32, needle: &str) -> u32 {
        if needle.is_empty() {
            return from;
        }
        let start = self
            .starts()
            .get(from.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0);
        match self.text[start..].find(needle) {
            Some(p) => self.line_at(start + p),
            None => from,
        }
    }

    pub fn error(
        &mut self,
        code: &'static str,
        line: u32,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(code, self.file, line, 0, msg));
        self.diags.last_mut().expect("just pushed")
    }

    pub fn warn(
        &mut self,
        code: &'static str,
        line: u32,
        msg: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::warning(code, self.file, line, 0, msg));
        self.diags.last_mut().expect("just pushed")
    }

    /// Parses a timestamp; `field` names it in diagnostics. Rejects missing zones (per policy) and,
    /// when `past_only`, times after `now`.
    pub fn time(
        &mut self,
        raw: &str,
        field: &str,
        line: u32,
        past_only: bool,
    ) -> Option<DateTime<Utc>> {
        // Locating is only needed on the error paths; doing it eagerly made big files quadratic.
        let locate = |ctx: &Self| {
            if line == 0 {
                ctx.line_of(raw)
            } else {
                ctx.line_after(line, raw)
            }
        };
        let t = match parse_time(raw) {
            TimeParse::Zoned(t) => t,
            TimeParse::Naive(t) => {
                if self.naive == NaivePolicy::Error {
                    let line = locate(self);
                    self.error("health-time-no-zone", line, format!("`{field}` = `{raw}` has no time zone"))
                        .help = Some("write the time in UTC with a `Z` suffix, e.g. `2026-11-24T14:05:00Z`; it was read as UTC".into());
                }
                t
            }
            TimeParse::Invalid => {
                let line = locate(self);
                self.error(
                    "health-invalid-time",
                    line,
                    format!("`{field}` = `{raw}` is not a timestamp"),
                )
                .help = Some("use RFC 3339, e.g. `2026-11-24T14:05:00Z`".into());
                return None;
            }
        };
        if past_only && t > self.now + chrono::Duration::minutes(5) {
            let line = locate(self);
            self.warn(
                "health-future-time",
                line,
                format!("`{field}` = `{raw}` is in the future"),
            )
            .help =
                Some("check the clock of the tool that wrote this file; the value was kept".into());
        }
        Some(t)
    }

    /// Optional timestamp.
    pub fn opt_time(
        &mut self,
        raw: Option<&str>,
        field: &str,
        line: u32,
        past_only: bool,
    ) -> Option<DateTime<Utc>> {
        match raw {
            Some(r) if !r.trim().is_empty() => self.time(r, field, line, past_only),
            _ => None,
        }
    }

    /// A service state; unknown values become `unknown` with a warning.
    pub fn status(&mut self, raw: &str, field: &str, line: u32) -> ServiceStatus {
        ServiceStatus::parse(raw).unwrap_or_else(|| {
            let line = self.line_after(line, raw);
            self.warn("health-unknown-value", line, format!("unknown {field} `{raw}`, read as `unknown`"))
                .help = Some("use one of operational, degraded, partial_outage, major_outage, maintenance, unknown".into());
            ServiceStatus::Unknown
        })
    }

    /// An incident phase; unknown values become `unknown` with a warning.
    pub fn phase(&mut self, raw: &str, field: &str, line: u32) -> IncidentPhase {
        IncidentPhase::parse(raw).unwrap_or_else(|| {
            let line = self.line_after(line, raw);
            self.warn("health-unknown-value", line, format!("unknown {field} `{raw}`, read as `unknown`"))
                .help = Some("use investigating, identified, monitoring, resolved, scheduled, in_progress, completed or postmortem".into());
            IncidentPhase::Unknown
        })
    }

    /// Reports a serde error with its position; `what` says which document failed.
    pub fn serde_error(
        &mut self,
        code: &'static str,
        msg: &str,
        line: usize,
        col: usize,
        what: &str,
    ) {
        let msg = strip_position(msg);
        self.diags.push(
            Diagnostic::error(
                code,
                self.file,
                line as u32,
                col as u32,
                format!("{what}: {msg}"),
            )
            .with_help(
                "fix the field named above; see docs/health.schema.json for the expected shape",
            ),
        );
    }

    pub fn yaml_error(&mut self, e: &serde_yaml::Error, what: &str) {
        let (l, c) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let msg = e.to_string();
        // Data errors name a field or a type; anything else comes from the YAML scanner.
        let data = [
            "missing field",
            "invalid type",
            "invalid value",
            "unknown variant",
            "invalid length",
            "duplicate field",
        ]
        .iter()
        .any(|k| msg.contains(k));
        if data {
            self.serde_error("health-invalid-field", &msg, l, c, what);
        } else {
            self.diags.push(
                Diagnostic::error("health-invalid-yaml", self.file, l as u32, c as u32, format!("invalid YAML: {}", strip_position(&msg)))
                    .with_help("fix the syntax (indent with spaces, quote text containing `: `); the rest of the health data was still loaded"),
            );
        }
    }

    pub fn json_error(&mut self, e: &serde_json::Error, what: &str) {
        self.serde_error(
            "health-invalid-field",
            &e.to_string(),
            e.line(),
            e.column(),
            what,
        );
    }
}

/// Drops the " at line X column Y" that serde appends, since the diagnostic carries the position.
pub(crate) fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}
