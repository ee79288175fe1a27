//! The last steps on the HTML pulldown-cmark wrote: the directive placeholders swapped for the HTML
//! they stand for, and the splitter's line padding taken out again.

/// The splitter's line padding, as it follows a line ending (`sxs` module docs, "Line numbers").
const PAD: &[u8] = b"\ndata-pad";

/// A searcher for [`PAD`], made once: making one per page cost more than the search.
pub(super) static PAD_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PAD));

/// `html` without the splitter's line padding: each run of `data-pad` attributes (each after its
/// own line ending) at the end of a tag, and the empty `<span>` that held nothing else. The padding
/// kept line numbers right while the Markdown was parsed; in a page it would be a repeated
/// attribute (invalid HTML) and an empty element.
pub(super) fn strip_padding(html: String) -> String {
    let finder = &*PAD_FINDER;
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut copied, mut from) = (0, 0);
    while let Some(rel) = finder.find(&b[from..]) {
        let nl = from + rel;
        let start = if nl > 0 && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        let mut end = nl + PAD.len();
        loop {
            let rest = &b[end..];
            if rest.starts_with(PAD) {
                end += PAD.len();
            } else if rest.first() == Some(&b'\r') && rest[1..].starts_with(PAD) {
                end += 1 + PAD.len();
            } else {
                break;
            }
        }
        from = end;
        // Padding always ends its tag; anything else is the page's own text.
        if b.get(end) != Some(&b'>') || start < copied {
            continue;
        }
        const EMPTY_OPEN: &str = "<span";
        const EMPTY_CLOSE: &str = "></span>";
        if html[..start].ends_with(EMPTY_OPEN)
            && html[end..].starts_with(EMPTY_CLOSE)
            && start - EMPTY_OPEN.len() >= copied
        {
            out.push_str(&html[copied..start - EMPTY_OPEN.len()]);
            copied = end + EMPTY_CLOSE.len();
        } else {
            out.push_str(&html[copied..start]);
            copied = end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Swaps `<!--tandem:N-->` and `<tandem-ph n="N"></tandem-ph>` for the directive HTML they stand for.
/// Each kind is searched for once per occurrence (the next one of each is remembered), and a page
/// without directives is returned as it is.
pub(super) fn substitute_placeholders(html: String, placeholders: &[String]) -> String {
    const KINDS: [(&str, &str); 2] = [
        ("<!--tandem:", "-->"),
        ("<tandem-ph n=\"", "\"></tandem-ph>"),
    ];
    if placeholders.is_empty() {
        return html;
    }
    let finders = KINDS.map(|(open, _)| memchr::memmem::Finder::new(open));
    let find = |kind: usize, from: usize| {
        finders[kind]
            .find(&html.as_bytes()[from..])
            .map(|i| from + i)
    };
    let mut next = [find(0, 0), find(1, 0)];
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while let Some((kind, i)) = next
        .iter()
        .enumerate()
        .filter_map(|(k, i)| i.map(|i| (k, i)))
        .min_by_key(|&(_, i)| i)
    {
        let (open, close) = KINDS[kind];
        let after = &html[i + open.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let found = after[digits..]
            .starts_with(close)
            .then(|| after[..digits].parse::<usize>().ok())
            .flatten()
            .and_then(|n| placeholders.get(n));
        out.push_str(&html[pos..i]);
        pos = match found {
            Some(p) => {
                out.push_str(p);
                i + open.len() + digits + close.len()
            }
            None => {
                out.push_str(open);
                i + open.len()
            }
        };
        for (k, n) in next.iter_mut().enumerate() {
            if n.is_some_and(|n| n < pos) {
                *n = find(k, pos);
            }
        }
    }
    out.push_str(&html[pos..]);
    out
}
