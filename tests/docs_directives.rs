//! The Docs directives of real localized repositories (`tests/fixtures/docs-directives/`): code
//! samples from a dependent repository mapped under `[paths]`, missing samples as warnings with a
//! box, `[!div]`, `[!VIDEO]`, monikers, rows and columns, includes in cells and list items,
//! comments, unknown directives; and `--strict` / `[build] strict`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_into, html, select};
use tandem::build::{BuildOptions, build};
use tandem::diagnostics::Severity;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs-directives")
}

fn text(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

fn guide(out: &Path, lang: &str) -> scraper::Html {
    html(&out.join(lang).join("docs/guide/index.html"))
}

/// The build succeeds with one warning per missing file, each at its line with a fix.
#[test]
fn fixture_builds_with_warnings_for_missing_samples() {
    let (_tmp, report) = build_into(
        &fixture().join("content"),
        Some(&fixture().join("tandem.toml")),
    );
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let found: Vec<(&str, u32)> = report
        .diagnostics
        .iter()
        .filter(|d| d.file == Path::new("docs/guide.md"))
        .map(|d| (d.code, d.line))
        .collect();
    assert_eq!(
        found,
        [
            ("code-include-missing", 22),
            ("dependent-missing", 24),
            ("include-missing", 60),
            ("directive-unknown", 70),
        ],
        "{:#?}",
        report.diagnostics
    );
    let dependent = report
        .diagnostics
        .iter()
        .find(|d| d.code == "dependent-missing")
        .unwrap();
    assert_eq!(dependent.severity, Severity::Warning);
    assert_eq!(dependent.col, 1);
    let help = dependent.help.as_deref().unwrap();
    assert!(
        help.contains("add `other-samples = \"<folder>\"` under [paths] in tandem.toml"),
        "{help}"
    );
}

#[test]
fn code_samples_from_the_mapped_repository_and_the_docset() {
    let (tmp, _) = build_into(
        &fixture().join("content"),
        Some(&fixture().join("tandem.toml")),
    );
    let doc = guide(&tmp.path().join("output"), "fr-fr");
    let code: Vec<String> = select(&doc, ".content pre code").iter().map(text).collect();
    // `~/../contoso-samples/…?name=Greet`: `~/` is content/docs (its docfx.json), `..` the
    // content root, where the dependent repository is mapped by [paths].
    assert_eq!(code[0], "Console.WriteLine(\"Bonjour\");");
    assert_eq!(code[1], "{ \"status\": \"ok\" }");
    assert_eq!(code.len(), 2, "{code:?}");
    let boxes: Vec<String> = select(&doc, ".missing-box.code-missing")
        .iter()
        .map(text)
        .collect();
    assert_eq!(boxes.len(), 2);
    assert!(
        boxes[0].starts_with("Exemple de code non disponible"),
        "{boxes:?}"
    );
    let include = select(&doc, ".missing-box.content-missing");
    assert!(text(&include[0]).starts_with("Contenu non disponible"));
    for b in select(&doc, ".missing-box") {
        assert_eq!(b.value().attr("role"), Some("note"));
    }
    let en = guide(&tmp.path().join("output"), "en-us");
    let boxes: Vec<String> = select(&en, ".missing-box").iter().map(text).collect();
    assert!(
        boxes[0].starts_with("Code sample not available"),
        "{boxes:?}"
    );
    assert!(boxes[2].starts_with("Content not available"), "{boxes:?}");
}

#[test]
fn blocks_monikers_grid_video_and_includes() {
    let (tmp, _) = build_into(
        &fixture().join("content"),
        Some(&fixture().join("tandem.toml")),
    );
    let out = tmp.path().join("output");
    let doc = guide(&out, "fr-fr");
    let next = select(&doc, ".content div.nextstepaction a");
    assert_eq!(next[0].value().attr("href"), Some("/fr-fr/docs/next/"));
    assert_eq!(select(&doc, ".content div.checklist li").len(), 2);
    assert!(select(&doc, ".content blockquote").is_empty());
    let labels: Vec<String> = select(&doc, ".moniker .moniker-label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(labels, ["Version: >= contoso-2", "Version: contoso-1"]);
    assert_eq!(select(&doc, ".row > .column").len(), 2);
    assert_eq!(select(&doc, ".row > .column.span-2").len(), 1);
    let video = select(&doc, ".video a.video-link");
    assert_eq!(text(&video[0]), "Regarder la vidéo");
    assert_eq!(
        video[0].value().attr("href"),
        Some("https://media.example.com/contoso/intro/player")
    );
    assert!(select(&doc, "iframe").is_empty());
    let en = guide(&out, "en-us");
    assert_eq!(
        text(&select(&en, ".video a.video-link")[0]),
        "Watch the video"
    );
    // The include in a table cell is one line; the one in a list item stays in its item.
    let cell = select(&doc, ".content td");
    assert_eq!(text(&cell[1]), "Première ligne.Seconde ligne.");
    let br = scraper::Selector::parse("br").unwrap();
    assert_eq!(cell[1].select(&br).count(), 1);
    let items: Vec<String> = select(&doc, ".content ol > li").iter().map(text).collect();
    assert_eq!(
        items,
        ["Ouvrez le tableau de bord.", "Fermez le tableau de bord."]
    );
    let en_cell = select(&en, ".content td");
    assert_eq!(text(&en_cell[1]), "First line.Second line.");
}

#[test]
fn no_directive_or_comment_reaches_the_page_as_markup() {
    let (tmp, _) = build_into(
        &fixture().join("content"),
        Some(&fixture().join("tandem.toml")),
    );
    let out = tmp.path().join("output");
    for lang in ["fr-fr", "en-us"] {
        let raw = std::fs::read_to_string(out.join(lang).join("docs/guide/index.html")).unwrap();
        for gone in [
            "<!--",
            "Note pour les rédacteurs",
            "remarque en ligne",
            "Bloc mis en commentaire",
        ] {
            assert!(!raw.contains(gone), "{lang}: {gone}");
        }
        let doc = guide(&out, lang);
        let body: String = select(&doc, ".content")
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect();
        for raw_directive in [
            "[!div",
            "[!code",
            "[!VIDEO",
            "[!INCLUDE",
            ":::row",
            ":::column",
            "::: moniker",
        ] {
            assert!(
                !body.contains(raw_directive),
                "{lang}: {raw_directive} in {body}"
            );
        }
        // The unknown one is text, in a paragraph of its own, not markup.
        let unknown: Vec<String> = select(&doc, ".content p")
            .iter()
            .map(text)
            .filter(|t| t.contains("sparkle"))
            .collect();
        assert_eq!(unknown, [":::sparkle kind=\"gold\":::"], "{lang}");
    }
}

#[test]
fn a_configured_moniker_keeps_only_its_blocks() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("tandem.toml");
    std::fs::write(
        &config,
        format!(
            "[paths]\ncontoso-samples = \"{}\"\n\n[build]\nmoniker = \"contoso-1\"\n",
            fixture().join("contoso-samples").display()
        ),
    )
    .unwrap();
    let (out_tmp, report) = build_into(&fixture().join("content"), Some(&config));
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let doc = guide(&out_tmp.path().join("output"), "fr-fr");
    let blocks: Vec<String> = select(&doc, ".moniker").iter().map(text).collect();
    assert_eq!(blocks, ["Texte de la version 1."]);
}

/// A sample reached through a symbolic link that leaves the mapped folder is refused.
#[cfg(unix)]
#[test]
fn a_mapped_folder_does_not_lead_outside_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let samples = tmp.path().join("samples");
    std::fs::create_dir_all(content.join("docs")).unwrap();
    std::fs::create_dir_all(&samples).unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "TOP-SECRET-VALUE").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), samples.join("leak.cs")).unwrap();
    std::fs::write(
        content.join("docs/a.md"),
        "# A\n\n[!code-csharp[x](../../samples/leak.cs)]\n\n[!code-csharp[y](../../samples/../secret.txt)]\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("tandem.toml"),
        "[paths]\nsamples = \"samples\"\n",
    )
    .unwrap();
    let (out_tmp, report) = build_into(&content, Some(&tmp.path().join("tandem.toml")));
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["include-outside-root", "include-outside-root"],
        "{:#?}",
        report.diagnostics
    );
    let raw =
        std::fs::read_to_string(out_tmp.path().join("output/en-us/docs/a/index.html")).unwrap();
    assert!(!raw.contains("TOP-SECRET-VALUE"), "{raw}");
}

fn options(out: &Path, strict: bool) -> BuildOptions {
    BuildOptions {
        content: fixture().join("content"),
        out: out.to_path_buf(),
        config: fixture().join("tandem.toml"),
        config_required: true,
        base_url: None,
        drafts: false,
        strict,
    }
}

/// `strict`: the same warnings fail the build, and the previous output stays as it was.
#[test]
fn strict_build_fails_on_warnings_and_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let first = build(&options(&out, false));
    assert_eq!(first.errors(), 0, "{:#?}", first.diagnostics);
    let marker = out.join("fr-fr/docs/guide/index.html");
    let before = std::fs::read(&marker).unwrap();
    std::fs::write(out.join("kept.txt"), "from the previous build").unwrap();
    let strict = build(&options(&out, true));
    assert_eq!(strict.warnings(), 0);
    assert_eq!(
        strict.errors(),
        first.warnings(),
        "every warning became an error"
    );
    assert_eq!(std::fs::read(&marker).unwrap(), before);
    assert!(
        out.join("kept.txt").is_file(),
        "the previous output is untouched"
    );
}

/// `tandem build --strict` and `[build] strict = true` exit 1 where the plain build exits 0.
#[test]
fn strict_flag_and_config_exit_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |config: &Path, strict: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tandem"));
        cmd.arg("build")
            .arg("--quiet")
            .arg("--content")
            .arg(fixture().join("content"))
            .arg("--config")
            .arg(config)
            .arg("--out")
            .arg(tmp.path().join("output"));
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let config = fixture().join("tandem.toml");
    assert!(run(&config, false).status.success());
    let failed = run(&config, true);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("error[dependent-missing]"), "{stderr}");
    let strict_config = tmp.path().join("strict.toml");
    std::fs::write(
        &strict_config,
        format!(
            "[paths]\ncontoso-samples = \"{}\"\n\n[build]\nstrict = true\n",
            fixture().join("contoso-samples").display()
        ),
    )
    .unwrap();
    assert_eq!(run(&strict_config, false).status.code(), Some(1));
}

/// A localized repository takes a file it lacks from the source-language repository
/// (`_repo.en-us`) when `[paths]` maps it, and says which line to add when it does not.
#[test]
fn missing_files_come_from_the_mapped_source_language_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(content.join("docs/_data")).unwrap();
    std::fs::create_dir_all(tmp.path().join("en/docs/_data")).unwrap();
    std::fs::write(
        content.join(".openpublishing.publish.config.json"),
        r#"{"dependent_repositories": [{"path_to_root": "_repo.en-us", "url": "https://github.com/contoso/docs"}]}"#,
    )
    .unwrap();
    std::fs::write(
        content.join("docs/a.md"),
        "# A\n\n[!code-json[x](./_data/only-en.json)]\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("en/docs/_data/only-en.json"),
        "{ \"from\": \"en\" }\n",
    )
    .unwrap();
    let unmapped = tmp.path().join("unmapped.toml");
    std::fs::write(&unmapped, "").unwrap();
    let (_o, report) = build_into(&content, Some(&unmapped));
    let d = &report.diagnostics[0];
    assert_eq!(d.code, "code-include-missing", "{:#?}", report.diagnostics);
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("add `\"_repo.en-us\" = \"<folder>\"` under [paths]"),
        "{:?}",
        d.help
    );
    let mapped = tmp.path().join("tandem.toml");
    std::fs::write(&mapped, "[paths]\n\"_repo.en-us\" = \"en\"\n").unwrap();
    let (out, report) = build_into(&content, Some(&mapped));
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let doc = html(&out.path().join("output/en-us/docs/a/index.html"));
    assert_eq!(text(&select(&doc, "pre code")[0]), "{ \"from\": \"en\" }");
}
