//! The service-health model every importer fills and every page reads: services, incidents,
//! announcements, metrics and customers, all timed in UTC, merged from many snapshots.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The state of a service. Variants are declared from least to most severe so that `max()` gives the
/// "worst of" a set of states; `unknown` sorts lowest because "no data" must never hide real data.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    /// No data, or a value Tandem does not know.
    #[default]
    Unknown,
    /// Everything works.
    Operational,
    /// Planned work; not counted as downtime.
    Maintenance,
    /// Works, but slower or with reduced features.
    Degraded,
    /// Part of the service or part of the users are down.
    PartialOutage,
    /// The service is down.
    MajorOutage,
}

impl ServiceStatus {
    /// Every value, for templates and tests.
    pub const ALL: [ServiceStatus; 6] = [
        ServiceStatus::Operational,
        ServiceStatus::Degraded,
        ServiceStatus::PartialOutage,
        ServiceStatus::MajorOutage,
        ServiceStatus::Maintenance,
        ServiceStatus::Unknown,
    ];

    /// The stable snake_case name used in our YAML, in CSS classes and in UI-string keys.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceStatus::Unknown => "unknown",
            ServiceStatus::Operational => "operational",
            ServiceStatus::Maintenance => "maintenance",
            ServiceStatus::Degraded => "degraded",
            ServiceStatus::PartialOutage => "partial_outage",
            ServiceStatus::MajorOutage => "major_outage",
        }
    }

    /// Parses our own names plus the common synonyms of other status pages, in any case and with
    /// `-`, `_` or spaces; `None` for anything else so the caller can warn.
    pub fn parse(s: &str) -> Option<ServiceStatus> {
        let k = norm_key(s);
        Some(match k.as_str() {
            "operational" | "ok" | "up" | "none" | "green" => ServiceStatus::Operational,
            "degraded" | "degradedperformance" | "disrupted" | "minor" | "notice" => {
                ServiceStatus::Degraded
            }
            "partialoutage" | "partial" => ServiceStatus::PartialOutage,
            "majoroutage" | "down" | "outage" | "critical" | "major" => ServiceStatus::MajorOutage,
            "maintenance" | "undermaintenance" => ServiceStatus::Maintenance,
            "unknown" => ServiceStatus::Unknown,
            _ => return None,
        })
    }

    /// The share of a period in this state that counts as downtime: Atlassian Statuspage weights a
    /// partial outage at 30% of a major outage and does not count degraded performance or maintenance.
    pub fn downtime_weight(self) -> f64 {
        match self {
            ServiceStatus::MajorOutage => 1.0,
            ServiceStatus::PartialOutage => 0.3,
            _ => 0.0,
        }
    }

    /// True for the states a help page should warn about.
    pub fn is_unhealthy(self) -> bool {
        !matches!(self, ServiceStatus::Operational | ServiceStatus::Unknown)
    }
}

/// Lowercase with `-`, `_`, spaces removed: the "any case" comparison key for enum values.
pub fn norm_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where an incident stands, as the last update says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentPhase {
    /// Not known.
    #[default]
    Unknown,
    /// The cause is being looked for.
    Investigating,
    /// The cause is known.
    Identified,
    /// A fix is in and being watched.
    Monitoring,
    /// Over.
    Resolved,
    /// Planned, not started.
    Scheduled,
    /// Planned work running.
    InProgress,
    /// Planned work done.
    Completed,
    /// A post-incident review was published.
    Postmortem,
}

impl IncidentPhase {
    /// Parses our names and those of Statuspage, Microsoft Graph and cState, in any case.
    pub fn parse(s: &str) -> Option<IncidentPhase> {
        Some(match norm_key(s).as_str() {
            "investigating" | "investigationsuspended" | "confirmed" | "reported" => {
                IncidentPhase::Investigating
            }
            "identified"
            | "servicedegradation"
            | "serviceinterruption"
            | "restoringservice"
            | "extendedrecovery"
            | "mitigated"
            | "mitigatedexternal"
            | "update" => IncidentPhase::Identified,
            "monitoring" | "verifyingservice" => IncidentPhase::Monitoring,
            "resolved" | "serviceoperational" | "servicerestored" | "falsepositive"
            | "resolvedexternal" => IncidentPhase::Resolved,
            "scheduled" => IncidentPhase::Scheduled,
            "inprogress" | "verifying" => IncidentPhase::InProgress,
            "completed" => IncidentPhase::Completed,
            "postmortem" | "postincidentreviewpublished" | "postincidentreport" => {
                IncidentPhase::Postmortem
            }
            "unknown" => IncidentPhase::Unknown,
            _ => return None,
        })
    }

    /// The snake_case name used in UI-string keys.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentPhase::Unknown => "unknown",
            IncidentPhase::Investigating => "investigating",
            IncidentPhase::Identified => "identified",
            IncidentPhase::Monitoring => "monitoring",
            IncidentPhase::Resolved => "resolved",
            IncidentPhase::Scheduled => "scheduled",
            IncidentPhase::InProgress => "in_progress",
            IncidentPhase::Completed => "completed",
            IncidentPhase::Postmortem => "postmortem",
        }
    }
}

/// Unplanned incident, planned maintenance, or a notice that changes nothing for users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// Something broke.
    #[default]
    Incident,
    /// Planned work.
    Maintenance,
    /// A limited-impact issue (Microsoft Graph "advisory").
    Advisory,
    /// For information only (cState "informational").
    Informational,
}

/// A monitored service (Statuspage "component", Graph "service", Upptime "site", cState "system").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    /// Stable id used in URLs and in help-page front matter (`ms.service`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Group on the overview page.
    pub group: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Current state, from the newest snapshot that mentions the service.
    pub status: ServiceStatus,
    /// When that state was observed.
    pub status_at: Option<DateTime<Utc>>,
    /// First time any snapshot mentions the service: days before it have no data.
    pub first_seen: Option<DateTime<Utc>>,
    /// File that defined the service, for diagnostics.
    pub source: String,
}

/// One dated message in an incident's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentUpdate {
    /// When it was posted.
    pub at: DateTime<Utc>,
    /// Phase announced by the update.
    pub phase: IncidentPhase,
    /// Plain text (HTML from payloads is converted to text on import).
    pub text: String,
}

/// Title and body of an incident or announcement in one language.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct LocalText {
    /// Translated title.
    pub title: String,
    /// Translated body (plain text).
    #[serde(default)]
    pub body: String,
}

/// Something that went wrong (or planned work that ran) on one or more services.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    /// Stable id used in URLs.
    pub id: String,
    /// Title in the source language.
    pub title: String,
    /// Incident, maintenance, advisory…
    pub kind: IncidentKind,
    /// The state it put the affected services in while it was open.
    pub severity: ServiceStatus,
    /// Current phase.
    pub phase: IncidentPhase,
    /// Ids of the affected services (resolved against the model when merged).
    pub affected: Vec<String>,
    /// Start (UTC).
    pub start: DateTime<Utc>,
    /// End; `None` while open.
    pub end: Option<DateTime<Utc>>,
    /// What users experience.
    pub impact: String,
    /// Timeline, oldest first.
    pub updates: Vec<IncidentUpdate>,
    /// Title and body by language tag (`fr-fr`, or a primary subtag `fr`).
    pub texts: HashMap<String, LocalText>,
    /// Link to the original post, when the payload has one.
    pub url: Option<String>,
    /// File it came from.
    pub source: String,
}

impl Incident {
    /// True while the incident is not over at `now`.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.start <= now && self.end.is_none_or(|e| e > now)
    }
}

/// Planned maintenance or an upcoming change that users should know about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Announcement {
    /// Stable id.
    pub id: String,
    /// Title in the source language.
    pub title: String,
    /// Plain-text body.
    pub body: String,
    /// `maintenance` (services unavailable in the window) or `change` (a product change).
    pub kind: AnnouncementKind,
    /// Services concerned.
    pub services: Vec<String>,
    /// Window start.
    pub start: DateTime<Utc>,
    /// Window end, when known.
    pub end: Option<DateTime<Utc>>,
    /// What the reader must do, if anything.
    pub action_required: Option<String>,
    /// By when.
    pub action_by: Option<DateTime<Utc>>,
    /// Title and body by language.
    pub texts: HashMap<String, LocalText>,
    /// File it came from.
    pub source: String,
}

/// What an announcement announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnnouncementKind {
    /// Services may be unavailable during the window.
    #[default]
    Maintenance,
    /// A product change (Microsoft 365 Message center style).
    Change,
}

/// What a metric series measures.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// Percent of successful checks.
    #[default]
    Availability,
    /// Response time in milliseconds.
    Latency,
    /// Percent of failed requests.
    ErrorRate,
}

/// One timestamped value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricPoint {
    /// When.
    pub at: DateTime<Utc>,
    /// Value, in the unit of the series.
    pub value: f64,
}

/// A metric of one service over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSeries {
    /// Service id.
    pub service: String,
    /// What is measured.
    pub kind: MetricKind,
    /// Unit shown on charts (`%`, `ms`).
    pub unit: String,
    /// Points sorted by time, duplicates (same time) removed.
    pub points: Vec<MetricPoint>,
}

/// A partner's customer and the services it uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer {
    /// Stable id used in URLs.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Service ids.
    pub services: Vec<String>,
    /// File it came from.
    pub source: String,
}

/// One loaded file that carried state at a point in time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// When the state was observed.
    pub taken_at: DateTime<Utc>,
    /// File, as displayed in diagnostics.
    pub source: String,
    /// Format name (`tandem`, `statuspage`, `msgraph`, `upptime`, `cstate`).
    pub format: &'static str,
}

/// A status observed for one service by one snapshot: the series of these makes the daily history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StatusSample {
    /// When.
    pub at: DateTime<Utc>,
    /// The observed state.
    pub status: ServiceStatus,
}

/// Downtime measured by a monitor (Upptime `dailyMinutesDown`) rather than declared as an incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObservedDowntime {
    /// Service id.
    pub service: String,
    /// UTC day.
    pub day: NaiveDate,
    /// Minutes down that day.
    pub minutes: u32,
}

/// Everything loaded from `content/health/`, merged. Vectors are sorted (services by group then name,
/// incidents newest first, announcements by start) so that output is deterministic.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HealthModel {
    /// Services.
    pub services: Vec<Service>,
    /// Incidents (including maintenances that ran as incidents).
    pub incidents: Vec<Incident>,
    /// Announcements.
    pub announcements: Vec<Announcement>,
    /// Metric series.
    pub metrics: Vec<MetricSeries>,
    /// Customers.
    pub customers: Vec<Customer>,
    /// Snapshots, oldest first.
    pub snapshots: Vec<Snapshot>,
    /// Observed states by service id, oldest first.
    pub samples: HashMap<String, Vec<StatusSample>>,
    /// Monitor-measured downtime.
    pub downtime: Vec<ObservedDowntime>,
    /// The instant the pages describe, set when the data is merged ([`HealthModel::reference_time`]).
    #[serde(skip)]
    pub reference: Option<DateTime<Utc>>,
}

impl HealthModel {
    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// Time of the newest snapshot: the "as of" of the site.
    pub fn as_of(&self) -> Option<DateTime<Utc>> {
        self.snapshots.iter().map(|s| s.taken_at).max()
    }

    /// The instant every status page describes and states as its "as of": the newest time the data
    /// speaks for, set by the merge. That is the newest snapshot, or a newer incident start, end or
    /// update from a source that carries no snapshot time (cState issues, Graph issue lists), so that
    /// nothing the data knows is left out or shown half-finished; never later than the build clock
    /// (a snapshot dated in the future is reported on loading and does not move it). With no
    /// snapshot at all, the data speaks for the moment of the build: the build clock `clock`.
    ///
    /// Everything time-dependent is computed at this instant, never at the build clock: which
    /// incidents are open, the duration of an open incident, the last day of the 90-day bars and of
    /// the history, the uptime windows, the metric charts' window, the current announcements and
    /// the services' states raised by open incidents. So a page never claims knowledge after the
    /// time it says it describes, and building the same data twice (today, next week, in CI) gives
    /// the same pages. How old that instant is compared with the build clock is the job of
    /// [`crate::health::stale_warning`], which keeps using the clock.
    ///
    /// Sources dated by their file's modification time (Upptime, a Graph payload without entries)
    /// follow that time, so a fresh checkout can move it.
    pub fn reference_time(&self, clock: DateTime<Utc>) -> DateTime<Utc> {
        self.reference.unwrap_or(clock)
    }

    /// The "as of" a page states, `now` being [`Self::reference_time`]: stated only when some
    /// source carries a snapshot time (else only the build clock stands behind it).
    pub fn stated_as_of(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.as_of().map(|_| now)
    }
}

/// The newest time the data speaks for, never after `clock` (see
/// [`HealthModel::reference_time`]): the newest snapshot, or a newer incident start, end or update;
/// `clock` when no snapshot carries a time.
pub(crate) fn newest_known(
    snapshots: &[Snapshot],
    incidents: &[Incident],
    clock: DateTime<Utc>,
) -> DateTime<Utc> {
    if snapshots.is_empty() {
        return clock;
    }
    let events = incidents
        .iter()
        .filter(|i| i.kind != IncidentKind::Maintenance)
        .flat_map(|i| {
            std::iter::once(i.start)
                .chain(i.end)
                .chain(i.updates.iter().map(|u| u.at))
        });
    snapshots
        .iter()
        .map(|s| s.taken_at)
        .chain(events)
        .filter(|t| *t <= clock)
        .max()
        .unwrap_or(clock)
}
