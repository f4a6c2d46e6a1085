//! The load generator's HTTP side: keep-alive HTTP/1.1 connections, closed-loop and open-loop load.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use axum::http::{HeaderValue, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::{Failure, Result};

/// One GraphQL request: its body and the organization header it goes with.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The JSON body.
    pub body: Bytes,
    /// The `X-Organization-ID` value.
    pub organization: HeaderValue,
}

/// A keep-alive connection to the service.
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
    host: HeaderValue,
}

impl Connection {
    /// Connects to `address`.
    pub async fn open(address: SocketAddr) -> Result<Self> {
        let stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| Failure::new(format!("HTTP handshake failed: {e}")))?;
        tokio::spawn(connection);
        let host = HeaderValue::from_str(&address.to_string()).expect("an address is a valid header");
        Ok(Self { sender, host })
    }

    /// POSTs a GraphQL request; returns the status and body.
    pub async fn graphql(&mut self, authorization: &HeaderValue, request: &Prepared) -> Result<(StatusCode, Bytes)> {
        let http = Request::post("/graphql")
            .header(HOST, self.host.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(AUTHORIZATION, authorization.clone())
            .header("x-organization-id", request.organization.clone())
            .body(Full::new(request.body.clone()))
            .map_err(|e| Failure::new(e.to_string()))?;
        self.send(http).await
    }

    /// GETs a path.
    pub async fn get(&mut self, path: &str) -> Result<(StatusCode, Bytes)> {
        let http = Request::get(path)
            .header(HOST, self.host.clone())
            .body(Full::new(Bytes::new()))
            .map_err(|e| Failure::new(e.to_string()))?;
        self.send(http).await
    }

    async fn send(&mut self, request: Request<Full<Bytes>>) -> Result<(StatusCode, Bytes)> {
        let failed = |e: hyper::Error| Failure::new(format!("HTTP request failed: {e}"));
        self.sender.ready().await.map_err(failed)?;
        let response = self.sender.send_request(request).await.map_err(failed)?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(failed)?.to_bytes();
        Ok((status, body))
    }
}

/// What a load run measured.
#[derive(Debug, Default)]
pub struct LoadRun {
    /// Latency of every completed request.
    pub latencies: Vec<Duration>,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Requests answered with another status than 200.
    pub failures: u64,
    /// Metric groups answered from the cache.
    pub cached: u64,
    /// Metric groups computed for the request.
    pub computed: u64,
}

impl LoadRun {
    /// Completed requests per second.
    pub fn throughput(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Share of metric groups served from the cache.
    pub fn hit_ratio(&self) -> f64 {
        self.cached as f64 / (self.cached + self.computed).max(1) as f64
    }

    fn absorb(&mut self, other: LoadRun) {
        self.latencies.extend(other.latencies);
        self.failures += other.failures;
        self.cached += other.cached;
        self.computed += other.computed;
    }

    fn record(&mut self, status: StatusCode, body: &[u8], latency: Duration) {
        self.latencies.push(latency);
        if status != StatusCode::OK {
            self.failures += 1;
        }
        self.cached += occurrences(body, br#""freshness":"CACHED""#);
        self.computed += occurrences(body, br#""freshness":"REAL_TIME""#);
    }
}

fn occurrences(haystack: &[u8], needle: &[u8]) -> u64 {
    haystack.windows(needle.len()).filter(|w| *w == needle).count() as u64
}

/// Picks the `n`-th request of a run.
pub type Picker = Arc<dyn Fn(u64) -> Prepared + Send + Sync>;

/// `clients` connections each sending requests back to back for `duration`.
pub async fn closed_loop(
    address: SocketAddr,
    authorization: HeaderValue,
    clients: u32,
    duration: Duration,
    pick: Picker,
) -> Result<LoadRun> {
    let sequence = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (authorization, pick, sequence) = (authorization.clone(), pick.clone(), sequence.clone());
        let mut connection = Connection::open(address).await?;
        tasks.push(tokio::spawn(async move {
            let mut run = LoadRun::default();
            while started.elapsed() < duration {
                let request = pick(sequence.fetch_add(1, Ordering::Relaxed));
                let sent = Instant::now();
                let (status, body) = connection.graphql(&authorization, &request).await?;
                run.record(status, &body, sent.elapsed());
            }
            Ok::<_, Failure>(run)
        }));
    }
    let mut total = LoadRun::default();
    for task in tasks {
        total.absorb(task.await.map_err(|e| Failure::new(e.to_string()))??);
    }
    total.elapsed = started.elapsed();
    Ok(total)
}

/// Requests at a steady `rate` per second for `duration`, whatever the answers' pace (open loop), over `connections`
/// connections. Each latency counts from when its request was due, so queueing behind a slow answer is measured too.
pub async fn open_loop(
    address: SocketAddr,
    authorization: HeaderValue,
    connections: u32,
    rate: u32,
    duration: Duration,
    pick: Picker,
) -> Result<LoadRun> {
    let total_requests = (f64::from(rate) * duration.as_secs_f64()) as u64;
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let (due_tx, due_rx) = async_channel(connections as usize * 4);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (authorization, pick, due_rx) = (authorization.clone(), pick.clone(), due_rx.clone());
        let mut connection = Connection::open(address).await?;
        tasks.push(tokio::spawn(async move {
            let mut run = LoadRun::default();
            while let Ok((n, due)) = due_rx.recv().await {
                let request = pick(n);
                let (status, body) = connection.graphql(&authorization, &request).await?;
                run.record(status, &body, due.elapsed());
            }
            Ok::<_, Failure>(run)
        }));
    }
    drop(due_rx);
    // A thread of its own keeps the schedule: the async timer's millisecond granularity would release requests in
    // bursts, and count its own lateness as the service's latency.
    let scheduler = std::thread::spawn(move || {
        for n in 0..total_requests {
            let due = started + interval.mul_f64(n as f64);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            if due_tx.blocking_send((n, due)).is_err() {
                break;
            }
        }
    });
    let mut total = LoadRun::default();
    for task in tasks {
        total.absorb(task.await.map_err(|e| Failure::new(e.to_string()))??);
    }
    scheduler
        .join()
        .map_err(|_| Failure::new("the request scheduler panicked"))?;
    total.elapsed = started.elapsed();
    Ok(total)
}

/// A multi-consumer queue of due requests: a tokio mpsc receiver shared behind a mutex.
fn async_channel(capacity: usize) -> (tokio::sync::mpsc::Sender<(u64, Instant)>, SharedReceiver) {
    let (sender, receiver) = tokio::sync::mpsc::channel(capacity);
    (sender, SharedReceiver(Arc::new(tokio::sync::Mutex::new(receiver))))
}

/// The receiving end of [`async_channel`], cloned by every connection.
#[derive(Clone)]
struct SharedReceiver(Arc<tokio::sync::Mutex<tokio::sync::mpsc::Receiver<(u64, Instant)>>>);

impl SharedReceiver {
    async fn recv(&self) -> std::result::Result<(u64, Instant), ()> {
        self.0.lock().await.recv().await.ok_or(())
    }
}
