//! Timestamps: parsing every form the logs use (`Z`, `+00:00`, 0–7 digit fractions,
//! US-locale `7/31/2023 12:08:17 AM`, Windows PowerShell's `/Date(1690762097000)/`) into
//! milliseconds since the Unix epoch, UTC, and printing them back as RFC 3339.
//!
//! `0001-01-01T00:00:00Z` and `""` mean "never" in the job status and parse to `None`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// 10000-01-01T00:00:00Z: times from here on are not read.
const MAX_MS: i64 = 253_402_300_800_000;

/// A moment, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Parses an ISO-8601 / RFC 3339 time or a US-locale time; `None` for garbage, for `""`
    /// and for the year-1 "never" sentinel.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let s = s.trim();
        let t = parse_iso(s)
            .or_else(|| parse_us(s))
            .or_else(|| parse_dotnet(s))?;
        // Year 1 (or anything before 1900) is the .NET "never" sentinel; past year 9999 is
        // garbage (`/Date(99999999999999999)/`), and could not be written back as RFC 3339.
        (-2_208_988_800_000 < t.0 && t.0 < MAX_MS).then_some(t)
    }

    /// The RFC 3339 form, UTC, whole seconds: `2026-10-05T06:01:33Z`.
    pub fn rfc3339(self) -> String {
        self.to_string()
    }

    /// Year, month, day, hour, minute, second, millisecond (UTC).
    pub fn parts(self) -> (i64, u32, u32, u32, u32, u32, u32) {
        let ms = self.0.rem_euclid(1000) as u32;
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400) as u32;
        let (y, m, d) = civil_from_days(days);
        (y, m, d, sod / 3600, sod / 60 % 60, sod % 60, ms)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s, _) = self.parts();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a time: {text}")))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn valid(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> bool {
    (1..=9999).contains(&y)
        && (1..=12).contains(&mo)
        && (1..=31).contains(&d)
        && h < 24
        && mi < 60
        && s <= 60
}

/// A calendar date and wall-clock time, as written in a file.
struct Civil {
    date: (i64, u32, u32),
    clock: (u32, u32, u32),
    ms: u32,
}

impl Civil {
    /// The moment, given the writer's offset from UTC in minutes.
    fn at_offset(self, offset_min: i64) -> Option<Timestamp> {
        let (y, mo, d) = self.date;
        let (h, mi, s) = self.clock;
        if !valid(y, mo, d, h, mi, s) {
            return None;
        }
        let secs = days_from_civil(y, mo, d) * 86_400
            + i64::from(h) * 3600
            + i64::from(mi) * 60
            + i64::from(s);
        Some(Timestamp(
            (secs - offset_min * 60) * 1000 + i64::from(self.ms),
        ))
    }
}

/// A run of ASCII digits of exactly `n` characters at the start of `b`.
fn digits(b: &[u8], n: usize) -> Option<u32> {
    let part = b.get(..n)?;
    part.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.f+]][Z|±HH:MM|±HHMM]`; a date alone is midnight UTC.
fn parse_iso(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let y = digits(b, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let mo = digits(&b[5..], 2)?;
    let d = digits(b.get(8..)?, 2)?;
    if b.len() == 10 {
        return Civil {
            date: (i64::from(y), mo, d),
            clock: (0, 0, 0),
            ms: 0,
        }
        .at_offset(0);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let h = digits(b.get(11..)?, 2)?;
    let mi = digits(b.get(14..)?, 2)?;
    let mut i = 16;
    let mut sec = 0;
    if b.get(i) == Some(&b':') {
        sec = digits(b.get(i + 1..)?, 2)?;
        i += 3;
    }
    let mut ms = 0;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 3 {
                ms = ms * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..3 {
            ms *= 10;
        }
    }
    let offset = match &b[i..] {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (oh, om) = match rest {
                [_, _, b':', _, _] | [_, _, _, _] => {
                    let oh = digits(rest, 2)?;
                    let om = digits(&rest[rest.len() - 2..], 2)?;
                    (oh, om)
                }
                [_, _] => (digits(rest, 2)?, 0),
                _ => return None,
            };
            let off = i64::from(oh * 60 + om);
            if *sign == b'-' {
                -off
            } else {
                off
            }
        }
        _ => return None,
    };
    Civil {
        date: (i64::from(y), mo, d),
        clock: (h, mi, sec),
        ms,
    }
    .at_offset(offset)
}

/// `M/D/YYYY h:mm[:ss] AM|PM` (and 24-hour without AM/PM), as the portal's US locale and
/// PowerShell print them; read as UTC.
fn parse_us(s: &str) -> Option<Timestamp> {
    let s = s.trim_end_matches(" UTC");
    let (date, rest) = s.split_once([' ', ','])?;
    let rest = rest.trim_start_matches([',', ' ']);
    let mut dp = date.split('/');
    let mo: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    let y: i64 = dp.next()?.parse().ok()?;
    if dp.next().is_some() || y < 1000 {
        return None;
    }
    let (clock, meridiem) = match rest.split_once(' ') {
        Some((c, m)) => (c, Some(m.trim().to_ascii_uppercase())),
        None => (rest, None),
    };
    let mut cp = clock.split(':');
    let mut h: u32 = cp.next()?.parse().ok()?;
    let mi: u32 = cp.next()?.parse().ok()?;
    let (sec, ms) = match cp.next() {
        Some(sp) => {
            let (whole, frac) = sp.split_once('.').unwrap_or((sp, ""));
            let frac3: String = frac.chars().chain("000".chars()).take(3).collect();
            (whole.parse().ok()?, frac3.parse().ok()?)
        }
        None => (0, 0),
    };
    match meridiem.as_deref() {
        Some("AM") if h == 12 => h = 0,
        Some("PM") if h < 12 => h += 12,
        Some("AM" | "PM") | None => {}
        Some(_) => return None,
    }
    if meridiem.is_some() && h > 23 {
        return None;
    }
    Civil {
        date: (y, mo, d),
        clock: (h, mi, sec),
        ms,
    }
    .at_offset(0)
}

/// `/Date(1690762097000)/` (milliseconds since the epoch, perhaps with a `+0200` that does not
/// change the moment), as Windows PowerShell's `ConvertTo-Json` writes dates.
fn parse_dotnet(s: &str) -> Option<Timestamp> {
    let inner = s.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let sign = usize::from(inner.starts_with('-'));
    let end = inner[sign..]
        .find(['+', '-'])
        .map_or(inner.len(), |i| i + sign);
    inner[..end].parse().ok().map(Timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<String> {
        Timestamp::parse(s).map(|t| t.to_string())
    }

    #[test]
    fn reads_every_form_of_the_logs() {
        assert_eq!(
            p("2019-05-04T03:00:54Z").as_deref(),
            Some("2019-05-04T03:00:54Z")
        );
        assert_eq!(
            p("2023-07-31T00:08:17.1234567Z").as_deref(),
            Some("2023-07-31T00:08:17Z")
        );
        assert_eq!(
            p("2015-07-24T19:01:01+00:00").as_deref(),
            Some("2015-07-24T19:01:01Z")
        );
        assert_eq!(
            p("2015-07-24T21:01:01+02:00").as_deref(),
            Some("2015-07-24T19:01:01Z")
        );
        assert_eq!(
            p("2015-07-24 19:01:01").as_deref(),
            Some("2015-07-24T19:01:01Z")
        );
        assert_eq!(
            p("7/31/2023 12:08:17 AM").as_deref(),
            Some("2023-07-31T00:08:17Z")
        );
        assert_eq!(
            p("1/31/2024, 9:44:44.221 PM").as_deref(),
            Some("2024-01-31T21:44:44Z")
        );
        assert_eq!(
            p("/Date(1690762097000)/").as_deref(),
            Some("2023-07-31T00:08:17Z")
        );
        assert_eq!(
            p("/Date(1690762097000+0200)/").as_deref(),
            Some("2023-07-31T00:08:17Z")
        );
        assert_eq!(
            Timestamp::parse("2023-07-31T00:08:17.25Z").map(|t| t.0 % 1000),
            Some(250)
        );
    }

    #[test]
    fn never_and_garbage_are_none() {
        assert_eq!(p("0001-01-01T00:00:00Z"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("yesterday"), None);
        assert_eq!(p("2023-13-01T00:00:00Z"), None);
        assert_eq!(p("2023-01-01T00:00:00Zjunk"), None);
    }

    /// Found writing the bad-input catalogue: a .NET date past year 9999 was read, then
    /// written as a 7-digit year that does not read back (the page's answers from its
    /// worker would not decode), and an on-demand duration from it overflowed.
    #[test]
    fn a_dotnet_date_past_year_9999_is_not_a_time() {
        assert_eq!(p("/Date(99999999999999999)/"), None);
        assert_eq!(p("/Date(9223372036854775807)/"), None);
        assert_eq!(
            p("/Date(253402300799000)/").as_deref(),
            Some("9999-12-31T23:59:59Z")
        );
        let last = Timestamp::parse("9999-12-31T23:59:59Z").expect("a time");
        assert_eq!(Timestamp::parse(&last.to_string()), Some(last));
    }

    #[test]
    fn round_trips_days() {
        for days in [-1, 0, 59, 60, 365, 10_957, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
