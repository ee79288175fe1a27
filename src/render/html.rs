//! HTML escaping shared by every stage that writes HTML or XML by hand (the Markdown renderer, page
//! notices and the sidebar, status charts and feeds, and Tera's autoescape), and the byte tables the
//! hand-written scanners use.

/// The entity that stands for `b` in HTML text or a quoted attribute value (`& < > " '`).
pub fn entity(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Every byte that an `entity_of` given to [`escape_with`] may replace.
pub const MAY_ESCAPE: [bool; 256] = byte_set(b"\"&'<>|");

/// Escapes `s` through `put`: each run of bytes `entity_of` leaves alone is passed in one call (not
/// character by character), then the replacement of the byte that ends it. `entity_of` may replace
/// only bytes of [`MAY_ESCAPE`] (ASCII, so runs end on character boundaries).
pub fn escape_with(
    s: &str,
    entity_of: impl Fn(u8) -> Option<&'static str>,
    mut put: impl FnMut(&str),
) {
    let b = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time past text that has none of those bytes (most text): asking
        // `entity_of` about every byte was 3% of a build.
        if let Some(chunk) = b.get(i..i + 8)
            && !chunk
                .iter()
                .fold(false, |any, &c| any | MAY_ESCAPE[c as usize])
        {
            i += 8;
            continue;
        }
        if let Some(e) = entity_of(b[i]) {
            put(&s[from..i]);
            put(e);
            from = i + 1;
        }
        i += 1;
    }
    put(&s[from..]);
}

/// Escapes text for HTML/XML content and double- or single-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_with(s, entity, |run| out.push_str(run));
    out
}

/// Escapes a URL for an attribute: HTML specials, and spaces as `%20`.
pub(crate) fn escape_href(s: &str) -> String {
    escape(s).replace(' ', "%20")
}

/// A 256-entry table that is true for the bytes of `bytes`, for scanners that copy runs of the
/// other bytes at once.
pub const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// Decodes one character reference at the start of `s` (which starts with `&`); returns the
/// decoded char and the reference's byte length. Unknown names are left alone (`None`).
pub fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n).filter(|&c| c != '\0')?
    } else {
        match body {
            "nbsp" => '\u{a0}',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "hellip" => '…',
            "mdash" => '—',
            "ndash" => '–',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    #[test]
    fn entities_replace_only_bytes_escape_with_looks_at() {
        for b in 0..=255u8 {
            assert!(entity(b).is_none() || MAY_ESCAPE[b as usize], "{b}");
        }
        // The data-source attribute escapes `|` as well (content::sxs).
        assert!(MAY_ESCAPE[b'|' as usize]);
    }

    proptest! {
        #[test]
        fn escape_with_skipping_equals_escaping_every_character(
            s in "[a-zé€ \"&'<>|]{0,40}",
        ) {
            let naive: String = s
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            prop_assert_eq!(escape(&s), naive);
        }
    }

    #[test]
    fn escapes_text_and_both_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
