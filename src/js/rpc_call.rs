//! A generic RPC request read from JSON (what the JS `signRpcRequest` sends):
//! `{method?, endpoint, accessKeyId, accessKeySecret, securityToken?, signatureAlgorithm?,
//! params, bodyParams?}` with string values.

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind};
use crate::json::{self, Value};
use crate::rpc::{Endpoint, Method, SignatureAlgorithm};

/// What a generic signing call carries.
#[derive(Debug)]
pub struct RpcCall<'a> {
    pub method: Method,
    pub endpoint: Endpoint,
    pub credentials: Credentials,
    pub signature_algorithm: SignatureAlgorithm,
    /// In the order given; `null` values left out.
    pub params: Vec<(&'a str, &'a str)>,
    /// Likewise; absent, none.
    pub body_params: Vec<(&'a str, &'a str)>,
}

/// Reads a generic request, or the first problem with it. Parameters borrow from `value`,
/// the document [`json::parse`] read.
pub fn read_rpc_call<'a>(value: &'a Value<'a>) -> Result<RpcCall<'a>, Error> {
    if !matches!(value, Value::Object(_)) {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            Some("request"),
            "the request must be an object",
        ));
    }
    let text = |key: &str, required: bool| -> Result<Option<&'a str>, Error> {
        match value.get(key) {
            Some(Value::String(s)) => Ok(Some(s)),
            None | Some(Value::Null) if !required => Ok(None),
            None | Some(Value::Null) => Err(Error::new(
                ErrorKind::MissingParameter,
                Some(key),
                format!("{key} is required"),
            )),
            Some(_) => Err(Error::new(
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
    let endpoint = Endpoint::parse(text("endpoint", true)?.unwrap_or_default())?;
    let credentials = Credentials::new(
        text("accessKeyId", true)?.unwrap_or_default(),
        text("accessKeySecret", true)?.unwrap_or_default(),
    )
    .with_security_token(text("securityToken", false)?.unwrap_or_default());
    let signature_algorithm = match text("signatureAlgorithm", false)? {
        Some(a) => a.parse::<SignatureAlgorithm>()?,
        None => SignatureAlgorithm::default(),
    };
    let params = rpc_params(value.get("params").unwrap_or(&Value::Null), "params")?;
    let body_params = match value.get("bodyParams") {
        None | Some(Value::Null) => Vec::new(),
        Some(given) => rpc_params(given, "bodyParams")?,
    };
    Ok(RpcCall {
        method,
        endpoint,
        credentials,
        signature_algorithm,
        params,
        body_params,
    })
}

/// Parses and reads a generic request; see [`read_rpc_call`].
pub fn parse_rpc_call(json: &str) -> Result<Value<'_>, Error> {
    json::parse(json).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            Some("request"),
            format!("not valid JSON: {e}"),
        )
    })
}

/// Reads a generic RPC request's parameters at `at` (`params`, `bodyParams`): an object of
/// string values (a JS wrapper has already turned numbers and booleans into their JS text
/// and dropped `null`/`undefined`).
fn rpc_params<'a>(value: &'a Value<'a>, at: &str) -> Result<Vec<(&'a str, &'a str)>, Error> {
    let Value::Object(members) = value else {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            Some(at),
            format!(
                "{at} must be an object of parameter names to strings, not {}",
                value.kind()
            ),
        ));
    };
    let mut params = Vec::with_capacity(members.len());
    for (name, value) in members {
        match value {
            Value::String(s) => params.push((name.as_ref(), s.as_ref())),
            Value::Null => {}
            other => {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    Some(&format!("{at}.{name}")),
                    format!(
                        "the parameter {name} must be a string, number or boolean, not {}",
                        other.kind()
                    ),
                ))
            }
        }
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (Method, Vec<(String, String)>, bool);

    /// The method, params and whether a token was given.
    fn read(json: &str) -> Result<Read, Error> {
        let value = parse_rpc_call(json)?;
        let call = read_rpc_call(&value)?;
        let params = call.params.iter().map(|(n, v)| ((*n).into(), (*v).into()));
        Ok((
            call.method,
            params.collect(),
            call.credentials.security_token().is_some(),
        ))
    }

    #[test]
    fn reads_the_algorithm_and_body_params() {
        let value = parse_rpc_call(
            r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","signatureAlgorithm":"ACS3-HMAC-SHA256","params":{"Action":"A"},"bodyParams":{"B":"1","C":null}}"#,
        )
        .unwrap();
        let call = read_rpc_call(&value).unwrap();
        assert_eq!(call.signature_algorithm, SignatureAlgorithm::Acs3HmacSha256);
        assert_eq!(call.body_params, [("B", "1")]);

        let value = parse_rpc_call(
            r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":{},"bodyParams":null}"#,
        )
        .unwrap();
        let call = read_rpc_call(&value).unwrap();
        assert_eq!(call.signature_algorithm, SignatureAlgorithm::HmacSha1);
        assert!(call.body_params.is_empty());
    }

    #[test]
    fn reads_well_formed_calls_and_explains_the_rest() {
        let (method, params, has_token) = read(
            r#"{"method":"POST","endpoint":"https://ecs.aliyuncs.com","accessKeyId":"id","accessKeySecret":"s","securityToken":null,"params":{"Action":"A","Skip":null,"Version":"1"}}"#,
        )
        .unwrap();
        assert_eq!(method, Method::Post);
        assert_eq!(
            params,
            [
                ("Action".into(), "A".into()),
                ("Version".into(), "1".into())
            ]
        );
        assert!(!has_token);

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
            (
                r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":{},"signatureAlgorithm":"ACS3-HMAC-SHA1"}"#,
                "InvalidSignatureAlgorithm",
                "signatureAlgorithm",
            ),
            (
                r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":{},"signatureAlgorithm":3}"#,
                "InvalidInput",
                "signatureAlgorithm",
            ),
            (
                r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":{},"bodyParams":"a=1"}"#,
                "InvalidInput",
                "bodyParams",
            ),
            (
                r#"{"endpoint":"https://x","accessKeyId":"a","accessKeySecret":"b","params":{},"bodyParams":{"X":[]}}"#,
                "InvalidInput",
                "bodyParams.X",
            ),
        ] {
            let err = read(json).unwrap_err();
            assert_eq!((err.code(), err.path()), (code, Some(path)), "{json}");
        }
    }
}
