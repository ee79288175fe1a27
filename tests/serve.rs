//! `tandem serve` end to end: the real binary on an ephemeral loopback port, edited the way
//! editors edit, observed over HTTP and on the live-reload stream.

#[path = "common/serve_harness.rs"]
mod harness;

use harness::{Events, Fixture, get, request, serve, wait_for};

#[test]
fn pages_have_content_type_etag_head_and_theme_404() {
    let f = Fixture::new("basics");
    let s = serve(&f, &[]);
    let r = get(s.port, "/en-us/a/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.text().contains("Alpha body v1."));
    assert!(
        r.text().contains("EventSource(\"/__tandem/events\")"),
        "live-reload script injected"
    );
    let etag = r.header("etag").expect("etag").to_string();
    assert_eq!(
        request(s.port, "GET", "/en-us/a/", &[("If-None-Match", &etag)]).status,
        304
    );
    let head = request(s.port, "HEAD", "/en-us/a/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length").map(str::to_string),
        Some(r.body.len().to_string())
    );

    let redirect = get(s.port, "/en-us/a");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/en-us/a/"));
    assert_eq!(get(s.port, "/").status, 200);
    let css = get(s.port, "/static/tandem.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));

    let missing = get(s.port, "/fr-fr/nope/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("<html"),
        "the theme's 404 page, not a bare text"
    );
    assert_eq!(request(s.port, "POST", "/en-us/a/", &[]).status, 405);
}

#[test]
fn editor_saves_renames_and_deletes_show_up_over_http_and_events() {
    let f = Fixture::new("edits");
    let s = serve(&f, &[]);
    let ev = Events::connect(s.port);
    let page = |v: &str| format!("---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body {v}.\n");

    // VS Code / JetBrains: write a temp file, rename it over the page.
    f.save_atomic("content/en-us/a.md", &page("v2"));
    let e = ev.expect("reload");
    assert!(
        e.data.contains("en-us/a.md") && e.data.contains("\"pages\":"),
        "{}",
        e.data
    );
    wait_for(s.port, "/en-us/a/", "atomic save", |r| {
        r.text().contains("Alpha body v2.")
    });

    // vim: 4913 probe, rename to a~, write, delete the backup.
    ev.drain();
    f.save_vim("content/en-us/a.md", &page("v3"));
    ev.expect("reload");
    wait_for(s.port, "/en-us/a/", "vim save", |r| {
        r.text().contains("Alpha body v3.")
    });

    // Delete a page: its URL becomes the 404 page.
    ev.drain();
    std::fs::remove_file(f.path("content/fr-fr/b.md")).unwrap();
    ev.expect("reload");
    wait_for(s.port, "/fr-fr/b/", "deleted page", |r| r.status == 404);

    // Create a page.
    ev.drain();
    f.write(
        "content/en-us/c.md",
        "---\ntitle: Charlie\n---\n# Charlie\n\nCharlie body.\n",
    );
    ev.expect("reload");
    wait_for(s.port, "/en-us/c/", "new page", |r| {
        r.status == 200 && r.text().contains("Charlie body.")
    });

    // Rename a page.
    ev.drain();
    std::fs::rename(f.path("content/en-us/c.md"), f.path("content/en-us/d.md")).unwrap();
    ev.expect("reload");
    wait_for(s.port, "/en-us/d/", "renamed page", |r| {
        r.status == 200 && r.text().contains("Charlie body.")
    });
    assert_eq!(get(s.port, "/en-us/c/").status, 404);

    // Many files at once (a `git checkout`): one batch, every change visible.
    ev.drain();
    for i in 0..20 {
        f.write(
            &format!("content/en-us/many/p{i}.md"),
            &format!("# P{i}\n\nMany {i}.\n"),
        );
    }
    ev.expect("reload");
    wait_for(s.port, "/en-us/many/p19/", "batch of new pages", |r| {
        r.status == 200 && r.text().contains("Many 19.")
    });
}

#[test]
fn a_broken_file_keeps_the_last_good_page_until_fixed() {
    let f = Fixture::new("broken");
    let s = serve(&f, &[]);
    let ev = Events::connect(s.port);
    // A NUL byte: the file cannot be read as text, so the page cannot be built. (Broken front
    // matter only costs the page its metadata: the build warns and publishes it.)
    f.save_atomic(
        "content/en-us/a.md",
        "---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body\0 broken.\n",
    );
    let e = ev.expect("error");
    let list: serde_json::Value = serde_json::from_str(&e.data).unwrap();
    let first = &list[0];
    assert!(
        first["file"].as_str().unwrap().ends_with("a.md"),
        "{}",
        e.data
    );
    assert!(first["line"].as_u64().unwrap() > 0, "{}", e.data);
    assert!(!first["message"].as_str().unwrap().is_empty());
    let r = get(s.port, "/en-us/a/");
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("Alpha body v1."),
        "the last good build is still served"
    );

    // A tab that opens now learns about the error at once.
    let late = Events::connect(s.port);
    late.expect("error");

    f.save_atomic(
        "content/en-us/a.md",
        "---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body fixed.\n",
    );
    ev.expect("reload");
    wait_for(s.port, "/en-us/a/", "fixed page", |r| {
        r.text().contains("Alpha body fixed.")
    });
}

#[test]
fn traversal_in_every_spelling_is_refused() {
    let f = Fixture::new("traversal");
    std::fs::write(f.path("secret.txt"), "TOP-SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(f.path("secret.txt"), f.path("content/en-us/leak.txt")).unwrap();
    let s = serve(&f, &[]);
    let targets = [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fsecret.txt",
        "/en-us%2f..%2f..%2fsecret.txt",
        "/\\..\\secret.txt",
        "/en-us/..\\..\\secret.txt",
        "/etc/passwd",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/en-us/%00/a",
        "/./secret.txt",
    ];
    for t in targets {
        let r = get(s.port, t);
        assert!(r.status == 400 || r.status == 404, "{t}: {}", r.status);
        let body = r.text();
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:"),
            "{t} leaked a file"
        );
    }
    // A symlink in the content folder pointing outside is never published, so never served.
    #[cfg(unix)]
    {
        let r = get(s.port, "/en-us/leak.txt");
        assert_eq!(r.status, 404);
        assert!(!r.text().contains("TOP-SECRET"));
    }
}

#[test]
fn huge_paths_and_headers_are_refused_without_harm() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let f = Fixture::new("huge");
    let s = serve(&f, &[]);
    let long = format!("/{}", "a".repeat(4096));
    let r = get(s.port, &long);
    assert!(r.status == 414 || r.status == 400, "{}", r.status);

    // A 1 MB header: 431 (or the connection closed) at once; the server keeps serving.
    let started = Instant::now();
    let big = "x".repeat(1024 * 1024);
    let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    c.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let head = format!("GET /en-us/a/ HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\n\r\n");
    let _ = c.write_all(head.as_bytes());
    let mut answer = Vec::new();
    let _ = c.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // A client that never finishes its endless header does not hold up the others.
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    slow.write_all(b"GET /en-us/a/ HTTP/1.1\r\nX-Slow: ")
        .unwrap();
    for _ in 0..4 {
        let _ = slow.write_all(&[b'y'; 2048]);
        assert_eq!(get(s.port, "/en-us/a/").status, 200);
    }
    let _ = slow.write_all(&[b'y'; 32 * 1024]);
    let mut rest = Vec::new();
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = slow.read_to_end(&mut rest);
    assert!(rest.is_empty() || rest.starts_with(b"HTTP/1.1 431"));

    // Keep-alive: two requests on one connection both get their answer.
    let mut k = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    k.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    k.write_all(b"GET /en-us/a/ HTTP/1.1\r\nHost: x\r\n\r\nHEAD /en-us/a/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut both = Vec::new();
    let _ = k.read_to_end(&mut both);
    let both = String::from_utf8_lossy(&both);
    assert_eq!(both.matches("HTTP/1.1 200").count(), 2, "{both}");
    assert_eq!(get(s.port, "/en-us/a/").status, 200);
}

#[test]
fn port_in_use_is_a_clear_error() {
    let f = Fixture::new("port");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "--port", &port, "--content"])
        .arg(f.path("content"))
        .arg("--config")
        .arg(f.path("tandem.toml"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already in use") && err.contains("--port"),
        "{err}"
    );
}

#[test]
fn polling_watcher_sees_edits() {
    let f = Fixture::new("poll");
    let s = serve(&f, &["--poll"]);
    let ev = Events::connect(s.port);
    // Polling compares whole-second modification times: the fixture was written this second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    f.save_atomic(
        "content/en-us/a.md",
        "---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body polled.\n",
    );
    ev.expect("reload");
    wait_for(s.port, "/en-us/a/", "polled edit", |r| {
        r.text().contains("Alpha body polled.")
    });
}

/// Copies a folder recursively.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn health_changes_re_render_status_and_help_pages_only() {
    let f = Fixture::new("health");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::remove_dir_all(f.path("content")).unwrap();
    copy_dir(&repo.join("content"), &f.path("content"));
    std::fs::copy(repo.join("tandem.toml"), f.path("tandem.toml")).unwrap();
    let s = serve(&f, &[]);
    let ev = Events::connect(s.port);
    let help = "/fr-fr/customers/invoices-and-billing/";
    let status_link = "href=\"/fr-fr/status/\"";
    assert!(get(s.port, help).text().contains(status_link));

    // A page rendered on its own keeps the status link (and notices) of the full build.
    let rel = "content/fr-fr/customers/invoices-and-billing.md";
    let text = std::fs::read_to_string(f.path(rel)).unwrap();
    f.save_atomic(rel, &format!("{text}\nUne phrase de plus.\n"));
    ev.expect("reload");
    let r = wait_for(s.port, help, "edited help page", |r| {
        r.text().contains("Une phrase de plus.")
    });
    assert!(r.text().contains(status_link), "status link lost");

    // New health data: the status pages and the help pages naming a service, not the whole site.
    ev.drain();
    let latest = f.path("content/health/2026-11-24T1200Z.yml");
    let data = std::fs::read_to_string(&latest).unwrap();
    f.save_atomic(
        "content/health/2026-11-24T1200Z.yml",
        &format!("{data}\n# edited\n"),
    );
    let e = ev.expect("reload");
    let v: serde_json::Value = serde_json::from_str(&e.data).unwrap();
    let pages = v["pages"].as_u64().unwrap();
    assert!((1..10).contains(&pages), "{}", e.data);
    assert_eq!(get(s.port, "/fr-fr/status/").status, 200);
    assert!(get(s.port, help).text().contains(status_link));
}
