//! A generic RPC request read from JSON (what the JS `signRpcRequest` sends):
//! `{method?, endpoint, accessKeyId, accessKeySecret, securityToken?, params}` with string
//! values. Well-formed input goes straight into typed fields; anything else is read again as
//! a `serde_json::Value` to say exactly what is wrong.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::{Endpoint, Method};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind};

/// What a generic signing call carries.
#[derive(Debug)]
pub struct RpcCall {
    pub method: Method,
    pub endpoint: Endpoint,
    pub credentials: Credentials,
    /// In the order given; `null` values left out.
    pub params: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fast {
    #[serde(default)]
    method: Option<String>,
    endpoint: String,
    #[serde(rename = "accessKeyId")]
    access_key_id: String,
    #[serde(rename = "accessKeySecret")]
    access_key_secret: String,
    #[serde(rename = "securityToken", default)]
    security_token: Option<String>,
    params: Params,
}

/// An object of string (or null) values, kept in order, without a map in between.
struct Params(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamsVisitor;
        impl<'de> Visitor<'de> for ParamsVisitor {
            type Value = Params;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(12));
                while let Some((name, value)) = map.next_entry::<String, Option<String>>()? {
                    if let Some(value) = value {
                        pairs.push((name, value));
                    }
                }
                Ok(Params(pairs))
            }
        }
        deserializer.deserialize_map(ParamsVisitor)
    }
}

/// Reads a generic request, or the first problem with it.
pub fn read_rpc_call(json: &str) -> Result<RpcCall, Error> {
    if let Ok(fast) = serde_json::from_str::<Fast>(json) {
        if let Ok(method) = fast.method.as_deref().map_or(Ok(Method::Get), str::parse) {
            return Ok(RpcCall {
                method,
                endpoint: Endpoint::parse(&fast.endpoint)?,
                credentials: Credentials::new(fast.access_key_id, fast.access_key_secret)
                    .with_security_token(fast.security_token.unwrap_or_default()),
                params: fast.params.0,
            });
        }
    }
    read_slow(json)
}

fn read_slow(json: &str) -> Result<RpcCall, Error> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            Some("request"),
            format!("not valid JSON: {e}"),
        )
    })?;
    if !value.is_object() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            Some("request"),
            "the request must be an object",
        ));
    }
    let text = |key: &str, required: bool| -> Result<Option<String>, Error> {
        match &value[key] {
            Value::String(s) => Ok(Some(s.clone())),
            Value::Null if !required => Ok(None),
            Value::Null => Err(Error::new(
                ErrorKind::MissingParameter,
                Some(key),
                format!("{key} is required"),
            )),
            _ => Err(Error::new(
                ErrorKind::InvalidInput,
                Some(key),
                format!("{key} must be a string"),
            )),
        }
    };
    let method = match text("method", false)? {
        Some(m) => m.parse::<Method>()?,
        None => Method::Get,
    };
    let endpoint = Endpoint::parse(&text("endpoint", true)?.unwrap_or_default())?;
    let credentials = Credentials::new(
        text("accessKeyId", true)?.unwrap_or_default(),
        text("accessKeySecret", true)?.unwrap_or_default(),
    )
    .with_security_token(text("securityToken", false)?.unwrap_or_default());
    let params = rpc_params(&value["params"])?;
    Ok(RpcCall {
        method,
        endpoint,
        credentials,
        params,
    })
}

/// Reads a generic RPC request's parameters: an object of string values (a JS wrapper has
/// already turned numbers and booleans into their JS text and dropped `null`/`undefined`).
fn rpc_params(value: &Value) -> Result<Vec<(String, String)>, Error> {
    let Value::Object(map) = value else {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            Some("params"),
            format!(
                "params must be an object of parameter names to strings, not {}",
                json_kind(value)
            ),
        ));
    };
    let mut params = Vec::with_capacity(map.len());
    for (name, value) in map {
        match value {
            Value::String(s) => params.push((name.clone(), s.clone())),
            Value::Null => {}
            other => {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    Some(&format!("params.{name}")),
                    format!(
                        "the parameter {name} must be a string, number or boolean, not {}",
                        json_kind(other)
                    ),
                ))
            }
        }
    }
    Ok(params)
}

/// How a JSON value's type is named in messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_well_formed_calls_and_explains_the_rest() {
        let call = read_rpc_call(
            r#"{"method":"POST","endpoint":"https://ecs.aliyuncs.com","accessKeyId":"id","accessKeySecret":"s","securityToken":null,"params":{"Action":"A","Skip":null,"Version":"1"}}"#,
        )
        .unwrap();
        assert_eq!(call.method, Method::Post);
        assert_eq!(
            call.params,
            [
                ("Action".into(), "A".into()),
                ("Version".into(), "1".into())
            ]
        );
        assert_eq!(call.credentials.security_token(), None);

        for (json, code, path) in [
            ("{", "InvalidInput", "request"),
            ("[]", "InvalidInput", "request"),
            (r#"{"endpoint":5}"#, "InvalidInput", "endpoint"),
            (
                r#"{"endpoint":"ftp://x","accessKeyId":"a","accessKeySecret":"b","params":{}}"#,
                "InvalidEndpoint",
                "endpoint",
            ),
            (
                r#"{"method":"PUT","endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":{}}"#,
                "InvalidMethod",
                "method",
            ),
            (
                r#"{"endpoint":"https://x","accessKeySecret":"b","params":{}}"#,
                "MissingParameter",
                "accessKeyId",
            ),
            (
                r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":{"X":{}}}"#,
                "InvalidInput",
                "params.X",
            ),
            (
                r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":[]}"#,
                "InvalidInput",
                "params",
            ),
        ] {
            let err = read_rpc_call(json).unwrap_err();
            assert_eq!((err.code(), err.path()), (code, Some(path)), "{json}");
        }
    }
}
