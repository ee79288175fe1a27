//! YAML front matter of a Docs page: the keys Tandem understands are typed, every other key is kept
//! for templates (`page.extra`). A wrong type is a diagnostic at the key's line, never a panic.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, line_col};
use crate::lang::Lang;

/// A calendar date as Docs writes it (`MM/DD/YYYY`); ordered, so "newest" comparisons work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TranslationType {
    /// Human translation.
    HT,
    /// Machine translation: pages get a "read the original" notice.
    MT,
}

/// The typed front matter of one file.
#[derive(Debug, Clone, Default)]
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

/// Rewrites the YAML parser's `line N` positions (counted inside the front matter) as lines of the
/// file, so every number in the message matches what the editor shows.
fn file_lines(message: &str, offset: u32) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<u32>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

/// The `line N column M` after "while parsing" in a YAML error message.
fn context_position(message: &str) -> Option<(u32, u32)> {
    let rest = &message[message.find("while parsing")?..];
    let rest = &rest[rest.find("line ")? + 5..];
    let line: u32 = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let col = rest
        .find("column ")
        .and_then(|i| {
            rest[i + 7..]
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(1);
    Some((line, col))
}

/// Line (in the file: the YAML starts at line 2) of the key `key:` in the front matter.
fn key_line(yaml: &str, key: &str) -> (u32, u32) {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with(':') {
            let (l, _) = line_col(yaml, offset);
            let col = (line.len() - t.len()) as u32 + 1;
            return (l + 1, col);
        }
        offset += line.len();
    }
    (1, 1)
}

/// The value of front matter that is only `key: text` lines, as the YAML parser would give it;
/// `None` for anything else (lists, block scalars, escapes, comments, numbers, booleans, null,
/// repeated keys, …), which goes to the parser. Nearly every Docs front matter is such lines, and
/// the general parser was 4.5% of a build; a property test checks that whenever this answers, it
/// gives exactly the parser's value.
fn simple_mapping(yaml: &str) -> Option<Value> {
    let mut map = serde_yaml::Mapping::new();
    for line in yaml.lines() {
        // Blank means spaces only: YAML does not take tabs or other white space as blank.
        if line.bytes().all(|b| b == b' ') {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        // YAML's implicit keys are at most 1,024 characters.
        if key.len() > 1000 {
            return None;
        }
        let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !key_ok || !rest.starts_with(' ') || is_yaml_keyword(key) {
            return None;
        }
        let raw = rest.trim_matches(' ');
        let text = if let Some(inner) = raw.strip_prefix('"') {
            // A double-quoted string without escapes.
            let inner = inner.strip_suffix('"')?;
            (!inner.contains(['"', '\\'])).then_some(inner)?
        } else if let Some(inner) = raw.strip_prefix('\'') {
            let inner = inner.strip_suffix('\'')?;
            (!inner.contains('\'')).then_some(inner)?
        } else {
            plain_text_scalar(raw)?
        };
        // Controls, YAML's own line breaks (U+2028, U+2029) and characters it refuses.
        let odd_char = |c: char| {
            c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                )
        };
        if text.chars().any(odd_char) {
            return None;
        }
        let key = Value::String(key.to_string());
        if map.contains_key(&key) {
            return None;
        }
        map.insert(key, Value::String(text.to_string()));
    }
    (!map.is_empty()).then_some(Value::Mapping(map))
}

/// Words some YAML version reads as a boolean or null.
fn is_yaml_keyword(s: &str) -> bool {
    ["null", "true", "false", "yes", "no", "on", "off", "y", "n"]
        .iter()
        .any(|k| s.eq_ignore_ascii_case(k))
}

/// `raw` when YAML reads it as a plain (unquoted) string: not empty, no character that starts
/// another kind of node, no `: ` or ` #` inside, and not something YAML reads as a number, a
/// boolean or null.
fn plain_text_scalar(raw: &str) -> Option<&str> {
    let first = raw.chars().next()?;
    let starts_other = matches!(
        first,
        '-' | '?'
            | ':'
            | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '#'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
            | '.'
            | '+'
            | '~'
            | '<'
            | '='
    );
    // A number needs only digits, `.`, `e`, signs, or a `0x`/`0o`/`0b` prefix (serde_yaml reads
    // integers and Rust floats); `793ac58…` (a commit hash) or `08/08/2024` cannot be one.
    let number_like = first.is_ascii_digit()
        && (["0x", "0o", "0b"].iter().any(|p| raw.starts_with(p))
            || raw
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')));
    let keyword = is_yaml_keyword(raw);
    // (Pairs of bytes looked for with a window: `str::contains` sets up a substring searcher per
    // call, which cost more than the scan on these short values.)
    let has_pair = |a: u8, b: u8| raw.as_bytes().windows(2).any(|w| w[0] == a && w[1] == b);
    let odd = has_pair(b':', b' ')
        || has_pair(b' ', b'#')
        || raw.contains('\t')
        || raw.ends_with(':')
        || raw.ends_with(' ');
    (!starts_other && !number_like && !keyword && !odd).then_some(raw)
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

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Whenever the shortcut reads front matter, the YAML parser reads the same value.
        #[test]
        fn simple_mapping_agrees_with_the_yaml_parser(
            lines in proptest::collection::vec(
                proptest::prop_oneof![8 => (
                    proptest::prop_oneof![
                        6 => proptest::sample::select(vec!["title", "ms.date", "ms.locfileid", "a-b", "x_1"]),
                        1 => proptest::sample::select(vec!["null", "Yes", " k", "k ", "#k", "- k", "1k", "title"]),
                    ],
                    proptest::prop_oneof![
                        6 => proptest::strategy::Just(": "),
                        1 => proptest::sample::select(vec![":", ":  ", ":\t", " : "]),
                    ],
                    proptest::sample::select(vec!["", "", "", "\"", "'"]),
                    proptest::collection::vec(proptest::prop_oneof![
                        6 => proptest::sample::select(vec![
                            "Gérer", "les", " ", "(2494)", "08/08/2024", "535922889", "’", "\u{a0}", "-", ".",
                            "793ac580c0", "18e25", "0b1", "12", "e", "E5", "x",
                        ]),
                        1 => proptest::sample::select(vec![
                            "\"", "'", "#", " #", ": ", ":", "[", "]", "{", "*", "&", "!", "|", ">", "%",
                            "@", "`", "~", "true", "No", "null", "0x1F", "1e3", "\\", "\t", "\r", "=",
                            "<<", "?", ",", "  ", "\u{2028}", "\u{2029}", "\u{fffe}", "\u{3000}",
                        ]),
                    ], 0..6),
                ).prop_map(|(k, sep, q, v)| format!("{k}{sep}{q}{}{q}\n", v.concat())),
                1 => proptest::sample::select(vec![
                    "\n", "   \n", "\t\n", "\u{a0}\n", "\u{3000}\n", "  \u{a0}\n", "\u{b}\n", "\u{2028}\n",
                ]).prop_map(str::to_string)],
                0..5,
            )
        ) {
            let yaml: String = lines.concat();
            if let Some(fast) = simple_mapping(&yaml) {
                let parsed: Result<Value, _> = serde_yaml::from_str(&yaml);
                proptest::prop_assert!(parsed.is_ok(), "{yaml:?}: {parsed:?}");
                proptest::prop_assert_eq!(fast, parsed.unwrap(), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn dates_with_a_time_of_day_are_dates() {
        let d = |s| Date::parse(s).map(|d| d.iso());
        assert_eq!(d("1/23/2021 12:00:00 AM").as_deref(), Some("2021-01-23"));
        assert_eq!(d("10/29/2018 9:30").as_deref(), Some("2018-10-29"));
        assert_eq!(d("2021-01-23 23:59:59").as_deref(), Some("2021-01-23"));
        assert_eq!(d("10/29/2018 tomorrow"), None);
        assert_eq!(d("10/29/2018 12:00:00 XM"), None);
    }

    #[test]
    fn docs_front_matter_takes_the_shortcut() {
        let yaml = "title: Activer les offres (2494)\nms.date: 08/08/2024\nms.openlocfilehash: 793ac580c0ac58da70e0cdf2e23c811092ab8f02\nms.locfileid: \"535922889\"\nms.translationtype: MT\n";
        let fast = simple_mapping(yaml).expect("plain Docs front matter");
        assert_eq!(fast, serde_yaml::from_str::<Value>(yaml).unwrap());
        for odd in [
            "tags: [a, b]\n",
            "n: 3\n",
            "a: b\na: c\n",
            "a: |\n  x\n",
            "a: b # c\n",
        ] {
            assert!(simple_mapping(odd).is_none(), "{odd}");
        }
    }

    const SAMPLE: &str = "---\ntitle: Vérifier\nms.date: 10/29/2018\nms.translationtype: MT\nms.contentlocale: fr-FR\nms.lasthandoff: 04/23/2019\nms.locfileid: \"62131999\"\nms.custom: SEOMAY.20\nkeywords: [a, b]\n---\n# Body\n";

    #[test]
    fn known_keys_are_typed() {
        let p = parse(SAMPLE, Path::new("x.md"));
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let f = p.front;
        assert_eq!(f.title.as_deref(), Some("Vérifier"));
        assert_eq!(
            f.date,
            Some(Date {
                year: 2018,
                month: 10,
                day: 29
            })
        );
        assert_eq!(f.translation_type, Some(TranslationType::MT));
        assert_eq!(f.content_locale.unwrap().as_str(), "fr-fr");
        assert_eq!(f.loc_file_id.as_deref(), Some("62131999"));
        assert_eq!(f.keywords.as_deref(), Some("a, b"));
        assert_eq!(
            f.extra.get("ms.custom").and_then(|v| v.as_str()),
            Some("SEOMAY.20")
        );
        assert_eq!(p.body, "# Body\n");
        assert_eq!(p.body_line, 11);
    }

    #[test]
    fn no_front_matter() {
        let p = parse("# Title\n", Path::new("x.md"));
        assert!(!p.has_front_matter);
        assert_eq!(p.body_line, 1);
    }

    #[test]
    fn unclosed_is_an_error() {
        let p = parse("---\ntitle: x\n# body\n", Path::new("x.md"));
        assert_eq!(p.diagnostics[0].code, "front-matter-unclosed");
    }

    #[test]
    fn wrong_type_names_key_and_line() {
        let p = parse(
            "---\ndescription: ok\ntitle: [a, b]\n---\n",
            Path::new("x.md"),
        );
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].line, 3);
        assert!(p.diagnostics[0].message.contains("title"));
    }

    #[test]
    fn invalid_yaml_has_file_line() {
        let p = parse("---\ntitle: a\nbad: [unclosed\n---\n", Path::new("x.md"));
        let d = &p.diagnostics[0];
        assert_eq!(d.code, "front-matter-yaml");
        assert_eq!((d.line, d.col), (3, 6), "points at the unclosed `[`: {d:?}");
        assert!(
            d.message.contains("line 3 column 6"),
            "message uses file lines: {}",
            d.message
        );
    }

    #[test]
    fn crlf_front_matter() {
        let p = parse("---\r\ntitle: a\r\n---\r\nbody\r\n", Path::new("x.md"));
        assert_eq!(p.front.title.as_deref(), Some("a"));
        assert_eq!(p.body_line, 4);
    }

    #[test]
    fn services_from_both_keys() {
        let p = parse(
            "---\nms.service: azure\nservices: [billing, azure]\n---\n",
            Path::new("x.md"),
        );
        assert_eq!(p.front.all_services(), vec!["azure", "billing"]);
    }
}
