//! Upptime: `history/<slug>.yml` (current state of one site), `history/summary.json` (all sites,
//! with minutes down per day) and `.upptimerc.yml` (the list of sites). The shields.io badges under
//! `api/` only repeat the summary and are recognized but not read.

use super::super::model::*;
use super::ctx::{Ctx, NaivePolicy, Partial};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Upptime's slug (sindresorhus/slugify): camel case is split, so "GitHub" is `git-hub`.
pub fn upptime_slug(name: &str) -> String {
    let mut spaced = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        spaced.push(c);
    }
    super::super::text::slugify(&spaced)
}

fn site_status(ctx: &mut Ctx, raw: &str, line: u32) -> ServiceStatus {
    match norm_key(raw).as_str() {
        "up" => ServiceStatus::Operational,
        "down" => ServiceStatus::MajorOutage,
        "degraded" => ServiceStatus::Degraded,
        _ => ctx.status(raw, "Upptime status", line),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct History {
    url: String,
    status: String,
    #[serde(default)]
    response_time: Option<f64>,
    #[serde(default)]
    last_updated: Option<String>,
    #[serde(default)]
    start_time: Option<String>,
}

/// `history/<slug>.yml`: the site's id is the file name.
pub(crate) fn import_history(ctx: &mut Ctx) -> Option<Partial> {
    ctx.naive = NaivePolicy::AssumeUtc;
    let h: History = serde_yaml::from_str(ctx.text)
        .map_err(|e| ctx.yaml_error(&e, "Upptime history"))
        .ok()?;
    let id = ctx
        .file
        .rsplit('/')
        .next()
        .unwrap_or(ctx.file)
        .trim_end_matches(".yml")
        .trim_end_matches(".yaml")
        .to_string();
    let line = ctx.line_of("status:");
    let status = site_status(ctx, &h.status, line);
    let lu = ctx.line_of("lastUpdated");
    let taken_at = ctx.opt_time(h.last_updated.as_deref(), "lastUpdated", lu, true);
    let sl = ctx.line_of("startTime");
    let first_seen = ctx.opt_time(h.start_time.as_deref(), "startTime", sl, true);
    let mut p = Partial {
        format: "upptime",
        taken_at,
        ..Partial::default()
    };
    p.services.push((
        Service {
            id: id.clone(),
            name: id.clone(),
            group: None,
            description: Some(h.url),
            status,
            status_at: None,
            first_seen,
            source: ctx.file.to_string(),
        },
        line,
    ));
    if let (Some(at), Some(v)) = (taken_at, h.response_time) {
        p.metrics.push(MetricSeries {
            service: id,
            kind: MetricKind::Latency,
            unit: "ms".into(),
            points: vec![MetricPoint { at, value: v }],
        });
    }
    Some(p)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SummaryItem {
    name: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    daily_minutes_down: BTreeMap<String, f64>,
}

/// `history/summary.json`: states and per-day downtime of every site.
pub(crate) fn import_summary(ctx: &mut Ctx, mtime: Option<DateTime<Utc>>) -> Option<Partial> {
    let items: Vec<SummaryItem> = serde_json::from_str(ctx.text)
        .map_err(|e| ctx.json_error(&e, "Upptime summary"))
        .ok()?;
    let mut p = Partial {
        format: "upptime",
        taken_at: mtime,
        ..Partial::default()
    };
    for it in items {
        let id = it.slug.clone().unwrap_or_else(|| upptime_slug(&it.name));
        let line = ctx
            .line_of(&format!("\"slug\": \"{id}\""))
            .max(ctx.line_of(&it.name));
        let status = site_status(ctx, it.status.as_deref().unwrap_or("unknown"), line);
        for (day, minutes) in &it.daily_minutes_down {
            match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                Ok(d) => p.downtime.push(ObservedDowntime {
                    service: id.clone(),
                    day: d,
                    minutes: minutes.clamp(0.0, 1440.0) as u32,
                }),
                Err(_) => {
                    let l = ctx.line_after(line, day);
                    ctx.warn(
                        "health-invalid-time",
                        l,
                        format!(
                            "`dailyMinutesDown` key `{day}` is not a date (YYYY-MM-DD); ignored"
                        ),
                    );
                }
            }
        }
        p.services.push((
            Service {
                id,
                name: it.name,
                group: None,
                description: it.url,
                status,
                status_at: None,
                first_seen: None,
                source: ctx.file.to_string(),
            },
            line,
        ));
    }
    Some(p)
}

#[derive(Deserialize)]
struct Config {
    sites: Vec<Site>,
}

#[derive(Deserialize)]
struct Site {
    name: String,
    #[serde(default)]
    url: Option<String>,
}

/// `.upptimerc.yml`: names the sites; states come from the history files.
pub(crate) fn import_config(ctx: &mut Ctx) -> Option<Partial> {
    let c: Config = serde_yaml::from_str(ctx.text)
        .map_err(|e| ctx.yaml_error(&e, "Upptime configuration"))
        .ok()?;
    let mut p = Partial {
        format: "upptime",
        ..Partial::default()
    };
    for s in c.sites {
        let line = ctx.line_of(&format!("name: {}", s.name));
        p.services.push((
            Service {
                id: upptime_slug(&s.name),
                name: s.name,
                group: None,
                description: s.url,
                status: ServiceStatus::Unknown,
                status_at: None,
                first_seen: None,
                source: ctx.file.to_string(),
            },
            line,
        ));
    }
    Some(p)
}
