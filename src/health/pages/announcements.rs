//! Announcements (maintenance, notices): which are current, and each as view data with its text in
//! paragraphs.

use super::super::i18n::{format_datetime, tr};
use super::super::localize::{Shown, Texts};
use super::super::model::*;
use super::{Link, Urls};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// An announcement as shown.
#[derive(Debug, Clone, Serialize)]
pub struct AnnouncementView {
    /// Id.
    pub id: String,
    /// Title (translated when available).
    pub title: String,
    /// Language of `title` when it differs from the page's.
    pub title_lang: Option<String>,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
    /// Language of the paragraphs when it differs from the page's.
    pub body_lang: Option<String>,
    /// Localized kind.
    pub kind: String,
    /// Localized window start.
    pub start: String,
    /// RFC 3339 start.
    pub start_iso: String,
    /// Localized window end.
    pub end: Option<String>,
    /// Services concerned.
    pub services: Vec<Link>,
    /// Free-text action (never translated).
    pub action_required: Option<String>,
    /// Language of `action_required` when it differs from the page's.
    pub action_lang: Option<String>,
    /// Localized deadline.
    pub action_by: Option<String>,
    /// The window has started.
    pub in_progress: bool,
}

/// Paragraphs of a plain text (blank-line separated), trimmed, empty ones dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The view of an announcement.
pub fn announcement_view(
    model: &HealthModel,
    a: &Announcement,
    urls: &Urls,
    now: DateTime<Utc>,
) -> AnnouncementView {
    let lang = &urls.lang;
    let Texts { title, body } = Texts::of_announcement(lang, a);
    let action = a
        .action_required
        .as_deref()
        .map(|t| Shown::original(t, lang));
    AnnouncementView {
        id: a.id.clone(),
        title: title.text,
        title_lang: title.lang,
        paragraphs: paragraphs(&body.text),
        body_lang: body.lang,
        kind: tr(
            lang,
            if a.kind == AnnouncementKind::Change {
                "status_kind_change"
            } else {
                "status_kind_maintenance"
            },
        ),
        start: format_datetime(lang, a.start),
        start_iso: a.start.to_rfc3339(),
        end: a.end.map(|e| format_datetime(lang, e)),
        services: a
            .services
            .iter()
            .map(|id| Link {
                name: model
                    .service(id)
                    .map_or_else(|| id.clone(), |s| s.name.clone()),
                url: urls.service(id),
                lang: None,
            })
            .collect(),
        action_lang: action.as_ref().and_then(|t| t.lang.clone()),
        action_required: action.map(|t| t.text),
        action_by: a.action_by.map(|t| format_datetime(lang, t)),
        in_progress: a.start <= now,
    }
}

/// The upcoming or running announcements at `now`, by start.
pub fn current_announcements(
    model: &HealthModel,
    now: DateTime<Utc>,
) -> impl Iterator<Item = &Announcement> {
    model
        .announcements
        .iter()
        .filter(move |a| a.end.unwrap_or(a.start) >= now || a.action_by.is_some_and(|b| b >= now))
}
