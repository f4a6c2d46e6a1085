//! Rate limits shared through a real Redis: two limiters, as two processes of the service would hold, spend one
//! allowance; when Redis stops, requests go through and the failures are counted.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clinic_analytics::error::{Error, RateRefusal, RateScope};
use clinic_analytics::limits::{Allowance, RateLimits, SharedBuckets};
use clinic_analytics::telemetry::{metrics_handle, names};

/// A Redis server of the test's own on a free loopback port, stopped when dropped.
struct RedisServer {
    process: Child,
    url: String,
}

impl RedisServer {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let process = Command::new("redis-server")
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is installed (Debian: apt-get install redis-server)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self {
            process,
            url: format!("redis://127.0.0.1:{port}/"),
        }
    }

    fn limits(&self) -> RateLimits {
        let client = redis::Client::open(self.url.as_str()).unwrap();
        RateLimits::new(Allowance::new(10, 100), Allowance::new(10, 150)).shared_through(SharedBuckets::new(client))
    }

    fn stop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn backend_errors() -> u64 {
    metrics_handle()
        .render()
        .lines()
        .find_map(|line| {
            line.strip_prefix(&format!("{} ", names::RATE_LIMIT_BACKEND_ERRORS))?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn two_processes_spend_one_callers_allowance_and_are_told_when_to_retry() {
    let redis = RedisServer::start();
    let (first_process, second_process) = (redis.limits(), redis.limits());

    let first = first_process.charge("alice", Some("org_a"), 60).await;
    let second = second_process.charge("alice", Some("org_a"), 60).await.unwrap_err();

    assert!(first.is_ok());
    let Error::RateLimited(refusal) = second else {
        panic!("{second:?}")
    };
    assert_eq!(refusal.scope, RateScope::Caller);
    // 20 units short at 10 per second.
    assert_eq!(refusal.retry_after_seconds(), 2);
}

#[tokio::test]
async fn callers_of_one_organization_share_its_allowance_across_processes_and_a_refusal_spends_nothing() {
    let redis = RedisServer::start();
    let (first_process, second_process) = (redis.limits(), redis.limits());

    assert!(first_process.charge("alice", Some("org_a"), 90).await.is_ok());
    let bob = second_process.charge("bob", Some("org_a"), 90).await.unwrap_err();
    // Bob's refused request spent none of his own allowance: 90 more still fit his burst of 100.
    let bob_elsewhere = second_process.charge("bob", Some("org_b"), 90).await;

    assert!(matches!(
        bob,
        Error::RateLimited(RateRefusal {
            scope: RateScope::Organization,
            ..
        })
    ));
    assert!(bob_elsewhere.is_ok());
}

#[tokio::test]
async fn with_redis_stopped_requests_go_through_and_each_failure_is_counted() {
    let mut redis = RedisServer::start();
    let limits = redis.limits();
    assert!(limits.charge("carol", Some("org_a"), 100).await.is_ok());
    let before = backend_errors();

    redis.stop();
    let during: Vec<bool> = futures_util::future::join_all((0..3).map(|_| limits.charge("carol", Some("org_a"), 100)))
        .await
        .into_iter()
        .map(|answer| answer.is_ok())
        .collect();

    assert_eq!(during, [true, true, true]);
    assert!(backend_errors() >= before + 3, "{} then {}", before, backend_errors());
}
