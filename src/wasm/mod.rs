//! The wasm-bindgen exports: thin functions over the input layer (`crate::js`) and the core.
//!
//! Text crosses the boundary, in the formats `pkg-template/wire.js` documents and reads
//! (JSON in, as UTF-8 bytes for signing; the signed-request record or JSON out): moving
//! objects with serde-wasm-bindgen costs more than the whole signing. The `signer`
//! feature brings the signing functions (here), `client` the reader side of SlbClient and
//! send (`client`): the web package builds one module of each, Node one with both. The
//! package's hand-written JS
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

use crate::error::Error;
#[cfg(feature = "signer")]
use crate::error::ErrorKind;
use crate::js::output::error_json;
#[cfg(feature = "signer")]
use crate::js::{
    object::merge_issues,
    object::parse_json,
    output::{issues_json, record},
    request::{self as input, SignCall},
    rpc_call,
};
#[cfg(feature = "signer")]
use crate::{
    rpc::{self, SigningParams},
    slb::SlbAction,
    Timestamp,
};

/// Errors cross as JSON text (see `pkg-template/wire.js`), which the wrapper turns into an
/// `SlbError`.
fn js_error(error: &Error) -> JsValue {
    JsValue::from_str(&error_json(error.code(), error, None))
}

/// The clock, for a default timestamp: JS time, whole seconds.
#[cfg(feature = "signer")]
fn now() -> Result<Timestamp, Error> {
    Timestamp::from_unix_millis(date_now())
}

#[wasm_bindgen]
extern "C" {
    // The platform CSPRNG, called directly: browsers and Node 20+ (the package's floor)
    // have `crypto` as a global. getrandom's `js` backend looked for it in six places
    // (Node's `require` among them) and cost the signing module 1.2 KB gzipped.
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(bytes: &mut [u8]) -> Result<(), JsValue>;

    // Declared here rather than through js-sys, which the signing module then does not link
    // (0.35 KB gzipped of its closure shims).
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// A UUID v4 from the platform CSPRNG (`crypto.getRandomValues`), never `Math.random`.
#[cfg(feature = "signer")]
fn random_nonce() -> Result<String, Error> {
    let mut bytes = [0u8; 16];
    get_random_values(&mut bytes).map_err(|_| {
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
#[cfg(feature = "signer")]
fn utf8(input: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(input).map_err(|_| {
        Error::new(
            ErrorKind::InvalidInput,
            Some("request"),
            "the signing input is not UTF-8",
        )
    })
}

/// `input`: the action's name, then the request, credentials and options as JSON, joined
/// by `\n` (which `JSON.stringify` never writes), so that they cross together.
#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "signSlbRequest")]
pub fn sign_slb_request(input: &[u8]) -> Result<String, JsValue> {
    let sign = || {
        let mut parts = utf8(input)?.splitn(4, '\n');
        let mut next = || parts.next().unwrap_or("");
        let action = input::action(next())?;
        let (request, credentials, options) = (next(), next(), next());
        SignCall::read(action, request, credentials, options).sign_with(
            now,
            random_nonce,
            |parts| record(&parts),
        )
    };
    sign().map_err(|e| js_error(&e))
}

/// Every issue of a request, as JSON (`[]` when valid); an unknown action throws.
#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "validateSlbRequest")]
pub fn validate_slb_request(action: &str, request_json: &str) -> Result<String, JsValue> {
    let action = input::action(action).map_err(|e| js_error(&e))?;
    Ok(issues_json(&input::validate(action, request_json)))
}

/// The declared actions' names, joined by `,` (the wrapper's own list is tested against it).
#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "slbActions")]
pub fn slb_actions() -> String {
    let names: Vec<&str> = SlbAction::ALL.iter().map(|a| a.as_str()).collect();
    names.join(",")
}

/// `input`: the current members, the desired ones and `{addFirst?}`, as JSON joined by `\n`;
/// answers the plan as JSON. In the signing module: it checks members as signing does
/// (that code is shared), so here it adds 6 KB gzipped, where the client module paid 15 KB.
#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "planMembership")]
pub fn plan_membership(input: &[u8]) -> Result<String, JsValue> {
    let plan = || {
        let mut parts = utf8(input)?.splitn(3, '\n');
        let mut next = || parts.next().unwrap_or("");
        let (current, desired, options) = (next(), next(), next());
        crate::js::plan::plan(current, desired, options)
    };
    plan().map_err(|e| js_error(&e))
}

#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "serializeBackendServers")]
pub fn serialize_backend_servers(servers_json: &str) -> Result<String, JsValue> {
    let mut issues = Vec::new();
    let servers = match parse_json(servers_json, "backendServers") {
        Ok(value) => input::backend_servers(&value, "backendServers", &mut issues),
        Err(issue) => return Err(js_error(&Error::validation(vec![issue]))),
    };
    let found = match crate::serialize_backend_servers(&servers) {
        Ok(json) if issues.is_empty() => return Ok(json),
        Ok(_) => Vec::new(),
        Err(e) => e.issues().to_vec(),
    };
    Err(js_error(&Error::validation(merge_issues(issues, found))))
}

#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "endpointForRegion")]
pub fn endpoint_for_region(region_id: &str) -> Result<String, JsValue> {
    crate::endpoint_for_region(region_id).map_err(|e| js_error(&e))
}

#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "formatTimestamp")]
pub fn format_timestamp(unix_millis: f64) -> Result<String, JsValue> {
    Timestamp::from_unix_millis(unix_millis)
        .map(|t| t.to_string())
        .map_err(|e| js_error(&e))
}

/// `request_json`: `{method?, endpoint, accessKeyId, accessKeySecret, securityToken?,
/// signatureAlgorithm?, params, bodyParams?}` as UTF-8, with every param value already a
/// string (the wrapper converts numbers and booleans).
#[cfg(feature = "signer")]
#[wasm_bindgen(js_name = "signRpcRequest")]
pub fn sign_rpc_request(request_json: &[u8]) -> Result<String, JsValue> {
    utf8(request_json)
        .and_then(sign_rpc_json)
        .map_err(|e| js_error(&e))
}

#[cfg(feature = "signer")]
fn sign_rpc_json(request_json: &str) -> Result<String, Error> {
    let value = rpc_call::parse_rpc_call(request_json)?;
    let call = rpc_call::read_rpc_call(&value)?;
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
    rpc::sign_parts(
        call.signature_algorithm,
        call.method,
        &call.endpoint,
        pairs,
        call.body_params,
        &signing,
    )
    .map(|parts| record(&parts))
}
