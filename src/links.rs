//! Link resolution: a link as written in a file (relative `.md`, `~/`, folder, image) becomes the URL
//! of the target page in the reader's language, the source-language page as a marked fallback, an asset
//! URL, or a broken link with a suggestion.

use percent_encoding::percent_decode_str;

use crate::content::page::Half;
use crate::content::toc::{is_external, join_rel};
use crate::lang::Lang;
use crate::render::markdown::{IncludeError, LinkTarget, Resolver};
use crate::site::{Site, encode_path, ends_with_ci, key_of_rel, lowercase};

/// Resolves links for one page (its language and half decide which text of an include is used).
pub struct PageResolver<'a> {
    /// The site.
    pub site: &'a Site,
    /// Language of the page being rendered.
    pub lang: &'a Lang,
    /// Half of the page being rendered.
    pub half: Half,
    /// Where the files read besides the page's own source are recorded (a build's cache needs
    /// them to know when to render the page again); `None` records nothing.
    pub deps: Option<&'a std::sync::Mutex<Vec<crate::cache::Dep>>>,
}

impl Site {
    /// Resolves a page key for a reader of `lang`.
    pub fn resolve_key(&self, key: &str, lang: &Lang) -> LinkTarget {
        let hit = self
            .page(lang, key)
            .map(|p| (p, false))
            .or_else(|| self.page(&self.config.source_lang, key).map(|p| (p, true)))
            .or_else(|| {
                self.by_key
                    .get(key)
                    .and_then(|v| v.first())
                    .map(|&i| (&self.pages[i], true))
            });
        match hit {
            Some((p, fallback)) => LinkTarget::Page {
                url: p.url.clone(),
                title: p.title.clone(),
                fallback,
                lang: p.lang.to_string(),
            },
            None => self.resolve_other_case(key, lang),
        }
    }

    /// A key that names a page only when letter case is ignored (localized repositories often keep
    /// a file's old casing while links follow the source's): the one page it names, flagged, so
    /// readers get a working link and the writer a `link-case` warning.
    fn resolve_other_case(&self, key: &str, lang: &Lang) -> LinkTarget {
        let actual = self
            .lower_index
            .get(lowercase(key).as_ref())
            .filter(|k| k.as_str() != key && self.by_key.contains_key(k.as_str()));
        match actual.map(|k| (k, self.resolve_key(k, lang))) {
            Some((
                k,
                LinkTarget::Page {
                    url,
                    title,
                    fallback,
                    lang,
                },
            )) => LinkTarget::PageCase {
                url,
                title,
                fallback,
                lang,
                actual: self.by_key[k.as_str()]
                    .first()
                    .map_or_else(|| k.clone(), |&i| self.pages[i].file.clone()),
            },
            _ => LinkTarget::Broken {
                help: self.case_hint(key),
            },
        }
    }

    fn case_hint(&self, key_or_path: &str) -> Option<String> {
        self.lower_index.get(&key_or_path.to_lowercase()).filter(|k| k.as_str() != key_or_path).map(|k| {
            format!("a page or file `{k}` exists with different letter case; links are case-sensitive on Linux servers")
        })
    }

    /// Resolves a content-relative path (already joined and normalized) for a reader of `lang`.
    pub fn resolve_rel(&self, rel: &str, lang: &Lang) -> LinkTarget {
        if rel.is_empty() || rel.ends_with('/') {
            return self.resolve_key(&key_of_rel(&format!("{rel}index.md")), lang);
        }
        let ends_ci = |ext: &str| ends_with_ci(rel, ext);
        if ends_ci(".md") || ends_ci(".markdown") {
            return self.resolve_key(&key_of_rel(rel), lang);
        }
        if self.assets.contains_key(rel) {
            return LinkTarget::Asset {
                url: format!("{}{}", self.config.root_path(), encode_path(rel)),
            };
        }
        // Extension-less links to pages or folders.
        let key = key_of_rel(rel);
        if self.by_key.contains_key(&key) {
            return self.resolve_key(&key, lang);
        }
        let index = format!("{key}/index");
        if self.by_key.contains_key(&index) {
            return self.resolve_key(&index, lang);
        }
        // Only the letter case differs (`Faq.yml`, `Overview` for `overview.md`).
        for k in [&key, &index] {
            if let found @ LinkTarget::PageCase { .. } = self.resolve_other_case(k, lang) {
                return found;
            }
        }
        let help = self.case_hint(rel).or_else(|| {
            (ends_ci(".yml") || ends_ci(".yaml")).then(|| {
                "no page is made from this YAML file: only files that start with `### YamlMime:Landing`, `Hub` or `FAQ` are pages"
                    .to_string()
            })
        });
        LinkTarget::Broken { help }
    }
}

/// Whether a link is written from the site root (`/azure/x`), not `//host` or `~/`.
fn is_site_root(target: &str) -> bool {
    target.starts_with('/') && !target.starts_with("//")
}

impl Site {
    /// Where a site-root link that is no path of this site goes with `[links] external_base`: the
    /// same path in the reader's language on the docs host (`/azure/x` on a French page →
    /// `https://learn.microsoft.com/fr-fr/azure/x`); a path that names a language itself
    /// (`/en-us/azure/x`) keeps it. `None` without the setting.
    pub fn external_docset(&self, target: &str, lang: &Lang) -> Option<String> {
        let base = self.config.links.external_base.as_deref()?;
        let path = target.trim_start_matches('/');
        let first = path.split(['/', '?']).next().unwrap_or_default();
        Some(if Lang::is_folder(first) {
            format!("{base}/{path}")
        } else {
            format!("{base}/{lang}/{path}")
        })
    }
}

/// Decodes `%20`-style escapes; a link written with them names the same file. Borrowed when there
/// is nothing to decode (most links).
fn decode(target: &str) -> std::borrow::Cow<'_, str> {
    // Without a `%` there is nothing to decode, and the text is already UTF-8: the decoder would
    // look at every byte twice to say so.
    if !target.contains('%') {
        return target.into();
    }
    percent_decode_str(target).decode_utf8_lossy()
}

impl Resolver for PageResolver<'_> {
    fn link(&self, from_file: &str, target: &str) -> LinkTarget {
        let target = target.trim();
        if is_external(target) {
            return LinkTarget::External;
        }
        let path = target.split(['#', '?']).next().unwrap_or("");
        if path.is_empty() {
            return LinkTarget::External;
        }
        // `~/` is the docset root (the folder of the nearest docfx.json above the file), as in
        // docfx. On the French corpus no Markdown link starts with `~/`, so this changes nothing
        // there; on NuGet's docs it makes `~/api/overview.md` reach `docs/api/overview.md`.
        let decoded = decode(path);
        match join_rel(
            from_file,
            &self.site.docsets.expand_tilde(from_file, &decoded),
        ) {
            Some(rel) => match self.site.resolve_rel(&rel, self.lang) {
                broken @ LinkTarget::Broken { .. } if is_site_root(target) => self
                    .site
                    .external_docset(target, self.lang)
                    .map_or(broken, |url| LinkTarget::ExternalDocset { url }),
                resolved => resolved,
            },
            None => LinkTarget::Broken {
                help: Some(
                    "the link leaves the content root; link to a file inside the content folder"
                        .into(),
                ),
            },
        }
    }

    fn segments(&self, file: &str) -> Option<&[crate::content::sxs::Segment]> {
        self.record(crate::cache::Dep::Content(file.to_string()));
        self.site.files.get(file)?.segments().map(|s| s.as_slice())
    }

    fn include(&self, from_file: &str, path: &str) -> Result<(String, String), IncludeError> {
        let path = path.trim();
        if is_external(path) {
            return Err(IncludeError::Outside(format!(
                "`{path}` is not a file in the content folder"
            )));
        }
        let written = decode(path.split('#').next().unwrap_or(path));
        let href = self.site.docsets.expand_tilde(from_file, &written);
        let Some(rel) = join_rel(from_file, &href) else {
            return self.include_above_root(from_file, path, &href);
        };
        if let Some(f) = self.site.files.get(&rel) {
            self.record(crate::cache::Dep::Content(rel.clone()));
            return Ok((rel, f.text_for(self.half).to_string()));
        }
        // Code includes name any file: read it when it is inside the content root.
        if let Some(abs) = self
            .site
            .assets
            .get(&rel)
            .or_else(|| self.site.metadata.get(&rel))
        {
            self.record(crate::cache::Dep::Content(rel.clone()));
            return std::fs::read_to_string(abs)
                .map(|t| (rel, t))
                .map_err(|e| IncludeError::Missing(format!("cannot read `{path}`: {e}")));
        }
        if let Some((name, inner)) = self.site.docsets.dependent_of(&rel) {
            return self.read_mapped(path, name, inner);
        }
        // A `[paths]` name works without a publish config too.
        if let Some((name, inner)) = rel.split_once('/')
            && self.site.config.paths.contains_key(name)
        {
            return self.read_mapped(path, name, inner);
        }
        if let Some(repo) = self.site.docsets.source_repository() {
            if !self.site.config.paths.contains_key(repo) {
                return Err(IncludeError::NotLocalized {
                    message: format!(
                        "`{path}` is not in this repository, and the source-language repository `{repo}` is not here"
                    ),
                    name: repo.to_string(),
                });
            }
            if let Ok(found) = self.read_mapped(path, repo, &rel) {
                return Ok(found);
            }
        }
        Err(IncludeError::Missing(match self.site.case_hint(&rel) {
            Some(h) => format!("`{path}` does not exist ({h})"),
            None => format!("`{path}` does not exist"),
        }))
    }
}

impl PageResolver<'_> {
    fn record(&self, dep: crate::cache::Dep) {
        if let Some(deps) = self.deps
            && let Ok(mut d) = deps.lock()
        {
            d.push(dep);
        }
    }

    /// A path that climbs above the content root is refused, unless its first folder there is a
    /// dependent repository or a `[paths]` name (the content root is then the repository's docs
    /// folder, and the samples are cloned beside it).
    fn include_above_root(
        &self,
        from_file: &str,
        path: &str,
        href: &str,
    ) -> Result<(String, String), IncludeError> {
        let joined = match href.strip_prefix('/').or_else(|| href.strip_prefix("~/")) {
            Some(r) => r.to_string(),
            None => match from_file.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{href}"),
                None => href.to_string(),
            },
        };
        let (ups, rest) = crate::content::docset::normalize_above_root(&joined.replace('\\', "/"));
        if ups == 1
            && let Some((name, inner)) = rest.split_once('/')
            && (self.site.config.paths.contains_key(name) || self.site.docsets.is_dependent(name))
        {
            return self.read_mapped(path, name, inner);
        }
        Err(IncludeError::Outside(format!(
            "`{path}` leaves the content root"
        )))
    }

    /// Reads `inner` in the folder `[paths]` maps `name` to, never outside it (symlinks included).
    fn read_mapped(
        &self,
        path: &str,
        name: &str,
        inner: &str,
    ) -> Result<(String, String), IncludeError> {
        let Some(dir) = self.site.config.paths.get(name) else {
            return Err(IncludeError::Dependent {
                message: format!(
                    "`{path}` is in the dependent repository `{name}`, which is not here"
                ),
                name: name.to_string(),
                mapped: false,
            });
        };
        let recorded = dir.join(inner);
        let missing = |why: String| IncludeError::Dependent {
            message: format!("`{path}`: {why}"),
            name: name.to_string(),
            mapped: true,
        };
        let (Ok(root), Ok(file)) = (dir.canonicalize(), dir.join(inner).canonicalize()) else {
            // Missing now: the page is rendered again when the file appears.
            let hash = crate::cache::inputs::file_hash(&recorded);
            self.record(crate::cache::Dep::External(recorded, hash));
            return Err(missing(format!(
                "no file `{inner}` in {} ([paths] {name})",
                dir.display()
            )));
        };
        if !file.starts_with(&root) {
            let hash = crate::cache::inputs::file_hash(&recorded);
            self.record(crate::cache::Dep::External(recorded, hash));
            return Err(IncludeError::Outside(format!(
                "`{path}` leads out of {} ([paths] {name}) through a symbolic link",
                dir.display()
            )));
        }
        let read = std::fs::read_to_string(&file);
        // The hash of what was read (a file that cannot be read, as the cache hashes it).
        let hash = match &read {
            Ok(t) => crate::cache::hash(t.as_bytes()),
            Err(_) => crate::cache::inputs::file_hash(&file),
        };
        self.record(crate::cache::Dep::External(recorded, hash));
        read.map(|t| (format!("{name}/{inner}"), t))
            .map_err(|e| missing(format!("cannot read {}: {e}", file.display())))
    }
}
