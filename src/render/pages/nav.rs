//! The sidebar and the trail: each language's navigation tree as nested lists (whole for small
//! trees, only the current path for large ones), node titles in the page's language or the nearest
//! one, breadcrumbs, and the previous and next pages.

use std::sync::OnceLock;

use super::context::Link;
use super::{NavLabel, Renderer};
use crate::lang::Lang;
use crate::render::html::escape;

/// Trees up to this many entries are rendered whole in every page's sidebar; larger ones only along
/// the current page's path, which keeps page size and build time linear on very large sites.
const FULL_NAV_LIMIT: usize = 400;

/// What every level of one page's sidebar shares (see `Renderer::nav_level`).
#[derive(Clone, Copy)]
struct Level<'a> {
    /// The current page's node and its ancestors, root first.
    path: &'a [usize],
    lang: &'a Lang,
    current: Option<usize>,
    /// The language's cached entries.
    cells: Option<&'a [OnceLock<NavLabel>]>,
}

impl<'a> Renderer<'a> {
    /// The entry's title for `lang`, and the language it is written in when that is another one.
    /// The TOC's own names serve the TOC's language. Elsewhere an entry shows the title of the page
    /// it links to ([`Self::nav_url`]): the page in `lang`, else the source-language page it falls
    /// back to, whose title is in the source language. Entries without a page take the name the
    /// TOCs give them in `lang` ([`crate::content::nav::Nav::name_in`]: the matching group of
    /// `lang`'s own TOC, or the source half of a side-by-side name), else keep the TOC's name,
    /// marked with its language.
    fn nav_title_lang(&self, node: usize, lang: &Lang) -> (String, Option<Lang>) {
        let nav = &self.site.nav;
        let n = &nav.nodes[node];
        let tree_lang = nav.trees[n.tree].lang.as_ref();
        let source = &self.site.config.source_lang;
        if tree_lang != Some(lang)
            && let Some(k) = &n.key
        {
            // A stand-in's title is in its text's language.
            if let Some(p) = self.site.page(lang, k) {
                return (p.title.clone(), p.text_lang.clone());
            }
            if let Some(p) = self.site.page(source, k) {
                let title_lang = p.text_lang.clone().unwrap_or_else(|| source.clone());
                return (p.title.clone(), (&title_lang != lang).then_some(title_lang));
            }
        }
        if let Some(name) = nav.name_in(node, lang, source) {
            return (name.to_string(), None);
        }
        (n.name.clone(), tree_lang.filter(|t| *t != lang).cloned())
    }

    fn nav_title(&self, node: usize, lang: &Lang) -> String {
        self.nav_title_lang(node, lang).0
    }

    /// A breadcrumb or home entry for `node`: its title and that title's language (see
    /// [`Self::nav_title_lang`]).
    pub(super) fn nav_link_title(&self, node: usize, lang: &Lang) -> (String, Option<String>) {
        let (title, foreign) = self.nav_title_lang(node, lang);
        (title, foreign.map(|l| l.to_string()))
    }

    pub(super) fn nav_url(&self, node: usize, lang: &Lang) -> Option<String> {
        let n = &self.site.nav.nodes[node];
        if let Some(e) = &n.external {
            return Some(e.clone());
        }
        let k = n.key.as_ref()?;
        self.site
            .page(lang, k)
            .or_else(|| self.site.page(&self.site.config.source_lang, k))
            .map(|p| p.url.clone())
    }

    /// The sidebar entry of `node` in `lang` (a link, or a label for grouping entries), made once
    /// per build and shared by every page whose sidebar shows it: the sidebar is assembled from these
    /// pieces, and only the current page's entry gets its `aria-current` added.
    fn nav_label<'s>(
        &'s self,
        node: usize,
        lang: &Lang,
        cells: Option<&'s [OnceLock<NavLabel>]>,
    ) -> std::borrow::Cow<'s, NavLabel> {
        let make = || {
            let (title, foreign) = self.nav_title_lang(node, lang);
            let title = escape(&title);
            let mut lang_attr = foreign
                .map(|l| format!(" lang=\"{l}\""))
                .unwrap_or_default();
            // A link to the source-language page, because `lang` has none, says so.
            let n = &self.site.nav.nodes[node];
            if let Some(k) = &n.key
                && self.site.page(lang, k).is_none()
                && self.site.page(&self.site.config.source_lang, k).is_some()
            {
                lang_attr = format!(" hreflang=\"{}\"{lang_attr}", self.site.config.source_lang);
            }
            match self.nav_url(node, lang) {
                Some(url) => {
                    let html = format!("<a href=\"{}\"", escape(&url));
                    let href_end = html.len();
                    NavLabel {
                        html: format!("{html}{lang_attr}>{title}</a>"),
                        href_end,
                    }
                }
                None => NavLabel {
                    html: format!("<span{lang_attr}>{title}</span>"),
                    href_end: 0,
                },
            }
        };
        match cells.and_then(|v| v.get(node)) {
            Some(cell) => std::borrow::Cow::Borrowed(cell.get_or_init(make)),
            // Not a language of the site: made each time, not cached.
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// The sidebar: top-level entries of the page's tree, with the branch that leads to the current
    /// page open. Other branches show only their own link, so the sidebar of each page costs the size
    /// of its path, not of the whole TOC (no quadratic step on large sites).
    pub fn nav_html(&self, lang: &Lang, current: Option<usize>, tree: Option<usize>) -> String {
        let nav = &self.site.nav;
        let Some(tree) = tree.or_else(|| current.map(|c| nav.nodes[c].tree)) else {
            return String::new();
        };
        let path: Vec<usize> = match current {
            Some(c) => {
                let mut a = nav.ancestors(c);
                a.push(c);
                a
            }
            None => Vec::new(),
        };
        let mut out = String::from("<ul>");
        let cells = self.nav_labels.get(lang).map(Vec::as_slice);
        let level = Level {
            path: &path,
            lang,
            current,
            cells,
        };
        self.nav_level(&nav.trees[tree].roots, &level, 0, &mut out);
        out.push_str("</ul>");
        out
    }

    fn nav_level(&self, ids: &[usize], level: &Level<'_>, depth: usize, out: &mut String) {
        let Level {
            path,
            lang,
            current,
            cells,
        } = *level;
        // An empty TOC (`[]`, or one that did not parse) has no entries to show.
        if ids.is_empty() {
            return;
        }
        // Small trees are rendered whole, with closed branches in <details> so readers without
        // JavaScript can open them; large ones only along the current path (see `nav_html`).
        let full = self
            .site
            .nav
            .trees
            .get(self.site.nav.nodes[ids.first().copied().unwrap_or(0)].tree)
            .is_some_and(|t| t.size <= FULL_NAV_LIMIT);
        for &id in ids {
            let n = &self.site.nav.nodes[id];
            let open = path.get(depth) == Some(&id);
            let has_children = !n.children.is_empty() && depth < 32;
            out.push_str(if has_children {
                if open {
                    "<li class=\"open\">"
                } else {
                    "<li class=\"closed\">"
                }
            } else {
                "<li>"
            });
            let entry = self.nav_label(id, lang, cells);
            let label = if Some(id) == current && entry.href_end > 0 {
                let (a, b) = entry.html.split_at(entry.href_end);
                std::borrow::Cow::Owned(format!("{a} aria-current=\"page\"{b}"))
            } else {
                std::borrow::Cow::Borrowed(entry.html.as_str())
            };
            if has_children && (open || full) {
                // The triangle is an element of its own, not the summary's `::marker`, so that the
                // theme can keep it beside the label's first line however the label wraps.
                out.push_str(if open {
                    "<details open><summary><span class=\"nav-marker\" aria-hidden=\"true\"></span>"
                } else {
                    "<details><summary><span class=\"nav-marker\" aria-hidden=\"true\"></span>"
                });
                out.push_str(&label);
                out.push_str("</summary><ul>");
                let below = Level {
                    path: if open { path } else { &[] },
                    ..*level
                };
                self.nav_level(&n.children, &below, depth + 1, out);
                out.push_str("</ul></details>");
            } else {
                out.push_str(&label);
            }
            out.push_str("</li>");
        }
    }

    pub(super) fn breadcrumbs_and_neighbours(
        &self,
        node: Option<usize>,
        lang: &Lang,
    ) -> (Vec<Link>, Option<Link>, Option<Link>) {
        let Some(node) = node else {
            return (Vec::new(), None, None);
        };
        let nav = &self.site.nav;
        // Every ancestor, with the names the sidebar gives them. A group without a page is text (an
        // empty `url`), and only when it has a name in `lang`: a page's main content carries no
        // words of another language that are not a link to somewhere.
        let crumbs = nav
            .ancestors(node)
            .into_iter()
            .filter_map(|a| {
                let url = self.nav_url(a, lang);
                let (title, title_lang) = self.nav_link_title(a, lang);
                if url.is_none() && title_lang.is_some() {
                    return None;
                }
                Some(Link {
                    title,
                    url: url.unwrap_or_default(),
                    lang: title_lang,
                })
            })
            .collect();
        let tree = &nav.trees[nav.nodes[node].tree];
        let pos = nav.position.get(&node).copied();
        let link_of = |id: usize| -> Option<Link> {
            let k = nav.nodes[id].key.as_ref()?;
            let p = self.site.page(lang, k)?;
            Some(Link {
                title: self.nav_title(id, lang),
                url: p.url.clone(),
                lang: None,
            })
        };
        let current_key = nav.nodes[node].key.clone();
        let prev = pos.and_then(|p| {
            tree.order[..p]
                .iter()
                .rev()
                .filter(|&&i| nav.nodes[i].key != current_key)
                .find_map(|&i| link_of(i))
        });
        let next = pos.and_then(|p| {
            tree.order[p + 1..]
                .iter()
                .filter(|&&i| nav.nodes[i].key != current_key)
                .find_map(|&i| link_of(i))
        });
        (crumbs, prev, next)
    }
}
