//! The service under test, in a process of its own so its memory is its own: this binary, serving as the service
//! does.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use clinic_analytics::config::{DatabaseUrl, Secret};

use crate::client::Connection;
use crate::{Failure, Result, SERVE};

pub fn free_address() -> Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// The service under test, in a process of its own so its memory is its own.
pub struct Service {
    child: Child,
}

impl Service {
    pub async fn start(service_url: &DatabaseUrl, secret: &Secret, address: SocketAddr) -> Result<Self> {
        let child = Command::new(std::env::current_exe()?)
            .arg(SERVE)
            .env("DATABASE_URL", service_url.expose())
            .env("JWT_HS256_SECRET", secret.expose())
            .env("LISTEN_ADDR", address.to_string())
            .env("RUST_LOG", "warn")
            // One caller asking thousands of times a second is the load being measured, not abuse to refuse.
            .env("RATE_LIMIT_CALLER_PER_SECOND", "0")
            .env("RATE_LIMIT_ORGANIZATION_PER_SECOND", "0")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let service = Self { child };
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok(mut connection) = Connection::open(address).await
                && matches!(connection.get("/readyz").await, Ok((StatusCode::OK, _)))
            {
                // Let the change listener connect before measuring freshness.
                tokio::time::sleep(Duration::from_millis(500)).await;
                return Ok(service);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(Failure::new("the service did not become ready within 30 s"))
    }

    pub fn resident_megabytes(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    pub fn stop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
