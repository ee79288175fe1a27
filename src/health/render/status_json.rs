//! `status.json`, shaped like Statuspage's `summary.json` so tools that read that format read ours:
//! components (services and groups), incidents and scheduled maintenances.

use super::super::history;
use super::super::model::*;
use super::super::pages::{self, Urls};
use super::absolute;
use chrono::{DateTime, Utc};
use serde_json::json;

fn sp_component_status(s: ServiceStatus) -> &'static str {
    match s {
        ServiceStatus::Operational => "operational",
        ServiceStatus::Degraded => "degraded_performance",
        ServiceStatus::PartialOutage => "partial_outage",
        ServiceStatus::MajorOutage => "major_outage",
        ServiceStatus::Maintenance => "under_maintenance",
        // Statuspage has no "unknown"; say so rather than claim "operational".
        ServiceStatus::Unknown => "unknown",
    }
}

fn sp_impact(s: ServiceStatus) -> &'static str {
    match s {
        ServiceStatus::MajorOutage => "critical",
        ServiceStatus::PartialOutage => "major",
        ServiceStatus::Degraded => "minor",
        ServiceStatus::Maintenance => "maintenance",
        _ => "none",
    }
}

fn sp_phase(p: IncidentPhase) -> &'static str {
    match p {
        IncidentPhase::Unknown => "investigating",
        IncidentPhase::Postmortem => "postmortem",
        other => other.as_str(),
    }
}

/// `status.json`, shaped like Statuspage's `/api/v2/summary.json` so existing widgets can read it.
pub fn status_json(
    model: &HealthModel,
    urls: &Urls,
    base_url: &str,
    now: DateTime<Utc>,
    site_title: &str,
) -> String {
    let abs = |u: &str| absolute(base_url, &urls.prefix, u);
    let worst = history::overall(model);
    let description = match worst {
        ServiceStatus::Operational => "All Systems Operational",
        ServiceStatus::Degraded => "Minor Service Outage",
        ServiceStatus::PartialOutage => "Partial System Outage",
        ServiceStatus::MajorOutage => "Major Service Outage",
        ServiceStatus::Maintenance => "Service Under Maintenance",
        ServiceStatus::Unknown => "Status Unknown",
    };
    let page_id = "tandem";
    let as_of = now.to_rfc3339();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut components = Vec::new();
    for (pos, s) in model.services.iter().enumerate() {
        let group_id = s
            .group
            .as_ref()
            .map(|g| format!("group-{}", super::super::text::slugify(g)));
        if let (Some(g), Some(gid)) = (&s.group, &group_id) {
            match groups.iter_mut().find(|(n, _)| n == g) {
                Some((_, v)) => v.push(s.id.clone()),
                None => groups.push((g.clone(), vec![s.id.clone()])),
            }
            let _ = gid;
        }
        components.push(json!({
            "id": s.id, "name": s.name, "status": sp_component_status(s.status),
            "created_at": s.first_seen.map(|t| t.to_rfc3339()), "updated_at": s.status_at.map(|t| t.to_rfc3339()).unwrap_or_else(|| as_of.clone()),
            "position": pos + 1, "description": s.description, "showcase": true, "group_id": group_id,
            "page_id": page_id, "group": false, "only_show_if_degraded": false,
        }));
    }
    for (pos, (g, ids)) in groups.iter().enumerate() {
        let worst_in = model
            .services
            .iter()
            .filter(|s| ids.contains(&s.id))
            .map(|s| s.status)
            .max()
            .unwrap_or_default();
        components.push(json!({
            "id": format!("group-{}", super::super::text::slugify(g)), "name": g, "status": sp_component_status(worst_in),
            "created_at": null, "updated_at": as_of, "position": pos + 1, "description": null, "showcase": false,
            "group_id": null, "page_id": page_id, "group": true, "only_show_if_degraded": false, "components": ids,
        }));
    }
    let inc_json = |i: &Incident| {
        let comps: Vec<serde_json::Value> = i
            .affected
            .iter()
            .filter_map(|id| model.service(id))
            .map(|s| json!({"id": s.id, "name": s.name, "status": sp_component_status(s.status)}))
            .collect();
        let updates: Vec<serde_json::Value> = i
            .updates
            .iter()
            .enumerate()
            .rev()
            .map(|(n, u)| json!({
                "id": format!("{}-{}", i.id, n + 1), "status": sp_phase(u.phase), "body": u.text, "incident_id": i.id,
                "created_at": u.at.to_rfc3339(), "updated_at": u.at.to_rfc3339(), "display_at": u.at.to_rfc3339(),
            }))
            .collect();
        let updated = i
            .updates
            .iter()
            .map(|u| u.at)
            .chain(i.end)
            .chain([i.start])
            .max()
            .unwrap_or(i.start);
        json!({
            "id": i.id, "name": i.title, "status": sp_phase(i.phase), "created_at": i.start.to_rfc3339(),
            "updated_at": updated.to_rfc3339(), "monitoring_at": null, "resolved_at": i.end.map(|e| e.to_rfc3339()),
            "impact": sp_impact(i.severity), "shortlink": abs(&urls.incident(&i.id)), "started_at": i.start.to_rfc3339(),
            "page_id": page_id, "incident_updates": updates, "components": comps,
        })
    };
    let incidents: Vec<serde_json::Value> = model
        .incidents
        .iter()
        .filter(|i| i.is_active(now) && i.kind != IncidentKind::Maintenance)
        .map(inc_json)
        .collect();
    let maint: Vec<serde_json::Value> = pages::current_announcements(model, now)
        .filter(|a| a.kind == AnnouncementKind::Maintenance)
        .map(|a| {
            json!({
                "id": a.id, "name": a.title, "status": if a.start <= now { "in_progress" } else { "scheduled" },
                "created_at": a.start.to_rfc3339(), "updated_at": as_of, "monitoring_at": null, "resolved_at": null,
                "impact": "maintenance", "shortlink": abs(&urls.overview()), "started_at": a.start.to_rfc3339(),
                "page_id": page_id, "scheduled_for": a.start.to_rfc3339(), "scheduled_until": a.end.map(|e| e.to_rfc3339()),
                "incident_updates": [{"id": format!("{}-1", a.id), "status": "scheduled", "body": a.body, "incident_id": a.id,
                    "created_at": a.start.to_rfc3339(), "updated_at": a.start.to_rfc3339(), "display_at": a.start.to_rfc3339()}],
                "components": a.services.iter().filter_map(|id| model.service(id)).map(|s| json!({"id": s.id, "name": s.name, "status": sp_component_status(s.status)})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "page": {"id": page_id, "name": site_title, "url": abs(&urls.overview()), "time_zone": "Etc/UTC", "updated_at": as_of},
        "status": {"indicator": match worst { ServiceStatus::Unknown | ServiceStatus::Operational => "none", s => sp_impact(s) }, "description": description},
        "components": components,
        "incidents": incidents,
        "scheduled_maintenances": maint,
    });
    // `<`, `>` and `&` only occur inside strings; escaping them keeps the file inert even if someone
    // inlines it in an HTML page.
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        + "\n"
}
