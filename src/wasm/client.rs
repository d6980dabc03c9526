//! The client module's exports: reading responses, diagnosing signatures, and SlbClient's
//! decision after each try (`clientStep`). No signing
//! and no I/O: the package's JS sends and waits, and signs each try through the signer, so
//! the web build's client module carries neither the signer nor the fetch bindings.

use wasm_bindgen::prelude::*;

use super::js_error;
use crate::js::client::step;
use crate::js::client_config::client_config;
use crate::js::results::{diagnosis_json, response_json};
use crate::response::{diagnose_signature_mismatch, parse_response};

#[wasm_bindgen(js_name = "parseResponse")]
pub fn parse_response_json(status: u16, body: &str, format: Option<String>) -> String {
    let format = format.and_then(|f| f.parse().ok());
    response_json(parse_response(status, body, format)).to_json()
}

#[wasm_bindgen(js_name = "diagnoseSignature")]
pub fn diagnose_signature(ours: &str, servers: &str, canonical_request: Option<String>) -> String {
    let diagnosis = diagnose_signature_mismatch(ours, servers, canonical_request.as_deref());
    diagnosis_json(&diagnosis, diagnosis.message()).to_json()
}

/// Checks the client's options when it is made, so a bad `retry` fails at once.
#[wasm_bindgen(js_name = "checkClientConfig")]
pub fn check_client_config(config_json: &str) -> Result<(), JsValue> {
    client_config(config_json)
        .map(|_| ())
        .map_err(|e| js_error(&e))
}

/// After one try of an SlbClient call: `input_json` says what was tried and how it ended
/// (see `crate::js::client`), `body` is the response's body. Answers the result or the
/// next try as JSON; throws the call's error.
#[wasm_bindgen(js_name = "clientStep")]
pub fn client_step(input_json: &str, body: &str) -> Result<String, JsValue> {
    step(input_json, body)
        .answer()
        .map_err(|error| JsValue::from_str(&error))
}
