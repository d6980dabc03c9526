//! `Timestamp`: an instant formatted as the RPC API wants it, `YYYY-MM-DDThh:mm:ssZ`.
//!
//! The calendar arithmetic is written out here (a few lines of Howard Hinnant's
//! `civil_from_days`) instead of pulling in `time`, which would add to the wasm module for
//! two conversions; the tests check it against `time`.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind};

/// A UTC instant with whole seconds, years 0000..=9999.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    text: [u8; 20],
}

const SECONDS_PER_DAY: i64 = 86_400;
/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z as Unix seconds.
const MIN_UNIX: i64 = -62_167_219_200;
const MAX_UNIX: i64 = 253_402_300_799;

impl Timestamp {
    /// The instant `seconds` after the Unix epoch.
    pub fn from_unix_seconds(seconds: i64) -> Result<Self, Error> {
        if !(MIN_UNIX..=MAX_UNIX).contains(&seconds) {
            return Err(Error::new(
                ErrorKind::InvalidTimestamp,
                Some("timestamp"),
                "the instant is outside the years 0000 to 9999",
            ));
        }
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let secs_of_day = seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        Ok(Self::from_parts(
            year as u32,
            month,
            day,
            (secs_of_day / 3600) as u32,
            (secs_of_day / 60 % 60) as u32,
            (secs_of_day % 60) as u32,
        ))
    }

    /// The instant `millis` milliseconds after the epoch (a JS `Date`), truncated to whole
    /// seconds (toward the past).
    pub fn from_unix_millis(millis: f64) -> Result<Self, Error> {
        if !millis.is_finite() {
            return Err(Error::new(
                ErrorKind::InvalidTimestamp,
                Some("timestamp"),
                "the date is not a valid date",
            ));
        }
        let seconds = (millis / 1000.0).floor();
        if seconds < MIN_UNIX as f64 || seconds > MAX_UNIX as f64 {
            return Self::from_unix_seconds(i64::MAX);
        }
        Self::from_unix_seconds(seconds as i64)
    }

    /// Parses exactly `YYYY-MM-DDThh:mm:ssZ` with a real date and time, and says what is
    /// wrong with the usual near misses (fractions from `toISOString()`, offsets, spaces).
    pub fn parse(input: &str) -> Result<Self, Error> {
        let fail = |why: &str| {
            Err(Error::new(
                ErrorKind::InvalidTimestamp,
                Some("timestamp"),
                format!("the timestamp must be UTC in whole seconds, exactly YYYY-MM-DDThh:mm:ssZ (e.g. 2016-02-23T12:46:24Z): {why}"),
            ))
        };
        let b = input.as_bytes();
        let shape_ok = b.len() == 20
            && b.iter().enumerate().all(|(i, &c)| match i {
                4 | 7 => c == b'-',
                10 => c == b'T',
                13 | 16 => c == b':',
                19 => c == b'Z',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            if b.len() > 20 && b.get(19) == Some(&b'.') {
                return fail(
                    "it has fractional seconds, as toISOString() gives; drop the milliseconds",
                );
            }
            if b.len() >= 19 && matches!(b.get(19), Some(b'+' | b'-')) {
                return fail("it has a UTC offset; convert it to UTC and end it with Z");
            }
            if b.len() == 19 {
                return fail("it needs the Z that marks UTC");
            }
            if b.get(10) == Some(&b' ') || b.get(10) == Some(&b't') {
                return fail("the date and time are joined by an upper-case T");
            }
            return fail("it is not in that shape");
        }
        let num = |range: std::ops::Range<usize>| {
            b[range]
                .iter()
                .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
        };
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        let (hour, minute, second) = (num(11..13), num(14..16), num(17..19));
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return fail("that date does not exist");
        }
        if hour > 23 || minute > 59 || second > 59 {
            return fail("that time does not exist");
        }
        Ok(Self::from_parts(year, month, day, hour, minute, second))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written into `text`.
        std::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        let n = |r: std::ops::Range<usize>| {
            self.text[r]
                .iter()
                .fold(0i64, |acc, &c| acc * 10 + i64::from(c - b'0'))
        };
        let days = days_from_civil(n(0..4), n(5..7) as u32, n(8..10) as u32);
        days * SECONDS_PER_DAY + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
    }

    fn from_parts(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Self {
        let mut text = *b"0000-00-00T00:00:00Z";
        let mut put = |at: usize, width: usize, mut value: u32| {
            for i in (at..at + width).rev() {
                text[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, month);
        put(8, 2, day);
        put(11, 2, hour);
        put(14, 2, minute);
        put(17, 2, second);
        Self { text }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.as_str())
    }
}

impl FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

fn is_leap(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Seconds since the epoch of a UTC date and time, when they exist (no 30 February, no
/// 24:00): what [`Timestamp::parse`] checks, without its text and messages.
pub(crate) fn unix_seconds_of(date: [u32; 3], time: [u32; 3]) -> Option<i64> {
    let [year, month, day] = date;
    let [hour, minute, second] = time;
    let real = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    let seconds = i64::from(hour * 3600 + minute * 60 + second);
    real.then(|| days_from_civil(i64::from(year), month, day) * SECONDS_PER_DAY + seconds)
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        for (secs, text) in [
            (0, "1970-01-01T00:00:00Z"),
            (1_456_231_584, "2016-02-23T12:46:24Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (MIN_UNIX, "0000-01-01T00:00:00Z"),
            (MAX_UNIX, "9999-12-31T23:59:59Z"),
            (-1, "1969-12-31T23:59:59Z"),
        ] {
            let ts = Timestamp::from_unix_seconds(secs).unwrap();
            assert_eq!(ts.as_str(), text);
            assert_eq!(ts.unix_seconds(), secs);
            assert_eq!(Timestamp::parse(text).unwrap(), ts);
        }
        assert!(Timestamp::from_unix_seconds(MAX_UNIX + 1).is_err());
        assert!(Timestamp::from_unix_seconds(MIN_UNIX - 1).is_err());
    }

    #[test]
    fn millis_truncate_to_the_second() {
        let ts = Timestamp::from_unix_millis(1_456_231_584_999.0).unwrap();
        assert_eq!(ts.as_str(), "2016-02-23T12:46:24Z");
        assert_eq!(
            Timestamp::from_unix_millis(-1.0).unwrap().as_str(),
            "1969-12-31T23:59:59Z"
        );
        for bad in [f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(
                Timestamp::from_unix_millis(bad).unwrap_err().code(),
                "InvalidTimestamp"
            );
        }
    }

    #[test]
    fn parse_explains_the_usual_mistakes() {
        for (input, hint) in [
            ("2016-02-23T12:46:24.123Z", "toISOString"),
            ("2016-02-23T12:46:24+08:00", "offset"),
            ("2016-02-23T12:46:24", "Z that marks UTC"),
            ("2016-02-23 12:46:24Z", "upper-case T"),
            ("2016-02-30T12:46:24Z", "date does not exist"),
            ("2015-02-29T12:46:24Z", "date does not exist"),
            ("2016-13-01T12:46:24Z", "date does not exist"),
            ("2016-02-23T24:00:00Z", "time does not exist"),
            ("2016-02-23T12:60:00Z", "time does not exist"),
            ("2016-02-23T12:46:60Z", "time does not exist"),
            ("", "shape"),
            ("2016-02-23t12:46:24z", "upper-case T"),
            ("２016-02-23T12:46:24Z", "shape"),
        ] {
            let err = Timestamp::parse(input).unwrap_err();
            assert_eq!(err.code(), "InvalidTimestamp", "{input}");
            assert!(err.message().contains(hint), "{input}: {}", err.message());
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_with_the_time_crate() {
        use proptest::prelude::*;
        proptest!(|(secs in MIN_UNIX..=MAX_UNIX)| {
            let ours = Timestamp::from_unix_seconds(secs).unwrap();
            let theirs = time::OffsetDateTime::from_unix_timestamp(secs).unwrap();
            let expected = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                theirs.year(), u8::from(theirs.month()), theirs.day(),
                theirs.hour(), theirs.minute(), theirs.second()
            );
            prop_assert_eq!(ours.as_str(), expected.as_str());
            prop_assert_eq!(ours.unix_seconds(), secs);
            prop_assert_eq!(Timestamp::parse(&expected).unwrap(), ours);
        });
    }
}
