//! The `SlbClient` options as the JS wrapper passes them (JSON text): their `retry`, read
//! into the core's [`RetryPolicy`]. The wrapper reads the rest (endpoint, proxy, timeout)
//! itself: it signs and sends.

use crate::error::{Error, ErrorKind};
use crate::json::{self, Value};
use crate::retry::{RetryPolicy, MAX_ATTEMPTS, MAX_DELAY_MS};

/// The retry policy of `{retry?, ...}` (text that is not JSON has none: the default).
pub fn client_config(config_json: &str) -> Result<RetryPolicy, Error> {
    let config = json::parse(config_json).unwrap_or(Value::Null);
    retry_policy(config.get("retry").unwrap_or(&Value::Null))
}

const RETRY_FIELDS: [&str; 4] = [
    "attempts",
    "baseDelayMs",
    "maxDelayMs",
    "retryNetworkErrors",
];

/// Reads the client's `retry` option, `{attempts?, baseDelayMs?, maxDelayMs?,
/// retryNetworkErrors?}`; absent or `null` fields keep their defaults.
pub fn retry_policy(value: &Value) -> Result<RetryPolicy, Error> {
    let mut policy = RetryPolicy::default();
    let members = match value {
        Value::Null => return Ok(policy),
        Value::Object(members) => members,
        _ => return Err(invalid("retry", "retry must be an object")),
    };
    if let Some((unknown, _)) = members
        .iter()
        .find(|(k, _)| !RETRY_FIELDS.contains(&k.as_ref()))
    {
        return Err(invalid(
            "retry",
            &format!(
                "unknown retry option {unknown:?} (known: {})",
                RETRY_FIELDS.join(", ")
            ),
        ));
    }
    let whole = |name: &str, min: u32, max: u32| -> Result<Option<u32>, Error> {
        match value.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .filter(|n| (u64::from(min)..=u64::from(max)).contains(n))
                .map(|n| Some(n as u32))
                .ok_or_else(|| {
                    invalid(
                        &format!("retry.{name}"),
                        &format!("retry.{name} must be a whole number from {min} to {max}"),
                    )
                }),
        }
    };
    if let Some(n) = whole("attempts", 1, MAX_ATTEMPTS)? {
        policy.attempts = n;
    }
    if let Some(n) = whole("baseDelayMs", 0, MAX_DELAY_MS)? {
        policy.base_delay_ms = n;
    }
    if let Some(n) = whole("maxDelayMs", 0, MAX_DELAY_MS)? {
        policy.max_delay_ms = n;
    }
    match value.get("retryNetworkErrors") {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => policy.retry_network_errors = *b,
        Some(_) => {
            return Err(invalid(
                "retry.retryNetworkErrors",
                "retry.retryNetworkErrors must be true or false",
            ))
        }
    }
    Ok(policy)
}

fn invalid(path: &str, message: &str) -> Error {
    Error::new(ErrorKind::InvalidRetryPolicy, Some(path), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(text: &str) -> Result<RetryPolicy, Error> {
        retry_policy(&json::parse(text).unwrap())
    }

    #[test]
    fn the_retry_option_is_read_from_the_config() {
        let config = r#"{"credentials":{"accessKeyId":"a"},"endpoint":"http://127.0.0.1:1","retry":{"attempts":5}}"#;
        assert_eq!(client_config(config).unwrap().attempts, 5);
        assert_eq!(client_config("{}").unwrap(), RetryPolicy::default());
        assert_eq!(client_config("not JSON").unwrap(), RetryPolicy::default());
        let e = client_config(r#"{"retry":{"attempts":0}}"#).unwrap_err();
        assert_eq!(e.path(), Some("retry.attempts"));
    }

    #[test]
    fn policy_from_json() {
        assert_eq!(policy("null").unwrap(), RetryPolicy::default());
        assert_eq!(policy("{}").unwrap(), RetryPolicy::default());
        assert_eq!(
            policy(r#"{"attempts": 5, "baseDelayMs": 10, "maxDelayMs": 50, "retryNetworkErrors": true}"#)
                .unwrap(),
            RetryPolicy {
                attempts: 5,
                base_delay_ms: 10,
                max_delay_ms: 50,
                retry_network_errors: true
            }
        );
        assert_eq!(
            policy(r#"{"attempts": null, "maxDelayMs": 0}"#).unwrap(),
            RetryPolicy {
                max_delay_ms: 0,
                ..RetryPolicy::default()
            }
        );
        for (bad, path) in [
            ("3", "retry"),
            (r#"{"attempts": 0}"#, "retry.attempts"),
            (r#"{"attempts": 11}"#, "retry.attempts"),
            (r#"{"attempts": 2.5}"#, "retry.attempts"),
            (r#"{"attempts": 3.0}"#, "retry.attempts"),
            (r#"{"attempts": 3e0}"#, "retry.attempts"),
            (r#"{"attempts": "3"}"#, "retry.attempts"),
            (r#"{"baseDelayMs": -1}"#, "retry.baseDelayMs"),
            (r#"{"maxDelayMs": 600001}"#, "retry.maxDelayMs"),
            (r#"{"maxDelayMs": 1e9}"#, "retry.maxDelayMs"),
            (
                r#"{"retryNetworkErrors": "yes"}"#,
                "retry.retryNetworkErrors",
            ),
            (r#"{"attemps": 3}"#, "retry"),
        ] {
            let e = policy(bad).unwrap_err();
            assert_eq!(e.code(), "InvalidRetryPolicy", "{bad}");
            assert_eq!(e.path(), Some(path), "{bad}");
        }
        let e = policy(r#"{"attemps": 3}"#).unwrap_err();
        assert!(e.message().contains("\"attemps\""), "{}", e.message());
    }
}
