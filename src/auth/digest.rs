//! Keyed 128-bit digests of what callers send (tokens, requests), for the caches that remember them: the keys are
//! drawn at random when the process starts, so no client can craft two inputs with one digest.

use siphasher::sip128::{Hasher128, SipHasher13};

/// A 128-bit digest (SipHash-1-3) under keys drawn at random when the process starts, so no client can craft two
/// requests with one digest.
#[derive(Clone)]
pub struct Digester(SipHasher13);

impl Default for Digester {
    fn default() -> Self {
        let mut keys = [0u8; 16];
        // Without the operating system's randomness the keys are the clock's: still unknown to clients.
        if getrandom::fill(&mut keys).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos();
            keys = nanos.to_le_bytes();
        }
        Self(SipHasher13::new_with_key(&keys))
    }
}

impl Digester {
    /// The digest of `parts`, in order (each part's length is hashed with it, so parts cannot run into each other).
    pub fn digest(&self, parts: &[&[u8]]) -> u128 {
        let mut hasher = self.0;
        for part in parts {
            std::hash::Hasher::write_usize(&mut hasher, part.len());
            std::hash::Hasher::write(&mut hasher, part);
        }
        hasher.finish128().as_u128()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_agree_on_the_same_parts_and_differ_when_parts_run_into_each_other() {
        let digester = Digester::default();

        let a = digester.digest(&[b"ab", b"c"]);

        assert_eq!(a, digester.digest(&[b"ab", b"c"]));
        assert_ne!(a, digester.digest(&[b"a", b"bc"]));
    }
}
