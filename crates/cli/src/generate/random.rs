//! Deterministic randomness, ids and times for the generator: a tiny PRNG instead of a
//! dependency, GUID-shaped ids and RFC 3339 UTC timestamps.

/// xorshift64* seeded through splitmix64, so that every seed (0 too) gives a good stream.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(splitmix(seed) | 1)
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `per_mille` / 1000.
    pub(super) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// One of `items` (not empty).
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable hash of a few numbers: ids of tenant objects derive from it, not from the stream,
/// so that they stay the same however many events came before.
pub(super) fn hash(parts: &[u64]) -> u64 {
    parts
        .iter()
        .fold(0x6A09_E667_F3BC_C908, |h, &p| splitmix(h ^ p))
}

/// A GUID-shaped id (version 4 layout) from two numbers; the low 48 bits of `lo` are kept.
pub(super) fn guid(hi: u64, lo: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0x0FFF,
        0x8000 | ((lo >> 48) & 0x3FFF),
        lo & 0xFFFF_FFFF_FFFF
    )
}

/// A stable GUID for a tenant object named by a few numbers.
pub(super) fn stable_guid(parts: &[u64]) -> String {
    guid(hash(parts), hash(&[hash(parts), 0x5EED]))
}

/// `2026-10-01T06:00:00Z` for seconds since the Unix epoch (proleptic Gregorian, UTC).
pub(super) fn rfc3339(secs: u64) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Howard Hinnant's civil_from_days, for days since 1970-01-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let (hour, minute, second) = (rem / 3600, rem % 3600 / 60, rem % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

/// `2026-10-01T06:00:00.1234567Z`: [`rfc3339`] with 7 fractional digits (`ticks` of 100 ns,
/// below 10^7) and the zone written as `zone` (`Z` or `+00:00`).
pub(super) fn rfc3339_ticks(secs: u64, ticks: u64, zone: &str) -> String {
    let mut text = rfc3339(secs);
    text.pop();
    format!("{text}.{:07}{zone}", ticks % 10_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_handles_epoch_leap_day_and_the_generator_start() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_790_834_400), "2026-10-01T06:00:00Z");
        assert_eq!(rfc3339(1_790_834_400 + 86_399), "2026-10-02T05:59:59Z");
        assert_eq!(
            rfc3339_ticks(1_790_834_400, 12_345, "+00:00"),
            "2026-10-01T06:00:00.0012345+00:00"
        );
    }

    #[test]
    fn guids_have_the_version_4_layout() {
        let id = guid(u64::MAX, u64::MAX);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(guid(0, 0), "00000000-0000-4000-8000-000000000000");
        assert_eq!(stable_guid(&[1, 2]), stable_guid(&[1, 2]));
        assert_ne!(stable_guid(&[1, 2]), stable_guid(&[2, 1]));
    }

    #[test]
    fn seed_zero_gives_a_working_stream() {
        let mut rng = Rng::new(0);
        let draws: Vec<u64> = (0..4).map(|_| rng.below(1000)).collect();
        assert!(draws.windows(2).any(|w| w[0] != w[1]), "{draws:?}");
    }
}
