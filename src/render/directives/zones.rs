//! Zones: `::: zone pivot="a b"` … `::: zone-end`, kept, dropped or all shown (labelled) by the page's
//! pivot.

use super::scan::{attr, parse_attrs};
use super::{Expander, Line};
use crate::render::html::escape;

pub(super) enum ZoneLine {
    Start(Vec<String>),
    End,
}

pub(super) fn zone_line(rest: &str) -> Option<ZoneLine> {
    let t = rest.strip_prefix(":::")?.trim_start();
    if t.trim_end() == "zone-end" {
        return Some(ZoneLine::End);
    }
    let a = t.strip_prefix("zone")?;
    if !a.starts_with([' ', '\t']) {
        return None;
    }
    let attrs = parse_attrs(a);
    let pivots = attr(&attrs, "pivot")
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    Some(ZoneLine::Start(pivots.collect()))
}

impl Expander<'_, '_> {
    /// `::: zone pivot="a,b"` … `::: zone-end`.
    pub(super) fn zone(&mut self, line: &Line, p: usize) -> bool {
        let rest = line.text[p..].trim_end();
        let prefix = line.text[..p].to_string();
        match zone_line(rest) {
            Some(ZoneLine::Start(pivots)) => {
                if let Some(want) = self.ctx.opts.zone_pivot
                    && !pivots.is_empty()
                    && !pivots.iter().any(|x| x == want)
                {
                    self.skip_zone = 1;
                    return true;
                }
                let mut html = format!(
                    "<div class=\"zone\" data-pivot=\"{}\">\n",
                    escape(&pivots.join(" "))
                );
                if self.ctx.opts.zone_pivot.is_none() && !pivots.is_empty() {
                    html.push_str(&format!(
                        "<p class=\"zone-label\">{}</p>\n",
                        escape(&pivots.join(", "))
                    ));
                }
                self.emit_block(&prefix, html, line.at);
                true
            }
            Some(ZoneLine::End) => {
                self.emit_block(&prefix, "</div>\n".into(), line.at);
                true
            }
            None => false,
        }
    }
}
