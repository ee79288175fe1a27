//! `tandem serve`: the site rendered into memory, served over HTTP on loopback, rebuilt
//! incrementally when files change, and browsers told to reload over Server-Sent Events.
//!
//! Threads: a pool of HTTP workers (`server`), one thread per live-reload stream (`reload`), the
//! watcher's debouncer (`watch`) and the caller's thread, which runs every rebuild one after the
//! other (`rebuild`), so rebuilds never race.

#[cfg(unix)]
pub mod changes;
pub mod front;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod watch;

use std::collections::HashMap;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use crate::build::BuildOptions;
use crate::diagnostics::{Diagnostic, Severity, render_report};
use rebuild::{Outcome, Project};
use reload::Hub;
use server::{Entry, Shared};

/// What `tandem serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Content root.
    pub content: PathBuf,
    /// Config file.
    pub config: PathBuf,
    /// Whether the config file must exist (it was named explicitly).
    pub config_required: bool,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Address to bind; loopback unless the writer asks otherwise.
    pub bind: String,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll for changes instead of native notifications.
    pub poll: bool,
}

/// Why `serve` could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site cannot be built at all (config, theme or template errors, missing content).
    #[error("the site cannot be built")]
    Build(Vec<Diagnostic>),
    /// `--bind` is not an IP address.
    #[error("`{0}` is not an IP address; pass e.g. --bind 127.0.0.1 or --bind 0.0.0.0")]
    BadAddress(String),
    /// Another program listens on the port.
    #[error(
        "port {port} is already in use on {bind}; stop the other server, or pass --port N (--port 0 picks a free port)"
    )]
    PortInUse {
        /// Address.
        bind: String,
        /// Port.
        port: u16,
    },
    /// Binding failed for another reason.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// Address.
        addr: SocketAddr,
        /// Cause.
        source: std::io::Error,
    },
    /// Neither native watching nor polling could start.
    #[error("cannot watch {path} for changes: {source}")]
    Watch {
        /// Folder.
        path: PathBuf,
        /// Cause.
        source: notify::Error,
    },
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    // A config file that does not exist (optional default): canonicalize its folder.
    let name = p.file_name().map(PathBuf::from).unwrap_or_default();
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent
        .canonicalize()
        .unwrap_or_else(|_| parent.to_path_buf())
        .join(name)
}

fn print_diagnostics(diags: &[Diagnostic], content: &Path) {
    if diags.is_empty() {
        return;
    }
    let source_of = |file: &Path| {
        std::fs::read_to_string(content.join(file))
            .or_else(|_| std::fs::read_to_string(file))
            .ok()
    };
    eprint!("{}", render_report(diags, &source_of));
}

/// Wraps output files for serving, in parallel (no copy, no hashing: see [`Entry::new`]).
fn to_entries(files: Vec<(String, Vec<u8>)>) -> Vec<(String, Entry)> {
    use rayon::prelude::*;
    files
        .into_par_iter()
        .map(|(k, v)| {
            let e = Entry::new(&k, v);
            (k, e)
        })
        .collect()
}

/// Builds the site, serves it and rebuilds on changes until Ctrl-C.
pub fn run(opts: &ServeOptions) -> Result<(), ServeError> {
    if !opts.content.is_dir() {
        return Err(ServeError::Build(vec![
            Diagnostic::error(
                "content-missing",
                &opts.content,
                0,
                0,
                "the content folder does not exist",
            )
            .with_help("pass --content DIR, or run `tandem new DIR` to start a site"),
        ]));
    }
    let content = absolute(&opts.content);
    let config_path = absolute(&opts.config);
    let build_opts = BuildOptions {
        content: content.clone(),
        out: PathBuf::new(),
        config: config_path.clone(),
        config_required: opts.config_required,
        base_url: None,
        drafts: false,
        strict: false,
    };
    let start = Instant::now();
    let full = Project::load(&build_opts).map_err(ServeError::Build)?;
    print_diagnostics(&full.diagnostics, &content);
    let errors = full
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    eprintln!(
        "Built {} pages and {} files in {} ms — {errors} error{}",
        full.pages,
        full.files.len(),
        start.elapsed().as_millis(),
        if errors == 1 { "" } else { "s" }
    );
    let mut project = full.project;

    let ip: IpAddr = opts
        .bind
        .parse()
        .map_err(|_| ServeError::BadAddress(opts.bind.clone()))?;
    let addr = SocketAddr::new(ip, opts.port);
    let listener = TcpListener::bind(addr).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::PortInUse {
            bind: opts.bind.clone(),
            port: opts.port,
        },
        _ => ServeError::Bind { addr, source: e },
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| ServeError::Bind { addr, source: e })?;
    if !ip.is_loopback() {
        eprintln!(
            "warning: serving on {ip}, reachable from other machines; the preview has no authentication. Use --bind 127.0.0.1 to keep it local."
        );
    }
    // tiny_http reads request heads without a limit: on Unix it sits behind a bounded front.
    #[cfg(unix)]
    let (_front, listener) =
        front::start(listener).map_err(|source| ServeError::Bind { addr, source })?;
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None).map_err(|e| ServeError::Bind {
            addr,
            source: std::io::Error::other(e.to_string()),
        })?,
    );

    let root_path = project.site.config.root_path();
    let shared = Arc::new(Shared {
        files: RwLock::new(
            to_entries(full.files.into_iter().collect())
                .into_iter()
                .collect::<HashMap<_, _>>(),
        ),
        hub: Arc::new(Hub::default()),
        root: root_path.clone(),
    });
    let stop = Arc::new(AtomicBool::new(false));
    let workers = server::spawn_workers(server.clone(), shared.clone(), stop.clone());

    let (tx, rx) = channel::<Vec<PathBuf>>();
    let root = absolute(&project.root());
    let targets = watch::targets(&content, &root);
    let handle =
        watch::start(&targets, opts.poll, tx.clone()).map_err(|source| ServeError::Watch {
            path: content.clone(),
            source,
        })?;
    {
        let stop = stop.clone();
        // An empty batch wakes the rebuild loop so it sees the flag.
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            let _ = tx.send(Vec::new());
        });
    }
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        local.ip().to_string()
    };
    let host = if local.is_ipv6() && !local.ip().is_unspecified() {
        format!("[{host}]")
    } else {
        host
    };
    let url = format!("http://{host}:{}{root_path}", local.port());
    println!(
        "Serving {} at {url} (watching {}, {}); press Ctrl-C to stop",
        project.site.config.title,
        content.display(),
        handle.kind()
    );
    let _ = std::io::stdout().flush();
    if opts.open {
        open_browser(&url);
    }
    rebuild_loop(
        &mut project,
        &rx,
        &shared,
        &stop,
        &content,
        &config_path,
        &root,
    );
    drop(handle);
    for w in workers {
        let _ = w.join();
    }
    eprintln!("Stopped.");
    Ok(())
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(cmd.0)
        .args(&cmd.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("could not open a browser; open {url} yourself");
    }
}

fn describe(paths: &[String]) -> String {
    match paths {
        [] => "nothing".into(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
    }
}

fn rebuild_loop(
    project: &mut Project,
    rx: &Receiver<Vec<PathBuf>>,
    shared: &Shared,
    stop: &AtomicBool,
    content: &Path,
    config: &Path,
    root: &Path,
) {
    while let Ok(mut paths) = rx.recv() {
        // Batches that piled up during the last rebuild are handled as one.
        while let Ok(more) = rx.try_recv() {
            paths.extend(more);
        }
        if stop.load(Ordering::SeqCst) {
            return;
        }
        paths.sort();
        paths.dedup();
        let theme = project.site.config.theme.clone();
        let changes = watch::classify(&paths, content, config, root, &theme);
        if changes.is_empty() {
            continue;
        }
        let mut names: Vec<String> = changes.content.iter().cloned().collect();
        names.extend(changes.health.iter().cloned());
        names.extend(changes.css.iter().cloned());
        if changes.config {
            names.push(
                config
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
        if changes.theme {
            names.push("theme".into());
        }
        let start = Instant::now();
        let outcome = project.apply(&changes);
        let ms = start.elapsed().as_millis();
        match outcome {
            Outcome::Unchanged => eprintln!(
                "{} changed → nothing to re-render ({ms} ms)",
                describe(&names)
            ),
            Outcome::Failed(diags) => {
                print_diagnostics(&diags, content);
                let n = diags.len();
                eprintln!(
                    "{} changed → {n} error{}; still serving the last good build ({ms} ms)",
                    describe(&names),
                    if n == 1 { "" } else { "s" }
                );
                shared.hub.error(&diags);
            }
            Outcome::Updated {
                files,
                replace,
                pages,
                css_only,
            } => {
                let entries = to_entries(files);
                if replace {
                    // The new map is built outside the lock; readers wait only for the swap, and
                    // the old build is freed after the lock is released.
                    let fresh: HashMap<_, _> = entries.into_iter().collect();
                    let old = shared
                        .files
                        .write()
                        .map(|mut map| std::mem::replace(&mut *map, fresh));
                    drop(old);
                } else if let Ok(mut map) = shared.files.write() {
                    map.extend(entries);
                }
                let ms = start.elapsed().as_millis();
                if css_only {
                    eprintln!(
                        "{} changed → stylesheets swapped ({ms} ms)",
                        describe(&names)
                    );
                    shared.hub.css(&changes.css);
                } else {
                    eprintln!(
                        "{} changed → {pages} page{} re-rendered in {ms} ms",
                        describe(&names),
                        if pages == 1 { "" } else { "s" }
                    );
                    shared.hub.reload(&names, pages, ms);
                }
            }
        }
    }
}
