//! The `tandem` command line: parse arguments, call the library, print diagnostics, map to exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use tandem::build::{BuildOptions, build_with};
use tandem::diagnostics::render_report;
use tandem::split::SplitOptions;

/// mimalloc instead of glibc's malloc: a build allocates many short-lived strings on every thread,
/// and glibc's allocator was ~15% of a build's instructions (bench/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bilingual documentation and status sites from localized Docs Markdown.
#[derive(Parser)]
#[command(name = "tandem", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Output folder.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Configuration file (optional when it is the default and does not exist).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Override `base_url` from the config.
        #[arg(long)]
        base_url: Option<String>,
        /// Also build pages with `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print only errors and warnings, no summary.
        #[arg(long, short)]
        quiet: bool,
        /// Fail on warnings too (exit 1, the previous output left as it was); also
        /// `[build] strict = true` in tandem.toml.
        #[arg(long)]
        strict: bool,
        /// Write only these languages (comma-separated or repeated), for one job of a split
        /// build; links, switcher and hreflang still cover every language of the content.
        #[arg(long, value_name = "LANGS", value_delimiter = ',')]
        lang: Vec<String>,
        /// With --lang: leave out the source-language pages reconstructed from these languages.
        #[arg(long, requires = "lang")]
        no_source: bool,
        /// Summary format: text (one line on stderr) or json (one object on stdout).
        #[arg(long, value_enum, default_value_t = BuildFormat::Text)]
        format: BuildFormat,
        /// Build everything afresh and keep no build cache (`output/.tandem/`) in the output;
        /// the next build is a cold one too. Split builds (--lang) never keep one.
        #[arg(long)]
        no_cache: bool,
    },
    /// Merge the outputs of split builds into one folder (replaced only when the merge succeeds);
    /// a file that several outputs hold must be the same in each.
    Merge {
        /// Folder to write the merged site into.
        #[arg(long)]
        out: PathBuf,
        /// Output folders of `tandem build --lang …` jobs.
        #[arg(required = true, num_args = 1..)]
        inputs: Vec<PathBuf>,
        /// Print only errors, no summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Preview the site: serve it from memory, rebuild what an edit affects, reload the browser.
    Serve {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Configuration file (optional when it is the default and does not exist).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Port to listen on; 0 picks a free one (the URL is printed).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind; anything but loopback makes the preview reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of native file notifications (network drives, containers).
        #[arg(long)]
        poll: bool,
    },
    /// Report every problem (links, anchors, TOC, spans, front matter, alt text, drift) without
    /// writing output. Exits 1 on errors, and on warnings with --strict.
    Check {
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Configuration file (optional when it is the default and does not exist).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Output format: text (rustc-like), json (one array) or github (workflow annotations).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Fail when a language has fewer than PCT % of its segments translated.
        #[arg(long, value_name = "PCT")]
        min_coverage: Option<f64>,
        /// Other docsets' published URLs (a sitemap.xml or a list, one URL a line; repeatable):
        /// links into them are verified offline.
        #[arg(long, value_name = "FILE")]
        known_urls: Vec<PathBuf>,
    },
    /// Create a new site in DIR that builds at once.
    New {
        /// Folder to create the site in.
        dir: PathBuf,
    },
}

/// `--format` of `tandem build`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BuildFormat {
    Text,
    Json,
}

/// `--format` of `tandem check`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Github,
}

fn check(
    content: PathBuf,
    config: Option<PathBuf>,
    format: CheckFormat,
    strict: bool,
    min_coverage: Option<f64>,
    known_urls: Vec<PathBuf>,
) -> ExitCode {
    use tandem::check::{CheckOptions, report};
    let opts = CheckOptions {
        content,
        config_required: config.is_some(),
        config: config.unwrap_or_else(|| PathBuf::from("tandem.toml")),
        known_urls,
    };
    let mut result = tandem::check::run(&opts);
    if let (Some(min), Some(cov)) = (min_coverage, &result.coverage) {
        for l in cov.below(min) {
            result.diagnostics.push(
                tandem::diagnostics::Diagnostic::error(
                    "coverage-below-minimum",
                    &opts.content,
                    0,
                    0,
                    format!(
                        "{}: {:.1} % of segments translated ({} of {}), below --min-coverage {min}",
                        l.lang, l.percent, l.translated, l.segments
                    ),
                )
                .with_help("translate the remaining segments, or lower the gate"),
            );
        }
    }
    match format {
        CheckFormat::Json => println!("{}", report::json(&result.diagnostics)),
        CheckFormat::Github => print!("{}", report::github(&result.diagnostics, &opts.content)),
        CheckFormat::Text => {
            let dir = opts.content.clone();
            let source_of = |file: &Path| -> Option<String> {
                std::fs::read_to_string(dir.join(file))
                    .or_else(|_| std::fs::read_to_string(file))
                    .ok()
            };
            eprint!("{}", render_report(&result.diagnostics, &source_of));
            let infos = match result.infos() {
                0 => String::new(),
                n => format!(", {n} info"),
            };
            eprintln!(
                "Checked: {} error{}, {} warning{}{infos}",
                result.errors(),
                if result.errors() == 1 { "" } else { "s" },
                result.warnings(),
                if result.warnings() == 1 { "" } else { "s" },
            );
        }
    }
    if result.errors() > 0 || (strict && result.warnings() > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            out,
            config,
            base_url,
            drafts,
            quiet,
            strict,
            lang,
            no_source,
            format,
            no_cache,
        } => {
            let split = SplitOptions {
                langs: lang,
                source: !no_source,
            };
            let opts = BuildOptions {
                content,
                out,
                config_required: config.is_some(),
                config: config.unwrap_or_else(|| PathBuf::from("tandem.toml")),
                base_url,
                drafts,
                strict,
            };
            if tandem::progress::wanted(quiet) {
                tandem::progress::start();
            }
            let report = build_with(&opts, &split, !no_cache);
            tandem::progress::finish();
            let content_dir = opts.content.clone();
            let source_of = |file: &Path| -> Option<String> {
                std::fs::read_to_string(content_dir.join(file))
                    .or_else(|_| std::fs::read_to_string(file))
                    .ok()
            };
            if !report.diagnostics.is_empty() {
                eprint!("{}", render_report(&report.diagnostics, &source_of));
            }
            if !quiet {
                for n in &report.notes {
                    eprintln!("note: {n}");
                }
            }
            if format == BuildFormat::Json {
                println!("{}", report.json());
            } else if !quiet || report.errors() > 0 {
                let line = report.summary();
                if std::io::stderr().is_terminal() {
                    let color = if report.errors() > 0 { "31" } else { "32" };
                    eprintln!("\x1b[1;{color}m{line}\x1b[0m");
                } else {
                    eprintln!("{line}");
                }
            }
            // What the build made is freed by the kernel with the process (`tandem::memory`).
            tandem::memory::exit_now(if report.errors() > 0 { 1 } else { 0 })
        }
        Command::Serve {
            content,
            config,
            port,
            bind,
            open,
            poll,
        } => {
            let opts = tandem::serve::ServeOptions {
                content,
                config_required: config.is_some(),
                config: config.unwrap_or_else(|| PathBuf::from("tandem.toml")),
                port,
                bind,
                open,
                poll,
            };
            match tandem::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(tandem::serve::ServeError::Build(diags)) => {
                    let content_dir = opts.content.clone();
                    let source_of = |file: &Path| -> Option<String> {
                        std::fs::read_to_string(content_dir.join(file))
                            .or_else(|_| std::fs::read_to_string(file))
                            .ok()
                    };
                    eprint!("{}", render_report(&diags, &source_of));
                    eprintln!(
                        "error: the site cannot be built; fix the errors above and run `tandem serve` again"
                    );
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            content,
            config,
            format,
            strict,
            min_coverage,
            known_urls,
        } => check(content, config, format, strict, min_coverage, known_urls),
        Command::Merge { out, inputs, quiet } => {
            let report = tandem::merge::merge(&inputs, &out);
            if !report.diagnostics.is_empty() {
                eprint!("{}", render_report(&report.diagnostics, &|_: &Path| None));
            }
            if !quiet || !report.diagnostics.is_empty() {
                eprintln!("{}", report.summary());
            }
            if report.diagnostics.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::New { dir } => match tandem::scaffold::new_site(&dir) {
            Ok(files) => {
                for f in files {
                    println!("created {}", dir.join(f).display());
                }
                println!("\nNext: cd {} && tandem build", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
