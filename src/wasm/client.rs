//! Sending (fetch, in browsers and Node 20+), parsing responses, and the client that signs,
//! sends, parses and retries (the policy is the core's `crate::retry`). Results cross as
//! JSON text, like the rest of the glue.

use gloo_net::http::{Method as HttpMethod, RequestBuilder, Response};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{js_error, random_nonce};
use crate::error::{Error, ErrorKind};
use crate::js::client_config::{client_config, retry_policy, ClientConfig};
use crate::js::output::error_json;
use crate::js::request::{self as input, SignCall};
use crate::js::results::result_json;
use crate::response::{
    diagnose_signature_mismatch, parse_response, ApiError, ApiResponse, SignatureDiagnosis,
    SlbResult,
};
use crate::retry::{
    clock_offset_from_date, is_retryable_code, RetryPolicy, EXPIRED_TIMESTAMP_CODE,
};
use crate::rpc::{percent_encode, redact_token, Format, SignedRequest};
use crate::slb::SlbAction;
use crate::Timestamp;

const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Extra fields of an `SlbError` (a service error's status, request id, ...).
type JsErrorDetails = Map<String, Value>;

fn js_error_with_details(code: &str, error: &Error, details: JsErrorDetails) -> JsValue {
    let details = Value::Object(details).to_string();
    JsValue::from_str(&error_json(code, error, Some(&details)))
}

fn format_of(text: Option<&str>) -> Option<Format> {
    text.and_then(|f| f.parse().ok())
}

/// A service error's optional ids and advice, under their JS names.
fn insert_error_ids(map: &mut Map<String, Value>, e: &ApiError) {
    for (key, value) in [
        ("requestId", &e.request_id),
        ("hostId", &e.host_id),
        ("recommend", &e.recommend),
    ] {
        if let Some(v) = value {
            map.insert(key.into(), v.clone().into());
        }
    }
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
        insert_error_ids(&mut error, e);
        if let Some(server) = &e.server_string_to_sign {
            error.insert("serverStringToSign".into(), server.clone().into());
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
        SignatureDiagnosis::CanonicalRequestMismatch { canonical_request } => {
            let mut out =
                json!({ "kind": "CanonicalRequestMismatch", "message": diagnosis.message() });
            if let Some(ours) = canonical_request {
                out["canonicalRequest"] = ours.as_str().into();
            }
            out
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
pub fn diagnose_signature(ours: &str, servers: &str, canonical_request: Option<String>) -> String {
    let diagnosis = diagnose_signature_mismatch(ours, servers, canonical_request.as_deref());
    diagnosis_json(&diagnosis).to_string()
}

/// What went over the wire and came back.
struct Exchange {
    status: u16,
    body: String,
    headers: Map<String, Value>,
}

/// A request that got no response, and whether it may have reached the service (a caller
/// must not blindly repeat a call that changes state when it may have).
struct SendFailure {
    error: Error,
    may_have_reached: bool,
}

impl SendFailure {
    fn reached(kind: ErrorKind, message: String) -> Self {
        Self {
            error: Error::new(kind, None, message),
            may_have_reached: true,
        }
    }
}

#[wasm_bindgen]
extern "C" {
    // The global fetch, called directly rather than through gloo-net's `send`: gloo-net
    // keeps only a failure's name and message, and Node puts the socket error, whose code
    // tells a refused connection from a cut one, in its `cause`.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
}

fn js_text(value: &JsValue, key: &str) -> Option<String> {
    // Reflect::get fails on undefined and null: no such property then.
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// The connection-level code of a fetch failure when it proves nothing was sent: Node's
/// `cause.code`, or every `cause.errors[].code` when several addresses were tried (an
/// AggregateError). Browsers give no cause: there a failure always may have reached.
fn connect_failure_code(error: &JsValue) -> Option<String> {
    let cause = js_sys::Reflect::get(error, &JsValue::from_str("cause")).ok()?;
    if let Some(code) = js_text(&cause, "code") {
        return is_connect_failure(&code).then_some(code);
    }
    let errors = js_sys::Reflect::get(&cause, &JsValue::from_str("errors")).ok()?;
    let errors: &js_sys::Array = errors.dyn_ref()?;
    let mut codes: Vec<String> = errors.iter().filter_map(|e| js_text(&e, "code")).collect();
    let all = !codes.is_empty()
        && codes.len() == errors.length() as usize
        && codes.iter().all(|c| is_connect_failure(c));
    all.then(|| codes.swap_remove(0))
}

/// Whether a connection-level error code (Node's `error.cause.code` under `fetch failed`)
/// proves that nothing was sent: the connection was never made. Anything else, or no code
/// at all (browsers give none), may have reached the service.
fn is_connect_failure(code: &str) -> bool {
    matches!(
        code,
        "ECONNREFUSED"
            | "ENOTFOUND"
            | "EAI_AGAIN"
            | "EHOSTUNREACH"
            | "ENETUNREACH"
            | "UND_ERR_CONNECT_TIMEOUT"
    )
}

fn fetch_failure(error: &JsValue, timeout_ms: u32) -> SendFailure {
    let name = js_text(error, "name").unwrap_or_default();
    let message = js_text(error, "message").unwrap_or_default();
    if name == "TimeoutError" || name == "AbortError" {
        return SendFailure::reached(
            ErrorKind::Timeout,
            format!("no response within {timeout_ms} ms; the request may have reached the service"),
        );
    }
    if let Some(code) = connect_failure_code(error) {
        return SendFailure {
            error: Error::new(
                ErrorKind::NetworkError,
                None,
                format!("the connection could not be made ({code}); the request did not reach the service"),
            ),
            may_have_reached: false,
        };
    }
    let cause = js_sys::Reflect::get(error, &JsValue::from_str("cause"))
        .ok()
        .map(|c| {
            let code = js_text(&c, "code").unwrap_or_default();
            let text = js_text(&c, "message").unwrap_or_default();
            match (code.is_empty(), text.is_empty()) {
                (true, true) => String::new(),
                (false, true) => format!(", cause {code}"),
                (true, false) => format!(", cause: {text}"),
                (false, false) => format!(", cause {code}: {text}"),
            }
        })
        .unwrap_or_default();
    SendFailure::reached(
        ErrorKind::NetworkError,
        format!("the request failed before a response ({name}: {message}{cause}); it may have reached the service"),
    )
}

/// Sends a signed request, through `proxy` when given (`<proxy>?url=<encoded url>`), with
/// its `headers` but `host` (the URL's, which fetch sets; through a proxy, the proxy's).
/// A body without a `content-type` among them is sent as a form.
async fn exchange(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
    proxy: Option<&str>,
    timeout_ms: Option<u32>,
) -> Result<Exchange, SendFailure> {
    let target = match proxy {
        Some(proxy) => {
            let joiner = if proxy.contains('?') { '&' } else { '?' };
            format!("{proxy}{joiner}url={}", percent_encode(url))
        }
        None => url.to_owned(),
    };
    let timeout_ms = timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
    let signal = web_sys::AbortSignal::timeout_with_u32(timeout_ms);
    let http_method = if method == "POST" {
        HttpMethod::POST
    } else {
        HttpMethod::GET
    };
    let mut builder = RequestBuilder::new(&target)
        .method(http_method)
        .abort_signal(Some(&signal));
    for (name, value) in headers.iter().filter(|(n, _)| *n != "host") {
        builder = builder.header(name, value);
    }
    let has_type = headers.iter().any(|(n, _)| *n == "content-type");
    let request = match body {
        Some(form) if has_type => builder.body(form.to_owned()),
        Some(form) => builder
            .header("content-type", crate::rpc::FORM_CONTENT_TYPE)
            .body(form.to_owned()),
        None => builder.build(),
    }
    .map_err(|e| SendFailure {
        error: Error::new(
            ErrorKind::NetworkError,
            None,
            format!("the request could not be built: {e}"),
        ),
        may_have_reached: false,
    })?;
    let request: web_sys::Request = request.into();
    let response = wasm_bindgen_futures::JsFuture::from(global_fetch(&request))
        .await
        .map_err(|e| fetch_failure(&e, timeout_ms))?;
    let response: Response = response
        .dyn_into::<web_sys::Response>()
        .map_err(|_| {
            SendFailure::reached(
                ErrorKind::NetworkError,
                "fetch returned something that is not a Response".into(),
            )
        })?
        .into();
    let status = response.status();
    let mut headers = Map::new();
    for (name, value) in response.headers().entries() {
        headers.insert(name, value.into());
    }
    let body = response.text().await.map_err(|e| {
        SendFailure::reached(
            ErrorKind::NetworkError,
            format!("the response body could not be read: {e}; the request reached the service"),
        )
    })?;
    Ok(Exchange {
        status,
        body,
        headers,
    })
}

/// A failure as an `SlbError` with `mayHaveReached`, and `attempts` for the client.
fn send_failure_error(failure: &SendFailure, attempts: Option<u32>) -> JsValue {
    let mut details = JsErrorDetails::new();
    details.insert("mayHaveReached".into(), failure.may_have_reached.into());
    if let Some(n) = attempts {
        details.insert("attempts".into(), n.into());
    }
    js_error_with_details(failure.error.code(), &failure.error, details)
}

/// A signed request's headers as JSON (`{name: value}`), or `InvalidInput`.
fn read_headers(json: &str) -> Result<Vec<(String, String)>, Error> {
    let invalid = || {
        Error::new(
            ErrorKind::InvalidInput,
            Some("signed.headers"),
            "the headers must be an object of header names to strings",
        )
    };
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
        return Err(invalid());
    };
    map.into_iter()
        .map(|(name, value)| match value {
            Value::String(text) => Ok((name.to_ascii_lowercase(), text)),
            _ => Err(invalid()),
        })
        .collect()
}

/// `headers_json`: the signed request's headers, a JSON object of strings.
#[wasm_bindgen(js_name = "send")]
pub async fn send(
    method: String,
    url: String,
    body: Option<String>,
    headers_json: Option<String>,
    format: Option<String>,
    proxy: Option<String>,
    timeout_ms: Option<u32>,
) -> Result<String, JsValue> {
    let headers =
        read_headers(headers_json.as_deref().unwrap_or("{}")).map_err(|e| js_error(&e))?;
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let exchange = exchange(
        &method,
        &url,
        body.as_deref(),
        &headers,
        proxy.as_deref(),
        timeout_ms,
    )
    .await
    .map_err(|f| send_failure_error(&f, None))?;
    let parsed = parse_response(
        exchange.status,
        &exchange.body,
        format_of(format.as_deref()),
    );
    Ok(response_json(&parsed, exchange.headers).to_string())
}

/// The service's error as an `SlbError`: its code, status, request id and recommendation,
/// for a signature mismatch which side is wrong, and how many tries were made.
fn service_error(
    response: &ApiResponse,
    signed: &SignedRequest,
    tries: &Tries,
    note: Option<&str>,
) -> JsValue {
    let Some(e) = &response.error else {
        return js_error(&Error::new(
            ErrorKind::MalformedResponse,
            None,
            "the service answered without a result",
        ));
    };
    let mut details = JsErrorDetails::new();
    details.insert("status".into(), response.status.into());
    insert_error_ids(&mut details, e);
    details.insert("attempts".into(), tries.sent.into());
    // Whether another try later may succeed (the caller may wait longer than the policy).
    details.insert("retryable".into(), is_retryable_code(&e.code).into());
    if tries.clock_offset_ms != 0 {
        details.insert("clockOffsetMs".into(), tries.clock_offset_ms.into());
    }
    let mut message = format!("{} (HTTP {}): {}", e.code, response.status, e.message);
    let canonical_request = signed.acs3().map(|s| s.canonical_request.as_str());
    if let Some(diagnosis) = e.diagnose_signature(signed.string_to_sign(), canonical_request) {
        message.push_str("\nDiagnosis: ");
        message.push_str(&diagnosis.message());
        details.insert("diagnosis".into(), diagnosis_json(&diagnosis));
    }
    if let Some(note) = note {
        message.push('\n');
        message.push_str(note);
    }
    // The service quotes its string to sign, STS token included: errors never show it.
    if let Some(token) = signed.security_token() {
        message = redact_token(&message, token);
        if let Some(Value::Object(diagnosis)) = details.get_mut("diagnosis") {
            if let Some(Value::String(text)) = diagnosis.get_mut("message") {
                *text = redact_token(text, token);
            }
        }
    }
    // The service's own code, as it sent it.
    js_error_with_details(
        &e.code,
        &Error::new(ErrorKind::ServiceError, None, message),
        details,
    )
}

/// Checks the client's options when it is made, so a bad `retry` fails at once.
#[wasm_bindgen(js_name = "checkClientConfig")]
pub fn check_client_config(config_json: &str) -> Result<(), JsValue> {
    client_config(config_json)
        .map(|_| ())
        .map_err(|e| js_error(&e))
}

/// The count of one call's tries.
#[derive(Default)]
struct Tries {
    /// Requests sent, the clock correction included (what `attempts` reports).
    sent: u32,
    /// Tries counted against `RetryPolicy::attempts` (the clock correction is not one).
    counted: u32,
    /// The service's clock minus ours, as the client last learned it (0: none known).
    clock_offset_ms: i64,
    /// Whether this call already corrected the clock (once per call at most).
    corrected: bool,
}

/// Signs, sends and parses, trying again as `policy` allows: each try is signed afresh
/// (new nonce and timestamp), so a retry is never refused as a replay.
async fn call(
    action: SlbAction,
    config: &ClientConfig,
    request_json: &str,
    tries: &mut Tries,
) -> Result<ApiResponse, JsValue> {
    let policy = &config.policy;
    loop {
        let offset = tries.clock_offset_ms;
        let signed = SignCall::read(
            action,
            request_json,
            &config.credentials_json,
            &config.options_json,
        )
        .sign(
            || Timestamp::from_unix_millis(js_sys::Date::now() + offset as f64),
            random_nonce,
        )
        .map_err(|e| js_error(&e))?;
        tries.sent += 1;
        tries.counted += 1;
        let headers: Vec<(&str, &str)> = signed
            .headers
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        let exchange = match exchange(
            signed.method.as_str(),
            &signed.url,
            signed.body.as_deref(),
            &headers,
            config.proxy.as_deref(),
            config.timeout_ms,
        )
        .await
        {
            Ok(exchange) => exchange,
            Err(failure) => {
                if policy.retry_network_errors && tries.counted < policy.attempts {
                    wait(policy, tries.counted).await;
                    continue;
                }
                return Err(send_failure_error(&failure, Some(tries.sent)));
            }
        };
        let format = signed
            .params
            .iter()
            .find(|(n, _)| n == "Format")
            .and_then(|(_, v)| v.parse().ok());
        let response = parse_response(exchange.status, &exchange.body, format);
        let Some(code) = response.error.as_ref().map(|e| e.code.as_str()) else {
            return Ok(response);
        };
        if code == EXPIRED_TIMESTAMP_CODE {
            if tries.corrected {
                let note = "The clock was corrected once from the response's Date header; the service still refused the timestamp.";
                return Err(service_error(&response, &signed, tries, Some(note)));
            }
            let offset = exchange
                .headers
                .get("date")
                .and_then(Value::as_str)
                .and_then(|date| clock_offset_from_date(date, js_sys::Date::now()));
            let Some(offset) = offset else {
                let note = "The response has no usable Date header to correct the clock from; check this machine's clock.";
                return Err(service_error(&response, &signed, tries, Some(note)));
            };
            // Once per call, and not one of the policy's tries.
            tries.clock_offset_ms = offset;
            tries.corrected = true;
            tries.counted -= 1;
            continue;
        }
        if is_retryable_code(code) && tries.counted < policy.attempts {
            wait(policy, tries.counted).await;
            continue;
        }
        return Err(service_error(&response, &signed, tries, None));
    }
}

/// The backoff after failed try `attempt`. Jitter need not be secret: Math.random will do
/// (nonces still come from the CSPRNG).
async fn wait(policy: &RetryPolicy, attempt: u32) {
    let ms = policy.backoff_delay_ms(attempt, js_sys::Math::random());
    if ms > 0 {
        gloo_timers::future::TimeoutFuture::new(ms).await;
    }
}

/// Signs, sends and reads one call of `action`. `config_json`: `{credentials, endpoint?,
/// proxy?, format?, method?, timeoutMs?, retry?}`; `clock_offset_ms`: the offset the client
/// learned on an earlier call; `retry_json`: a retry policy for this call instead of the
/// client's (a membership change waits on busy groups longer). Answers `{clockOffsetMs,
/// attempts, result}` as JSON: the offset now known, so the client keeps the correction and a
/// skewed machine pays the extra request once, not on every call; the requests sent; the
/// typed result.
#[wasm_bindgen(js_name = "clientCall")]
pub async fn client_call(
    action: String,
    config_json: String,
    request_json: String,
    clock_offset_ms: f64,
    retry_json: Option<String>,
) -> Result<String, JsValue> {
    let action = input::action(&action).map_err(|e| js_error(&e))?;
    let mut config = client_config(&config_json).map_err(|e| js_error(&e))?;
    if let Some(retry) = retry_json {
        let retry: Value = serde_json::from_str(&retry).unwrap_or(Value::Null);
        config.policy = retry_policy(&retry).map_err(|e| js_error(&e))?;
    }
    let mut tries = Tries {
        clock_offset_ms: if clock_offset_ms.is_finite() {
            clock_offset_ms as i64
        } else {
            0
        },
        ..Tries::default()
    };
    let response = call(action, &config, &request_json, &mut tries).await?;
    let data = response.data.unwrap_or(Value::Null);
    let result = SlbResult::from_data(action, &data).map_err(|e| js_error(&e))?;
    let answer = json!({
        "clockOffsetMs": tries.clock_offset_ms,
        "attempts": tries.sent,
        "result": result_json(&result),
    });
    Ok(answer.to_string())
}
