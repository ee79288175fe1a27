//! cState: one Markdown file per incident with YAML front matter (`title`, `date`, `resolved`,
//! `resolvedWhen`, `severity`, `affected`, `section: issue`), and the site `config.yml` whose
//! `params.systems` lists the services. cState dates carry no zone (Hugo's site zone, UTC by
//! default), so they are read as UTC without a diagnostic.

use super::super::model::*;
use super::super::text::slugify;
use super::ctx::{Ctx, NaivePolicy, Partial, SUPPORTED_FORMATS};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Front {
    title: String,
    date: String,
    #[serde(default)]
    resolved: Option<bool>,
    #[serde(default)]
    resolved_when: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    affected: Vec<String>,
    #[serde(default)]
    informational: Option<bool>,
}

/// Splits `---\nfront\n---\nbody`; `None` without front matter.
fn split_front(text: &str) -> Option<(&str, &str, u32)> {
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let end = rest.find("\n---")?;
    let front = &rest[..end];
    let after = &rest[end + 4..];
    let body = after.split_once('\n').map_or("", |(_, b)| b);
    Some((front, body, 1))
}

/// Removes Hugo shortcodes such as `{{< track "2018-04-13 17:30:00" >}}`, returning the text and the
/// first quoted argument of a `track` shortcode (cState's update time).
fn strip_shortcodes(line: &str) -> (String, Option<String>) {
    let mut out = String::new();
    let mut track = None;
    let mut rest = line;
    while let Some(s) = rest.find("{{<") {
        out.push_str(&rest[..s]);
        let Some(e) = rest[s..].find(">}}") else {
            break;
        };
        let code = &rest[s + 3..s + e];
        if code.trim_start().starts_with("track") {
            track = code.split('"').nth(1).map(str::to_string);
        }
        rest = &rest[s + e + 3..];
    }
    out.push_str(rest);
    (out.trim().to_string(), track)
}

/// An issue file.
pub(crate) fn import_issue(ctx: &mut Ctx) -> Option<Partial> {
    ctx.naive = NaivePolicy::AssumeUtc;
    let Some((front, body, _)) = split_front(ctx.text) else {
        let file = ctx.file.to_string();
        ctx.error("health-unsupported-format", 0, format!("`{file}` is not in a supported service-health format (Markdown without front matter)"))
            .help = Some(format!("supported formats: {}", SUPPORTED_FORMATS));
        return None;
    };
    let probe: serde_yaml::Value = serde_yaml::from_str(front).unwrap_or(serde_yaml::Value::Null);
    if probe.get("title").is_none() || probe.get("date").is_none() {
        let file = ctx.file.to_string();
        ctx.error("health-unsupported-format", 0, format!("`{file}` is not in a supported service-health format (front matter without `title` and `date`)"))
            .help = Some(format!("supported formats: {}", SUPPORTED_FORMATS));
        return None;
    }
    let f: Front = match serde_yaml::from_str(front) {
        Ok(f) => f,
        Err(e) => {
            // Positions are relative to the front matter, which starts on line 2.
            let (l, c) = e.location().map_or((0, 0), |l| (l.line() + 1, l.column()));
            ctx.serde_error(
                "health-invalid-field",
                &e.to_string(),
                l,
                c,
                "cState front matter",
            );
            return None;
        }
    };
    let id = ctx
        .file
        .rsplit('/')
        .next()
        .unwrap_or(ctx.file)
        .trim_end_matches(".md")
        .to_string();
    let dl = ctx.line_of("date:");
    let start = ctx.time(&f.date, "date", dl, true)?;
    let rl = ctx.line_of("resolvedWhen");
    let resolved_when = ctx.opt_time(f.resolved_when.as_deref(), "resolvedWhen", rl, true);
    let informational = f.informational == Some(true);
    let mut updates = Vec::new();
    let mut description = Vec::new();
    for raw in body.lines() {
        let (line, track) = strip_shortcodes(raw.trim_end_matches('\r'));
        description.push(line.clone());
        if let Some(t) = track {
            let at = ctx.time(&t, "track", ctx.line_of(&t), true);
            let label = line
                .strip_prefix('*')
                .and_then(|l| l.split_once('*'))
                .map(|(l, _)| l.to_string());
            let text = line
                .split_once(" - ")
                .map_or(line.as_str(), |(_, t)| t)
                .trim()
                .to_string();
            let phase = label
                .as_deref()
                .and_then(IncidentPhase::parse)
                .unwrap_or(IncidentPhase::Identified);
            if let Some(at) = at {
                updates.push(IncidentUpdate { at, phase, text });
            }
        }
    }
    updates.sort_by_key(|a| a.at);
    let (kind, severity) = match f.severity.as_deref().map(norm_key).as_deref() {
        _ if informational => (IncidentKind::Informational, ServiceStatus::Operational),
        Some("down") => (IncidentKind::Incident, ServiceStatus::MajorOutage),
        Some("disrupted") => (IncidentKind::Incident, ServiceStatus::PartialOutage),
        Some("notice") => (IncidentKind::Maintenance, ServiceStatus::Maintenance),
        None => (IncidentKind::Incident, ServiceStatus::Degraded),
        Some(other) => {
            let l = ctx.line_of("severity:");
            let other = other.to_string();
            let s = ctx.status(&other, "cState severity", l);
            (IncidentKind::Incident, s)
        }
    };
    let resolved = f.resolved.unwrap_or(informational);
    let mut end = if resolved {
        Some(
            resolved_when
                .or(updates.last().map(|u| u.at))
                .unwrap_or(start),
        )
    } else {
        None
    };
    if end.is_some_and(|e| e < start) {
        ctx.warn(
            "health-end-before-start",
            rl,
            format!("`resolvedWhen` is before `date` in `{id}`; the start was used as its end"),
        );
        end = Some(start);
    }
    let text = description.join("\n").trim().to_string();
    let phase = if resolved {
        IncidentPhase::Resolved
    } else {
        updates
            .last()
            .map_or(IncidentPhase::Investigating, |u| u.phase)
    };
    let mut p = Partial {
        format: "cstate",
        implicit_services: true,
        ..Partial::default()
    };
    p.incidents.push((
        Incident {
            id,
            title: f.title,
            kind,
            severity,
            phase,
            affected: if informational {
                Vec::new()
            } else {
                f.affected
            },
            start,
            end,
            impact: text,
            updates,
            texts: HashMap::new(),
            url: None,
            source: ctx.file.to_string(),
        },
        1,
    ));
    Some(p)
}

#[derive(Deserialize)]
struct Config {
    params: Params,
}

#[derive(Deserialize)]
struct Params {
    systems: Vec<System>,
}

#[derive(Deserialize)]
struct System {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    category: Option<String>,
}

/// The site `config.yml`: its systems become services (state unknown until an issue says otherwise:
/// cState derives the state from open issues).
pub(crate) fn import_config(ctx: &mut Ctx) -> Option<Partial> {
    let c: Config = serde_yaml::from_str(ctx.text)
        .map_err(|e| ctx.yaml_error(&e, "cState configuration"))
        .ok()?;
    let mut p = Partial {
        format: "cstate",
        ..Partial::default()
    };
    for s in c.params.systems {
        let line = ctx.line_of(&format!("name: {}", s.name));
        p.services.push((
            Service {
                id: slugify(&s.name),
                name: s.name,
                group: s.category,
                description: s.description,
                status: ServiceStatus::Operational,
                status_at: None,
                first_seen: None,
                source: ctx.file.to_string(),
            },
            line,
        ));
    }
    Some(p)
}
