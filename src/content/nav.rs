//! The navigation built from every TOC file: a forest of trees whose entries point at page keys.
//! Nested TOCs (`href: announcements/TOC.md`, `href: folder/`) are spliced in where they are named.

use std::collections::{HashMap, HashSet};

use crate::content::toc::{Toc, TocNode, is_external, is_toc_path};
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

/// One entry of the navigation.
#[derive(Debug, Clone)]
pub struct NavNode {
    /// Name as written in the TOC.
    pub name: String,
    /// Page key the entry points at (`partner-center/x`), when it points at a page.
    pub key: Option<String>,
    /// External URL, when it points outside the site.
    pub external: Option<String>,
    /// Parent entry.
    pub parent: Option<usize>,
    /// Sub-entries.
    pub children: Vec<usize>,
    /// Tree the entry belongs to.
    pub tree: usize,
    /// Content-relative TOC file and line, for diagnostics.
    pub origin: (String, u32),
}

/// One root TOC and everything nested in it.
#[derive(Debug, Clone)]
pub struct NavTree {
    /// Content-relative path of the root TOC file.
    pub rel: String,
    /// Language the TOC names are written in (its language folder, else the language most of its pages
    /// are written in); other languages show their own page titles.
    pub lang: Option<Lang>,
    /// Top-level entries.
    pub roots: Vec<usize>,
    /// Entries with a page key in reading (depth-first) order.
    pub order: Vec<usize>,
    /// Number of entries in the tree.
    pub size: usize,
}

/// The whole navigation.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    /// Arena of entries.
    pub nodes: Vec<NavNode>,
    /// Root trees, sorted by TOC path.
    pub trees: Vec<NavTree>,
    /// Entries by page key.
    pub by_key: HashMap<String, Vec<usize>>,
    /// Position of an entry in its tree's `order`.
    pub position: HashMap<usize, usize>,
}

/// What the nav builder needs to know about the site.
pub struct NavInput<'a> {
    /// Parsed TOC files by content-relative path.
    pub tocs: &'a HashMap<String, Toc>,
    /// Maps a content-relative file path to a page key (strips the language folder and `.md`).
    pub key_of: &'a dyn Fn(&str) -> Option<String>,
    /// Language of a content-relative Markdown file, when it is a page.
    pub lang_of_file: &'a dyn Fn(&str) -> Option<Lang>,
    /// Language folder of a content-relative path.
    pub folder_lang: &'a dyn Fn(&str) -> Option<Lang>,
}

impl Nav {
    /// Builds the forest. TOCs referenced from another TOC are nested, the others are roots.
    pub fn build(input: &NavInput) -> (Nav, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut referenced: HashSet<String> = HashSet::new();
        let mut paths: Vec<&String> = input.tocs.keys().collect();
        paths.sort();
        for toc in input.tocs.values() {
            collect_refs(&toc.nodes, input.tocs, &mut referenced);
        }
        let mut nav = Nav::default();
        for rel in paths {
            if referenced.contains(rel) {
                continue;
            }
            let tree = nav.trees.len();
            let mut stack = vec![rel.clone()];
            let toc = &input.tocs[rel];
            let roots = nav.add_nodes(&toc.nodes, None, tree, rel, input, &mut stack, &mut diags);
            let lang = (input.folder_lang)(rel).or_else(|| majority_lang(&nav, &roots, input));
            nav.trees.push(NavTree {
                rel: rel.clone(),
                lang,
                roots,
                order: Vec::new(),
                size: 0,
            });
        }
        for n in &nav.nodes {
            nav.trees[n.tree].size += 1;
        }
        for t in 0..nav.trees.len() {
            let mut order = Vec::new();
            let roots = nav.trees[t].roots.clone();
            nav.dfs(&roots, &mut order);
            for (i, n) in order.iter().enumerate() {
                nav.position.insert(*n, i);
            }
            nav.trees[t].order = order;
        }
        (nav, diags)
    }

    fn dfs(&self, ids: &[usize], out: &mut Vec<usize>) {
        // Iterative so deeply nested TOCs cannot overflow the stack.
        let mut stack: Vec<usize> = ids.iter().rev().copied().collect();
        while let Some(id) = stack.pop() {
            if self.nodes[id].key.is_some() {
                out.push(id);
            }
            stack.extend(self.nodes[id].children.iter().rev().copied());
        }
    }

    #[allow(clippy::too_many_arguments)] // recursion state; grouping it in a struct would only rename it
    fn add_nodes(
        &mut self,
        nodes: &[TocNode],
        parent: Option<usize>,
        tree: usize,
        toc_rel: &str,
        input: &NavInput,
        stack: &mut Vec<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let mut ids = Vec::new();
        for n in nodes {
            let id = self.nodes.len();
            self.nodes.push(NavNode {
                name: n.name.clone(),
                key: None,
                external: None,
                parent,
                children: Vec::new(),
                tree,
                origin: (toc_rel.to_string(), n.line),
            });
            ids.push(id);
            let mut children = Vec::new();
            if let Some(href) = &n.href {
                if is_external(href) {
                    self.nodes[id].external = Some(href.clone());
                } else if let Some(nested) = nested_toc(href, input.tocs) {
                    if stack.contains(&nested) {
                        diags.push(
                            Diagnostic::warning(
                                "toc-cycle",
                                toc_rel,
                                n.line,
                                1,
                                format!("`{nested}` includes itself through nested TOCs"),
                            )
                            .with_help("remove one of the references"),
                        );
                    } else {
                        stack.push(nested.clone());
                        let nested_nodes = input.tocs[&nested].nodes.clone();
                        children = self.add_nodes(
                            &nested_nodes,
                            Some(id),
                            tree,
                            &nested,
                            input,
                            stack,
                            diags,
                        );
                        stack.pop();
                        // A folder entry whose folder has an index page also links to it.
                        if href.ends_with('/') {
                            self.nodes[id].key = (input.key_of)(&format!("{href}index.md"));
                        }
                    }
                } else if href.ends_with('/') {
                    self.nodes[id].key = (input.key_of)(&format!("{href}index.md"));
                } else {
                    self.nodes[id].key = (input.key_of)(href);
                }
            }
            let mut sub = self.add_nodes(&n.children, Some(id), tree, toc_rel, input, stack, diags);
            children.append(&mut sub);
            self.nodes[id].children = children;
            if let Some(k) = self.nodes[id].key.clone() {
                self.by_key.entry(k).or_default().push(id);
            }
        }
        ids
    }

    /// The entry for a page: in a tree written in the page's language first, then any tree.
    pub fn node_for(&self, key: &str, lang: &Lang) -> Option<usize> {
        let ids = self.by_key.get(key)?;
        ids.iter()
            .copied()
            .find(|&i| self.trees[self.nodes[i].tree].lang.as_ref() == Some(lang))
            .or_else(|| {
                ids.iter()
                    .copied()
                    .find(|&i| self.trees[self.nodes[i].tree].lang.is_none())
            })
            .or_else(|| ids.first().copied())
    }

    /// Ancestors of an entry, root first.
    pub fn ancestors(&self, id: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.nodes[id].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.nodes[p].parent;
        }
        out.reverse();
        out
    }
}

fn collect_refs(nodes: &[TocNode], tocs: &HashMap<String, Toc>, out: &mut HashSet<String>) {
    for n in nodes {
        if let Some(h) = &n.href
            && let Some(t) = nested_toc(h, tocs)
        {
            out.insert(t);
        }
        collect_refs(&n.children, tocs, out);
    }
}

/// The TOC file an href names: the TOC itself, or a folder's TOC.
fn nested_toc(href: &str, tocs: &HashMap<String, Toc>) -> Option<String> {
    if is_toc_path(href) {
        if tocs.contains_key(href) {
            return Some(href.to_string());
        }
        // Case differences in TOC names are common (`toc.yml` vs `TOC.yml`).
        return tocs.keys().find(|k| k.eq_ignore_ascii_case(href)).cloned();
    }
    if href.ends_with('/') {
        for name in ["TOC.yml", "toc.yml", "TOC.md", "toc.md", "TOC.yaml"] {
            let p = format!("{href}{name}");
            if tocs.contains_key(&p) {
                return Some(p);
            }
        }
    }
    None
}

fn majority_lang(nav: &Nav, roots: &[usize], input: &NavInput) -> Option<Lang> {
    let mut counts: HashMap<Lang, usize> = HashMap::new();
    let mut stack: Vec<usize> = roots.to_vec();
    while let Some(id) = stack.pop() {
        let n = &nav.nodes[id];
        if let Some(k) = &n.key
            && let Some(l) = (input.lang_of_file)(&format!("{k}.md"))
        {
            *counts.entry(l).or_default() += 1;
        }
        stack.extend(n.children.iter().copied());
    }
    let mut v: Vec<(Lang, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().next().map(|(l, _)| l)
}
