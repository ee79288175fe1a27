//! Atlassian Statuspage public API v2: `summary.json`, `status.json`, `components.json`,
//! `incidents.json` and `scheduled-maintenances.json` all share one shape (a `page` plus some of
//! `status`, `components`, `incidents`, `scheduled_maintenances`), so one reader handles them all.

use super::super::model::*;
use super::super::text::slugify;
use super::ctx::{Ctx, NaivePolicy, Partial};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Doc {
    page: Page,
    #[serde(default)]
    status: Option<Indicator>,
    #[serde(default)]
    components: Option<Vec<Component>>,
    #[serde(default)]
    incidents: Option<Vec<SpIncident>>,
    #[serde(default)]
    scheduled_maintenances: Option<Vec<SpIncident>>,
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
}

#[derive(Deserialize)]
struct Indicator {
    #[serde(default)]
    indicator: Option<String>,
}

#[derive(Deserialize)]
struct Component {
    id: String,
    name: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    group_id: Option<String>,
    #[serde(default)]
    group: Option<bool>,
    #[serde(default)]
    created_at: Option<String>,
}

#[derive(Deserialize)]
struct Affected {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct SpUpdate {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    display_at: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    affected_components: Option<Vec<Affected>>,
}

#[derive(Deserialize)]
struct SpIncident {
    id: String,
    name: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    started_at: Option<String>,
    #[serde(default)]
    resolved_at: Option<String>,
    #[serde(default)]
    scheduled_for: Option<String>,
    #[serde(default)]
    scheduled_until: Option<String>,
    #[serde(default)]
    shortlink: Option<String>,
    #[serde(default)]
    incident_updates: Vec<SpUpdate>,
    #[serde(default)]
    components: Option<Vec<Component>>,
}

/// Statuspage `impact` (and `status.indicator`) to the state it puts components in.
fn impact(ctx: &mut Ctx, raw: Option<&str>, line: u32) -> ServiceStatus {
    match raw.map(norm_key).as_deref() {
        None | Some("none") | Some("minor") => ServiceStatus::Degraded,
        Some("major") => ServiceStatus::PartialOutage,
        Some("critical") => ServiceStatus::MajorOutage,
        Some("maintenance") => ServiceStatus::Maintenance,
        Some(_) => ctx.status(raw.unwrap_or_default(), "impact", line),
    }
}

/// Imports a Statuspage v2 document.
pub(crate) fn import(ctx: &mut Ctx) -> Option<Partial> {
    ctx.naive = NaivePolicy::AssumeUtc;
    let doc: Doc = serde_json::from_str(ctx.text)
        .map_err(|e| ctx.json_error(&e, "Statuspage payload"))
        .ok()?;
    let mut p = Partial {
        format: "statuspage",
        implicit_services: true,
        ..Partial::default()
    };
    let ul = ctx.line_of("updated_at");
    p.taken_at = ctx.opt_time(doc.page.updated_at.as_deref(), "page.updated_at", ul, true);
    let src = ctx.file.to_string();

    let comps = doc.components.unwrap_or_default();
    let groups: HashMap<&str, &str> = comps
        .iter()
        .filter(|c| c.group == Some(true))
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    for c in comps.iter().filter(|c| c.group != Some(true)) {
        *used.entry(slugify(&c.name)).or_default() += 1;
    }
    for c in comps.iter().filter(|c| c.group != Some(true)) {
        let slug = slugify(&c.name);
        let id = if used.get(&slug).copied().unwrap_or(0) > 1 {
            format!("{slug}-{}", slugify(&c.id))
        } else {
            slug
        };
        ids.insert(c.id.clone(), id.clone());
        let line = ctx.entry_line(&c.id);
        let status = ctx.status(
            c.status.as_deref().unwrap_or("unknown"),
            "component status",
            line,
        );
        let first_seen = ctx.opt_time(c.created_at.as_deref(), "created_at", line, false);
        let group = c
            .group_id
            .as_deref()
            .and_then(|g| groups.get(g))
            .map(|g| g.to_string());
        p.services.push((
            Service {
                id,
                name: c.name.clone(),
                group,
                description: c.description.clone(),
                status,
                status_at: None,
                first_seen,
                source: src.clone(),
            },
            line,
        ));
    }
    if comps.is_empty()
        && let (Some(ind), Some(name)) = (&doc.status, &doc.page.name)
    {
        // `status.json` carries only the page-wide rollup: the page itself becomes one service.
        let line = ctx.line_of("indicator");
        let status = match ind.indicator.as_deref() {
            Some("none") => ServiceStatus::Operational,
            other => impact(ctx, other, line),
        };
        p.services.push((
            Service {
                id: slugify(name),
                name: name.clone(),
                group: None,
                description: None,
                status,
                status_at: None,
                first_seen: None,
                source: src.clone(),
            },
            line,
        ));
    }

    for (list, maint) in [
        (doc.incidents.unwrap_or_default(), false),
        (doc.scheduled_maintenances.unwrap_or_default(), true),
    ] {
        for i in list {
            let line = ctx.entry_line(&i.id);
            let start_raw = if maint {
                i.scheduled_for.as_ref().or(i.started_at.as_ref())
            } else {
                i.started_at.as_ref().or(i.created_at.as_ref())
            };
            let Some(start) =
                ctx.opt_time(start_raw.map(String::as_str), "started_at", line, !maint)
            else {
                let id = i.id.clone();
                ctx.error("health-missing-field", line, format!("incident `{id}` has no start time (`started_at`, `created_at` or `scheduled_for`)"));
                continue;
            };
            let phase_raw = i.status.clone().unwrap_or_default();
            let phase = ctx.phase(&phase_raw, "incident status", line);
            let done = matches!(
                phase,
                IncidentPhase::Resolved | IncidentPhase::Completed | IncidentPhase::Postmortem
            );
            let mut end = ctx.opt_time(i.resolved_at.as_deref(), "resolved_at", line, true);
            if end.is_none() && done && maint {
                end = ctx.opt_time(i.scheduled_until.as_deref(), "scheduled_until", line, false);
            }
            if end.is_some_and(|e| e < start) {
                ctx.warn(
                    "health-end-before-start",
                    line,
                    format!(
                        "`{}` is resolved before it starts; the start was used as its end",
                        i.id
                    ),
                );
                end = Some(start);
            }
            let severity = if maint {
                ServiceStatus::Maintenance
            } else {
                impact(ctx, i.impact.as_deref(), line)
            };
            let mut affected: Vec<String> = Vec::new();
            let mut push = |code: Option<&str>, name: Option<&str>| {
                if let Some(id) = code.and_then(|c| ids.get(c)) {
                    affected.push(id.clone());
                } else if let Some(n) = name {
                    affected.push(n.to_string());
                }
            };
            for c in i.components.iter().flatten() {
                push(Some(&c.id), Some(&c.name));
            }
            let mut updates = Vec::new();
            for u in &i.incident_updates {
                for a in u.affected_components.iter().flatten() {
                    push(a.code.as_deref(), a.name.as_deref());
                }
                let raw = u.display_at.as_deref().or(u.created_at.as_deref());
                let ul = ctx.line_after(line, raw.unwrap_or(""));
                let Some(at) = ctx.opt_time(raw, "display_at", ul, false) else {
                    continue;
                };
                let up = ctx.phase(
                    u.status.as_deref().unwrap_or("unknown"),
                    "update status",
                    ul,
                );
                updates.push(IncidentUpdate {
                    at,
                    phase: up,
                    text: u.body.clone().unwrap_or_default().replace("\r\n", "\n"),
                });
            }
            affected.sort();
            affected.dedup();
            updates.sort_by_key(|a| a.at);
            let body = updates.last().map(|u| u.text.clone()).unwrap_or_default();
            if maint
                && matches!(
                    phase,
                    IncidentPhase::Scheduled | IncidentPhase::InProgress | IncidentPhase::Unknown
                )
            {
                let until =
                    ctx.opt_time(i.scheduled_until.as_deref(), "scheduled_until", line, false);
                p.announcements.push((
                    Announcement {
                        id: i.id.clone(),
                        title: i.name.clone(),
                        body: body.clone(),
                        kind: AnnouncementKind::Maintenance,
                        services: affected.clone(),
                        start,
                        end: until,
                        action_required: None,
                        action_by: None,
                        texts: HashMap::new(),
                        source: src.clone(),
                    },
                    line,
                ));
            }
            p.incidents.push((
                Incident {
                    id: i.id,
                    title: i.name,
                    kind: if maint {
                        IncidentKind::Maintenance
                    } else {
                        IncidentKind::Incident
                    },
                    severity,
                    phase,
                    affected,
                    start,
                    end,
                    impact: String::new(),
                    updates,
                    texts: HashMap::new(),
                    url: i.shortlink,
                    source: src.clone(),
                },
                line,
            ));
        }
    }
    Some(p)
}
