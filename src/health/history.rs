//! Rolls the merged model up into what status pages show: the worst state of each UTC day over the
//! last 90 days, uptime over 7/30/90 days, and a warning when the data is stale.
//!
//! Uptime follows Atlassian Statuspage: time in a major outage counts fully as downtime, time in a
//! partial outage counts at 30 %, degraded performance and maintenance do not count. Overlapping
//! incidents are not added up: at each instant only the worst state counts. Downtime measured by a
//! monitor (Upptime `dailyMinutesDown`) counts as major outage. The window starts at the first time
//! the service was observed, so a service added last week is not penalized for the weeks before.
//!
//! The `now` these functions take is the instant the pages describe, the newest snapshot's time
//! ([`HealthModel::reference_time`]), not the build clock: the last day, the uptime windows and the
//! end of open incidents are those of the data, whenever the site is built.

use super::model::*;
use crate::diagnostics::Diagnostic;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

/// The state of one service on one UTC day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayStatus {
    /// The UTC day.
    pub date: NaiveDate,
    /// Worst state seen that day (`unknown` before the service was first observed).
    pub status: ServiceStatus,
    /// Weighted downtime minutes that day (see the module doc).
    pub downtime_minutes: f64,
    /// Ids of the incidents that touched the day.
    pub incidents: Vec<String>,
}

/// Everything the pages need about one service's past.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceHistory {
    /// Service id.
    pub service: String,
    /// Current state (newest snapshot).
    pub current: ServiceStatus,
    /// The last 90 days, oldest first, ending with the day of `now`.
    pub days: Vec<DayStatus>,
    /// Uptime % over 7, 30 and 90 days; `None` when the service was never observed in the window.
    pub uptime_7: Option<f64>,
    /// See `uptime_7`.
    pub uptime_30: Option<f64>,
    /// See `uptime_7`.
    pub uptime_90: Option<f64>,
}

/// A period in one state, for the sweep.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    status: ServiceStatus,
}

fn day_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc()
}

/// The periods during which incidents and measured downtime put `service` in a non-operational state.
fn spans<'m>(
    model: &'m HealthModel,
    service: &str,
    now: DateTime<Utc>,
) -> Vec<(Span, Option<&'m str>)> {
    let mut out = Vec::new();
    for i in &model.incidents {
        if i.kind == IncidentKind::Informational
            || !i.affected.iter().any(|a| a == service)
            || i.start > now
        {
            continue;
        }
        let end = i.end.unwrap_or(now).min(now);
        out.push((
            Span {
                start: i.start,
                end: end.max(i.start),
                status: i.severity,
            },
            Some(i.id.as_str()),
        ));
    }
    for d in model
        .downtime
        .iter()
        .filter(|d| d.service == service && d.minutes > 0)
    {
        let start = day_start(d.day);
        out.push((
            Span {
                start,
                end: start + Duration::minutes(d.minutes as i64),
                status: ServiceStatus::MajorOutage,
            },
            None,
        ));
    }
    out
}

/// When the service was first observed: first snapshot, monitor start, incident or downtime.
fn observed_from(
    model: &HealthModel,
    service: &str,
    spans: &[(Span, Option<&str>)],
) -> Option<DateTime<Utc>> {
    let s = model.service(service);
    [
        s.and_then(|s| s.first_seen),
        model
            .samples
            .get(service)
            .and_then(|v| v.first())
            .map(|x| x.at),
        spans.iter().map(|(s, _)| s.start).min(),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// Weighted downtime (seconds) of `spans` within `[from, to)`: at each instant only the worst state counts.
fn weighted_down(spans: &[Span], from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    let clipped: Vec<Span> = spans
        .iter()
        .filter(|s| s.status.downtime_weight() > 0.0)
        .filter_map(|s| {
            let (a, b) = (s.start.max(from), s.end.min(to));
            (a < b).then_some(Span {
                start: a,
                end: b,
                status: s.status,
            })
        })
        .collect();
    let mut cuts: Vec<DateTime<Utc>> = clipped.iter().flat_map(|s| [s.start, s.end]).collect();
    cuts.sort();
    cuts.dedup();
    let mut total = 0.0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let weight = clipped
            .iter()
            .filter(|s| s.start <= a && s.end >= b)
            .map(|s| s.status.downtime_weight())
            .fold(0.0, f64::max);
        total += (b - a).num_milliseconds() as f64 / 1000.0 * weight;
    }
    total
}

/// Uptime % of `service` over the `days` days ending at `now`; `None` if never observed in that window.
pub fn uptime(model: &HealthModel, service: &str, now: DateTime<Utc>, days: i64) -> Option<f64> {
    let sp = spans(model, service, now);
    let from = (now - Duration::days(days)).max(observed_from(model, service, &sp)?);
    if from >= now {
        return None;
    }
    let spans: Vec<Span> = sp.iter().map(|(s, _)| *s).collect();
    let len = (now - from).num_milliseconds() as f64 / 1000.0;
    Some((100.0 * (1.0 - weighted_down(&spans, from, now) / len)).clamp(0.0, 100.0))
}

/// The worst state of each of the `n` UTC days ending with the day of `now`, oldest first.
pub fn daily(model: &HealthModel, service: &str, now: DateTime<Utc>, n: u32) -> Vec<DayStatus> {
    let sp = spans(model, service, now);
    let spans_only: Vec<Span> = sp.iter().map(|(s, _)| *s).collect();
    let observed = observed_from(model, service, &sp);
    let samples = model
        .samples
        .get(service)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let today = now.date_naive();
    (0..n)
        .rev()
        .map(|back| {
            let date = today - Duration::days(back as i64);
            let (a, b) = (day_start(date), day_start(date) + Duration::days(1));
            let mut status = if observed.is_some_and(|o| o < b) && a <= now {
                ServiceStatus::Operational
            } else {
                ServiceStatus::Unknown
            };
            let mut incidents = Vec::new();
            for (s, id) in &sp {
                let touches = if s.start == s.end {
                    s.start >= a && s.start < b
                } else {
                    s.start < b && s.end > a
                };
                if touches {
                    status = status.max(s.status);
                    if let Some(id) = id {
                        incidents.push(id.to_string());
                    }
                }
            }
            let lo = samples.partition_point(|x| x.at < a);
            let hi = samples.partition_point(|x| x.at < b);
            for x in &samples[lo..hi] {
                status = status.max(x.status);
            }
            let down = weighted_down(&spans_only, a, b.min(now.max(a))) / 60.0;
            incidents.sort();
            incidents.dedup();
            DayStatus {
                date,
                status,
                downtime_minutes: down,
                incidents,
            }
        })
        .collect()
}

/// The 90-day history and uptimes of one service.
pub fn service_history(model: &HealthModel, service: &str, now: DateTime<Utc>) -> ServiceHistory {
    ServiceHistory {
        service: service.to_string(),
        current: model
            .service(service)
            .map_or(ServiceStatus::Unknown, |s| s.status),
        days: daily(model, service, now, 90),
        uptime_7: uptime(model, service, now, 7),
        uptime_30: uptime(model, service, now, 30),
        uptime_90: uptime(model, service, now, 90),
    }
}

/// The histories of every service, computed once per build (in parallel) and shared by all languages.
pub fn all_histories(
    model: &HealthModel,
    now: DateTime<Utc>,
) -> std::collections::HashMap<String, ServiceHistory> {
    use rayon::prelude::*;
    model
        .services
        .par_iter()
        .map(|s| (s.id.clone(), service_history(model, &s.id, now)))
        .collect()
}

/// The worst current state of all services (the overview banner).
pub fn overall(model: &HealthModel) -> ServiceStatus {
    model
        .services
        .iter()
        .map(|s| s.status)
        .max()
        .unwrap_or(ServiceStatus::Unknown)
}

/// A warning when the newest snapshot is older than `max_age` at `now` (or when there is none), so
/// that a site is not published saying "all operational" from data nobody refreshed.
pub fn stale_warning(
    model: &HealthModel,
    now: DateTime<Utc>,
    max_age: Duration,
) -> Option<Diagnostic> {
    match model.snapshots.iter().max_by_key(|s| s.taken_at) {
        None if model.services.is_empty() => None,
        None => Some(
            Diagnostic::warning("health-stale", "content/health", 0, 0, "no health snapshot carries a time; the status pages cannot say \"as of\"")
                .with_help("add `taken_at` to the snapshots"),
        ),
        Some(s) if now - s.taken_at > max_age => Some(
            Diagnostic::warning(
                "health-stale",
                &s.source,
                0,
                0,
                format!(
                    "the newest health snapshot was taken at {} ({} hours before the build), more than the allowed {} hours",
                    s.taken_at.format("%Y-%m-%d %H:%M UTC"),
                    (now - s.taken_at).num_hours(),
                    max_age.num_hours()
                ),
            )
            .with_help("add a fresh snapshot under content/health/, or raise the configured maximum age"),
        ),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn model(incidents: &[(&str, &str, &str, ServiceStatus)]) -> HealthModel {
        let mut m = HealthModel::default();
        m.services.push(Service {
            id: "api".into(),
            name: "API".into(),
            group: None,
            description: None,
            status: ServiceStatus::Operational,
            status_at: None,
            first_seen: Some(t("2026-01-01T00:00:00Z")),
            source: "t".into(),
        });
        for (id, s, e, sev) in incidents {
            m.incidents.push(Incident {
                id: id.to_string(),
                title: id.to_string(),
                kind: IncidentKind::Incident,
                severity: *sev,
                phase: IncidentPhase::Resolved,
                affected: vec!["api".into()],
                start: t(s),
                end: Some(t(e)),
                impact: String::new(),
                updates: vec![],
                texts: HashMap::new(),
                url: None,
                source: "t".into(),
            });
        }
        m
    }

    const NOW: &str = "2026-11-24T12:00:00Z";

    #[test]
    fn six_hour_major_outage_marks_the_day_and_costs_a_quarter_of_it() {
        let m = model(&[(
            "a",
            "2026-11-20T06:00:00Z",
            "2026-11-20T12:00:00Z",
            ServiceStatus::MajorOutage,
        )]);
        let days = daily(&m, "api", t(NOW), 90);
        assert_eq!(days.len(), 90);
        assert_eq!(
            days.last().unwrap().date,
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        let d = days
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
            .unwrap();
        assert_eq!(d.status, ServiceStatus::MajorOutage);
        assert!((d.downtime_minutes - 360.0).abs() < 1e-6);
        assert_eq!(d.incidents, vec!["a".to_string()]);
        let before = days
            .iter()
            .find(|d| d.date == NaiveDate::from_ymd_opt(2026, 11, 19).unwrap())
            .unwrap();
        assert_eq!(before.status, ServiceStatus::Operational);
        let up7 = uptime(&m, "api", t(NOW), 7).unwrap();
        assert!((up7 - 100.0 * (1.0 - 6.0 / 168.0)).abs() < 1e-9, "{up7}");
        let up1 = uptime(&m, "api", t("2026-11-21T00:00:00Z"), 1).unwrap();
        assert!((up1 - 75.0).abs() < 1e-9, "{up1}");
    }

    #[test]
    fn incident_across_midnight_marks_both_days() {
        let m = model(&[(
            "a",
            "2026-11-21T22:00:00Z",
            "2026-11-22T02:00:00Z",
            ServiceStatus::PartialOutage,
        )]);
        let days = daily(&m, "api", t(NOW), 90);
        let get = |d: u32| {
            days.iter()
                .find(|x| x.date == NaiveDate::from_ymd_opt(2026, 11, d).unwrap())
                .unwrap()
                .clone()
        };
        assert_eq!(get(21).status, ServiceStatus::PartialOutage);
        assert_eq!(get(22).status, ServiceStatus::PartialOutage);
        assert_eq!(get(23).status, ServiceStatus::Operational);
        // 2 h each side, partial outage weighted at 30 %.
        assert!((get(21).downtime_minutes - 36.0).abs() < 1e-6);
        assert!((get(22).downtime_minutes - 36.0).abs() < 1e-6);
        let up = uptime(&m, "api", t(NOW), 7).unwrap();
        assert!((up - 100.0 * (1.0 - 4.0 * 0.3 / 168.0)).abs() < 1e-9);
    }

    #[test]
    fn overlapping_incidents_count_the_worst_state_once() {
        let m = model(&[
            (
                "major",
                "2026-11-23T10:00:00Z",
                "2026-11-23T12:00:00Z",
                ServiceStatus::MajorOutage,
            ),
            (
                "partial",
                "2026-11-23T11:00:00Z",
                "2026-11-23T14:00:00Z",
                ServiceStatus::PartialOutage,
            ),
            (
                "inner",
                "2026-11-23T10:30:00Z",
                "2026-11-23T11:30:00Z",
                ServiceStatus::MajorOutage,
            ),
            (
                "slow",
                "2026-11-23T09:00:00Z",
                "2026-11-23T15:00:00Z",
                ServiceStatus::Degraded,
            ),
        ]);
        let d = daily(&m, "api", t(NOW), 2);
        assert_eq!(d[0].status, ServiceStatus::MajorOutage);
        assert_eq!(d[0].incidents.len(), 4);
        // 10-12 major (120 min) + 12-14 partial (120 min x 0.3) = 156 min, not 120+60+180x0.3.
        assert!(
            (d[0].downtime_minutes - 156.0).abs() < 1e-6,
            "{}",
            d[0].downtime_minutes
        );
    }

    #[test]
    fn open_incident_runs_until_now_and_days_before_first_seen_are_unknown() {
        let mut m = model(&[]);
        m.services[0].first_seen = Some(t("2026-11-20T08:00:00Z"));
        m.incidents.push(Incident {
            end: None,
            ..model(&[(
                "o",
                "2026-11-24T11:00:00Z",
                "2026-11-24T11:00:00Z",
                ServiceStatus::MajorOutage,
            )])
            .incidents[0]
                .clone()
        });
        let d = daily(&m, "api", t(NOW), 90);
        assert_eq!(d[0].status, ServiceStatus::Unknown);
        assert_eq!(d[84].date, NaiveDate::from_ymd_opt(2026, 11, 19).unwrap());
        assert_eq!(d[84].status, ServiceStatus::Unknown);
        assert_eq!(d[85].status, ServiceStatus::Operational);
        assert_eq!(d[89].status, ServiceStatus::MajorOutage);
        assert!((d[89].downtime_minutes - 60.0).abs() < 1e-6);
        // Window clipped to first observation: 1 h down out of 4 days 4 h.
        let up = uptime(&m, "api", t(NOW), 90).unwrap();
        assert!((up - 100.0 * (1.0 - 1.0 / 100.0)).abs() < 1e-9, "{up}");
    }

    #[test]
    fn stale_snapshot_warns() {
        let mut m = model(&[]);
        m.snapshots.push(Snapshot {
            taken_at: t("2026-11-20T00:00:00Z"),
            source: "content/health/x.yml".into(),
            format: "tandem",
        });
        assert!(stale_warning(&m, t(NOW), Duration::hours(24)).is_some());
        assert!(stale_warning(&m, t(NOW), Duration::days(7)).is_none());
    }
}
