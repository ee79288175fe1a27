//! Loads every file under `content/health/`, recognizes its format by content, imports it into a
//! [`Partial`], then merges all partials into one [`HealthModel`]. Bad entries become diagnostics
//! with file:line; everything valid is kept.

use super::import;
pub use super::import::ctx::SUPPORTED_FORMATS;
use super::import::ctx::strip_position;
pub(crate) use super::import::ctx::{Ctx, Partial};
pub(crate) use super::merge::merge;
use super::model::*;
pub use super::text::{html_to_text, slugify};
use crate::diagnostics::Diagnostic;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::path::Path;

fn is_skipped_name(name: &str) -> bool {
    let up = name.to_ascii_uppercase();
    name.starts_with('.') && name.len() > 1 && !name.eq_ignore_ascii_case(".upptimerc.yml")
        || up.starts_with("README")
        || up.starts_with("LICENSE")
        || up.starts_with("COPYING")
}

/// Loads every health file under `dir`, with "now" taken from the clock (used to flag future times).
/// Paths in diagnostics are shown relative to `root_for_display`.
pub fn load_dir(dir: &Path, root_for_display: &Path) -> (HealthModel, Vec<Diagnostic>) {
    load_dir_at(dir, root_for_display, Utc::now())
}

/// [`load_dir`] with an explicit "now", for reproducible builds and tests.
pub fn load_dir_at(
    dir: &Path,
    root_for_display: &Path,
    now: DateTime<Utc>,
) -> (HealthModel, Vec<Diagnostic>) {
    load_dir_as(dir, root_for_display, now, None)
}

/// Format names accepted by `[health] format` in tandem.toml.
pub const FORMAT_NAMES: [&str; 5] = ["tandem", "statuspage", "msgraph", "upptime", "cstate"];

/// [`load_dir_at`] where every file must be of the `format` named in the config (one of
/// [`FORMAT_NAMES`]), instead of whatever its content looks like: a file recognized as another format,
/// or as none, is an error naming the expected one and contributes no data.
pub fn load_dir_as(
    dir: &Path,
    root_for_display: &Path,
    now: DateTime<Utc>,
    format: Option<&str>,
) -> (HealthModel, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(e.file_type().is_dir() && (name == "LICENSES" || name.starts_with('.')))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.to_path_buf())
                    .unwrap_or_else(|| dir.to_path_buf());
                diags.push(Diagnostic::error("health-io", p, 0, 0, e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if is_skipped_name(&name) {
            continue;
        }
        let path = entry.path();
        let display = path
            .strip_prefix(root_for_display)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !matches!(ext.as_str(), "yml" | "yaml" | "json" | "md") {
            diags.push(
                Diagnostic::warning(
                    "health-ignored-file",
                    &display,
                    0,
                    0,
                    format!("`{display}` is not a health file and was ignored"),
                )
                .with_help("only .yml, .yaml, .json and .md files are read under content/health/"),
            );
            continue;
        }
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes)
                    .trim_start_matches('\u{feff}')
                    .to_string();
                let mtime = std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .ok()
                    .map(DateTime::<Utc>::from);
                files.push((display, ext, text, mtime));
            }
            Err(e) => diags.push(Diagnostic::error(
                "health-io",
                &display,
                0,
                0,
                format!("cannot read: {e}"),
            )),
        }
    }
    use rayon::prelude::*;
    let results: Vec<(Partial, Vec<Diagnostic>, String)> = files
        .par_iter()
        .map(|(display, ext, text, mtime)| {
            let (p, d) = load_text(display, ext, text, *mtime, now);
            let (p, d) = match format {
                Some(f) => require_format(display, f, p, d),
                None => (p, d),
            };
            (p, d, display.clone())
        })
        .collect();
    let mut partials = Vec::new();
    for (p, d, display) in results {
        diags.extend(d);
        partials.push((display, p));
    }
    let (model, merge_diags) = merge(partials, now);
    diags.extend(merge_diags);
    (model, diags)
}

/// Imports one payload in isolation, as if it were the file `name` under `content/health/`, and
/// returns its diagnostics and how many services, incidents and announcements it holds. For tools
/// that check a single file (editors, fuzzing); the build uses [`load_dir`].
pub fn import_one(name: &str, text: &str, now: DateTime<Utc>) -> (usize, Vec<Diagnostic>) {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let (partial, diags) = load_text(name, &ext, text, None, now);
    let count = partial.services.len() + partial.incidents.len() + partial.announcements.len();
    (count, diags)
}

/// Imports one file's text; `ext` is its lowercase extension, `mtime` stands in for the snapshot
/// time of payloads that carry none (a Graph `healthOverviews` list, an Upptime summary).
pub(crate) fn load_text(
    display: &str,
    ext: &str,
    text: &str,
    mtime: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (Partial, Vec<Diagnostic>) {
    let mut ctx = Ctx::new(display, text, now);
    let partial = match ext {
        "md" => import::cstate::import_issue(&mut ctx),
        "json" => match serde_json::from_str::<serde_json::Value>(text) {
            Err(e) => {
                ctx.diags.push(
                    Diagnostic::error(
                        "health-invalid-json",
                        display,
                        e.line() as u32,
                        e.column() as u32,
                        format!("invalid JSON: {}", strip_position(&e.to_string())),
                    )
                    .with_help("fix the syntax; the rest of the health data was still loaded"),
                );
                None
            }
            Ok(v) => dispatch_json(&mut ctx, &v, mtime),
        },
        _ => match yaml_top_keys(text) {
            // A block mapping: the format is recognized from its top-level keys, which spares a
            // second full parse of big snapshots.
            Some(keys) if !keys.contains("params") => dispatch_yaml_keys(&mut ctx, &keys),
            _ => match serde_yaml::from_str::<serde_yaml::Value>(text) {
                Err(e) => {
                    let (l, c) = e
                        .location()
                        .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
                    ctx.diags.push(
                        Diagnostic::error("health-invalid-yaml", display, l, c, format!("invalid YAML: {}", strip_position(&e.to_string())))
                            .with_help("fix the syntax (indent with spaces, quote text containing `: `); the rest of the health data was still loaded"),
                    );
                    None
                }
                Ok(v) => dispatch_yaml(&mut ctx, &v),
            },
        },
    };
    let partial = partial.unwrap_or_default();
    (partial, ctx.diags)
}

/// Enforces `[health] format`: keeps a file's data only when it was recognized as `expected`.
fn require_format(
    display: &str,
    expected: &str,
    partial: Partial,
    mut diags: Vec<Diagnostic>,
) -> (Partial, Vec<Diagnostic>) {
    if partial.format == expected {
        return (partial, diags);
    }
    let found = if partial.format.is_empty() {
        // Syntax errors are already reported; an unrecognized payload gets the sharper message.
        let before = diags.len();
        diags.retain(|d| d.code != "health-unsupported-format");
        if diags.len() == before {
            return (Partial::default(), diags);
        }
        "no supported format".to_string()
    } else {
        format!("a {} payload", partial.format)
    };
    diags.push(
        Diagnostic::error(
            "health-format-mismatch",
            display,
            0,
            0,
            format!("`{display}` looks like {found}, but tandem.toml says every health file is `{expected}`"),
        )
        .with_help("move the file out of content/health/, or remove `format` from [health] to recognize each file by its content"),
    );
    (Partial::default(), diags)
}

fn unsupported(ctx: &mut Ctx) -> Option<Partial> {
    let file = ctx.file.to_string();
    ctx.error(
        "health-unsupported-format",
        0,
        format!("`{file}` is not in a supported service-health format"),
    )
    .help = Some(format!(
        "supported formats: {SUPPORTED_FORMATS}; move other files out of content/health/"
    ));
    None
}

/// Top-level keys of our own snapshot format; any of them marks a file as ours.
const OUR_KEYS: [&str; 6] = [
    "taken_at",
    "services",
    "incidents",
    "announcements",
    "metrics",
    "customers",
];

fn dispatch_json(
    ctx: &mut Ctx,
    v: &serde_json::Value,
    mtime: Option<DateTime<Utc>>,
) -> Option<Partial> {
    use serde_json::Value;
    let has = |k: &str| v.get(k).is_some();
    if v.get("page").is_some_and(Value::is_object)
        && [
            "status",
            "components",
            "incidents",
            "scheduled_maintenances",
        ]
        .iter()
        .any(|k| has(k))
    {
        return import::statuspage::import(ctx);
    }
    if has("taken_at") {
        return import::ours::import(ctx, true);
    }
    if has("schemaVersion") && has("label") && has("message") {
        // Upptime's shields.io badge endpoints: a known format that only repeats history/summary.json.
        return Some(Partial {
            format: "upptime",
            ..Partial::default()
        });
    }
    if let Value::Array(items) = v
        && items.first().is_some_and(|i| {
            i.get("dailyMinutesDown").is_some()
                || (i.get("slug").is_some() && i.get("uptime").is_some())
        })
    {
        return import::upptime::import_summary(ctx, mtime);
    }
    if import::msgraph::looks_like(v) {
        return import::msgraph::import(ctx, v, mtime);
    }
    unsupported(ctx)
}

/// The keys of a block-mapping YAML document's top level; `None` for other shapes (flow style,
/// sequences, scalars) which are then parsed fully.
fn yaml_top_keys(text: &str) -> Option<HashSet<String>> {
    let mut keys = HashSet::new();
    for line in text.lines() {
        let first = line.chars().next();
        match first {
            None | Some(' ') | Some('\t') | Some('#') | Some('\r') => continue,
            Some('-') if line.starts_with("---") => continue,
            Some('.') if line.starts_with("...") => continue,
            Some(c) if c.is_alphanumeric() || c == '_' || c == '"' || c == '\'' || c == '@' => {
                let (k, _) = line.split_once(':')?;
                keys.insert(k.trim().trim_matches(|c| c == '"' || c == '\'').to_string());
            }
            _ => return None,
        }
    }
    (!keys.is_empty()).then_some(keys)
}

fn dispatch_yaml_keys(ctx: &mut Ctx, keys: &HashSet<String>) -> Option<Partial> {
    let has = |k: &str| keys.contains(k);
    if has("url")
        && has("status")
        && (has("lastUpdated") || has("generator") || has("responseTime"))
    {
        return import::upptime::import_history(ctx);
    }
    if has("sites") {
        return import::upptime::import_config(ctx);
    }
    if OUR_KEYS.iter().any(|k| has(k)) {
        return import::ours::import(ctx, false);
    }
    unsupported(ctx)
}

fn dispatch_yaml(ctx: &mut Ctx, v: &serde_yaml::Value) -> Option<Partial> {
    let has = |k: &str| v.get(k).is_some();
    if has("url")
        && has("status")
        && (has("lastUpdated") || has("generator") || has("responseTime"))
    {
        return import::upptime::import_history(ctx);
    }
    if v.get("sites").is_some_and(|s| s.is_sequence()) {
        return import::upptime::import_config(ctx);
    }
    if v.get("params")
        .and_then(|p| p.get("systems"))
        .is_some_and(|s| s.is_sequence())
    {
        return import::cstate::import_config(ctx);
    }
    if OUR_KEYS.iter().any(|k| has(k)) {
        return import::ours::import(ctx, false);
    }
    unsupported(ctx)
}
