//! The `tandem` command line: parse arguments, call the library, print diagnostics, map to exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use tandem::build::{BuildOptions, build};
use tandem::diagnostics::render_report;

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
    /// Create a new site in DIR that builds at once.
    New {
        /// Folder to create the site in.
        dir: PathBuf,
    },
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
        } => {
            let opts = BuildOptions {
                content,
                out,
                config_required: config.is_some(),
                config: config.unwrap_or_else(|| PathBuf::from("tandem.toml")),
                base_url,
                drafts,
            };
            let report = build(&opts);
            let content_dir = opts.content.clone();
            let source_of = |file: &Path| -> Option<String> {
                std::fs::read_to_string(content_dir.join(file))
                    .or_else(|_| std::fs::read_to_string(file))
                    .ok()
            };
            if !report.diagnostics.is_empty() {
                eprint!("{}", render_report(&report.diagnostics, &source_of));
            }
            if !quiet || report.errors() > 0 {
                let line = report.summary();
                if std::io::stderr().is_terminal() {
                    let color = if report.errors() > 0 { "31" } else { "32" };
                    eprintln!("\x1b[1;{color}m{line}\x1b[0m");
                } else {
                    eprintln!("{line}");
                }
            }
            if report.errors() > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
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
