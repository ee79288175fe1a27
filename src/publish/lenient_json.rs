//! JSON as DocFX reads it (Json.NET): `//` and `/* */` comments and trailing commas allowed.
//! serde_json has no lenient mode, and a JSON5 parser would accept far more than DocFX does, so
//! the comments and trailing commas are blanked out by hand before serde_json parses the text.

/// The redirection file as DocFX reads it (Json.NET): `//` and `/* */` comments and trailing
/// commas are allowed. They are blanked out with spaces (line breaks kept), so positions in the
/// result are positions in the file. serde_json has no lenient mode, and a JSON5 parser would
/// accept far more than DocFX does.
pub(super) fn lenient_json(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    // First the comments, so that a trailing comma is seen before a comment too (`}, // last`).
    outside_strings(text.as_bytes(), |b, i| match (b[i], b.get(i + 1)) {
        (b'/', Some(b'/')) => {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |e| i + e);
            out[i..end].fill(b' ');
            end
        }
        (b'/', Some(b'*')) => {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            for o in &mut out[i..end] {
                if *o != b'\n' {
                    *o = b' ';
                }
            }
            end
        }
        _ => i + 1,
    });
    let blanked = out.clone();
    outside_strings(&blanked, |b, i| {
        if b[i] == b',' {
            let next = b[i + 1..].iter().position(|x| !x.is_ascii_whitespace());
            if next.is_some_and(|n| matches!(b[i + 1 + n], b']' | b'}')) {
                out[i] = b' ';
            }
        }
        i + 1
    });
    // Only ASCII bytes outside strings, and whole comments (with their multi-byte characters),
    // were replaced by spaces: the result is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Calls `f(bytes, i)` at each byte outside JSON strings; `f` returns where to go on.
fn outside_strings(b: &[u8], mut f: impl FnMut(&[u8], usize) -> usize) {
    let mut i = 0;
    let mut in_string = false;
    while i < b.len() {
        if in_string {
            match b[i] {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
        } else if b[i] == b'"' {
            in_string = true;
            i += 1;
        } else {
            i = f(b, i).max(i + 1);
        }
    }
}
