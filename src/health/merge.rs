//! Merging the partials of all files into one model.

use super::import::ctx::Partial;
use super::model::*;
use super::text::slugify;
use crate::diagnostics::Diagnostic;
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Merges file partials: newer snapshots give the current state, incidents with the same id in
/// different files are versions of one incident (the newest file wins), duplicate ids inside one file
/// and references to services nobody defined are reported. `clock` (the build clock) only stands in
/// for the newest snapshot's time when no file carries one (see [`HealthModel::reference_time`]).
pub(crate) fn merge(
    mut partials: Vec<(String, Partial)>,
    clock: DateTime<Utc>,
) -> (HealthModel, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    // Definitions first (no time), then oldest to newest, so later states overwrite earlier ones.
    partials.sort_by(|a, b| a.1.taken_at.cmp(&b.1.taken_at).then_with(|| a.0.cmp(&b.0)));
    let mut model = HealthModel::default();
    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    let mut incidents: BTreeMap<String, Incident> = BTreeMap::new();
    let mut announcements: BTreeMap<String, Announcement> = BTreeMap::new();
    let mut customers: BTreeMap<String, Customer> = BTreeMap::new();
    let mut metrics: BTreeMap<(String, MetricKind), MetricSeries> = BTreeMap::new();

    for (file, p) in &partials {
        if let Some(t) = p.taken_at {
            model.snapshots.push(Snapshot {
                taken_at: t,
                source: file.clone(),
                format: p.format,
            });
        }
        let mut seen: HashSet<(&'static str, String)> = HashSet::new();
        let mut dup = |kind: &'static str, id: &str, line: u32, diags: &mut Vec<Diagnostic>| {
            if !seen.insert((kind, id.to_string())) {
                diags.push(
                    Diagnostic::error(
                        "health-duplicate-id",
                        file,
                        line,
                        0,
                        format!("duplicate {kind} id `{id}` in this file"),
                    )
                    .with_help("give every entry its own id; the later entry was kept"),
                );
            }
        };
        for (s, line) in &p.services {
            dup("service", &s.id, *line, &mut diags);
            let entry = services.entry(s.id.clone()).or_insert_with(|| Service {
                first_seen: None,
                ..s.clone()
            });
            if s.name != s.id || entry.name == entry.id {
                entry.name = s.name.clone();
            }
            if s.group.is_some() {
                entry.group = s.group.clone();
            }
            if s.description.is_some() {
                entry.description = s.description.clone();
            }
            if let Some(t) = p.taken_at {
                entry.status = s.status;
                entry.status_at = Some(t);
                entry.first_seen = Some(entry.first_seen.map_or(t, |f| f.min(t)));
                model
                    .samples
                    .entry(s.id.clone())
                    .or_default()
                    .push(StatusSample {
                        at: t,
                        status: s.status,
                    });
            } else if entry.status_at.is_none() && s.status != ServiceStatus::Unknown {
                entry.status = s.status;
            }
            if let Some(f) = s.first_seen {
                entry.first_seen = Some(entry.first_seen.map_or(f, |e| e.min(f)));
            }
        }
        for (i, line) in &p.incidents {
            dup("incident", &i.id, *line, &mut diags);
            incidents.insert(i.id.clone(), i.clone());
        }
        for (a, line) in &p.announcements {
            dup("announcement", &a.id, *line, &mut diags);
            announcements.insert(a.id.clone(), a.clone());
        }
        for (c, line) in &p.customers {
            dup("customer", &c.id, *line, &mut diags);
            customers.insert(c.id.clone(), c.clone());
        }
        for m in &p.metrics {
            let e = metrics
                .entry((m.service.clone(), m.kind))
                .or_insert_with(|| MetricSeries {
                    points: Vec::new(),
                    ..m.clone()
                });
            e.points.extend(m.points.iter().copied());
        }
        model.downtime.extend(p.downtime.iter().cloned());
    }

    // Resolve service references by id, then by name, then by slug; implicit formats create services.
    let implicit: HashSet<&str> = partials
        .iter()
        .filter(|(_, p)| p.implicit_services)
        .map(|(f, _)| f.as_str())
        .collect();
    let mut by_key: HashMap<String, String> = HashMap::new();
    for s in services.values() {
        by_key.insert(norm_key(&s.name), s.id.clone());
        by_key.insert(norm_key(&s.id), s.id.clone());
    }
    let mut resolve = |r: &str,
                       file: &str,
                       line: u32,
                       what: &str,
                       services: &mut BTreeMap<String, Service>,
                       diags: &mut Vec<Diagnostic>|
     -> Option<String> {
        if services.contains_key(r) {
            return Some(r.to_string());
        }
        if let Some(id) = by_key.get(&norm_key(r)) {
            return Some(id.clone());
        }
        if implicit.contains(file) {
            let id = slugify(r);
            services.entry(id.clone()).or_insert_with(|| Service {
                id: id.clone(),
                name: r.to_string(),
                group: None,
                description: None,
                status: ServiceStatus::Unknown,
                status_at: None,
                first_seen: None,
                source: file.to_string(),
            });
            by_key.insert(norm_key(r), id.clone());
            return Some(id);
        }
        diags.push(
            Diagnostic::error("health-unknown-service", file, line, 0, format!("{what} refers to unknown service `{r}`"))
                .with_help("define the service under `services:` in a snapshot, or fix the id; the reference was dropped"),
        );
        None
    };
    let lines: HashMap<(&str, &str), u32> = partials
        .iter()
        .flat_map(|(f, p)| {
            p.incidents
                .iter()
                .map(move |(i, l)| ((f.as_str(), i.id.as_str()), *l))
                .chain(
                    p.announcements
                        .iter()
                        .map(move |(a, l)| ((f.as_str(), a.id.as_str()), *l)),
                )
                .chain(
                    p.customers
                        .iter()
                        .map(move |(c, l)| ((f.as_str(), c.id.as_str()), *l)),
                )
        })
        .collect();
    let line = |f: &str, id: &str| lines.get(&(f, id)).copied().unwrap_or(0);
    let mut out_inc = Vec::new();
    for mut i in incidents.into_values() {
        let l = line(&i.source, &i.id);
        let what = format!("incident `{}`", i.id);
        let mut aff: Vec<String> = i
            .affected
            .iter()
            .filter_map(|r| resolve(r, &i.source, l, &what, &mut services, &mut diags))
            .collect();
        aff.sort();
        aff.dedup();
        i.affected = aff;
        out_inc.push(i);
    }
    let mut out_ann = Vec::new();
    for mut a in announcements.into_values() {
        let l = line(&a.source, &a.id);
        let what = format!("announcement `{}`", a.id);
        a.services = a
            .services
            .iter()
            .filter_map(|r| resolve(r, &a.source, l, &what, &mut services, &mut diags))
            .collect();
        a.services.dedup();
        out_ann.push(a);
    }
    let mut out_cust = Vec::new();
    for mut c in customers.into_values() {
        let l = line(&c.source, &c.id);
        let what = format!("customer `{}`", c.id);
        c.services = c
            .services
            .iter()
            .filter_map(|r| resolve(r, &c.source, l, &what, &mut services, &mut diags))
            .collect();
        c.services.dedup();
        out_cust.push(c);
    }
    for (_, m) in metrics {
        let Some(id) = resolve(&m.service, "", 0, "metric", &mut services, &mut Vec::new()) else {
            continue;
        };
        let mut m = MetricSeries { service: id, ..m };
        m.points.sort_by_key(|a| a.at);
        m.points.dedup_by(|a, b| a.at == b.at);
        model.metrics.push(m);
    }
    model.downtime.retain(|d| services.contains_key(&d.service));
    let now = newest_known(&model.snapshots, &out_inc, clock);
    model.reference = Some(now);
    // A service whose incidents are open gets at least the state of the worst open incident: imported
    // payloads often list incidents without a component state.
    for i in &out_inc {
        if i.is_active(now) && i.kind != IncidentKind::Informational {
            for id in &i.affected {
                if let Some(s) = services.get_mut(id)
                    && (s.status == ServiceStatus::Unknown
                        || s.status_at.is_none_or(|t| t < i.start))
                {
                    s.status = s.status.max(i.severity);
                }
            }
        }
    }
    out_inc.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| a.id.cmp(&b.id)));
    out_ann.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
    model.services = services.into_values().collect();
    model.services.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.id.cmp(&b.id))
    });
    model.incidents = out_inc;
    model.announcements = out_ann;
    model.customers = out_cust;
    model.snapshots.sort_by(|a, b| {
        a.taken_at
            .cmp(&b.taken_at)
            .then_with(|| a.source.cmp(&b.source))
    });
    for v in model.samples.values_mut() {
        v.sort_by_key(|a| a.at);
    }
    model
        .downtime
        .sort_by(|a, b| a.service.cmp(&b.service).then(a.day.cmp(&b.day)));
    (model, diags)
}
