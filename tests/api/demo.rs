//! `demo` on a machine whose default PostgreSQL will not let it in: it runs on a private cluster of its own.

use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::shutdown::http;

/// A loopback port nothing listens on.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `demo` with no database named and the default server at a port that refuses connections, its output
/// going to `stdout` and `stderr`.
fn start_demo(address: SocketAddr, stdout: &Path, stderr: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_clinic-analytics"))
        .arg("demo")
        .env_remove("DATABASE_URL")
        .env_remove("ADMIN_DATABASE_URL")
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", free_port().to_string())
        // Where a non-root run keeps its cluster; a root run keeps it where the postgres OS user can own it.
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("LISTEN_ADDR", address.to_string())
        .env("RUST_LOG", "warn")
        .stdout(File::create(stdout).unwrap())
        .stderr(File::create(stderr).unwrap())
        .spawn()
        .expect("the binary runs")
}

/// The bearer token the demo printed to `stdout`, once it has.
fn printed_token(stdout: &Path) -> Option<String> {
    std::fs::read_to_string(stdout)
        .ok()?
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("eyJ"))
        .map(str::to_owned)
}

fn surf_rehab_summary(address: SocketAddr, token: &str) -> String {
    let body =
        r#"{"query":"{ organization(id: \"org_2xwHiNrj68eaRUlX10anlXGvzX7\") { name summary { totalPatients } } }"}"#;
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Authorization: Bearer {token}\r\nX-Organization-ID: org_2xwHiNrj68eaRUlX10anlXGvzX7\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    http(address, &request).unwrap()
}

/// Runs the demo until it answers Surf Rehab's summary, then stops it as Ctrl-C would; its answer and standard error.
async fn run_demo_once(run: &str) -> (String, String) {
    let address: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let directory = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (stdout, stderr) = (
        directory.join(format!("demo-{run}.out")),
        directory.join(format!("demo-{run}.err")),
    );
    let mut demo = start_demo(address, &stdout, &stderr);
    let started = Instant::now();
    let token = loop {
        if let Some(token) = printed_token(&stdout) {
            break token;
        }
        let log = std::fs::read_to_string(&stderr).unwrap_or_default();
        assert!(demo.try_wait().unwrap().is_none(), "the demo exited: {log}");
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the demo printed no token: {log}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let answer = surf_rehab_summary(address, &token);
    Command::new("kill")
        .arg("-INT")
        .arg(demo.id().to_string())
        .status()
        .unwrap();
    let exited = tokio::task::spawn_blocking(move || demo.wait()).await.unwrap().unwrap();
    let log = std::fs::read_to_string(&stderr).unwrap();
    assert!(exited.success(), "{exited:?}: {log}");
    (answer, log)
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_with_the_default_server_refusing_serves_the_seeded_clinics_from_a_private_cluster_it_stops_and_reuses() {
    let (first_answer, first_log) = run_demo_once("first").await;
    let (second_answer, second_log) = run_demo_once("second").await;

    for answer in [&first_answer, &second_answer] {
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(
            answer.contains(r#"{"data":{"organization":{"name":"Surf Rehab","summary":{"totalPatients":651}}}}"#),
            "{answer}"
        );
    }
    for log in [&first_log, &second_log] {
        assert!(
            log.contains("the demo will run on a private PostgreSQL cluster of its own instead"),
            "{log}"
        );
        assert!(log.contains("stopped the private PostgreSQL cluster"), "{log}");
        assert!(!log.contains("panicked"), "{log}");
    }
    assert!(
        second_log.contains("starting the private PostgreSQL cluster"),
        "{second_log}"
    );
    assert!(!second_log.contains("initialising"), "{second_log}");
    assert!(!second_log.contains("seeding"), "{second_log}");
}
