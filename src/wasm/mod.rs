//! The wasm-bindgen glue, and the only place that knows about JavaScript.
//!
//! Text crosses the boundary (JSON in, as UTF-8 bytes for signing; a line-separated record
//! out): moving objects with serde-wasm-bindgen costs more than the whole signing. Built
//! without the `client` feature (the web package's signing module), only the signing
//! functions are here. The package's hand-written JS
//! wrapper (`pkg-template/api.js`) turns them into typed objects and `SlbError`s.
//! These functions are that wrapper's private interface, not the package's API.

use wasm_bindgen::prelude::*;

pub mod arena;
#[cfg(feature = "client")]
pub mod client;

// One thread (no atomics), so the arena needs no lock.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::json;
use crate::rpc::{self, SignedParts, SigningParams};
use crate::slb::input::{self, SignCall};
use crate::Timestamp;

/// The signed request as one record for the JS wrapper: method, `endpoint/`, canonical
/// query, string to sign, signature, the signature percent-encoded, each followed by `\n`
/// (none can hold one: they are ASCII without control characters); then the names of every
/// parameter sent, as one block, then their values. Each name, value and the block is
/// `<length>:<text>` with the length in UTF-16 code units (what JS `slice` counts), so no
/// escaping is needed. The names come as one block so the wrapper can tell, with one
/// comparison, that they are the last call's. The URL and body are not sent again: the
/// wrapper joins them from these parts.
fn record(signed: &SignedParts<'_>) -> String {
    let encoded_signature = crate::rpc::percent_encode(signed.signature.as_str());
    let parts = [
        signed.method.as_str(),
        signed.endpoint.as_str(),
        signed.canonical_query.as_str(),
        signed.string_to_sign.as_str(),
        signed.signature.as_str(),
        &encoded_signature,
    ];
    let params_len: usize = signed
        .pairs
        .iter()
        .map(|(n, v)| n.len() + v.len() + 12)
        .sum();
    let mut out =
        String::with_capacity(parts.iter().map(|p| p.len() + 1).sum::<usize>() + params_len + 48);
    for (i, part) in parts.into_iter().enumerate() {
        out.push_str(part);
        if i == 1 {
            out.push('/');
        }
        out.push('\n');
    }
    let mut names = String::with_capacity(params_len);
    let mut names_units = 0;
    for (name, _) in &signed.pairs {
        names_units += push_counted(&mut names, name);
    }
    names_units += push_counted(&mut names, "Signature");
    json::push_decimal(&mut out, names_units);
    out.push(':');
    out.push_str(&names);
    for (_, value) in &signed.pairs {
        push_counted(&mut out, value);
    }
    push_counted(&mut out, signed.signature.as_str());
    out
}

/// Appends `<length>:<text>`; returns how many UTF-16 code units it appended.
fn push_counted(out: &mut String, text: &str) -> usize {
    let units = if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    };
    let start = out.len();
    json::push_decimal(out, units);
    out.push(':');
    // The length and colon are ASCII: one unit per byte.
    let head = out.len() - start;
    out.push_str(text);
    head + units
}

/// An error as a plain object `{code, message, path?, issues, details?}` for the wrapper to
/// turn into an `SlbError` (`issues` and `details` as JSON text). Messages never hold a
/// secret (the core guarantees it).
fn js_error_object(code: &str, error: &Error, details_json: Option<&str>) -> JsValue {
    let object = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), value);
    };
    set("code", &JsValue::from_str(code));
    set("message", &JsValue::from_str(error.message()));
    if let Some(path) = error.path() {
        set("path", &JsValue::from_str(path));
    }
    set("issues", &JsValue::from_str(&issues_json(error.issues())));
    if let Some(details) = details_json {
        set("details", &JsValue::from_str(details));
    }
    object.into()
}

fn js_error(error: &Error) -> JsValue {
    js_error_object(error.code(), error, None)
}

/// Issues as a JSON array of `{path, code, message}` (the wrapper parses it).
fn issues_json(issues: &[ValidationIssue]) -> String {
    let mut out = String::from("[");
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"path\":");
        json::write_string(&mut out, &issue.path);
        out.push_str(",\"code\":");
        json::write_string(&mut out, issue.code.as_str());
        out.push_str(",\"message\":");
        json::write_string(&mut out, &issue.message);
        out.push('}');
    }
    out.push(']');
    out
}

/// The clock, for a default timestamp: JS time, whole seconds.
fn now() -> Result<Timestamp, Error> {
    Timestamp::from_unix_millis(js_sys::Date::now())
}

/// A UUID v4 from the platform CSPRNG (`crypto.getRandomValues`), never `Math.random`.
fn random_nonce() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|_| {
        Error::new(
            ErrorKind::InvalidNonce,
            Some("nonce"),
            "no secure random source (crypto.getRandomValues) is available for the nonce; pass options.nonce",
        )
    })?;
    Ok(crate::uuid_v4_nonce(bytes))
}

/// Signing input crosses as UTF-8 bytes: wasm-bindgen copies bytes with one `set`, where
/// it copies a string by a JavaScript loop over its characters (the wrapper encodes with
/// `TextEncoder`). Never invalid from there; checked all the same.
fn utf8(input: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(input).map_err(|_| {
        Error::new(
            ErrorKind::InvalidInput,
            Some("request"),
            "the signing input is not UTF-8",
        )
    })
}

/// `input`: the request, credentials and options as JSON, joined by `\n` (which
/// `JSON.stringify` never writes), so that they cross together.
#[wasm_bindgen(js_name = "signAddVServerGroupBackendServers")]
pub fn sign_add_vserver_group_backend_servers(input: &[u8]) -> Result<String, JsValue> {
    let sign = || {
        let mut parts = utf8(input)?.splitn(3, '\n');
        let mut next = || parts.next().unwrap_or("");
        let (request, credentials, options) = (next(), next(), next());
        SignCall::read(request, credentials, options)
            .sign_with(now, random_nonce, |parts| record(&parts))
    };
    sign().map_err(|e| js_error(&e))
}

#[wasm_bindgen(js_name = "validateAddVServerGroupBackendServers")]
pub fn validate_add_vserver_group_backend_servers(request_json: &str) -> String {
    issues_json(&input::validate_add_vserver_group_backend_servers(
        request_json,
    ))
}

#[wasm_bindgen(js_name = "serializeBackendServers")]
pub fn serialize_backend_servers(servers_json: &str) -> Result<String, JsValue> {
    let mut issues = Vec::new();
    let servers = match input::parse_json(servers_json, "backendServers") {
        Ok(value) => input::backend_servers(&value, "backendServers", &mut issues),
        Err(issue) => return Err(js_error(&Error::validation(vec![issue]))),
    };
    let found = match crate::serialize_backend_servers(&servers) {
        Ok(json) if issues.is_empty() => return Ok(json),
        Ok(_) => Vec::new(),
        Err(e) => e.issues().to_vec(),
    };
    Err(js_error(&Error::validation(input::merge_issues(
        issues, found,
    ))))
}

#[wasm_bindgen(js_name = "endpointForRegion")]
pub fn endpoint_for_region(region_id: &str) -> Result<String, JsValue> {
    crate::endpoint_for_region(region_id).map_err(|e| js_error(&e))
}

#[wasm_bindgen(js_name = "formatTimestamp")]
pub fn format_timestamp(unix_millis: f64) -> Result<String, JsValue> {
    Timestamp::from_unix_millis(unix_millis)
        .map(|t| t.to_string())
        .map_err(|e| js_error(&e))
}

/// `request_json`: `{method?, endpoint, accessKeyId, accessKeySecret, securityToken?, params}`
/// as UTF-8, with every param value already a string (the wrapper converts numbers and
/// booleans).
#[wasm_bindgen(js_name = "signRpcRequest")]
pub fn sign_rpc_request(request_json: &[u8]) -> Result<String, JsValue> {
    utf8(request_json)
        .and_then(sign_rpc_json)
        .map_err(|e| js_error(&e))
}

fn sign_rpc_json(request_json: &str) -> Result<String, Error> {
    let value = rpc::json::parse_rpc_call(request_json)?;
    let call = rpc::json::read_rpc_call(&value)?;
    let pairs = call.params;
    // The clock and the CSPRNG are read only for what the params do not carry.
    let has = |name: &str| pairs.iter().any(|(n, _)| *n == name);
    let timestamp = if has("Timestamp") {
        Timestamp::from_unix_seconds(0)?
    } else {
        now()?
    };
    let nonce = if has("SignatureNonce") {
        String::new()
    } else {
        random_nonce()?
    };
    let signing = SigningParams {
        credentials: &call.credentials,
        timestamp: &timestamp,
        nonce: &nonce,
    };
    rpc::sign_parts(call.method, &call.endpoint, pairs, &signing).map(|parts| record(&parts))
}
