//! Sending (fetch through gloo-net, in browsers and Node 20+), parsing responses, and the
//! client that signs, sends and parses. Results cross as JSON text, like the rest of the glue.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

use super::{js_error, js_error_object, now, random_nonce, JsErrorDetails};
use crate::error::{Error, ErrorKind};
use crate::response::{
    diagnose_signature_mismatch, parse_response, AddVServerGroupBackendServersResult, ApiResponse,
    SignatureDiagnosis,
};
use crate::rpc::{percent_encode, SignedRequest};
use crate::slb::input::SignCall;
use crate::slb::Format;

const DEFAULT_TIMEOUT_MS: u32 = 30_000;

fn format_of(text: Option<&str>) -> Option<Format> {
    text.and_then(|f| f.parse().ok())
}

fn response_json(response: &ApiResponse, headers: Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("ok".into(), response.ok.into());
    out.insert("status".into(), response.status.into());
    if let Some(id) = &response.request_id {
        out.insert("requestId".into(), id.clone().into());
    }
    if let Some(data) = &response.data {
        out.insert("data".into(), data.clone());
    }
    if let Some(e) = &response.error {
        let mut error = Map::new();
        error.insert("code".into(), e.code.clone().into());
        error.insert("message".into(), e.message.clone().into());
        let optional = [
            ("requestId", &e.request_id),
            ("hostId", &e.host_id),
            ("recommend", &e.recommend),
            ("serverStringToSign", &e.server_string_to_sign),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                error.insert(key.into(), v.clone().into());
            }
        }
        out.insert("error".into(), Value::Object(error));
    }
    out.insert("raw".into(), response.raw.clone().into());
    out.insert("headers".into(), Value::Object(headers));
    Value::Object(out)
}

fn diagnosis_json(diagnosis: &SignatureDiagnosis) -> Value {
    match diagnosis {
        SignatureDiagnosis::WrongSecret => {
            json!({ "kind": "WrongSecret", "message": diagnosis.message() })
        }
        SignatureDiagnosis::EncodingMismatch { position, .. } => {
            json!({ "kind": "EncodingMismatch", "position": position, "message": diagnosis.message() })
        }
    }
}

#[wasm_bindgen(js_name = "parseResponse")]
pub fn parse_response_json(status: u16, body: &str, format: Option<String>) -> String {
    response_json(
        &parse_response(status, body, format_of(format.as_deref())),
        Map::new(),
    )
    .to_string()
}

#[wasm_bindgen(js_name = "diagnoseSignature")]
pub fn diagnose_signature(ours: &str, servers: &str) -> String {
    diagnosis_json(&diagnose_signature_mismatch(ours, servers)).to_string()
}

/// What went over the wire and came back.
struct Exchange {
    status: u16,
    body: String,
    headers: Map<String, Value>,
}

fn network_error(js_name: &str, message: String) -> Error {
    let kind = if js_name == "TimeoutError" || js_name == "AbortError" {
        ErrorKind::Timeout
    } else {
        ErrorKind::NetworkError
    };
    Error::new(kind, None, message)
}

/// Sends a signed request, through `proxy` when given (`<proxy>?url=<encoded url>`).
async fn exchange(
    method: &str,
    url: &str,
    body: Option<&str>,
    proxy: Option<&str>,
    timeout_ms: Option<u32>,
) -> Result<Exchange, Error> {
    let target = match proxy {
        Some(proxy) => {
            let joiner = if proxy.contains('?') { '&' } else { '?' };
            format!("{proxy}{joiner}url={}", percent_encode(url))
        }
        None => url.to_owned(),
    };
    let signal = web_sys::AbortSignal::timeout_with_u32(timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS));
    let http_method = if method == "POST" {
        HttpMethod::POST
    } else {
        HttpMethod::GET
    };
    let builder = RequestBuilder::new(&target)
        .method(http_method)
        .abort_signal(Some(&signal));
    let request = match body {
        Some(form) => builder
            .header("content-type", crate::rpc::FORM_CONTENT_TYPE)
            .body(form.to_owned()),
        None => builder.build(),
    }
    .map_err(|e| network_error("", format!("the request could not be built: {e}")))?;
    let response = request.send().await.map_err(|e| match e {
        gloo_net::Error::JsError(js) => network_error(
            &js.name,
            format!(
                "the request failed before a response ({}: {}); it may or may not have reached the service",
                js.name, js.message
            ),
        ),
        other => network_error("", format!("the request failed: {other}")),
    })?;
    let status = response.status();
    let mut headers = Map::new();
    for (name, value) in response.headers().entries() {
        headers.insert(name, value.into());
    }
    let body = response
        .text()
        .await
        .map_err(|e| network_error("", format!("the response body could not be read: {e}")))?;
    Ok(Exchange {
        status,
        body,
        headers,
    })
}

#[wasm_bindgen(js_name = "send")]
pub async fn send(
    method: String,
    url: String,
    body: Option<String>,
    format: Option<String>,
    proxy: Option<String>,
    timeout_ms: Option<u32>,
) -> Result<String, JsValue> {
    let exchange = exchange(&method, &url, body.as_deref(), proxy.as_deref(), timeout_ms)
        .await
        .map_err(|e| js_error(&e))?;
    let parsed = parse_response(
        exchange.status,
        &exchange.body,
        format_of(format.as_deref()),
    );
    Ok(response_json(&parsed, exchange.headers).to_string())
}

/// The service's error as an `SlbError`: its code, status, request id and recommendation,
/// and for a signature mismatch, which side is wrong.
fn service_error(response: &ApiResponse, signed: &SignedRequest) -> JsValue {
    let Some(e) = &response.error else {
        return js_error(&Error::new(
            ErrorKind::MalformedResponse,
            None,
            "the service answered without a result",
        ));
    };
    let mut details = JsErrorDetails::new();
    details.insert("status".into(), response.status.into());
    let optional = [
        ("requestId", &e.request_id),
        ("hostId", &e.host_id),
        ("recommend", &e.recommend),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            details.insert(key.into(), v.clone().into());
        }
    }
    let mut message = format!("{} (HTTP {}): {}", e.code, response.status, e.message);
    if let Some(diagnosis) = e.diagnose_signature(signed.string_to_sign.as_str()) {
        message.push_str("\nDiagnosis: ");
        message.push_str(&diagnosis.message());
        details.insert("diagnosis".into(), diagnosis_json(&diagnosis));
    }
    // The service's own code, as it sent it.
    js_error_object(
        &e.code,
        &Error::new(ErrorKind::ServiceError, None, message),
        Some(&details),
    )
}

/// `config_json`: `{credentials, endpoint?, proxy?, format?, method?, timeoutMs?}`.
#[wasm_bindgen(js_name = "clientAddVServerGroupBackendServers")]
pub async fn client_add_vserver_group_backend_servers(
    config_json: String,
    request_json: String,
) -> Result<String, JsValue> {
    let config: Value = serde_json::from_str(&config_json).unwrap_or(Value::Null);
    let request: Value = serde_json::from_str(&request_json).unwrap_or(Value::Null);
    let mut options = Map::new();
    for key in ["endpoint", "method", "format"] {
        if let Some(v) = config.get(key).filter(|v| !v.is_null()) {
            options.insert(key.into(), v.clone());
        }
    }
    let proxy = config
        .get("proxy")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let timeout_ms = config
        .get("timeoutMs")
        .and_then(Value::as_u64)
        .map(|t| t.min(u64::from(u32::MAX)) as u32);
    let signed = SignCall::from_values(
        &request,
        &config["credentials"],
        &Value::Object(options),
        Vec::new(),
    )
    .sign(now, random_nonce)
    .map_err(|e| js_error(&e))?;
    let exchange = exchange(
        signed.method.as_str(),
        &signed.url,
        signed.body.as_deref(),
        proxy.as_deref(),
        timeout_ms,
    )
    .await
    .map_err(|e| js_error(&e))?;
    let format = signed
        .params
        .iter()
        .find(|(n, _)| n == "Format")
        .and_then(|(_, v)| v.parse().ok());
    let response = parse_response(exchange.status, &exchange.body, format);
    if !response.ok {
        return Err(service_error(&response, &signed));
    }
    let data = response.data.unwrap_or(Value::Null);
    let result = AddVServerGroupBackendServersResult::from_data(&data).map_err(|e| js_error(&e))?;
    let servers: Vec<Value> = result
        .backend_servers
        .iter()
        .map(|s| {
            let mut server = json!({ "serverId": s.server_id, "port": s.port, "weight": s.weight });
            if let Some(t) = &s.server_type {
                server["type"] = t.clone().into();
            }
            if let Some(d) = &s.description {
                server["description"] = d.clone().into();
            }
            server
        })
        .collect();
    Ok(json!({
        "requestId": result.request_id,
        "vServerGroupId": result.v_server_group_id,
        "backendServers": servers,
    })
    .to_string())
}
