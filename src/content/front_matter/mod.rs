//! YAML front matter of a Docs page: the keys Tandem understands are typed, every other key is kept
//! for templates (`page.extra`). A wrong type is a diagnostic at the key's line, never a panic.
//!
//! `simple` reads the common flat front matter without serde_yaml, `position` locates YAML errors
//! in the page file.

mod position;
mod simple;

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, line_col};
use crate::lang::Lang;
use position::{context_position, file_lines, key_line};
use simple::simple_mapping;

/// A calendar date as Docs writes it (`MM/DD/YYYY`); ordered, so "newest" comparisons work.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

/// `12:00:00 AM`, `9:30`, `23:59:59`: hours and minutes, optional seconds, optional AM/PM.
fn is_time_of_day(s: &str) -> bool {
    let s = s.trim();
    let clock = s
        .strip_suffix("AM")
        .or_else(|| s.strip_suffix("PM"))
        .or_else(|| s.strip_suffix("am"))
        .or_else(|| s.strip_suffix("pm"))
        .unwrap_or(s)
        .trim_end();
    let parts: Vec<&str> = clock.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

impl Date {
    /// Parses `MM/DD/YYYY` (Docs) or `YYYY-MM-DD` (ISO). A time of day after the date, as .NET
    /// writes it (`1/23/2021 12:00:00 AM`, found in generated API reference pages), is allowed
    /// and ignored.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let s = match s.split_once(' ') {
            Some((date, time)) if is_time_of_day(time) => date,
            _ => s,
        };
        let (y, m, d) = if let Some((m, rest)) = s.split_once('/') {
            let (d, y) = rest.split_once('/')?;
            (y, m, d)
        } else {
            let mut it = s.splitn(3, '-');
            let y = it.next()?;
            let m = it.next()?;
            let d = it.next()?;
            let d = d
                .get(..2)
                .filter(|_| d.len() > 2 && !d.as_bytes()[2].is_ascii_digit())
                .unwrap_or(d);
            (y, m, d)
        };
        let date = Date {
            year: y.trim().parse().ok()?,
            month: m.trim().parse().ok()?,
            day: d.trim().parse().ok()?,
        };
        ((1..=12).contains(&date.month) && (1..=31).contains(&date.day) && date.year > 1900)
            .then_some(date)
    }

    /// ISO `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Machine or human translation, from `ms.translationtype`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TranslationType {
    /// Human translation.
    HT,
    /// Machine translation: pages get a "read the original" notice.
    MT,
}

/// The typed front matter of one file. (Serialized for the build cache, whose binary format
/// cannot hold free-form JSON values: `extra` is stored as JSON text.)
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `ms.date`.
    pub date: Option<Date>,
    /// `ms.topic`.
    pub topic: Option<String>,
    /// `author` (GitHub handle).
    pub author: Option<String>,
    /// `ms.author` (alias).
    pub ms_author: Option<String>,
    /// `ms.service`.
    pub service: Option<String>,
    /// `ms.subservice`.
    pub subservice: Option<String>,
    /// `services:` list; together with `ms.service` the services this page concerns.
    pub services: Vec<String>,
    /// `ms.translationtype`.
    pub translation_type: Option<TranslationType>,
    /// `ms.contentlocale`.
    pub content_locale: Option<Lang>,
    /// `ms.lasthandoff`: when the translation was handed off; the newest source wins.
    pub last_handoff: Option<Date>,
    /// `ms.openlocfilehash`: hash of the source file the translation was made from.
    pub open_loc_file_hash: Option<String>,
    /// `ms.sourcegitcommit`.
    pub source_git_commit: Option<String>,
    /// `ms.locfileid`.
    pub loc_file_id: Option<String>,
    /// `ms.localizationpriority`.
    pub localization_priority: Option<String>,
    /// `keywords` (a list is joined with ", ").
    pub keywords: Option<String>,
    /// `robots`.
    pub robots: Option<String>,
    /// `draft`.
    pub draft: bool,
    /// Every other key, for templates.
    #[serde(with = "extra_as_json")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl FrontMatter {
    /// Every service id the page concerns (`ms.service` first, then `services:`), deduplicated.
    pub fn all_services(&self) -> Vec<String> {
        let mut out: Vec<String> = self.service.iter().cloned().collect();
        for s in &self.services {
            if !out.contains(s) {
                out.push(s.clone());
            }
        }
        out
    }
}

/// A file split into front matter and body.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// Typed front matter (default when the file has none).
    pub front: FrontMatter,
    /// Whether the file had a front-matter block.
    pub has_front_matter: bool,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: u32,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Splits `text` (BOM already removed) into front matter and body and parses the front matter.
pub fn parse<'a>(text: &'a str, file: &Path) -> Parsed<'a> {
    let mut diags = Vec::new();
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Parsed {
            front: FrontMatter::default(),
            has_front_matter: false,
            body: text,
            body_line: 1,
            diagnostics: diags,
        };
    }
    let yaml_start = (first_end + 1).min(text.len());
    // The block ends at the next line that is exactly `---` (or `...`).
    let mut pos = yaml_start;
    let mut end = None;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end();
        if line == "---" || line == "..." {
            end = Some((pos, (line_end + 1).min(text.len())));
            break;
        }
        pos = line_end + 1;
    }
    let Some((yaml_end, body_start)) = end else {
        diags.push(
            Diagnostic::error(
                "front-matter-unclosed",
                file,
                1,
                1,
                "front matter is not closed",
            )
            .with_help("end the front matter with a line that holds only `---`"),
        );
        return Parsed {
            front: FrontMatter::default(),
            has_front_matter: false,
            body: text,
            body_line: 1,
            diagnostics: diags,
        };
    };
    let yaml = &text[yaml_start..yaml_end];
    let body_line = line_col(text, body_start).0;
    let front = parse_yaml(yaml, file, &mut diags);
    Parsed {
        front,
        has_front_matter: true,
        body: &text[body_start..],
        body_line,
        diagnostics: diags,
    }
}

fn parse_yaml(yaml: &str, file: &Path, diags: &mut Vec<Diagnostic>) -> FrontMatter {
    let mut fm = FrontMatter::default();
    if yaml.trim().is_empty() {
        return fm;
    }
    let simple = simple_mapping(yaml);
    let value: Value = match simple.map_or_else(|| serde_yaml::from_str(yaml), Ok) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e
                .location()
                .map_or((1, 1), |l| (l.line() as u32 + 1, l.column() as u32));
            let message = file_lines(&e.to_string(), 1);
            // An unclosed `[`, `{` or quote is only noticed where the front matter ends; point at
            // where the construct starts ("while parsing a flow sequence at line 3 column 6").
            let (line, col) = context_position(&message).unwrap_or((line, col));
            diags.push(
                Diagnostic::error("front-matter-yaml", file, line, col, format!("invalid YAML in front matter: {message}"))
                    .with_help("fix the YAML syntax; quote values that contain `: ` or start with `[`, `{`, `*`, `&`"),
            );
            return fm;
        }
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return fm,
        _ => {
            diags.push(
                Diagnostic::error(
                    "front-matter-type",
                    file,
                    2,
                    1,
                    "front matter must be a mapping of `key: value` lines",
                )
                .with_help("write one `key: value` per line"),
            );
            return fm;
        }
    };
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_string) else {
            continue;
        };
        let wrong = |diags: &mut Vec<Diagnostic>, expected: &str| {
            let (l, c) = key_line(yaml, &key);
            diags.push(
                Diagnostic::error(
                    "front-matter-type",
                    file,
                    l,
                    c,
                    format!("`{key}` must be {expected}"),
                )
                .with_help(format!("write `{key}` as {expected}")),
            );
        };
        let string = |diags: &mut Vec<Diagnostic>| -> Option<String> {
            match &v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                Value::Null => None,
                _ => {
                    wrong(diags, "a text value");
                    None
                }
            }
        };
        match key.as_str() {
            "title" => fm.title = string(diags),
            "description" => fm.description = string(diags),
            "ms.topic" => fm.topic = string(diags),
            "author" => fm.author = string(diags),
            "ms.author" => fm.ms_author = string(diags),
            "ms.service" => fm.service = string(diags),
            "ms.subservice" => fm.subservice = string(diags),
            "ms.openlocfilehash" => fm.open_loc_file_hash = string(diags),
            "ms.sourcegitcommit" => fm.source_git_commit = string(diags),
            "ms.locfileid" => fm.loc_file_id = string(diags),
            "ms.localizationpriority" => fm.localization_priority = string(diags),
            "robots" => fm.robots = string(diags),
            "ms.date" | "ms.lasthandoff" => {
                if let Some(s) = string(diags) {
                    match Date::parse(&s) {
                        Some(d) if key == "ms.date" => fm.date = Some(d),
                        Some(d) => fm.last_handoff = Some(d),
                        None => {
                            let (l, c) = key_line(yaml, &key);
                            diags.push(
                                Diagnostic::warning(
                                    "front-matter-date",
                                    file,
                                    l,
                                    c,
                                    format!("`{key}: {s}` is not a date"),
                                )
                                .with_help("write dates as MM/DD/YYYY, e.g. 10/29/2018"),
                            );
                        }
                    }
                }
            }
            "ms.translationtype" => {
                if let Some(s) = string(diags) {
                    match s.trim().to_ascii_uppercase().as_str() {
                        "HT" => fm.translation_type = Some(TranslationType::HT),
                        "MT" => fm.translation_type = Some(TranslationType::MT),
                        _ => {
                            let (l, c) = key_line(yaml, &key);
                            diags.push(
                                Diagnostic::warning(
                                    "front-matter-value",
                                    file,
                                    l,
                                    c,
                                    format!("`ms.translationtype: {s}` is neither HT nor MT"),
                                )
                                .with_help("use HT (human) or MT (machine)"),
                            );
                        }
                    }
                }
            }
            "ms.contentlocale" => {
                if let Some(s) = string(diags) {
                    match Lang::parse(&s) {
                        Some(l) => fm.content_locale = Some(l),
                        None => {
                            let (l, c) = key_line(yaml, &key);
                            diags.push(
                                Diagnostic::warning(
                                    "front-matter-value",
                                    file,
                                    l,
                                    c,
                                    format!("`ms.contentlocale: {s}` is not a language tag"),
                                )
                                .with_help("use a tag such as fr-FR"),
                            );
                        }
                    }
                }
            }
            "keywords" => match &v {
                Value::Sequence(items) => {
                    let words: Vec<String> = items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect();
                    fm.keywords = Some(words.join(", "));
                }
                _ => fm.keywords = string(diags),
            },
            "services" => match &v {
                Value::Sequence(items) => {
                    for i in items {
                        match i.as_str() {
                            Some(s) => fm.services.push(s.to_string()),
                            None => wrong(diags, "a list of service ids"),
                        }
                    }
                }
                Value::String(s) => fm.services.extend(
                    s.split(',')
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty()),
                ),
                _ => wrong(diags, "a list of service ids"),
            },
            "draft" => match &v {
                Value::Bool(b) => fm.draft = *b,
                _ => wrong(diags, "true or false"),
            },
            _ => {
                let json = serde_json::to_value(&v).unwrap_or(serde_json::Value::Null);
                fm.extra.insert(key, json);
            }
        }
    }
    fm
}

/// `FrontMatter::extra` as one JSON string, for formats without self-description (postcard).
mod extra_as_json {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(
        v: &BTreeMap<String, serde_json::Value>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(v).map_err(serde::ser::Error::custom)?;
        text.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<String, serde_json::Value>, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
