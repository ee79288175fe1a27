//! Names of TOC groups across languages: which group of one language's TOC is the same group as one
//! of another language's TOC, so that each can lend its name to the other (see [`Nav::name_in`]).

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::content::discover::without_lang_folder;
use crate::content::nav::Nav;
use crate::lang::Lang;

impl Nav {
    /// Whether an entry groups others without being a page or a URL itself (`name` + `items`, or a
    /// nested TOC without an index page).
    fn is_group(&self, id: usize) -> bool {
        let n = &self.nodes[id];
        n.key.is_none() && n.external.is_none()
    }

    /// Gives each group of a tree written in one language the name of its counterpart in every other
    /// language that has TOCs of its own (`fr-fr/TOC.yml` beside `en-us/TOC.yml`), so a French TOC
    /// shown on an English page names its groups in English. See [`Self::counterparts`] for the rule.
    pub(crate) fn name_groups_across_langs(&mut self) {
        let langs: BTreeSet<Lang> = self.trees.iter().filter_map(|t| t.lang.clone()).collect();
        if langs.len() < 2 {
            return;
        }
        let below = self.keys_below();
        let mut found: Vec<(usize, Lang, usize)> = Vec::new();
        for from in &langs {
            for to in langs.iter().filter(|l| *l != from) {
                for (g, h) in self.counterparts(from, to, &below) {
                    found.push((g, to.clone(), h));
                }
            }
        }
        for (g, lang, h) in found {
            let name = self.nodes[h].name.clone();
            self.nodes[g].names.push((lang, name));
        }
        for n in &mut self.nodes {
            n.names.sort_by(|a, b| a.0.cmp(&b.0));
        }
    }

    /// The entry of a tree in `lang` that links to the same page as entry `id`, when there is one.
    fn same_page_in(&self, id: usize, lang: &Lang) -> Option<usize> {
        let key = self.nodes[id].key.as_ref()?;
        self.by_key
            .get(key)?
            .iter()
            .copied()
            .find(|&i| self.trees[self.nodes[i].tree].lang.as_ref() == Some(lang))
    }

    /// For each group, the page keys of the entries below it (interned, sorted, without repeats);
    /// empty for entries that are not groups.
    fn keys_below(&self) -> Vec<Vec<u32>> {
        let mut ids: HashMap<&str, u32> = HashMap::new();
        let mut below = vec![Vec::new(); self.nodes.len()];
        for (id, slot) in below.iter_mut().enumerate() {
            if !self.is_group(id) {
                continue;
            }
            let mut stack: Vec<usize> = self.nodes[id].children.clone();
            while let Some(c) = stack.pop() {
                if let Some(k) = &self.nodes[c].key {
                    let next = ids.len() as u32;
                    slot.push(*ids.entry(k.as_str()).or_insert(next));
                }
                stack.extend(self.nodes[c].children.iter().copied());
            }
            slot.sort_unstable();
            slot.dedup();
        }
        below
    }

    /// Pairs each group of the trees in `from` with at most one group of the trees in `to`, each
    /// used once:
    ///
    /// 1. **Same pages.** Two groups match when the pages below them are mostly the same: shared
    ///    keys at least half of all the keys below either (Jaccard ≥ ½). The best scores are paired
    ///    first; ties go to the pair at the same depth, then at the same position among siblings.
    ///    This survives entries added, removed or moved between the two TOCs.
    /// 2. **Same place.** A group with no pages below it (only links out, or nothing) matches the
    ///    unpaired group with no pages at the same position under paired parents (paired groups,
    ///    entries for the same page, or the tops of two root TOCs at the same path in their
    ///    language folders) when both parents have as many entries. Groups whose pages differ are
    ///    never paired by their place.
    ///
    /// Anything else stays unpaired: a wrong name is worse than a name marked as another language.
    fn counterparts(&self, from: &Lang, to: &Lang, below: &[Vec<u32>]) -> Vec<(usize, usize)> {
        let in_lang = |lang: &Lang| -> Vec<usize> {
            (0..self.nodes.len())
                .filter(|&i| {
                    self.is_group(i) && self.trees[self.nodes[i].tree].lang.as_ref() == Some(lang)
                })
                .collect()
        };
        let (gs, hs) = (in_lang(from), in_lang(to));
        if gs.is_empty() || hs.is_empty() {
            return Vec::new();
        }
        let depth = |i: usize| self.ancestors(i).len();
        let position = |i: usize| {
            let n = &self.nodes[i];
            let siblings = match n.parent {
                Some(p) => &self.nodes[p].children,
                None => &self.trees[n.tree].roots,
            };
            siblings.iter().position(|&s| s == i).unwrap_or(0)
        };
        let mut containing: HashMap<u32, Vec<usize>> = HashMap::new();
        for &h in &hs {
            for &k in &below[h] {
                containing.entry(k).or_default().push(h);
            }
        }
        // (score, depth difference, position difference, g, h), best first.
        let mut candidates: Vec<(f64, usize, usize, usize, usize)> = Vec::new();
        for &g in &gs {
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for k in &below[g] {
                for &h in containing.get(k).into_iter().flatten() {
                    *shared.entry(h).or_default() += 1;
                }
            }
            for (h, c) in shared {
                let union = below[g].len() + below[h].len() - c;
                if 2 * c >= union {
                    candidates.push((
                        c as f64 / union as f64,
                        depth(g).abs_diff(depth(h)),
                        position(g).abs_diff(position(h)),
                        g,
                        h,
                    ));
                }
            }
        }
        candidates.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then((a.1, a.2, a.3, a.4).cmp(&(b.1, b.2, b.3, b.4)))
        });
        let mut pair_of: HashMap<usize, usize> = HashMap::new();
        let mut taken: HashSet<usize> = HashSet::new();
        for (_, _, _, g, h) in candidates {
            if !pair_of.contains_key(&g) && !taken.contains(&h) {
                pair_of.insert(g, h);
                taken.insert(h);
            }
        }
        // Same place: parents come before their children in the arena, so a group paired here can
        // pair its own children in turn.
        for &g in &gs {
            if pair_of.contains_key(&g) || !below[g].is_empty() {
                continue;
            }
            let n = &self.nodes[g];
            let (mine, theirs): (&[usize], Option<&[usize]>) = match n.parent {
                Some(p) => (
                    &self.nodes[p].children,
                    pair_of
                        .get(&p)
                        .copied()
                        .or_else(|| self.same_page_in(p, to))
                        .map(|q| self.nodes[q].children.as_slice()),
                ),
                None => {
                    let tree = &self.trees[n.tree];
                    let at = without_lang_folder(&tree.rel);
                    let other = self
                        .trees
                        .iter()
                        .find(|t| t.lang.as_ref() == Some(to) && without_lang_folder(&t.rel) == at);
                    (&tree.roots, other.map(|t| t.roots.as_slice()))
                }
            };
            let Some(theirs) = theirs.filter(|t| t.len() == mine.len()) else {
                continue;
            };
            let h = theirs[position(g)];
            if self.is_group(h) && below[h].is_empty() && !taken.contains(&h) {
                pair_of.insert(g, h);
                taken.insert(h);
            }
        }
        let mut out: Vec<(usize, usize)> = pair_of.into_iter().collect();
        out.sort_unstable();
        out
    }
}
