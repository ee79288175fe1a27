//! Shared by the `serve` integration tests: a throw-away fixture site, the real binary started on
//! an ephemeral loopback port (killed on drop), a std-only HTTP client and an SSE reader.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Longest wait for any change to show up.
pub const WAIT: Duration = Duration::from_secs(10);

/// A temp folder with `tandem.toml` and a small bilingual `content/`.
pub struct Fixture {
    pub dir: PathBuf,
}

impl Fixture {
    pub fn new(name: &str) -> Fixture {
        let dir = std::env::temp_dir().join(format!("tandem-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let f = Fixture { dir };
        f.write(
            "tandem.toml",
            "title = \"Fixture\"\nbase_url = \"https://example.test\"\nsource_language = \"en-us\"\n\n[languages]\nen-us = \"English\"\nfr-fr = \"Français\"\n",
        );
        f.write(
            "content/en-us/index.md",
            "---\ntitle: Home\n---\n# Home\n\nWelcome home.\n",
        );
        f.write(
            "content/en-us/a.md",
            "---\ntitle: Alpha\n---\n# Alpha\n\nAlpha body v1.\n",
        );
        f.write(
            "content/fr-fr/b.md",
            "---\ntitle: Bravo\n---\n# Bravo\n\nBravo corps v1.\n",
        );
        f
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Saves like VS Code / JetBrains safe write: a temp file next to it, renamed over the target.
    pub fn save_atomic(&self, rel: &str, text: &str) {
        let target = self.path(rel);
        let tmp = target.with_file_name(format!(
            ".{}.tmp",
            target.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &target).unwrap();
    }

    /// Saves like vim with `backupcopy=no`: the `4913` probe, the original renamed to `name~`, a new
    /// file written, the backup deleted.
    pub fn save_vim(&self, rel: &str, text: &str) {
        let target = self.path(rel);
        let dir = target.parent().unwrap();
        let probe = dir.join("4913");
        std::fs::write(&probe, "").unwrap();
        std::fs::remove_file(&probe).unwrap();
        let backup = target.with_file_name(format!(
            "{}~",
            target.file_name().unwrap().to_string_lossy()
        ));
        std::fs::rename(&target, &backup).unwrap();
        std::fs::write(&target, text).unwrap();
        std::fs::remove_file(&backup).unwrap();
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The `tandem serve` child; killed when dropped, even when the test panics.
pub struct Served {
    child: Child,
    pub base: String,
    pub port: u16,
    pub stderr: Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `tandem serve --port 0` on the fixture and waits for the URL it prints.
pub fn serve(f: &Fixture, extra: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["serve", "--port", "0", "--bind", "127.0.0.1", "--content"])
        .arg(f.path("content"))
        .arg("--config")
        .arg(f.path("tandem.toml"))
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tandem serve");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (etx, erx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = etx.send(line);
        }
    });
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(i) = line.find("http://") {
                let url = line[i..]
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let _ = tx.send(url);
            }
        }
    });
    let mut served = Served {
        child,
        base: String::new(),
        port: 0,
        stderr: erx,
    };
    let url = rx.recv_timeout(WAIT).expect("serve printed no URL");
    let hostport = url.trim_start_matches("http://").trim_end_matches('/');
    assert!(hostport.starts_with("127.0.0.1:"), "{url}");
    served.port = hostport.rsplit(':').next().unwrap().parse().unwrap();
    served.base = url.trim_end_matches('/').to_string();
    served
}

/// A parsed HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// Sends one raw request target (unnormalized, exactly as given) and reads the whole response.
pub fn request(port: u16, method: &str, target: &str, headers: &[(&str, &str)]) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut req =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Resp {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let body = raw.get(end + 4..).unwrap_or_default().to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body,
    }
}

pub fn get(port: u16, target: &str) -> Resp {
    request(port, "GET", target, &[])
}

/// Polls until `check` holds for the response to GET `target`, or panics after [`WAIT`].
pub fn wait_for(port: u16, target: &str, what: &str, check: impl Fn(&Resp) -> bool) -> Resp {
    let start = Instant::now();
    loop {
        let r = get(port, target);
        if check(&r) {
            return r;
        }
        assert!(
            start.elapsed() < WAIT,
            "timed out waiting for {what} at {target}; last: {} {}",
            r.status,
            r.text()
        );
        std::thread::sleep(Duration::from_millis(30));
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: String,
}

/// A connection to `/__tandem/events`, read on a background thread.
pub struct Events {
    rx: Receiver<Event>,
}

impl Events {
    pub fn connect(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(format!("GET /__tandem/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n").as_bytes()).unwrap();
        let (tx, rx) = channel();
        let (ready_tx, ready_rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(s);
            let (mut name, mut data) = (String::new(), String::new());
            let mut line = String::new();
            while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                let l = line.trim_end_matches(['\r', '\n']).to_string();
                line.clear();
                if l == ": connected" {
                    let _ = ready_tx.send(());
                } else if let Some(n) = l.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    data = d.to_string();
                } else if l.is_empty() && !name.is_empty() {
                    let event = Event {
                        name: std::mem::take(&mut name),
                        data: std::mem::take(&mut data),
                    };
                    if tx.send(event).is_err() {
                        return;
                    }
                }
            }
        });
        ready_rx
            .recv_timeout(WAIT)
            .expect("event stream did not open");
        Events { rx }
    }

    /// Forgets events received so far.
    pub fn drain(&self) {
        while self.rx.try_recv().is_ok() {}
    }

    /// Waits for the next event called `name` (others are skipped), at most [`WAIT`].
    pub fn expect(&self, name: &str) -> Event {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(e) if e.name == name => return e,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event within {WAIT:?}"),
            }
        }
    }
}
