//! The second pass of the split: a walk over the tokens that pairs each translated half with its
//! source half and writes one half of each pair into each output, keeping the line count
//! ([`super::halves`]), and reports unpaired, orphan, mismatched and duplicate halves located in
//! the file.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::halves::{attr_escape_into, count_nl, fit_lines, pad_after};
use super::lexer::{Kind, Tok, match_closes, tokenize};
use super::{Options, SEG_OPEN, Segment, Split};
use crate::diagnostics::{Diagnostic, Severity};

/// At most this many diagnostics are reported per file; a garbage 10 MB file would otherwise bury
/// the useful ones. The rest are summarized in one final diagnostic.
pub(super) const MAX_DIAGNOSTICS: usize = 200;

/// Where a span's content is and where the span ends.
#[derive(Debug, Clone, Copy)]
struct Extent {
    content: (usize, usize),
    end: usize,
}

struct PendingDiag {
    pos: usize,
    severity: Severity,
    code: &'static str,
    message: String,
    help: String,
}

pub(super) struct Splitter<'a> {
    text: &'a str,
    opts: Options,
    toks: Vec<Tok>,
    close_of: Vec<usize>,
    newline: &'static str,
    /// Cache for `eol`: the last position asked about and the line end found for it.
    eol_cache: (usize, usize),
    diags: Vec<PendingDiag>,
}

impl<'a> Splitter<'a> {
    pub(super) fn new(text: &'a str, opts: &Options) -> Self {
        let toks = tokenize(text);
        let close_of = match_closes(&toks);
        let newline = match text.find('\n') {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        };
        Splitter {
            text,
            opts: *opts,
            toks,
            close_of,
            newline,
            eol_cache: (usize::MAX, 0),
            diags: Vec::new(),
        }
    }

    fn id(&self, t: usize) -> &'a str {
        let (s, e) = self.toks[t].id;
        self.text.get(s..e).unwrap_or("")
    }

    /// End of the line containing `pos` (before `\r\n` / `\n`), amortized linear for increasing `pos`.
    fn eol(&mut self, pos: usize) -> usize {
        let (from, end) = self.eol_cache;
        let line_end = if from != usize::MAX && pos >= from && pos <= end {
            end
        } else {
            let b = self.text.as_bytes();
            pos + b[pos.min(b.len())..]
                .iter()
                .position(|&c| c == b'\n')
                .unwrap_or(b.len() - pos.min(b.len()))
        };
        self.eol_cache = (pos, line_end);
        let b = self.text.as_bytes();
        if line_end > pos && b.get(line_end - 1) == Some(&b'\r') && b.get(line_end) == Some(&b'\n')
        {
            line_end - 1
        } else {
            line_end
        }
    }

    fn diag(
        &mut self,
        pos: usize,
        severity: Severity,
        code: &'static str,
        message: String,
        help: &str,
    ) {
        self.diags.push(PendingDiag {
            pos,
            severity,
            code,
            message,
            help: help.to_string(),
        });
    }

    /// The extent of the span opened by token `t`. An unclosed span gets the rest of its line (or up
    /// to `stop` when given), with an `sxs-unclosed` diagnostic.
    fn extent(&mut self, t: usize, stop: Option<usize>) -> Extent {
        let tok = self.toks[t];
        match self.close_of.get(t) {
            Some(&c) if c != usize::MAX => Extent {
                content: (tok.end, self.toks[c].start),
                end: self.toks[c].end,
            },
            _ => {
                let eol = self.eol(tok.end);
                let end = stop.map_or(eol, |s| s.min(eol)).max(tok.end);
                let what = match tok.kind {
                    Kind::Ttu => format!("translated span `{}`", self.id(t)),
                    Kind::Stu => format!("source span `{}`", self.id(t)),
                    _ => "sxs-lookup span".to_string(),
                };
                self.diag(
                    tok.start,
                    Severity::Error,
                    "sxs-unclosed",
                    format!("{what} has no closing `</span>`; the rest of the line is taken as its text"),
                    "add the missing `</span>` (each span pair needs `</span>` after the translated text and `</span></span>` after the source text)",
                );
                Extent {
                    content: (tok.end, end),
                    end,
                }
            }
        }
    }

    /// First token index at or after `from` whose start is at or after `pos`.
    fn next_tok(&self, mut from: usize, pos: usize) -> usize {
        while from < self.toks.len() && self.toks[from].start < pos {
            from += 1;
        }
        from
    }

    /// Position after spaces/tabs and at most one line break (a pair may be split after the
    /// translated half, but never across a blank line).
    fn skip_gap(&self, mut p: usize) -> usize {
        let b = self.text.as_bytes();
        while p < b.len() && matches!(b[p], b' ' | b'\t') {
            p += 1;
        }
        if b.get(p) == Some(&b'\r') && b.get(p + 1) == Some(&b'\n') {
            p += 1;
        }
        if b.get(p) == Some(&b'\n') {
            p += 1;
            while p < b.len() && matches!(b[p], b' ' | b'\t') {
                p += 1;
            }
        }
        p
    }

    /// The source half inside a lookup span `l` (token index, extent): the content of its first
    /// `data-stu-id` span, or the whole lookup content when there is none.
    fn stu_in_lookup(&mut self, l: usize, lext: Extent) -> (Option<usize>, (usize, usize)) {
        let k = self.next_tok(l + 1, self.toks[l].end);
        let mut k2 = k;
        while k2 < self.toks.len() && self.toks[k2].start < lext.content.1 {
            if self.toks[k2].kind == Kind::Stu {
                let mut e = self.extent(k2, Some(lext.content.1));
                e.content.1 = e.content.1.min(lext.content.1).max(e.content.0);
                return (Some(k2), e.content);
            }
            k2 += 1;
        }
        (None, lext.content)
    }

    pub(super) fn run(mut self, file: &Path, first_line: u32) -> Split {
        let text = self.text;
        // Every source half by id, so a mismatched pair can still find its own source text.
        let mut stu_by_id: FxHashMap<&str, usize> = FxHashMap::default();
        for t in 0..self.toks.len() {
            if self.toks[t].kind == Kind::Stu {
                stu_by_id.entry(self.id(t)).or_insert(t);
            }
        }
        let mut out_t = String::with_capacity(text.len());
        let mut out_s = String::with_capacity(text.len());
        let mut segments = Vec::new();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let mut seg_loc = Locator::new(text);
        let mut cursor = 0;
        let mut i = 0;
        while i < self.toks.len() {
            let tok = self.toks[i];
            if tok.start < cursor || !matches!(tok.kind, Kind::Ttu | Kind::Stu | Kind::Lookup) {
                i += 1;
                continue;
            }
            out_t.push_str(&text[cursor..tok.start]);
            out_s.push_str(&text[cursor..tok.start]);
            if tok.kind == Kind::Ttu {
                let ttu_id = self.id(i);
                // An unclosed translated span stops where its source half begins on the same line.
                let stop = if self.close_of[i] == usize::MAX {
                    let eol = self.eol(tok.end);
                    let mut j = i + 1;
                    while j < self.toks.len()
                        && self.toks[j].start < eol
                        && !matches!(self.toks[j].kind, Kind::Lookup | Kind::Stu)
                    {
                        j += 1;
                    }
                    self.toks.get(j).map(|t| t.start).filter(|&s| s < eol)
                } else {
                    None
                };
                let ext = self.extent(i, stop);
                let translated = &text[ext.content.0..ext.content.1];
                let gap = self.skip_gap(ext.end);
                let j = self.next_tok(i + 1, ext.end);
                let partner = self
                    .toks
                    .get(j)
                    .filter(|t| t.start == gap && matches!(t.kind, Kind::Lookup | Kind::Stu));
                let Some(&ptok) = partner else {
                    self.diag(
                        tok.start,
                        Severity::Error,
                        "sxs-unpaired",
                        format!("translated span `{ttu_id}` has no source span (`<span class=\"sxs-lookup\">`) after it; the source page omits it"),
                        "add `<span class=\"sxs-lookup\"><span data-stu-id=\"ID\">source text</span></span>` right after the translated span, or remove the `data-ttu-id` span markup",
                    );
                    if !seen.insert(ttu_id) {
                        self.duplicate(tok.start, ttu_id);
                    }
                    out_t.push_str(translated);
                    let range_nl = count_nl(&text[tok.start..ext.end]);
                    pad_after(&mut out_t, range_nl, translated, self.newline);
                    pad_after(&mut out_s, range_nl, "", self.newline);
                    cursor = ext.end;
                    i += 1;
                    continue;
                };
                let (stu_tok, src_range, unit_end) = if ptok.kind == Kind::Lookup {
                    let lext = self.extent(j, None);
                    let (k, c) = self.stu_in_lookup(j, lext);
                    (k, c, lext.end)
                } else {
                    let sext = self.extent(j, None);
                    (Some(j), sext.content, sext.end)
                };
                let stu_id = stu_tok.map(|k| self.id(k));
                // Line breaks of the whole pair, counted once for both halves.
                let range_nl = count_nl(&text[tok.start..unit_end]);
                let mut source = Cow::Borrowed(&text[src_range.0..src_range.1]);
                if stu_id != Some(ttu_id) {
                    let found = stu_by_id.get(ttu_id).copied();
                    let shown = stu_id.map_or("none".to_string(), |s| format!("`{s}`"));
                    self.diag(
                        tok.start,
                        Severity::Error,
                        "sxs-mismatch",
                        format!(
                            "translated span `{ttu_id}` is followed by source span {shown}; {}",
                            if found.is_some() {
                                "the source page uses the source span with the same id found elsewhere in the file"
                            } else {
                                "no source span has that id, so the source page uses the one that follows"
                            }
                        ),
                        "make `data-ttu-id` and the following `data-stu-id` the same id (the localization tool writes them as pairs; re-export the file if they were edited by hand)",
                    );
                    if let Some(k) = found {
                        let kext = self.extent(k, None);
                        // Text borrowed from elsewhere may span more lines than this pair: fold the
                        // extra line breaks so every later line keeps its number.
                        source = fit_lines(&text[kext.content.0..kext.content.1], range_nl);
                    }
                }
                let source: &str = &source;
                if !seen.insert(ttu_id) {
                    self.duplicate(tok.start, ttu_id);
                }
                if self.opts.wrap_segments {
                    let missing = if range_nl == 0 {
                        0
                    } else {
                        range_nl.saturating_sub(count_nl(translated))
                    };
                    out_t.push_str(SEG_OPEN);
                    attr_escape_into(&mut out_t, ttu_id);
                    out_t.push('"');
                    for _ in 0..missing {
                        out_t.push_str(self.newline);
                        out_t.push_str("data-pad");
                    }
                    out_t.push('>');
                }
                let translated_at = out_t.len()..out_t.len() + translated.len();
                out_t.push_str(translated);
                if self.opts.wrap_segments {
                    out_t.push_str("</span>");
                } else {
                    pad_after(&mut out_t, range_nl, translated, self.newline);
                }
                let source_at = out_s.len()..out_s.len() + source.len();
                out_s.push_str(source);
                pad_after(&mut out_s, range_nl, source, self.newline);
                segments.push((
                    ttu_id,
                    translated_at,
                    source_at,
                    seg_loc
                        .at(tok.start)
                        .0
                        .saturating_add(first_line.saturating_sub(1)),
                ));
                cursor = unit_end;
            } else {
                // A source half with no translated half before it.
                let ext = self.extent(i, None);
                let (k, c) = if tok.kind == Kind::Lookup {
                    self.stu_in_lookup(i, ext)
                } else {
                    (Some(i), ext.content)
                };
                let id = k.map_or("", |k| self.id(k));
                self.diag(
                    tok.start,
                    Severity::Error,
                    "sxs-unpaired",
                    format!("source span `{id}` has no translated span (`<span data-ttu-id=\"{id}\">`) before it; the translated page shows the source text"),
                    "add the translated span right before the `sxs-lookup` span, or remove the source span markup",
                );
                if !id.is_empty() && !seen.insert(id) {
                    self.duplicate(tok.start, id);
                }
                let src = &text[c.0..c.1];
                let range_nl = count_nl(&text[tok.start..ext.end]);
                for out in [&mut out_t, &mut out_s] {
                    out.push_str(src);
                    pad_after(out, range_nl, src, self.newline);
                }
                cursor = ext.end;
            }
            i += 1;
        }
        out_t.push_str(&text[cursor.min(text.len())..]);
        out_s.push_str(&text[cursor.min(text.len())..]);
        let bilingual = !segments.is_empty();
        let diagnostics = self.finish_diags(file, first_line);
        let (out_t, out_s): (Arc<str>, Arc<str>) = (out_t.into(), out_s.into());
        let segments = segments
            .into_iter()
            .map(|(id, t, s, line)| {
                Segment::within(id, (out_t.clone(), t), (out_s.clone(), s), line)
            })
            .collect();
        Split {
            translated: out_t,
            source: out_s,
            segments,
            diagnostics,
            bilingual,
        }
    }

    fn duplicate(&mut self, pos: usize, id: &str) {
        self.diag(
            pos,
            Severity::Warning,
            "sxs-duplicate-id",
            format!("span id `{id}` is used by more than one span pair in this file"),
            "give each span pair its own id (ids must be unique per file so pairs can be matched by id)",
        );
    }

    fn finish_diags(&mut self, file: &Path, first_line: u32) -> Vec<Diagnostic> {
        let mut pending = std::mem::take(&mut self.diags);
        pending.sort_by_key(|d| d.pos);
        let total = pending.len();
        let mut loc = Locator::new(self.text);
        let mut out = Vec::with_capacity(total.min(MAX_DIAGNOSTICS + 1));
        let mut dropped_errors = false;
        for (n, d) in pending.into_iter().enumerate() {
            if n >= MAX_DIAGNOSTICS {
                dropped_errors |= d.severity == Severity::Error;
                continue;
            }
            let (line, col) = loc.at(d.pos);
            let diag = match d.severity {
                Severity::Error => Diagnostic::error(d.code, file, line, col, d.message),
                Severity::Warning => Diagnostic::warning(d.code, file, line, col, d.message),
                Severity::Info => Diagnostic::info(d.code, file, line, col, d.message),
            };
            out.push(diag.with_help(d.help).shifted(first_line.saturating_sub(1)));
        }
        if total > MAX_DIAGNOSTICS {
            let msg = format!(
                "{} more span-pair problems in this file are not shown",
                total - MAX_DIAGNOSTICS
            );
            let help = "fix the problems above and build again to see the rest";
            let d = if dropped_errors {
                Diagnostic::error("sxs-too-many", file, 0, 0, msg)
            } else {
                Diagnostic::warning("sxs-too-many", file, 0, 0, msg)
            };
            out.push(d.with_help(help));
        }
        out
    }
}

/// Turns byte offsets into 1-based (line, char column), moving forward only, so that locating all
/// diagnostics of a file costs one pass (calling `line_col` for each would be quadratic).
pub(super) struct Locator<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    col: u32,
}

impl<'a> Locator<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Locator {
            text,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    pub(super) fn at(&mut self, pos: usize) -> (u32, u32) {
        if pos < self.pos || !self.text.is_char_boundary(pos) {
            return crate::diagnostics::line_col(self.text, pos);
        }
        // Byte-wise: lines are counted by `\n` bytes, columns by bytes that start a character.
        // Summed in chunks that the compiler turns into vector code; `filter().count()` stayed a
        // byte-at-a-time loop (1.3% of a build).
        let chars = |b: &[u8]| {
            b.chunks(64)
                .map(|c| {
                    c.iter()
                        .map(|&c| u32::from((c & 0xC0) != 0x80))
                        .sum::<u32>()
                })
                .sum::<u32>()
        };
        let gap = &self.text.as_bytes()[self.pos..pos];
        match memchr::memrchr(b'\n', gap) {
            Some(last) => {
                let lines = memchr::memchr_iter(b'\n', gap).count() as u32;
                self.line = self.line.saturating_add(lines);
                self.col = 1u32.saturating_add(chars(&gap[last + 1..]));
            }
            None => self.col = self.col.saturating_add(chars(gap)),
        }
        self.pos = pos;
        (self.line, self.col)
    }
}
