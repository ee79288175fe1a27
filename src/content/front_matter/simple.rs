//! The fast path for the front matter most pages have: flat `key: value` lines of plain scalars,
//! read without serde_yaml (which it matches exactly; anything else falls back to it).

use serde_yaml::Value;

/// The value of front matter that is only `key: text` lines, as the YAML parser would give it;
/// `None` for anything else (lists, block scalars, escapes, comments, numbers, booleans, null,
/// repeated keys, …), which goes to the parser. Nearly every Docs front matter is such lines, and
/// the general parser was 4.5% of a build; a property test checks that whenever this answers, it
/// gives exactly the parser's value.
pub(super) fn simple_mapping(yaml: &str) -> Option<Value> {
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
