//! How numbers, sizes, times and statuses are written for people: thousands separators,
//! compact UTC times (the full RFC 3339 form goes in a tooltip and in the hooks), and a glyph
//! beside every status colour so meaning never rests on colour alone.

use provlens_core::{Status, Timestamp};

/// `1234567` → `"1,234,567"`.
pub fn count(n: u64) -> String {
    provlens_core::text::thousands(n)
}

/// `1 file`, `2,048 files`.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A byte count in B, KB, MB or GB (powers of 1000, as file managers show them).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

thread_local! {
    /// Times are shown in UTC (the default) or in the browser's time zone.
    static UTC: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Shows times in UTC (`true`) or local time from now on (the page re-renders after).
pub fn set_utc(utc: bool) {
    UTC.with(|u| u.set(utc));
}

/// The zone shown times are in, as a label: `UTC` or `local`.
pub fn zone() -> &'static str {
    if UTC.with(std::cell::Cell::get) {
        "UTC"
    } else {
        "local"
    }
}

/// A wall-clock time read in the zone times are shown in (its parts as that zone's), moved
/// back to UTC: the inverse of [`shown`] (for a time the admin typed).
pub fn from_shown(t: Timestamp) -> Timestamp {
    if UTC.with(std::cell::Cell::get) {
        t
    } else {
        Timestamp(t.0 - crate::save::local_offset_ms(t.0))
    }
}

/// `t` moved to the zone times are shown in (its parts then read as that zone's).
pub fn shown(t: Timestamp) -> Timestamp {
    if UTC.with(std::cell::Cell::get) {
        t
    } else {
        Timestamp(t.0 + crate::save::local_offset_ms(t.0))
    }
}

/// `2026-10-05 06:01:33`: a full date, UTC, to the second.
pub fn time(t: Timestamp) -> String {
    let (y, mo, d, h, mi, s, _) = shown(t).parts();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

/// `10-05 06:01:33`: the grid's date, UTC, to the second, without the year (logs span days,
/// not years; the tooltip holds the full date).
pub fn time_short(t: Timestamp) -> String {
    let (_, mo, d, h, mi, s, _) = shown(t).parts();
    format!("{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

/// `2026-10-05 06:01`: a card's date, UTC, to the minute.
pub fn time_compact(t: Timestamp) -> String {
    let (y, mo, d, h, mi, _, _) = shown(t).parts();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
}

/// The tooltip of a shown time: the full RFC 3339 form.
pub fn time_title(t: Timestamp) -> String {
    if UTC.with(std::cell::Cell::get) {
        format!("{} (UTC)", t.rfc3339())
    } else {
        format!("{} local time\n{} (UTC)", time(t), t.rfc3339())
    }
}

/// How far `t` is from `now` (milliseconds since the epoch), in words: `just now`,
/// `12 min ago`, `5 h ago`, `3 days ago`, `7 years ago`, or `in 40 min` for a time to come.
pub fn relative(t: Timestamp, now: i64) -> String {
    let delta = now - t.0;
    let minutes = delta.unsigned_abs() / 60_000;
    let span = match minutes {
        0 => return "just now".to_string(),
        m if m < 120 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m if m < 730 * 24 * 60 => plural(m / (24 * 60), "day", "days"),
        m => plural(m / (365 * 24 * 60), "year", "years"),
    };
    if delta >= 0 {
        format!("{span} ago")
    } else {
        format!("in {span}")
    }
}

/// `part` of `whole` as a percentage with one decimal: `5.3%`; `0%` of nothing.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".to_string();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// The glyph that carries a status's meaning beside its colour.
pub fn glyph(status: Status) -> &'static str {
    match status {
        Status::Success => "✓",
        Status::Failure => "✗",
        Status::Skipped => "⤼",
        Status::Warning => "⚠",
    }
}

/// A short form of a long id (GUIDs): the first 8 characters, for chips; the full id goes in
/// a tooltip.
pub fn short_id(id: &str) -> &str {
    match id.char_indices().nth(8) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(250_000), "250,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn sizes_use_decimal_units() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1_500), "1.5 KB");
        assert_eq!(bytes(600_000_000), "600.0 MB");
    }

    #[test]
    fn times_are_utc_and_compact() {
        let t = Timestamp::parse("2026-10-05T06:01:33Z").expect("a valid time");
        assert_eq!(time(t), "2026-10-05 06:01:33");
        assert_eq!(time_short(t), "10-05 06:01:33");
        assert_eq!(time_compact(t), "2026-10-05 06:01");
        assert_eq!(time_title(t), "2026-10-05T06:01:33Z (UTC)");
    }

    #[test]
    fn relative_times_read_as_words() {
        let t = Timestamp::parse("2026-10-05T06:00:00Z").expect("a valid time");
        let min = 60_000;
        assert_eq!(relative(t, t.0 + 30_000), "just now");
        assert_eq!(relative(t, t.0 + 12 * min), "12 min ago");
        assert_eq!(relative(t, t.0 + 5 * 60 * min), "5 h ago");
        assert_eq!(relative(t, t.0 + 3 * 24 * 60 * min), "3 days ago");
        assert_eq!(relative(t, t.0 - 40 * min), "in 40 min");
        assert_eq!(relative(t, t.0 + 2714 * 24 * 60 * min), "7 years ago");
    }

    #[test]
    fn percentages_keep_one_decimal() {
        assert_eq!(percent(37, 700), "5.3%");
        assert_eq!(percent(0, 0), "0%");
    }

    #[test]
    fn short_ids_keep_eight_characters() {
        assert_eq!(short_id("0a1b2c3d-4e5f"), "0a1b2c3d");
        assert_eq!(short_id("abc"), "abc");
    }
}
