//! The first pass of the split: every `<span …>` and `</span>` tag of the text as a token (tolerant
//! of quoting, spacing and case), classified as a translated half, a source half, the lookup wrapper
//! or a plain span, and each open matched with its close on one stack, once for the whole file.

/// A `<span` whose `>` is further away than this is not treated as a tag (keeps scanning linear).
const MAX_TAG_LEN: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `<span data-ttu-id=…>`: the translated half.
    Ttu,
    /// `<span data-stu-id=…>`: the source half.
    Stu,
    /// `<span class="sxs-lookup">`: the wrapper around the source half.
    Lookup,
    /// Any other `<span>`.
    Plain,
    /// `<span … />`: opens nothing.
    SelfClosing,
    /// `</span>`.
    Close,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    /// Byte range of the (trimmed) id value for `Ttu` / `Stu`.
    pub(super) id: (usize, usize),
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

pub(super) fn starts_with_ci(bytes: &[u8], at: usize, word: &[u8]) -> bool {
    bytes
        .get(at..at + word.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(word))
}

/// Finds every span tag. Returns the tokens in document order.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        i = lt + 1;
        if b.get(lt + 1) == Some(&b'/') {
            if starts_with_ci(b, lt + 2, b"span") {
                let mut p = lt + 6;
                while p < b.len() && p < lt + 64 && is_ws(b[p]) {
                    p += 1;
                }
                if b.get(p) == Some(&b'>') {
                    toks.push(Tok {
                        start: lt,
                        end: p + 1,
                        kind: Kind::Close,
                        id: (0, 0),
                    });
                    i = p + 1;
                }
            }
            continue;
        }
        if !starts_with_ci(b, lt + 1, b"span") {
            continue;
        }
        match b.get(lt + 5) {
            Some(&c) if is_ws(c) || c == b'>' || c == b'/' => {}
            _ => continue,
        }
        if let Some(tok) = parse_open(b, lt) {
            i = tok.end;
            toks.push(tok);
        }
    }
    toks
}

/// Parses the attributes of `<span` at `lt`; `None` when this is not a well-formed tag.
fn parse_open(b: &[u8], lt: usize) -> Option<Tok> {
    let limit = b.len().min(lt + MAX_TAG_LEN);
    let mut p = lt + 5;
    let mut ttu = None;
    let mut stu = None;
    let mut lookup = false;
    let mut self_closing = false;
    loop {
        while p < limit && is_ws(b[p]) {
            p += 1;
        }
        if p >= limit {
            return None;
        }
        match b[p] {
            b'>' => break,
            b'/' => {
                if b.get(p + 1) == Some(&b'>') {
                    self_closing = true;
                    p += 1;
                    break;
                }
                p += 1;
                continue;
            }
            _ => {}
        }
        let name_start = p;
        while p < limit && !is_ws(b[p]) && !matches!(b[p], b'=' | b'>' | b'/') {
            p += 1;
        }
        let name = &b[name_start..p];
        if name.contains(&b'<') {
            return None;
        }
        if name.is_empty() {
            // A stray `=`: skip it so the loop always advances.
            p += 1;
            continue;
        }
        let mut q = p;
        while q < limit && is_ws(b[q]) {
            q += 1;
        }
        let mut value = (p, p);
        if q < limit && b[q] == b'=' {
            q += 1;
            while q < limit && is_ws(b[q]) {
                q += 1;
            }
            if q >= limit {
                return None;
            }
            if b[q] == b'"' || b[q] == b'\'' {
                let quote = b[q];
                let vs = q + 1;
                // A `<` ends the attempt: no tag parse ever reads past the next `<`, which keeps
                // the tokenizer linear on hostile input.
                let ve = vs + b[vs..limit].iter().position(|&c| c == quote || c == b'<')?;
                if b[ve] != quote {
                    return None;
                }
                value = (vs, ve);
                p = ve + 1;
            } else {
                let vs = q;
                while q < limit && !is_ws(b[q]) && b[q] != b'>' {
                    if b[q] == b'<' {
                        return None;
                    }
                    q += 1;
                }
                value = (vs, q);
                p = q;
            }
        }
        let (mut vs, mut ve) = value;
        while vs < ve && is_ws(b[vs]) {
            vs += 1;
        }
        while ve > vs && is_ws(b[ve - 1]) {
            ve -= 1;
        }
        if name.eq_ignore_ascii_case(b"data-ttu-id") {
            ttu.get_or_insert((vs, ve));
        } else if name.eq_ignore_ascii_case(b"data-stu-id") {
            stu.get_or_insert((vs, ve));
        } else if name.eq_ignore_ascii_case(b"class") {
            lookup |= b[vs..ve]
                .split(|&c| is_ws(c))
                .any(|w| w.eq_ignore_ascii_case(b"sxs-lookup"));
        }
    }
    let (kind, id) = match (ttu, stu) {
        (Some(id), _) => (Kind::Ttu, id),
        (None, Some(id)) => (Kind::Stu, id),
        _ if lookup => (Kind::Lookup, (0, 0)),
        _ => (Kind::Plain, (0, 0)),
    };
    let kind = if self_closing {
        Kind::SelfClosing
    } else {
        kind
    };
    Some(Tok {
        start: lt,
        end: p + 1,
        kind,
        id,
    })
}

/// For each open token, the index of its matching close token (`usize::MAX` when unclosed).
pub(super) fn match_closes(toks: &[Tok]) -> Vec<usize> {
    let mut close_of = vec![usize::MAX; toks.len()];
    let mut stack = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            Kind::Close => {
                if let Some(open) = stack.pop() {
                    close_of[open] = i;
                }
            }
            Kind::SelfClosing => {}
            _ => stack.push(i),
        }
    }
    close_of
}
