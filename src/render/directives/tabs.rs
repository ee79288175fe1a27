//! Tabs: `# [Label](#tab/id)` headings up to `---`, as a tab group that reads without JavaScript,
//! panel ids unique on the page.

use super::scan::{closes_fence, opens_fence, prefix_len};
use super::{Expander, Line};
use crate::render::html::escape;
use crate::render::markdown::raw_html::with_data_sources;

/// `# [Label](#tab/id)`: (level, label, id).
fn parse_tab_heading(s: &str) -> Option<(usize, String, String)> {
    let level = heading_level(s)?;
    let t = s[level..].trim().trim_end_matches('#').trim_end();
    let t = t.strip_prefix('[')?;
    let mid = t.rfind("](#tab/")?;
    let id = t[mid + 7..].strip_suffix(')')?;
    (!id.is_empty()).then(|| (level, t[..mid].to_string(), id.to_string()))
}

/// Level of an ATX heading (`#`..`######` followed by a space or the end).
pub(super) fn heading_level(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&n) && matches!(s.as_bytes().get(n), None | Some(b' ' | b'\t'))).then_some(n)
}

/// A tab id usable in an HTML id: keeps letters, digits, '-', '_', '/' becomes '-'.
fn slug_keep(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Inline Markdown (a tab label) to HTML without the paragraph.
fn inline_markdown(s: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(s));
    let t = html.trim();
    t.strip_prefix("<p>")
        .and_then(|x| x.strip_suffix("</p>"))
        .unwrap_or(t)
        .to_string()
}

/// `html` with each `seg` wrapper's id taken out. A tab label is shown twice, in the tab list and
/// as its panel's heading; its segment ids stay on the heading only, so each is once on the page.
pub(super) fn without_seg_ids(html: &str) -> std::borrow::Cow<'_, str> {
    use crate::content::sxs::SEG_OPEN;
    if !html.contains(SEG_OPEN) {
        return html.into();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(SEG_OPEN) {
        let id_start = at + SEG_OPEN.len();
        let Some(q) = rest[id_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str("<span class=\"seg\"");
        rest = &rest[id_start + q + 1..];
    }
    out.push_str(rest);
    out.into()
}

impl Expander<'_, '_> {
    /// A tab group: `# [Label](#tab/id)` headings up to a `---` line.
    pub(super) fn tabs(&mut self, line: &Line, p: usize) -> bool {
        let Some((level, label, id)) = parse_tab_heading(&line.text[p..]) else {
            return false;
        };
        // Find the group's other tab headings and its end, without consuming anything.
        let mut members = Vec::new();
        let mut end = None;
        let mut fence = None;
        for (i, l) in self.q.iter().enumerate() {
            let r = l.text[prefix_len(&l.text)..].trim_end();
            if let Some((ch, n)) = fence {
                if closes_fence(r, ch, n) {
                    fence = None;
                }
                continue;
            }
            if let Some(f) = opens_fence(r) {
                fence = Some(f);
            } else if let Some((lv, lb, id)) = parse_tab_heading(r).filter(|t| t.0 == level) {
                members.push((i, lv, lb, id));
            } else if r == "---" {
                end = Some((i, true));
                break;
            } else if heading_level(r).is_some_and(|lv| lv < level) {
                end = Some((i, false));
                break;
            }
        }
        // Each label with the file it is written in (its `seg` wrappers get their source text
        // from that file's segments) and rendered once: the nav and the panel heading share it.
        let mut tabs = vec![(label, id, line.at.file)];
        tabs.extend(
            members
                .iter()
                .map(|(i, _, lb, id)| (lb.clone(), id.clone(), self.q[*i].at.file)),
        );
        let labels: Vec<String> = tabs
            .iter()
            .map(|(label, _, file)| {
                self.ctx.add_heading_text(label);
                let html = inline_markdown(label);
                with_data_sources(self.ctx, *file, &html)
            })
            .collect();
        let panel_ids: Vec<String> = tabs
            .iter()
            .map(|(_, id, _)| self.tab_panel_id(id))
            .collect();
        let mut nav = String::from("<div class=\"tab-group\">\n<div class=\"tabs\" data-tabs><ul>");
        for (((_, id, _), pid), label) in tabs.iter().zip(&panel_ids).zip(&labels) {
            nav.push_str(&format!(
                "<li><a href=\"#{pid}\" data-tab=\"{}\">{}</a></li>",
                escape(id),
                without_seg_ids(label),
            ));
        }
        nav.push_str("</ul></div>\n");
        let panel = |k: usize| {
            format!(
                "<section class=\"tab-panel\" id=\"{}\" data-tab=\"{}\">\n<h3 class=\"tab-label\">{}</h3>\n",
                panel_ids[k],
                escape(&tabs[k].1),
                labels[k]
            )
        };
        let prefix = line.text[..p].to_string();
        let first = format!("{nav}{}", panel(0));
        for (k, (i, ..)) in members.iter().enumerate() {
            let ph = self
                .ctx
                .block_placeholder(format!("</section>\n{}", panel(k + 1)));
            let l = &mut self.q[*i];
            l.text = format!("{}{ph}", &l.text[..prefix_len(&l.text)]);
        }
        let close = self.ctx.block_placeholder("</section>\n</div>\n".into());
        match end {
            Some((i, true)) => {
                let l = &mut self.q[i];
                l.text = format!("{}{close}", &l.text[..prefix_len(&l.text)]);
            }
            Some((i, false)) => {
                let at = self.q[i].at;
                self.q.insert(
                    i,
                    Line {
                        text: format!("{prefix}{close}"),
                        at,
                        end_include: false,
                    },
                );
            }
            None => {
                // The group runs to the end of this file (before an include's end marker, if any).
                let i = self
                    .q
                    .iter()
                    .position(|l| l.end_include)
                    .unwrap_or(self.q.len());
                self.q.insert(
                    i,
                    Line {
                        text: format!("{prefix}{close}"),
                        at: line.at,
                        end_include: false,
                    },
                );
            }
        }
        self.emit_block(&prefix, first, line.at);
        true
    }

    fn tab_panel_id(&mut self, id: &str) -> String {
        self.ctx.unique_id(format!("tab-{}", slug_keep(id)))
    }
}
