//! Latency statistics: nearest-rank percentiles of one run's samples.

use std::time::Duration;

/// Percentiles of a set of latencies, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Latencies {
    /// Number of samples.
    pub count: usize,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
}

/// The percentiles of `samples` (sorted in place); all zero without samples.
pub fn latencies(samples: &mut [Duration]) -> Latencies {
    if samples.is_empty() {
        return Latencies::default();
    }
    samples.sort_unstable();
    let rank = |percent: f64| {
        let index = ((percent / 100.0) * samples.len() as f64).ceil() as usize;
        samples[index.clamp(1, samples.len()) - 1].as_secs_f64() * 1e3
    };
    Latencies {
        count: samples.len(),
        p50: rank(50.0),
        p95: rank(95.0),
        p99: rank(99.0),
        max: rank(100.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let mut samples: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();

        let l = latencies(&mut samples);

        assert_eq!((l.count, l.p50, l.p95, l.p99, l.max), (100, 50.0, 95.0, 99.0, 100.0));
    }

    #[test]
    fn no_samples_give_zeros() {
        assert_eq!(latencies(&mut []), Latencies::default());
    }
}
