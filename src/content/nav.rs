//! The navigation built from every TOC file: a forest of trees whose entries point at page keys.
//! Nested TOCs (`href: announcements/TOC.md`, `href: folder/`) are spliced in where they are named.

use std::collections::{HashMap, HashSet};

use crate::content::toc::{Toc, TocNode, is_external, is_toc_path};
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

/// One entry of the navigation.
#[derive(Debug, Clone)]
pub struct NavNode {
    /// Name as written in the TOC (in the tree's language).
    pub name: String,
    /// The source-language half of a side-by-side name (see [`TocNode::source_name`]).
    pub source_name: Option<String>,
    /// Names of a group entry in other languages, from the matching group of that language's own
    /// TOC (see [`Nav::build`]), sorted by language.
    pub names: Vec<(Lang, String)>,
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
        nav.name_groups_across_langs();
        (nav, diags)
    }

    /// What entry `id` is called in `lang` according to the TOCs, when they say: the TOC's own name
    /// in the TOC's language, else the name of the matching group of `lang`'s own TOC, else on
    /// `source_lang` pages the source half of a side-by-side name. `None`: the TOCs have no name in
    /// `lang` for it (the caller shows a page title, or the TOC's name marked with its language).
    pub fn name_in(&self, id: usize, lang: &Lang, source_lang: &Lang) -> Option<&str> {
        let n = &self.nodes[id];
        if self.trees[n.tree].lang.as_ref() == Some(lang) {
            return Some(&n.name);
        }
        if let Ok(i) = n.names.binary_search_by(|(l, _)| l.cmp(lang)) {
            return Some(&n.names[i].1);
        }
        n.source_name.as_deref().filter(|_| lang == source_lang)
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
                source_name: n.source_name.clone(),
                names: Vec::new(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::discover::lang_of_folder;
    use crate::content::toc::parse_yaml;

    fn lang(s: &str) -> Lang {
        Lang::parse(s).expect("valid tag")
    }

    /// The navigation of TOC files given as `(path, text)`, keyed as the site keys pages.
    fn nav_of(files: &[(&str, &str)]) -> Nav {
        let tocs: HashMap<String, Toc> = files
            .iter()
            .map(|(rel, text)| {
                let (mut toc, d) = parse_yaml(text, rel);
                assert!(d.is_empty(), "{d:?}");
                toc.split_span_names();
                (rel.to_string(), toc)
            })
            .collect();
        let key_of = |rel: &str| Some(crate::site::key_of_rel(rel));
        let input = NavInput {
            tocs: &tocs,
            key_of: &key_of,
            lang_of_file: &|_| None,
            folder_lang: &lang_of_folder,
        };
        let (nav, d) = Nav::build(&input);
        assert!(d.is_empty(), "{d:?}");
        nav
    }

    /// The entry named `name` in the tree of `toc`.
    fn entry(nav: &Nav, toc: &str, name: &str) -> usize {
        let tree = nav.trees.iter().position(|t| t.rel == toc).expect("tree");
        (0..nav.nodes.len())
            .find(|&i| nav.nodes[i].tree == tree && nav.nodes[i].name == name)
            .unwrap_or_else(|| panic!("no entry {name} in {toc}"))
    }

    const FR: &str = "\
- name: Accueil
  href: index.md
- name: Prise en main
  items:
    - name: Présentation
      href: start/overview.md
    - name: Compte
      href: start/account.md
    - name: Rôles
      href: start/roles.md
- name: Clients
  items:
    - name: Ajouter
      href: customers/add.md
    - name: Liens
      items:
        - name: Portail
          href: https://portal.example/
";

    #[test]
    fn a_group_takes_the_name_of_the_group_with_the_same_pages_in_the_other_toc() {
        // The English TOC has one more entry on top, another order, and a page fewer.
        let en = "\
- name: Home
  href: index.md
- name: What's new
  href: news.md
- name: Getting started
  items:
    - name: Account
      href: start/account.md
    - name: Overview
      href: start/overview.md
- name: Customers
  items:
    - name: Add
      href: customers/add.md
    - name: Links
      items:
        - name: Portal
          href: https://portal.example/
";
        let nav = nav_of(&[("fr-fr/TOC.yml", FR), ("en-us/TOC.yml", en)]);
        let (fr, en_l) = (lang("fr-fr"), lang("en-us"));
        let g = entry(&nav, "fr-fr/TOC.yml", "Prise en main");
        assert_eq!(nav.name_in(g, &en_l, &en_l), Some("Getting started"));
        assert_eq!(nav.name_in(g, &fr, &en_l), Some("Prise en main"));
        let back = entry(&nav, "en-us/TOC.yml", "Getting started");
        assert_eq!(nav.name_in(back, &fr, &en_l), Some("Prise en main"));
        // "Clients" and "Customers" share their one page; "Liens" has no page below it and is paired
        // by its place under paired parents.
        let c = entry(&nav, "fr-fr/TOC.yml", "Clients");
        assert_eq!(nav.name_in(c, &en_l, &en_l), Some("Customers"));
        let links = entry(&nav, "fr-fr/TOC.yml", "Liens");
        assert_eq!(nav.name_in(links, &en_l, &en_l), Some("Links"));
        // No German TOC, no span: the TOCs have no German name.
        assert_eq!(nav.name_in(g, &lang("de-de"), &en_l), None);
    }

    #[test]
    fn groups_with_different_pages_or_places_stay_unpaired() {
        let en = "\
- name: Home
  href: index.md
- name: Billing
  items:
    - name: Invoices
      href: billing/invoices.md
    - name: Overview
      href: start/overview.md
- name: More links
  items:
    - name: Portal
      href: https://portal.example/
";
        let nav = nav_of(&[("fr-fr/TOC.yml", FR), ("en-us/TOC.yml", en)]);
        let en_l = lang("en-us");
        // One shared page of four: not the same group.
        let g = entry(&nav, "fr-fr/TOC.yml", "Prise en main");
        assert_eq!(nav.name_in(g, &en_l, &en_l), None);
        // Under parents that are not paired, the same place means nothing.
        let links = entry(&nav, "fr-fr/TOC.yml", "Liens");
        assert_eq!(nav.name_in(links, &en_l, &en_l), None);
    }

    #[test]
    fn nested_groups_with_the_same_pages_pair_level_by_level() {
        let fr = "\
- name: Outer
  items:
    - name: Inner
      items:
        - name: A
          href: a.md
        - name: B
          href: b.md
";
        let en = fr.replace("Outer", "Outside").replace("Inner", "Inside");
        let nav = nav_of(&[("fr-fr/TOC.yml", fr), ("en-us/TOC.yml", &en)]);
        let en_l = lang("en-us");
        let outer = entry(&nav, "fr-fr/TOC.yml", "Outer");
        let inner = entry(&nav, "fr-fr/TOC.yml", "Inner");
        assert_eq!(nav.name_in(outer, &en_l, &en_l), Some("Outside"));
        assert_eq!(nav.name_in(inner, &en_l, &en_l), Some("Inside"));
    }

    #[test]
    fn a_span_name_gives_the_source_name_on_source_pages_only() {
        let fr = "\
- name: <span data-ttu-id=\"g1\">Prise en main</span><span class=\"sxs-lookup\"><span data-stu-id=\"g1\">Getting started</span></span>
  items:
    - name: A
      href: a.md
- name: Sans traduction
  items:
    - name: B
      href: b.md
";
        let nav = nav_of(&[("fr-fr/TOC.yml", fr)]);
        let (fr_l, en_l, de) = (lang("fr-fr"), lang("en-us"), lang("de-de"));
        let g = entry(&nav, "fr-fr/TOC.yml", "Prise en main");
        assert_eq!(nav.name_in(g, &en_l, &en_l), Some("Getting started"));
        assert_eq!(nav.name_in(g, &fr_l, &en_l), Some("Prise en main"));
        assert_eq!(nav.name_in(g, &de, &en_l), None);
        let plain = entry(&nav, "fr-fr/TOC.yml", "Sans traduction");
        assert_eq!(nav.name_in(plain, &en_l, &en_l), None);
    }

    #[test]
    fn the_other_languages_toc_wins_over_a_span_name() {
        let fr = "\
- name: <span data-ttu-id=\"g1\">Clients</span><span class=\"sxs-lookup\"><span data-stu-id=\"g1\">Customers (old)</span></span>
  items:
    - name: A
      href: a.md
";
        let en = "- name: Customers\n  items:\n    - name: A\n      href: a.md\n";
        let nav = nav_of(&[("fr-fr/TOC.yml", fr), ("en-us/TOC.yml", en)]);
        let en_l = lang("en-us");
        let g = entry(&nav, "fr-fr/TOC.yml", "Clients");
        assert_eq!(nav.name_in(g, &en_l, &en_l), Some("Customers"));
    }
}
