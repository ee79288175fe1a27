//! From byte offsets of the expanded Markdown back to the file, line and column the author wrote:
//! the directive pre-pass records an [`Origin`] per output line, the event pass asks a [`Locator`].

/// Where an output line comes from: file index in [`Ctx::files`](super::ctx::Ctx::files), 1-based
/// line, and the column shift (source column minus output column) for the unchanged tail of the line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin {
    pub file: usize,
    pub line: u32,
    pub shift: i64,
}

/// Maps byte offsets of the expanded Markdown back to (file index, line, col) of the source.
pub(crate) struct Locator<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
    origins: &'t [Origin],
}

impl<'t> Locator<'t> {
    pub(super) fn new(text: &'t str, origins: &'t [Origin]) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            text,
            line_starts,
            origins,
        }
    }

    /// Index of the line (of the expanded text) that holds `offset`.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The file that `offset` comes from ([`Locator::locate`] without counting the column).
    pub(super) fn file_at(&self, offset: usize) -> usize {
        self.origins.get(self.line_of(offset)).map_or(0, |o| o.file)
    }

    /// Same convention as `diagnostics::line_col` (1-based, column in characters), but with a line
    /// index so that a page with many links stays linear.
    pub(super) fn locate(&self, offset: usize) -> (usize, u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let idx = self.line_of(offset);
        let col = self.text[self.line_starts[idx]..offset].chars().count() as i64 + 1;
        match self.origins.get(idx) {
            Some(o) => (o.file, o.line, (col + o.shift).max(1) as u32),
            None => (0, 0, 0),
        }
    }
}
