//! When and how long the client waits before trying a call again, and the clock correction
//! taken from a response's `Date` header.
//!
//! Pure like the rest of the core: the random number for the jitter and the local clock are
//! inputs. The decision after each try is `crate::js::client` (the package's JS sends, waits
//! and asks it), and reading the policy from the client's options `crate::js::client_config`.

use crate::timestamp::unix_seconds_of;

/// How many times a call is tried and how long the client waits between tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (at least 1).
    pub attempts: u32,
    /// The wait before the second try, before jitter; it doubles for each further try.
    pub base_delay_ms: u32,
    /// No wait is longer than this.
    pub max_delay_ms: u32,
    /// Also retry a request that failed without a response (off by default: a call that
    /// changes state may then be applied twice).
    pub retry_network_errors: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            base_delay_ms: 200,
            max_delay_ms: 5_000,
            retry_network_errors: false,
        }
    }
}

/// Upper bounds of the options: more tries than this is a loop, not a retry, and a longer
/// wait would overflow `setTimeout` (2^31 - 1 ms) long before it helps.
pub const MAX_ATTEMPTS: u32 = 10;
pub const MAX_DELAY_MS: u32 = 600_000;

impl RetryPolicy {
    /// The wait after failed try number `attempt` (1 for the wait before the second try).
    ///
    /// Equal jitter: half of the exponential step is fixed, the other half random, so the
    /// waits grow from one try to the next (a throttled caller really backs off) while
    /// callers throttled together still spread out. The step is `base * 2^(attempt-1)`,
    /// capped at `max_delay_ms`; the result lies in `[step/2, step]`. `random` is taken
    /// in `[0, 1)`; anything else is clamped into `[0, 1]` (NaN counts as 0).
    pub fn backoff_delay_ms(&self, attempt: u32, random: f64) -> u32 {
        let shift = attempt.saturating_sub(1).min(32);
        let step = (u64::from(self.base_delay_ms) << shift).min(u64::from(self.max_delay_ms));
        let random = if random.is_nan() {
            0.0
        } else {
            random.clamp(0.0, 1.0)
        };
        let half = step / 2;
        let jitter = ((step - half) as f64 * random).floor() as u64;
        (half + jitter).min(step) as u32
    }
}

/// Whether a service error code is worth another try: rate limiting and the service's own
/// transient failures (rpc-signing.md section 5, "retry later" / "retry with backoff").
pub fn is_retryable_code(code: &str) -> bool {
    code.starts_with("Throttling")
        || matches!(
            code,
            "ServiceUnavailable"
                | "InternalError"
                | "SystemBusy"
                | "OperationBusy"
                | "VServerGroupProcessing"
                | "BackendServer.configuring"
                | "ServiceIsConfiguring"
        )
}

/// The code the service sends when our timestamp is more than 15 minutes off its clock.
pub const EXPIRED_TIMESTAMP_CODE: &str = "InvalidTimeStamp.Expired";

/// How far the server's clock is ahead of ours, in milliseconds, from its `Date` header
/// (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) and our clock when the response came.
/// `None` when the header is not an IMF-fixdate or the clock is not a number. The header
/// has whole seconds, so the offset is good to about a second: plenty for a 15-minute window.
pub fn clock_offset_from_date(date_header: &str, local_now_unix_ms: f64) -> Option<i64> {
    if !local_now_unix_ms.is_finite() {
        return None;
    }
    let server_ms = parse_http_date(date_header)? as f64 * 1000.0;
    Some((server_ms - local_now_unix_ms).round() as i64)
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Unix seconds of an IMF-fixdate, the only form a server may send (RFC 9110 5.6.7); the
/// obsolete RFC 850 and asctime forms are refused. The weekday must be a day's name but is
/// not checked against the date, as the RFC asks of recipients.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    if b.len() != 29 || &b[3..5] != b", " || &b[25..] != b" GMT" || b[7] != b' ' || b[11] != b' ' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = &b[r];
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
    };
    let weekday = &b[0..3];
    let month = &b[8..11];
    if !WEEKDAYS.iter().any(|w| w.as_bytes() == weekday) {
        return None;
    }
    let month = MONTHS.iter().position(|m| m.as_bytes() == month)? as u32 + 1;
    let (day, year) = (number(5..7)?, number(12..16)?);
    if b[16] != b' ' || b[19] != b':' || b[22] != b':' {
        return None;
    }
    let (hour, minute, second) = (number(17..19)?, number(20..22)?, number(23..25)?);
    // Checks the calendar (no 30 February) and the time of day.
    unix_seconds_of([year, month, day], [hour, minute, second])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_codes() {
        for code in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "ServiceUnavailable",
            "InternalError",
            "SystemBusy",
            "OperationBusy",
            "VServerGroupProcessing",
            "BackendServer.configuring",
            "ServiceIsConfiguring",
        ] {
            assert!(is_retryable_code(code), "{code}");
        }
        for code in [
            "InvalidParameter",
            "SignatureDoesNotMatch",
            "InvalidTimeStamp.Expired",
            "SignatureNonceUsed",
            "MalformedResponse",
            "throttling",
            "Throttl",
            "internalerror",
            "",
        ] {
            assert!(!is_retryable_code(code), "{code}");
        }
    }

    #[test]
    fn delays_stay_in_their_band_and_grow() {
        let p = RetryPolicy {
            attempts: 5,
            base_delay_ms: 100,
            max_delay_ms: 100_000,
            retry_network_errors: false,
        };
        let mut previous_max = 0;
        for attempt in 1..=6 {
            let step = 100 << (attempt - 1);
            let low = p.backoff_delay_ms(attempt, 0.0);
            let high = p.backoff_delay_ms(attempt, 0.999_999);
            assert_eq!(low, step / 2, "attempt {attempt}");
            assert!(high < step && high >= step - 1, "attempt {attempt}: {high}");
            for r in [0.1, 0.5, 0.9] {
                let d = p.backoff_delay_ms(attempt, r);
                assert!((low..=high).contains(&d));
            }
            // Every wait is at least the longest wait before it.
            assert!(low >= previous_max, "attempt {attempt}");
            previous_max = high;
        }
        // Attempt 0 is read as the first.
        assert_eq!(p.backoff_delay_ms(0, 0.0), p.backoff_delay_ms(1, 0.0));
    }

    #[test]
    fn delays_are_capped() {
        let p = RetryPolicy {
            base_delay_ms: 200,
            max_delay_ms: 1_000,
            ..RetryPolicy::default()
        };
        for attempt in [4, 5, 10, 33, 1_000, u32::MAX] {
            for r in [0.0, 0.5, 0.999_999, 1.0] {
                let d = p.backoff_delay_ms(attempt, r);
                assert!((500..=1_000).contains(&d), "{attempt} {r}: {d}");
            }
        }
        let huge = RetryPolicy {
            base_delay_ms: u32::MAX,
            max_delay_ms: u32::MAX,
            ..RetryPolicy::default()
        };
        assert_eq!(huge.backoff_delay_ms(u32::MAX, 1.0), u32::MAX);
        let zero = RetryPolicy {
            base_delay_ms: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(zero.backoff_delay_ms(3, 0.7), 0);
        // A cap below the base wins.
        let small_cap = RetryPolicy {
            base_delay_ms: 1_000,
            max_delay_ms: 10,
            ..RetryPolicy::default()
        };
        assert!(small_cap.backoff_delay_ms(1, 0.5) <= 10);
    }

    #[test]
    fn jitter_input_extremes_are_clamped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_delay_ms(1, 0.0), 100);
        assert_eq!(p.backoff_delay_ms(1, 1.0), 200);
        assert_eq!(p.backoff_delay_ms(1, -5.0), 100);
        assert_eq!(p.backoff_delay_ms(1, 7.0), 200);
        assert_eq!(p.backoff_delay_ms(1, f64::NAN), 100);
        assert_eq!(p.backoff_delay_ms(1, f64::INFINITY), 200);
        assert_eq!(p.backoff_delay_ms(1, f64::NEG_INFINITY), 100);
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 23:59:59 GMT"),
            Some(951_868_799)
        );
        // Surrounding whitespace is the header's, not the date's.
        assert_eq!(
            parse_http_date(" Sun, 06 Nov 1994 08:49:37 GMT "),
            Some(784_111_777)
        );
        // The weekday is not checked against the date.
        assert_eq!(
            parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        for bad in [
            "",
            "yesterday",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 30 Feb 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 19x4 08:49:37 GMT",
            "Sun, 06 Nov 1994 08-49-37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMTX",
            "Sun, 0६ Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clock_offsets() {
        let server = 784_111_777_000.0;
        assert_eq!(
            clock_offset_from_date("Sun, 06 Nov 1994 08:49:37 GMT", server),
            Some(0)
        );
        // We are 20 minutes and 250 ms behind.
        assert_eq!(
            clock_offset_from_date("Sun, 06 Nov 1994 08:49:37 GMT", server - 1_200_250.0),
            Some(1_200_250)
        );
        // And ahead.
        assert_eq!(
            clock_offset_from_date("Sun, 06 Nov 1994 08:49:37 GMT", server + 60_000.4),
            Some(-60_000)
        );
        assert_eq!(clock_offset_from_date("not a date", server), None);
        assert_eq!(
            clock_offset_from_date("Sun, 06 Nov 1994 08:49:37 GMT", f64::NAN),
            None
        );
        assert_eq!(
            clock_offset_from_date("Sun, 06 Nov 1994 08:49:37 GMT", f64::INFINITY),
            None
        );
    }
}
