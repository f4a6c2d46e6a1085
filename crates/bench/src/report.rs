//! The benchmark's report: one table per measurement and the targets, as Markdown (printed and written to BENCHMARKS.md).

use std::fmt::Write;
use std::time::Duration;

use chrono::Utc;
use sqlx::PgPool;

use crate::BenchArgs;
use crate::Result;
use crate::client::LoadRun;
use crate::overhead::Overhead;
use crate::refusals::Refusals;
use crate::stats::{Latencies, latencies};
use clinic_analytics::cli::progress::grouped;

/// The cold full dashboard over one window.
#[derive(Debug, Clone)]
pub struct Cold {
    /// The window, as the report names it.
    pub window: String,
    /// Server time from the rollups.
    pub rollups: Latencies,
    /// Server time from the plain definitions.
    pub definitions: Latencies,
}

/// The warm runs.
#[derive(Debug, Default)]
pub struct Warm {
    mix: Summary,
    full: Summary,
    empty: Summary,
    steady: Summary,
}

#[derive(Debug, Default)]
struct Summary {
    throughput: f64,
    latency: Latencies,
    hit_ratio: f64,
    failures: u64,
}

impl Summary {
    fn of(mut run: LoadRun) -> Self {
        Self {
            throughput: run.throughput(),
            hit_ratio: run.hit_ratio(),
            failures: run.failures,
            latency: latencies(&mut run.latencies),
        }
    }
}

impl Warm {
    /// The summaries of the four warm runs.
    pub fn from_runs(mix: LoadRun, full: LoadRun, empty: LoadRun, steady: LoadRun) -> Self {
        Self {
            mix: Summary::of(mix),
            full: Summary::of(full),
            empty: Summary::of(empty),
            steady: Summary::of(steady),
        }
    }
}

/// Everything measured, and where.
#[derive(Debug, Default)]
pub struct Report {
    machine: String,
    dataset: String,
    clients: u32,
    rate: u32,
    seconds: u64,
    /// Phase 1.
    pub cold: Vec<Cold>,
    /// Phase 2.
    pub warm: Warm,
    /// Phase 3.
    pub storm: LoadRun,
    /// Phase 4.
    pub freshness: Vec<Duration>,
    /// Phase 5.
    pub overhead: Overhead,
    /// Phase 6.
    pub resident_megabytes: f64,
    /// Phase 7.
    pub refusals: Refusals,
}

impl Report {
    /// A report describing this machine and the benchmark's data.
    pub async fn new(admin: &PgPool, args: &BenchArgs) -> Result<Self> {
        let version: String = sqlx::query_scalar("select split_part(version(), ' on ', 1)")
            .fetch_one(admin)
            .await?;
        let (appointments, patients, outreach): (i64, i64, i64) = sqlx::query_as(
            "select (select count(*) from appointments), (select count(*) from patients),
                    (select count(*) from outreach_attempts)",
        )
        .fetch_one(admin)
        .await?;
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines().find_map(|l| {
                    l.strip_prefix("model name")
                        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
                })
            })
            .unwrap_or_else(|| "unknown CPU".into());
        let memory_gb = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("MemTotal:"))
                    .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
            .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
        let cores = std::thread::available_parallelism().map_or(0, usize::from);
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
        Ok(Self {
            machine: format!(
                "{cpu}, {cores} cores, {memory_gb:.0} GB RAM, Linux {}, {version}; measured {}",
                kernel.trim(),
                Utc::now().format("%Y-%m-%d %H:%M UTC")
            ),
            dataset: format!(
                "50 organizations: the large clinic group (20,000 patients, 500,000 appointments over two years) and 49 of \
                 2,000 patients and 50,000 appointments; {} appointments, {} patients, {} outreach attempts in all",
                grouped(appointments as u64),
                grouped(patients as u64),
                grouped(outreach as u64)
            ),
            clients: args.clients,
            rate: args.rate,
            seconds: args.seconds,
            ..Self::default()
        })
    }

    /// The report as Markdown.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let w = &mut out;
        let _ = writeln!(w, "# Benchmarks\n");
        let _ = writeln!(
            w,
            "Measured by `cargo run --release -p clinic-analytics-bench` in one run on {}.\n",
            self.machine
        );
        let _ = writeln!(
            w,
            "Data: {}. The service runs with its defaults (16 pooled connections, 5-minute cache), connected as its row-level-security role, rate limits off (one client asking thousands of times a second is the load measured here).\n",
            self.dataset
        );
        self.render_cold(w);
        self.render_warm(w);
        let mut storm = self.storm.latencies.clone();
        let storm = latencies(&mut storm);
        let _ = writeln!(w, "## 3. Cold storm\n");
        let _ = writeln!(
            w,
            "Every cache dropped at once (through the change notifications), then the full dashboard of all 50 \
             organizations asked concurrently; five rounds, {} requests, {} failures.\n",
            storm.count, self.storm.failures
        );
        let _ = writeln!(w, "| p50 | p95 | p99 | max |\n|---|---|---|---|");
        let _ = writeln!(
            w,
            "| {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |\n",
            storm.p50, storm.p95, storm.p99, storm.max
        );
        let mut delays = self.freshness.clone();
        let fresh = latencies(&mut delays);
        let _ = writeln!(w, "## 4. Freshness\n");
        let _ = writeln!(
            w,
            "Time from a committed booking to the (cached) dashboard showing it, over {} writes spread across the \
             organizations, polling every 2 ms.\n",
            fresh.count
        );
        let _ = writeln!(w, "| p50 | p99 | max |\n|---|---|---|");
        let _ = writeln!(
            w,
            "| {:.1} ms | {:.1} ms | {:.1} ms |\n",
            fresh.p50, fresh.p99, fresh.max
        );
        self.render_overhead(w);
        let _ = writeln!(w, "## 6. Memory\n");
        let _ = writeln!(
            w,
            "Resident memory of the service process at the end: **{:.0} MB**.\n",
            self.resident_megabytes
        );
        self.render_refusals(w);
        render_profiles(w);
        render_checks(w);
        self.render_targets(w, storm, fresh);
        out
    }

    fn render_overhead(&self, w: &mut String) {
        let o = &self.overhead;
        let _ = writeln!(w, "## 5. The request path under wrk\n");
        let _ = writeln!(
            w,
            "`wrk -t1 -c64 -d{}s` against a bare axum + async-graphql server answering `{{ __typename }}` through \
             async-graphql-axum (the bound: the framework and nothing else), against the service answering the same, and \
             against the service answering the full dashboard from its response cache (with the token and \
             organization header a dashboard sends); three alternating rounds, medians.\n",
            o.seconds
        );
        let _ = writeln!(w, "| server, request | requests/s | of the bound |\n|---|---|---|");
        for (name, rate) in [
            ("bare axum + async-graphql, `{ __typename }`", o.bare),
            ("the service, `{ __typename }`", o.empty),
            ("the service, cached full dashboard", o.dashboard),
        ] {
            let _ = writeln!(w, "| {name} | {rate:.0} | {:.0}% |", 100.0 * rate / o.bare.max(1e-9));
        }
        let _ = writeln!(
            w,
            "\nThe cached full dashboard runs at **{:.0}%** of the service's empty request.\n",
            100.0 * o.dashboard / o.empty.max(1e-9)
        );
    }

    fn render_refusals(&self, w: &mut String) {
        let _ = writeln!(w, "## 7. Refusals\n");
        let _ = writeln!(
            w,
            "Server time of each kind of hostile request, sent {} times each to the router in process (no network), \
             with the default limits and logging at warn; the accepted empty request first, for scale. Database \
             statements issued by all the refusals: **{}**.\n",
            self.refusals.timed.first().map_or(0, |t| t.latency.count),
            self.refusals.statements
        );
        let _ = writeln!(w, "| request | status | p50 | p99 |\n|---|---|---|---|");
        for timed in &self.refusals.timed {
            let _ = writeln!(
                w,
                "| {} | {} | {:.0} µs | {:.0} µs |",
                timed.name,
                timed.status.as_u16(),
                timed.latency.p50 * 1e3,
                timed.latency.p99 * 1e3
            );
        }
        let _ = writeln!(w);
    }

    fn render_cold(&self, w: &mut String) {
        let _ = writeln!(w, "## 1. Cold full dashboard, large organization\n");
        let _ = writeln!(
            w,
            "Server time of the full dashboard (every metric group, daily charts, summary, re-engagement) executed in \
             process with an empty cache, from the rollups and from the plain definitions over the raw tables (the \
             naive path), which must give the same figures. Both run as the service's role under row-level \
             security, as in production. The windows: the four rolling timeframes, last calendar year and quarter, \
             and the 365 and 366 local days before asOf's (ranges of whole days read whole days of the daily \
             rollups; the patients seen in a quarter or in 366 days, not a kept presence span, are counted live).\n"
        );
        let _ = writeln!(
            w,
            "| window | rollups p50 | rollups p95 | definitions p50 | definitions p95 | rollups faster by (p50) |\n\
             |---|---|---|---|---|---|"
        );
        for cold in &self.cold {
            let _ = writeln!(
                w,
                "| {} | {:.1} ms | {:.1} ms | {:.0} ms | {:.0} ms | {:.0}× |",
                cold.window,
                cold.rollups.p50,
                cold.rollups.p95,
                cold.definitions.p50,
                cold.definitions.p95,
                cold.definitions.p50 / cold.rollups.p50.max(1e-9)
            );
        }
        let _ = writeln!(w);
    }

    fn render_warm(&self, w: &mut String) {
        let warm = &self.warm;
        let _ = writeln!(w, "## 2. Warm\n");
        let _ = writeln!(
            w,
            "{} concurrent clients over HTTP for {} s each (closed loop, keep-alive); the mix cycles through the 50 \
             organizations and four dashboard views (full dashboard, overview, weekly trends, patients).\n",
            self.clients, self.seconds
        );
        let _ = writeln!(
            w,
            "| load | requests/s | p50 | p99 | cache hits | failures |\n|---|---|---|---|---|---|"
        );
        for (name, s) in [
            ("dashboard mix", &warm.mix),
            ("cached full dashboard", &warm.full),
            ("`{ __typename }`", &warm.empty),
        ] {
            let _ = writeln!(
                w,
                "| {name} | {:.0} | {:.2} ms | {:.2} ms | {:.1}% | {} |",
                s.throughput,
                s.latency.p50,
                s.latency.p99,
                100.0 * s.hit_ratio,
                s.failures
            );
        }
        let _ = writeln!(
            w,
            "\nCached full-dashboard throughput is **{:.0}%** of the empty request's.\n",
            100.0 * warm.full.throughput / warm.empty.throughput.max(1e-9)
        );
        let _ = writeln!(
            w,
            "Steady {} requests/s of the mix (open loop: requests leave on schedule whatever the answers' pace; latency \
             counted from when each was due): {:.0} requests/s achieved, p50 {:.2} ms, p99 {:.2} ms, {:.1}% cache hits, \
             {} failures.\n",
            self.rate,
            warm.steady.throughput,
            warm.steady.latency.p50,
            warm.steady.latency.p99,
            100.0 * warm.steady.hit_ratio,
            warm.steady.failures
        );
    }

    fn render_targets(&self, w: &mut String, storm: Latencies, fresh: Latencies) {
        let year = self.cold.iter().find(|c| c.window == "LAST_365_DAYS");
        let cold_p50 = |name: &str| {
            self.cold
                .iter()
                .find(|c| c.window.contains(name))
                .map_or(f64::NAN, |c| c.rollups.p50)
        };
        let (last_year, range) = (cold_p50("period: LAST_YEAR"), cold_p50("(365 days)"));
        let practice = cold_p50(crate::cold::PRACTICE_WINDOW);
        let (p50, speedup) = year.map_or((f64::NAN, f64::NAN), |c| {
            (c.rollups.p50, c.definitions.p50 / c.rollups.p50)
        });
        let warm = &self.warm;
        let overhead = &self.overhead;
        let share = overhead.dashboard / overhead.empty.max(1e-9);
        let slowest_refusal = self
            .refusals
            .timed
            .iter()
            .skip(1)
            .map(|t| t.latency.p50 * 1e3)
            .fold(0.0, f64::max);
        let rows = [
            (
                "Cold full dashboard, 365 days, p50",
                "≤ 30 ms".to_owned(),
                format!("{p50:.1} ms"),
                p50 <= 30.0,
            ),
            (
                "Cold full dashboard, last calendar year, p50",
                "≤ 30 ms".to_owned(),
                format!("{last_year:.1} ms"),
                last_year <= 30.0,
            ),
            (
                "Cold full dashboard, a 365-day range, p50",
                "≤ 30 ms".to_owned(),
                format!("{range:.1} ms"),
                range <= 30.0,
            ),
            (
                "Cold practice dashboard (with visit outcomes, retention, 3 breakdowns), 365 days, p50",
                "≤ 40 ms".to_owned(),
                format!("{practice:.1} ms"),
                practice <= 40.0,
            ),
            (
                "… faster than the definitions",
                "≥ 10×".into(),
                format!("{speedup:.0}×"),
                speedup >= 10.0,
            ),
            (
                "`{ __typename }` under wrk -c64",
                format!("≥ 50,000/s (bound: {:.0}/s)", overhead.bare),
                format!("{:.0}/s", overhead.empty),
                overhead.empty >= 50_000.0,
            ),
            (
                "Cached full dashboard / `{ __typename }` under wrk",
                "≥ 80%".into(),
                format!("{:.0}%", 100.0 * share),
                share >= 0.8,
            ),
            (
                "p99 at a steady 1,000 requests/s",
                "≤ 2 ms".into(),
                format!("{:.2} ms", warm.steady.latency.p99),
                warm.steady.latency.p99 <= 2.0,
            ),
            (
                "Cache hit ratio on the mix",
                "≥ 95%".into(),
                format!("{:.1}%", 100.0 * warm.mix.hit_ratio),
                warm.mix.hit_ratio >= 0.95,
            ),
            (
                "Cold storm p99",
                "≤ 500 ms".into(),
                format!("{:.0} ms", storm.p99),
                storm.p99 <= 500.0,
            ),
            (
                "Freshness p99",
                "≤ 1 s".into(),
                format!("{:.0} ms", fresh.p99),
                fresh.p99 <= 1000.0,
            ),
            (
                "Resident memory",
                "≤ 200 MB".into(),
                format!("{:.0} MB", self.resident_megabytes),
                self.resident_megabytes <= 200.0,
            ),
            (
                "Slowest refusal, p50 (no database work)",
                "< 1 ms".into(),
                format!("{slowest_refusal:.0} µs, {} statements", self.refusals.statements),
                slowest_refusal < 1_000.0 && self.refusals.statements == 0,
            ),
        ];
        let _ = writeln!(w, "## Targets\n");
        let _ = writeln!(w, "| measure | target | measured | met |\n|---|---|---|---|");
        for (measure, target, measured, met) in rows {
            let _ = writeln!(
                w,
                "| {measure} | {target} | {measured} | {} |",
                if met { "yes" } else { "**no**" }
            );
        }
    }
}

/// Where the profiles of the request path are kept: `scripts/profile-request-path.sh` writes `after`; `before` was
/// recorded the same way on the code before the architecture pass.
const PROFILES: [(&str, &str); 2] = [
    ("Before the architecture pass", "docs/profiles/request-path-before.md"),
    ("Now", "docs/profiles/request-path-after.md"),
];

/// Figures the project's checks measure outside this program, each written by its script to a file kept here.
const CHECKS: [(&str, &str, &str); 2] = [
    (
        "First full render of the dashboard page",
        "scripts/browser-check.sh",
        "docs/measurements/first-render.md",
    ),
    (
        "Throughput through the load balancer",
        "scripts/scale-check.sh",
        "docs/measurements/load-balancer.md",
    ),
];

/// The figures the checks recorded.
fn render_checks(w: &mut String) {
    let _ = writeln!(
        w,
        "## Measured by the checks
"
    );
    for (title, script, path) in CHECKS {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|_| format!("(not recorded: run {script}, which writes {path})\n"));
        let _ = writeln!(w, "### {title}\n\nWritten by `{script}`.\n\n{}", text.trim_end());
        let _ = writeln!(w);
    }
}

/// The profiles of the request path, as recorded.
fn render_profiles(w: &mut String) {
    let _ = writeln!(w, "## Profiles of the request path\n");
    let _ = writeln!(
        w,
        "The top frames (self time, `perf record -e cpu-clock`) of the service answering `{{ __typename }}` and the \
         cached full dashboard under `wrk -t1 -c64`, written by `scripts/profile-request-path.sh`.\n"
    );
    for (title, path) in PROFILES {
        let text = std::fs::read_to_string(path).unwrap_or_else(|_| format!("(not recorded: {path} is missing)\n"));
        let _ = writeln!(w, "### {title}\n\n{}", text.trim_end());
        let _ = writeln!(w);
    }
}
