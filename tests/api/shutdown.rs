//! The real binary on SIGTERM: the request in flight finishes, new connections are refused, the process exits 0.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::app::{SECRET, TestApp};
use crate::fixtures::known_clinic;

/// Sends one HTTP/1.1 request and reads the whole answer (the connection closes after it).
pub(crate) fn http(address: SocketAddr, request: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    stream.write_all(request.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

fn dashboard_request() -> String {
    let body = r#"{"query":"{ organization(id: \"org_known\") { bookingMetrics(timeframe: LAST_7_DAYS, asOf: \"2026-03-15T00:00:00Z\") { totalBookings } } }"}"#;
    format!(
        "POST /graphql HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Authorization: Bearer {}\r\nX-Organization-ID: org_known\r\nContent-Length: {}\r\n\r\n{body}",
        TestApp::token(&["org_known"]),
        body.len()
    )
}

#[sqlx::test]
async fn sigterm_lets_the_request_in_flight_finish_refuses_new_connections_and_exits_cleanly(
    _: PgPoolOptions,
    connect: PgConnectOptions,
) {
    let direct: PgPool = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(connect.clone())
        .await
        .unwrap();
    known_clinic(&direct).await;
    let address = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let login = crate::app::service_options(&direct).await;
    let database = connect.get_database().unwrap();
    let mut service = Command::new(env!("CARGO_BIN_EXE_clinic-analytics"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("postgres://{}@127.0.0.1:5432/{database}", login.get_username()),
        )
        .env("JWT_HS256_SECRET", SECRET)
        .env("LISTEN_ADDR", address.to_string())
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while http(
        address,
        "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    )
    .is_err()
    {
        assert!(started.elapsed() < Duration::from_secs(20), "the service did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Hold the rollups so the dashboard request waits inside the service.
    let mut blocker = direct.begin().await.unwrap();
    sqlx::query("lock table daily_rollups in access exclusive mode")
        .execute(&mut *blocker)
        .await
        .unwrap();
    let in_flight = tokio::task::spawn_blocking(move || http(address, &dashboard_request()));
    tokio::time::sleep(Duration::from_millis(500)).await;

    Command::new("kill")
        .arg("-TERM")
        .arg(service.id().to_string())
        .status()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let refused = TcpStream::connect_timeout(&address, Duration::from_secs(1)).is_err();
    blocker.rollback().await.unwrap();
    let answer = in_flight.await.unwrap().unwrap();
    let exited = tokio::task::spawn_blocking(move || service.wait())
        .await
        .unwrap()
        .unwrap();

    assert!(refused, "a new connection was accepted after SIGTERM");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains(r#""totalBookings":4"#), "{answer}");
    assert!(exited.success(), "{exited:?}");
}
