//! Pages no content file stands for: a language's generated home (its trees' top entries as cards),
//! and the root pages (language chooser, redirects to the default language).

use super::context::{Alternate, Child, PageCtx, Translation};
use super::{Output, Renderer};
use crate::diagnostics::Diagnostic;
use crate::lang::Lang;

impl<'a> Renderer<'a> {
    pub(super) fn default_tree(&self, lang: &Lang) -> Option<usize> {
        let trees = &self.site.nav.trees;
        trees
            .iter()
            .position(|t| t.lang.as_ref() == Some(lang))
            .or_else(|| trees.iter().position(|t| t.lang.is_none()))
            .or((!trees.is_empty()).then_some(0))
    }

    /// The top entries of every navigation tree that has pages in `lang` (the home page lists them).
    pub fn home_children(&self, lang: &Lang) -> Vec<Child> {
        let nav = &self.site.nav;
        let mut out = Vec::new();
        for tree in &nav.trees {
            if tree.lang.as_ref().is_some_and(|l| l != lang)
                && nav.trees.iter().any(|o| o.lang.as_ref() == Some(lang))
            {
                continue;
            }
            for &id in &tree.roots {
                // The home page does not list itself.
                if nav.nodes[id].key.as_deref() == Some("index") {
                    continue;
                }
                let Some(url) = self.nav_url(id, lang) else {
                    // A grouping entry: list its first children instead.
                    for &c in nav.nodes[id].children.iter().take(12) {
                        if nav.nodes[c].key.as_deref() == Some("index") {
                            continue;
                        }
                        if let Some(url) = self.nav_url(c, lang) {
                            let (title, lang) = self.nav_link_title(c, lang);
                            out.push(Child {
                                title,
                                url,
                                description: None,
                                lang,
                            });
                        }
                    }
                    continue;
                };
                let description = nav.nodes[id]
                    .key
                    .as_ref()
                    .and_then(|k| self.site.page(lang, k))
                    .and_then(|p| p.description.clone());
                let (title, title_lang) = self.nav_link_title(id, lang);
                out.push(Child {
                    title,
                    url,
                    description,
                    lang: title_lang,
                });
            }
        }
        if out.is_empty() {
            // No TOC: list the pages of this language.
            for p in self
                .site
                .pages
                .iter()
                .filter(|p| &p.lang == lang && p.key != "index")
                .take(200)
            {
                out.push(Child {
                    title: p.title.clone(),
                    url: p.url.clone(),
                    description: p.description.clone(),
                    lang: None,
                });
            }
        }
        out
    }

    /// Switcher entries and hreflang alternates for a page that exists in every language at the same
    /// path (`{root}{lang}/{rest}`): language homes, status pages. `current` marks the shown language;
    /// `x_default` is the root-relative URL for `x-default`.
    pub fn every_language(
        &self,
        current: Option<&Lang>,
        rest: &str,
        x_default: &str,
    ) -> (Vec<Translation>, Vec<Alternate>) {
        let root = &self.site_ctx.root;
        let translations: Vec<Translation> = self
            .site
            .languages
            .iter()
            .map(|l| Translation {
                lang: l.to_string(),
                name: self.site.config.language_name(l),
                url: format!("{root}{l}/{rest}"),
                current: Some(l) == current,
            })
            .collect();
        let mut alternates: Vec<Alternate> = translations
            .iter()
            .map(|t| Alternate {
                hreflang: t.lang.clone(),
                href: self.permalink(&t.url),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: self.permalink(x_default),
        });
        (translations, alternates)
    }

    /// A generated home page for a language without `index.md`.
    pub fn render_generated_home(&self, lang: &Lang) -> Result<Output, Diagnostic> {
        let root = &self.site_ctx.root;
        let url = format!("{root}{lang}/");
        let (translations, alternates) = self.every_language(
            Some(lang),
            "",
            &format!("{root}{}/", self.site.config.source_lang),
        );
        let ctx = PageCtx {
            kind: "home".into(),
            title: self.site.config.title.clone(),
            permalink: self.permalink(&url),
            url,
            translations,
            alternates,
            children: self.home_children(lang),
            nav_html: self.nav_html(lang, None, self.default_tree(lang)),
            ..PageCtx::default()
        };
        let html = self.render_template("home.html", lang, &ctx, "home.html")?;
        Ok(Output {
            path: format!("{lang}/index.html"),
            html,
            diagnostics: Vec::new(),
        })
    }

    /// The site root (pick a language) and the 404 pages.
    pub fn render_root_pages(&self) -> Vec<Result<Output, Diagnostic>> {
        let root = self.site_ctx.root.clone();
        let src = self.site.config.source_lang.clone();
        let mut out = Vec::new();
        let (translations, alternates) = self.every_language(None, "", &root);
        let ctx = PageCtx {
            kind: "languages".into(),
            title: self.site.config.title.clone(),
            url: root.clone(),
            permalink: self.permalink(&root),
            translations: translations.clone(),
            alternates,
            ..PageCtx::default()
        };
        out.push(
            self.render_template("languages.html", &src, &ctx, "languages.html")
                .map(|html| Output {
                    path: "index.html".into(),
                    html,
                    diagnostics: Vec::new(),
                }),
        );
        for lang in std::iter::once(None).chain(self.site.languages.iter().map(Some)) {
            let l = lang.unwrap_or(&src);
            let url = match lang {
                Some(l) => format!("{root}{l}/404.html"),
                None => format!("{root}404.html"),
            };
            let ctx = PageCtx {
                kind: "404".into(),
                title: self.t(l, "page_not_found"),
                permalink: self.permalink(&url),
                url: url.clone(),
                translations: translations
                    .iter()
                    .map(|t| Translation {
                        current: t.lang == l.as_str(),
                        ..t.clone()
                    })
                    .collect(),
                robots: Some("noindex".into()),
                ..PageCtx::default()
            };
            let path = url.strip_prefix(&root).unwrap_or(&url).to_string();
            out.push(
                self.render_template("404.html", l, &ctx, "404.html")
                    .map(|html| Output {
                        path,
                        html,
                        diagnostics: Vec::new(),
                    }),
            );
        }
        out
    }
}
