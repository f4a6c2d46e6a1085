//! Opaque, deterministic identifiers that look like the platform's own.

use rand::RngExt;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// SplitMix64's finaliser: spreads a salt over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `prefix_SSSIIIIIIII`: three characters drawn from `salt`, then `index` in base62. Like the time-ordered ids of
/// real platforms, ids sort in the order they were made (base62 digits are in ASCII order), so primary-key inserts
/// append to the index instead of landing at random pages.
pub fn opaque_id(prefix: &str, salt: u64, index: u64) -> String {
    let mut id = String::with_capacity(prefix.len() + 12);
    id.push_str(prefix);
    id.push('_');
    let mut salt = mix(salt);
    for _ in 0..3 {
        id.push(BASE62[(salt % 62) as usize] as char);
        salt /= 62;
    }
    let mut digits = [b'0'; 8];
    let mut value = index;
    for digit in digits.iter_mut().rev() {
        *digit = BASE62[(value % 62) as usize];
        value /= 62;
    }
    id.push_str(std::str::from_utf8(&digits).expect("base62 digits are ASCII"));
    id
}

/// A Clerk-style organization id: `org_` and 27 base62 characters.
pub fn organization_id(rng: &mut impl rand::Rng) -> String {
    let mut id = String::from("org_");
    for _ in 0..27 {
        id.push(BASE62[rng.random_range(0..62)] as char);
    }
    id
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn opaque_ids_are_distinct_for_distinct_indexes() {
        let ids: HashSet<String> = (0..100_000).map(|i| opaque_id("pat", 7, i)).collect();

        assert_eq!(ids.len(), 100_000);
    }

    #[test]
    fn opaque_ids_sort_in_the_order_they_were_made() {
        let ids: Vec<String> = [0, 1, 61, 62, 3_843, 3_844, 1_000_000]
            .iter()
            .map(|i| opaque_id("apt", 5, *i))
            .collect();

        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
    }

    #[test]
    fn opaque_ids_have_a_fixed_shape() {
        let id = opaque_id("apt", 1, 2);

        assert_eq!(id.len(), 15);
        assert!(id.starts_with("apt_"));
    }
}
