//! Reading the YAML of a structured page leniently: a missing key, a wrong type or an odd scalar
//! is treated as absent rather than an error, as Docs' own build does.

use serde_yaml::{Mapping, Value};

pub(super) fn get<'v>(m: &'v Mapping, key: &str) -> Option<&'v Value> {
    m.get(key)
}

/// A scalar as text (numbers and booleans as written), `None` for missing, null or empty.
pub(super) fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

pub(super) fn text_of(m: &Mapping, key: &str) -> Option<String> {
    get(m, key).and_then(scalar)
}

pub(super) fn seq<'v>(m: &'v Mapping, key: &str) -> &'v [Value] {
    match get(m, key) {
        Some(Value::Sequence(s)) => s,
        _ => &[],
    }
}

pub(super) fn items(v: &Value) -> impl Iterator<Item = &Mapping> {
    v.as_sequence()
        .into_iter()
        .flatten()
        .filter_map(Value::as_mapping)
}
