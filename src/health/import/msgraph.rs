//! Microsoft Graph service communications: `healthOverviews` (serviceHealth), `issues`
//! (serviceHealthIssue) and `messages` (serviceUpdateMessage), as collections with or without the
//! `@odata` envelope, as bare arrays, or as single entities. Enum values are matched in any case
//! (`ServiceOperational` and `serviceOperational`); HTML bodies are converted to plain text.

use super::super::model::*;
use super::super::text::{html_to_text, slugify};
use super::ctx::{Ctx, NaivePolicy, Partial};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entity {
    Health,
    Issue,
    Message,
}

fn entity_of(v: &Value) -> Option<Entity> {
    let o = v.as_object()?;
    let has = |k: &str| o.contains_key(k);
    if has("posts") || has("classification") || has("impactDescription") || has("isResolved") {
        Some(Entity::Issue)
    } else if has("category") && (has("body") || has("services"))
        || has("actionRequiredByDateTime")
        || has("isMajorChange")
    {
        Some(Entity::Message)
    } else if has("service") && has("status") && has("id") && !has("title") {
        Some(Entity::Health)
    } else {
        None
    }
}

fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => match o.get("value") {
            Some(Value::Array(a)) => a.iter().collect(),
            _ => vec![v],
        },
        _ => Vec::new(),
    }
}

/// True when the document is a Graph service-communications payload.
pub(crate) fn looks_like(v: &Value) -> bool {
    let odata = v
        .get("@odata.context")
        .and_then(Value::as_str)
        .is_some_and(|c| c.contains("serviceAnnouncement"));
    let list = items(v);
    odata || (!list.is_empty() && list.iter().all(|i| entity_of(i).is_some()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Health {
    id: String,
    service: String,
    status: String,
    #[serde(default)]
    issues: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemBody {
    #[serde(default)]
    content_type: Option<String>,
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    created_date_time: String,
    #[serde(default)]
    post_type: Option<String>,
    #[serde(default)]
    description: Option<ItemBody>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Issue {
    id: String,
    title: String,
    #[serde(default)]
    start_date_time: Option<String>,
    #[serde(default)]
    end_date_time: Option<String>,
    #[serde(default)]
    last_modified_date_time: Option<String>,
    #[serde(default)]
    impact_description: Option<String>,
    #[serde(default)]
    classification: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    feature: Option<String>,
    #[serde(default)]
    is_resolved: Option<bool>,
    #[serde(default)]
    posts: Vec<Post>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    id: String,
    title: String,
    #[serde(default)]
    start_date_time: Option<String>,
    #[serde(default)]
    end_date_time: Option<String>,
    #[serde(default)]
    last_modified_date_time: Option<String>,
    #[serde(default)]
    action_required_by_date_time: Option<String>,
    #[serde(default)]
    services: Option<Vec<String>>,
    #[serde(default)]
    body: Option<ItemBody>,
}

fn body_text(b: Option<&ItemBody>) -> String {
    let Some(b) = b else { return String::new() };
    let content = b.content.as_deref().unwrap_or_default();
    if b.content_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("text"))
    {
        content.to_string()
    } else {
        html_to_text(content)
    }
}

/// Graph `serviceHealthStatus` to a service state. Recovery states count as degraded: the service
/// works but not yet normally.
fn health_status(ctx: &mut Ctx, raw: &str, line: u32) -> ServiceStatus {
    match norm_key(raw).as_str() {
        "serviceoperational"
        | "servicerestored"
        | "falsepositive"
        | "postincidentreviewpublished"
        | "resolved"
        | "resolvedexternal"
        | "investigationsuspended" => ServiceStatus::Operational,
        "investigating" | "confirmed" | "reported" | "restoringservice" | "verifyingservice"
        | "extendedrecovery" | "mitigated" | "mitigatedexternal" | "servicedegradation" => {
            ServiceStatus::Degraded
        }
        "serviceinterruption" => ServiceStatus::MajorOutage,
        "unknownfuturevalue" => ServiceStatus::Unknown,
        _ => ctx.status(raw, "Graph service status", line),
    }
}

struct Acc {
    p: Partial,
    latest: Option<DateTime<Utc>>,
}

impl Acc {
    fn seen(&mut self, t: Option<DateTime<Utc>>) {
        if let Some(t) = t {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
    }
}

/// Deserializes one Graph entity: its id, the line it starts on, and the typed value. A missing field or
/// a wrong type is reported at that line (serde's message names the field) and the entity is skipped.
fn parse_entity<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx,
    v: &Value,
    what: &str,
) -> Option<(String, u32, T)> {
    let id = v
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let line = ctx.entry_line(&id);
    match serde_json::from_value(v.clone()) {
        Ok(t) => Some((id, line, t)),
        Err(e) => {
            ctx.error(
                "health-invalid-field",
                line,
                format!("Graph {what} `{id}`: {e}; the {what} was skipped"),
            );
            None
        }
    }
}

fn issue(ctx: &mut Ctx, acc: &mut Acc, v: &Value) {
    let Some((id, line, i)) = parse_entity::<Issue>(ctx, v, "issue") else {
        return;
    };
    let start = ctx.opt_time(i.start_date_time.as_deref(), "startDateTime", line, true);
    let modified = ctx.opt_time(
        i.last_modified_date_time.as_deref(),
        "lastModifiedDateTime",
        line,
        true,
    );
    acc.seen(modified);
    let mut updates = Vec::new();
    for post in &i.posts {
        let pl = ctx.line_after(line, &post.created_date_time);
        let Some(at) = ctx.time(&post.created_date_time, "posts.createdDateTime", pl, true) else {
            continue;
        };
        acc.seen(Some(at));
        let phase = match post.post_type.as_deref().map(norm_key).as_deref() {
            Some("quick") | Some("regular") | None => IncidentPhase::Identified,
            Some("strategic") => IncidentPhase::Postmortem,
            Some(_) => IncidentPhase::Unknown,
        };
        updates.push(IncidentUpdate {
            at,
            phase,
            text: body_text(post.description.as_ref()),
        });
    }
    updates.sort_by_key(|a| a.at);
    let Some(start) = start.or(updates.first().map(|u| u.at)) else {
        ctx.error(
            "health-missing-field",
            line,
            format!("Graph issue `{id}` has no `startDateTime`"),
        );
        return;
    };
    let status_raw = i.status.clone().unwrap_or_else(|| "unknown".into());
    let phase = IncidentPhase::parse(&status_raw)
        .unwrap_or_else(|| ctx.phase(&status_raw, "Graph issue status", line));
    let resolved = i.is_resolved.unwrap_or(matches!(
        phase,
        IncidentPhase::Resolved | IncidentPhase::Postmortem
    ));
    let mut end = if resolved {
        ctx.opt_time(i.end_date_time.as_deref(), "endDateTime", line, true)
            .or(modified)
    } else {
        None
    };
    if end.is_some_and(|e| e < start) {
        ctx.error(
            "health-end-before-start",
            line,
            format!("Graph issue `{id}` ends before it starts"),
        );
        end = None;
    }
    if let Some(last) = updates.last_mut() {
        last.phase = phase;
    }
    let advisory = i
        .classification
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("advisory"));
    let severity = match health_status(ctx, &status_raw, line) {
        s if s > ServiceStatus::Degraded => s,
        _ if advisory => ServiceStatus::Degraded,
        _ => ServiceStatus::PartialOutage,
    };
    let mut impact = i.impact_description.clone().unwrap_or_default();
    if let Some(f) = i
        .feature
        .as_deref()
        .filter(|f| !f.is_empty() && *f != "Other")
    {
        impact = if impact.is_empty() {
            f.to_string()
        } else {
            format!("{impact} ({f})")
        };
    }
    acc.p.incidents.push((
        Incident {
            id: i.id,
            title: i.title,
            kind: if advisory {
                IncidentKind::Advisory
            } else {
                IncidentKind::Incident
            },
            severity,
            phase,
            affected: i.service.into_iter().collect(),
            start,
            end,
            impact,
            updates,
            texts: HashMap::new(),
            url: None,
            source: ctx.file.to_string(),
        },
        line,
    ));
}

fn message(ctx: &mut Ctx, acc: &mut Acc, v: &Value) {
    let Some((id, line, m)) = parse_entity::<Message>(ctx, v, "message") else {
        return;
    };
    let modified = ctx.opt_time(
        m.last_modified_date_time.as_deref(),
        "lastModifiedDateTime",
        line,
        true,
    );
    acc.seen(modified);
    let Some(start) = ctx
        .opt_time(m.start_date_time.as_deref(), "startDateTime", line, false)
        .or(modified)
    else {
        ctx.error(
            "health-missing-field",
            line,
            format!("Graph message `{id}` has no `startDateTime`"),
        );
        return;
    };
    let end = ctx
        .opt_time(m.end_date_time.as_deref(), "endDateTime", line, false)
        .filter(|e| *e >= start);
    let action_by = ctx.opt_time(
        m.action_required_by_date_time.as_deref(),
        "actionRequiredByDateTime",
        line,
        false,
    );
    acc.p.announcements.push((
        Announcement {
            id: m.id,
            title: m.title,
            body: body_text(m.body.as_ref()),
            kind: AnnouncementKind::Change,
            services: m.services.unwrap_or_default(),
            start,
            end,
            action_required: None,
            action_by,
            texts: HashMap::new(),
            source: ctx.file.to_string(),
        },
        line,
    ));
}

/// Imports a Graph payload; `mtime` dates a `healthOverviews` list, which carries no time itself.
pub(crate) fn import(ctx: &mut Ctx, v: &Value, mtime: Option<DateTime<Utc>>) -> Option<Partial> {
    ctx.naive = NaivePolicy::AssumeUtc;
    let mut acc = Acc {
        p: Partial {
            format: "msgraph",
            implicit_services: true,
            ..Partial::default()
        },
        latest: None,
    };
    let mut has_health = false;
    for item in items(v) {
        match entity_of(item) {
            Some(Entity::Health) => {
                has_health = true;
                let Some((_, line, h)) = parse_entity::<Health>(ctx, item, "service health") else {
                    continue;
                };
                let status = health_status(ctx, &h.status, line);
                acc.p.services.push((
                    Service {
                        id: slugify(&h.id),
                        name: h.service.clone(),
                        group: Some("Microsoft 365".into()),
                        description: None,
                        status,
                        status_at: None,
                        first_seen: None,
                        source: ctx.file.to_string(),
                    },
                    line,
                ));
                for is in &h.issues {
                    issue(ctx, &mut acc, is);
                }
            }
            Some(Entity::Issue) => issue(ctx, &mut acc, item),
            Some(Entity::Message) => message(ctx, &mut acc, item),
            None => {
                let line = item
                    .get("id")
                    .and_then(Value::as_str)
                    .map_or(0, |id| ctx.entry_line(id));
                ctx.warn(
                    "health-unknown-value",
                    line,
                    "Graph entity of an unknown type was ignored",
                )
                .help = Some("Tandem reads healthOverviews, issues and messages".into());
            }
        }
    }
    // Service states are only a snapshot when the file lists them; the newest time in the payload
    // dates it, or the file's modification time when it has none.
    acc.p.taken_at = if has_health {
        acc.latest.or(mtime)
    } else {
        None
    };
    if !has_health && (!acc.p.incidents.is_empty() || !acc.p.announcements.is_empty()) {
        acc.p.taken_at = None;
    }
    Some(acc.p)
}
