//! Where a YAML error is: serde_yaml's message positions turned into lines of the page file, and
//! the line of a key, so each diagnostic points at what the author wrote.

use crate::diagnostics::line_col;

/// Rewrites the YAML parser's `line N` positions (counted inside the front matter) as lines of the
/// file, so every number in the message matches what the editor shows.
pub(super) fn file_lines(message: &str, offset: u32) -> String {
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
pub(super) fn context_position(message: &str) -> Option<(u32, u32)> {
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
pub(super) fn key_line(yaml: &str, key: &str) -> (u32, u32) {
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
