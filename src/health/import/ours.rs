//! Tandem's own snapshot format: one YAML (or JSON) file per snapshot with `taken_at` and any of
//! `services`, `incidents`, `announcements`, `metrics`, `customers`. The structs below are the format's
//! definition; `json_schema()` publishes them for editors.

use super::super::model::*;
use super::ctx::{Ctx, NaivePolicy, Partial};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::HashMap;

/// One snapshot of service health, as written under `content/health/`.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "Tandem service-health snapshot")]
pub struct SnapshotFile {
    /// When the state in this file was observed, RFC 3339 with a zone (`2026-11-24T12:00:00Z`).
    pub taken_at: String,
    /// Who or what produced the snapshot (free text).
    #[serde(default)]
    pub source: Option<String>,
    /// Services and their state at `taken_at`.
    #[serde(default)]
    pub services: Vec<ServiceEntry>,
    /// Incidents (open or resolved); the same id in a newer file replaces the older version.
    #[serde(default)]
    pub incidents: Vec<IncidentEntry>,
    /// Planned maintenance and upcoming changes.
    #[serde(default)]
    pub announcements: Vec<AnnouncementEntry>,
    /// Metric series; points of the same series in several files are concatenated.
    #[serde(default)]
    pub metrics: Vec<MetricEntry>,
    /// Customers and the services they use.
    #[serde(default)]
    pub customers: Vec<CustomerEntry>,
}

/// A service.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ServiceEntry {
    /// Stable id: lowercase letters, digits and dashes (used in URLs and in `ms.service`).
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: String,
    /// Display name.
    pub name: String,
    /// Group shown on the overview.
    #[serde(default)]
    pub group: Option<String>,
    /// One-line description.
    #[serde(default)]
    pub description: Option<String>,
    /// operational, degraded, partial_outage, major_outage, maintenance or unknown.
    #[schemars(extend("enum" = ["operational", "degraded", "partial_outage", "major_outage", "maintenance", "unknown"]))]
    pub status: String,
}

/// One update in an incident timeline.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct UpdateEntry {
    /// When it was posted (RFC 3339 with zone).
    pub at: String,
    /// investigating, identified, monitoring, resolved, scheduled, in_progress, completed, postmortem.
    pub status: String,
    /// Plain text.
    pub text: String,
}

/// An incident.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct IncidentEntry {
    /// Stable id (used in URLs).
    pub id: String,
    /// Title in the source language (English).
    pub title: String,
    /// incident (default), maintenance, advisory or informational.
    #[serde(default)]
    pub kind: Option<String>,
    /// State it puts the affected services in: degraded, partial_outage, major_outage or maintenance.
    pub severity: String,
    /// Ids of the affected services.
    pub services: Vec<String>,
    /// Start (RFC 3339 with zone).
    pub start: String,
    /// End; omit while the incident is open.
    #[serde(default)]
    pub end: Option<String>,
    /// What users experience.
    #[serde(default)]
    pub impact: Option<String>,
    /// Link to the original post.
    #[serde(default)]
    pub url: Option<String>,
    /// Timeline.
    #[serde(default)]
    pub updates: Vec<UpdateEntry>,
    /// Translations by language tag (`fr-fr`, `de-de`): title and body.
    #[serde(default)]
    pub texts: HashMap<String, LocalText>,
}

/// An announcement.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AnnouncementEntry {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Plain-text body.
    #[serde(default)]
    pub body: String,
    /// maintenance (default) or change.
    #[serde(default)]
    pub kind: Option<String>,
    /// Ids of the services concerned.
    #[serde(default)]
    pub services: Vec<String>,
    /// Window start.
    pub start: String,
    /// Window end.
    #[serde(default)]
    pub end: Option<String>,
    /// What readers must do.
    #[serde(default)]
    pub action_required: Option<String>,
    /// By when.
    #[serde(default)]
    pub action_by: Option<String>,
    /// Translations by language tag.
    #[serde(default)]
    pub texts: HashMap<String, LocalText>,
}

/// A metric point: `[time, value]` or `{at, value}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PointEntry {
    /// `[time, value]`, the compact form.
    Pair(String, f64),
    /// `{at: time, value: number}`.
    Object {
        /// Time.
        at: String,
        /// Value.
        value: f64,
    },
}

/// A metric series.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct MetricEntry {
    /// Service id.
    pub service: String,
    /// availability (%), latency (ms) or error_rate (%).
    pub kind: String,
    /// Unit shown on charts; defaults to `%` or `ms` by kind.
    #[serde(default)]
    pub unit: Option<String>,
    /// Points.
    pub points: Vec<PointEntry>,
}

/// A customer.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct CustomerEntry {
    /// Stable id (used in URLs).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Ids of the services the customer uses.
    pub services: Vec<String>,
}

/// The same lists, each entry still untyped, so that one bad entry does not lose the others.
#[derive(Deserialize)]
struct Lenient {
    #[serde(default)]
    taken_at: Option<serde_json::Value>,
    #[serde(default)]
    services: Vec<serde_json::Value>,
    #[serde(default)]
    incidents: Vec<serde_json::Value>,
    #[serde(default)]
    announcements: Vec<serde_json::Value>,
    #[serde(default)]
    metrics: Vec<serde_json::Value>,
    #[serde(default)]
    customers: Vec<serde_json::Value>,
}

fn entries<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx,
    list: Vec<serde_json::Value>,
    what: &str,
    report: bool,
) -> Vec<T> {
    let mut out = Vec::new();
    for v in list {
        match serde_json::from_value::<T>(v.clone()) {
            Ok(t) => out.push(t),
            Err(e) if report => {
                let id = v
                    .get("id")
                    .or_else(|| v.get("service"))
                    .and_then(|i| i.as_str())
                    .unwrap_or("");
                let line = ctx.entry_line(id);
                ctx.warn(
                    "health-entry-skipped",
                    line,
                    format!("{what} `{id}` was skipped: {e}"),
                );
            }
            Err(_) => {}
        }
    }
    out
}

/// Imports one of our snapshot files (`json` says which syntax).
pub(crate) fn import(ctx: &mut Ctx, json: bool) -> Option<Partial> {
    ctx.naive = NaivePolicy::Error;
    let strict = if json {
        serde_json::from_str::<SnapshotFile>(ctx.text)
            .map_err(|e| ctx.json_error(&e, "health snapshot"))
            .ok()
    } else {
        serde_yaml::from_str::<SnapshotFile>(ctx.text)
            .map_err(
                |e| match serde_yaml::from_str::<serde_yaml::Value>(ctx.text) {
                    // Syntax errors first: the typed reader may stumble on a missing field before it
                    // reaches the broken line.
                    Err(syntax) => ctx.yaml_error(&syntax, "health snapshot"),
                    Ok(_) => ctx.yaml_error(&e, "health snapshot"),
                },
            )
            .ok()
    };
    let file = match strict {
        Some(f) => f,
        None => {
            // The first error is reported with its exact position; keep every entry that is valid.
            let lenient: Option<Lenient> = if json {
                serde_json::from_str(ctx.text).ok()
            } else {
                serde_yaml::from_str(ctx.text).ok()
            };
            let l = lenient?;
            SnapshotFile {
                taken_at: l
                    .taken_at
                    .as_ref()
                    .and_then(|t| t.as_str())
                    .unwrap_or("")
                    .to_string(),
                source: None,
                services: entries(ctx, l.services, "service", true),
                incidents: entries(ctx, l.incidents, "incident", true),
                announcements: entries(ctx, l.announcements, "announcement", true),
                metrics: entries(ctx, l.metrics, "metric", true),
                customers: entries(ctx, l.customers, "customer", true),
            }
        }
    };
    Some(convert(ctx, file))
}

fn convert(ctx: &mut Ctx, f: SnapshotFile) -> Partial {
    let mut p = Partial {
        format: "tandem",
        ..Partial::default()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut nth = |ctx: &Ctx, id: &str| {
        let n = seen.entry(id.to_string()).or_default();
        *n += 1;
        ctx.entry_line_nth(id, *n - 1)
    };
    let tl = ctx.line_of("taken_at");
    p.taken_at = ctx.opt_time(Some(&f.taken_at), "taken_at", tl, true);
    let src = ctx.file.to_string();
    for s in f.services {
        let line = nth(ctx, &s.id);
        if s.id.is_empty()
            || !s
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            ctx.warn(
                "health-service-id",
                line,
                format!("service id `{}` should use only a-z, 0-9 and `-`", s.id),
            );
        }
        let status = ctx.status(&s.status, "service status", line);
        p.services.push((
            Service {
                id: s.id,
                name: s.name,
                group: s.group,
                description: s.description,
                status,
                status_at: None,
                first_seen: None,
                source: src.clone(),
            },
            line,
        ));
    }
    for i in f.incidents {
        let line = nth(ctx, &i.id);
        let Some(start) = ctx.time(&i.start, "start", line, true) else {
            continue;
        };
        let mut end = ctx.opt_time(i.end.as_deref(), "end", line, true);
        if let Some(e) = end
            && e < start
        {
            let el = ctx.line_after(line, "end:");
            ctx.error(
                "health-end-before-start",
                el,
                format!("incident `{}` ends before it starts", i.id),
            )
            .help = Some(
                "swap or fix `start` and `end`; the incident was kept as if it had no end".into(),
            );
            end = None;
        }
        let kind = kind_of(ctx, i.kind.as_deref(), line);
        let severity = ctx.status(&i.severity, "incident severity", line);
        let mut updates = Vec::new();
        for u in i.updates {
            let ul = ctx.line_after(line, &u.at);
            let Some(at) = ctx.time(&u.at, "updates.at", ul, true) else {
                continue;
            };
            let phase = ctx.phase(&u.status, "update status", ul);
            updates.push(IncidentUpdate {
                at,
                phase,
                text: u.text,
            });
        }
        updates.sort_by_key(|a| a.at);
        let phase = updates.last().map(|u| u.phase).unwrap_or(if end.is_some() {
            IncidentPhase::Resolved
        } else {
            IncidentPhase::Investigating
        });
        p.incidents.push((
            Incident {
                id: i.id,
                title: i.title,
                kind,
                severity,
                phase,
                affected: i.services,
                start,
                end,
                impact: i.impact.unwrap_or_default(),
                updates,
                texts: i.texts,
                url: i.url,
                source: src.clone(),
            },
            line,
        ));
    }
    for a in f.announcements {
        let line = nth(ctx, &a.id);
        let Some(start) = ctx.time(&a.start, "start", line, false) else {
            continue;
        };
        let mut end = ctx.opt_time(a.end.as_deref(), "end", line, false);
        if end.is_some_and(|e| e < start) {
            ctx.error(
                "health-end-before-start",
                line,
                format!("announcement `{}` ends before it starts", a.id),
            );
            end = None;
        }
        let action_by = ctx.opt_time(a.action_by.as_deref(), "action_by", line, false);
        let kind = match a.kind.as_deref().map(norm_key).as_deref() {
            None | Some("maintenance") => AnnouncementKind::Maintenance,
            Some("change") => AnnouncementKind::Change,
            Some(other) => {
                ctx.warn(
                    "health-unknown-value",
                    line,
                    format!("unknown announcement kind `{other}`, read as `maintenance`"),
                );
                AnnouncementKind::Maintenance
            }
        };
        p.announcements.push((
            Announcement {
                id: a.id,
                title: a.title,
                body: a.body,
                kind,
                services: a.services,
                start,
                end,
                action_required: a.action_required,
                action_by,
                texts: a.texts,
                source: src.clone(),
            },
            line,
        ));
    }
    for m in f.metrics {
        let kind = match norm_key(&m.kind).as_str() {
            "availability" => MetricKind::Availability,
            "latency" | "responsetime" => MetricKind::Latency,
            "errorrate" => MetricKind::ErrorRate,
            _ => {
                let line = ctx.line_of(&format!("service: {}", m.service));
                ctx.warn(
                    "health-unknown-value",
                    line,
                    format!("unknown metric kind `{}`; the series was skipped", m.kind),
                )
                .help = Some("use availability, latency or error_rate".into());
                continue;
            }
        };
        let unit = m.unit.unwrap_or_else(|| {
            if kind == MetricKind::Latency {
                "ms".into()
            } else {
                "%".into()
            }
        });
        let mut points = Vec::new();
        for pt in m.points {
            let (at, value) = match pt {
                PointEntry::Pair(a, v) | PointEntry::Object { at: a, value: v } => (a, v),
            };
            if let Some(at) = ctx.time(&at, "points", 0, true) {
                points.push(MetricPoint { at, value });
            }
        }
        p.metrics.push(MetricSeries {
            service: m.service,
            kind,
            unit,
            points,
        });
    }
    for c in f.customers {
        let line = nth(ctx, &c.id);
        p.customers.push((
            Customer {
                id: c.id,
                name: c.name,
                services: c.services,
                source: src.clone(),
            },
            line,
        ));
    }
    p
}

fn kind_of(ctx: &mut Ctx, raw: Option<&str>, line: u32) -> IncidentKind {
    match raw.map(norm_key).as_deref() {
        None | Some("incident") => IncidentKind::Incident,
        Some("maintenance") => IncidentKind::Maintenance,
        Some("advisory") => IncidentKind::Advisory,
        Some("informational") => IncidentKind::Informational,
        Some(other) => {
            ctx.warn(
                "health-unknown-value",
                line,
                format!("unknown incident kind `{other}`, read as `incident`"),
            );
            IncidentKind::Incident
        }
    }
}

/// The JSON Schema of [`SnapshotFile`], pretty-printed, for editors (`# yaml-language-server: $schema=`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(SnapshotFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
