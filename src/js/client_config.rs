//! The `SlbClient` options as the JS wrapper passes them (JSON text), read into the
//! client's settings and the core's [`RetryPolicy`].

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};
use crate::retry::{RetryPolicy, MAX_ATTEMPTS, MAX_DELAY_MS};

/// The client's settings.
pub struct ClientConfig {
    /// As JSON text, read again for every try (see [`super::request::SignCall::read`]).
    pub credentials_json: String,
    /// The signing options the client passes on (endpoint, method, format, signature
    /// algorithm), as JSON text.
    pub options_json: String,
    pub proxy: Option<String>,
    pub timeout_ms: Option<u32>,
    pub policy: RetryPolicy,
}

/// Reads `{credentials, endpoint?, proxy?, format?, method?, signatureAlgorithm?,
/// timeoutMs?, retry?}`.
pub fn client_config(config_json: &str) -> Result<ClientConfig, Error> {
    let config: Value = serde_json::from_str(config_json).unwrap_or(Value::Null);
    let mut options = Map::new();
    for key in ["endpoint", "method", "format", "signatureAlgorithm"] {
        if let Some(v) = config.get(key).filter(|v| !v.is_null()) {
            options.insert(key.into(), v.clone());
        }
    }
    Ok(ClientConfig {
        credentials_json: config
            .get("credentials")
            .unwrap_or(&Value::Null)
            .to_string(),
        options_json: Value::Object(options).to_string(),
        proxy: config
            .get("proxy")
            .and_then(Value::as_str)
            .map(str::to_owned),
        timeout_ms: config
            .get("timeoutMs")
            .and_then(Value::as_u64)
            .map(|t| t.min(u64::from(u32::MAX)) as u32),
        policy: retry_policy(config.get("retry").unwrap_or(&Value::Null))?,
    })
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
    let map = match value {
        Value::Null => return Ok(policy),
        Value::Object(map) => map,
        _ => return Err(invalid("retry", "retry must be an object")),
    };
    if let Some(unknown) = map.keys().find(|k| !RETRY_FIELDS.contains(&k.as_str())) {
        return Err(invalid(
            "retry",
            &format!(
                "unknown retry option {unknown:?} (known: {})",
                RETRY_FIELDS.join(", ")
            ),
        ));
    }
    let whole = |name: &str, min: u32, max: u32| -> Result<Option<u32>, Error> {
        match map.get(name) {
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
    match map.get("retryNetworkErrors") {
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
    use serde_json::json;

    #[test]
    fn signing_options_are_passed_on() {
        let config = client_config(
            r#"{"credentials":{"accessKeyId":"a"},"endpoint":"http://127.0.0.1:1","method":null,"signatureAlgorithm":"ACS3-HMAC-SHA256","proxy":"/proxy","timeoutMs":5}"#,
        )
        .unwrap();
        let options: Value = serde_json::from_str(&config.options_json).unwrap();
        assert_eq!(
            options,
            json!({"endpoint": "http://127.0.0.1:1", "signatureAlgorithm": "ACS3-HMAC-SHA256"})
        );
        assert_eq!(config.credentials_json, r#"{"accessKeyId":"a"}"#);
        assert_eq!(
            (config.proxy.as_deref(), config.timeout_ms),
            (Some("/proxy"), Some(5))
        );
    }

    #[test]
    fn policy_from_json() {
        assert_eq!(retry_policy(&Value::Null).unwrap(), RetryPolicy::default());
        assert_eq!(retry_policy(&json!({})).unwrap(), RetryPolicy::default());
        assert_eq!(
            retry_policy(&json!({"attempts": 5, "baseDelayMs": 10, "maxDelayMs": 50, "retryNetworkErrors": true}))
                .unwrap(),
            RetryPolicy {
                attempts: 5,
                base_delay_ms: 10,
                max_delay_ms: 50,
                retry_network_errors: true
            }
        );
        for (bad, path) in [
            (json!(3), "retry"),
            (json!({"attempts": 0}), "retry.attempts"),
            (json!({"attempts": 11}), "retry.attempts"),
            (json!({"attempts": 2.5}), "retry.attempts"),
            (json!({"attempts": "3"}), "retry.attempts"),
            (json!({"baseDelayMs": -1}), "retry.baseDelayMs"),
            (json!({"maxDelayMs": 600_001}), "retry.maxDelayMs"),
            (
                json!({"retryNetworkErrors": "yes"}),
                "retry.retryNetworkErrors",
            ),
            (json!({"attemps": 3}), "retry"),
        ] {
            let e = retry_policy(&bad).unwrap_err();
            assert_eq!(e.code(), "InvalidRetryPolicy", "{bad}");
            assert_eq!(e.path(), Some(path), "{bad}");
        }
        let e = retry_policy(&json!({"attemps": 3})).unwrap_err();
        assert!(e.message().contains("\"attemps\""), "{}", e.message());
    }
}
