//! SlbClient's decision after each try. The package's JS signs every try afresh (through
//! the signer), sends it and waits; after each try it asks [`step`] what comes next: the
//! typed result, another try after a wait, another try on a corrected clock, or the error.
//! The policy stays in the core's terms (`crate::retry`), here, where native tests reach it.

use crate::error::{Error, ErrorKind};
use crate::js::client_config::retry_policy;
use crate::js::output::error_json;
use crate::js::request::action as read_action;
use crate::js::results::{diagnosis_json, result_json};
use crate::json::{self, Members, Value};
use crate::response::{parse_response, ApiResponse, SlbResult};
use crate::retry::{
    clock_offset_from_date, is_retryable_code, RetryPolicy, EXPIRED_TIMESTAMP_CODE,
};
use crate::rpc::{redact_token, Format};
use crate::slb::SlbAction;

/// The count of one call's tries, kept by the JS between steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tries {
    /// Requests sent, the clock correction included (what `attempts` reports).
    pub sent: u32,
    /// Tries counted against `RetryPolicy::attempts` (the clock correction is not one).
    pub counted: u32,
    /// The service's clock minus ours, as the client last learned it (0: none known).
    pub clock_offset_ms: i64,
    /// Whether this call already corrected the clock (once per call at most).
    pub corrected: bool,
}

/// What was signed, as far as the decision needs it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Signed<'a> {
    pub string_to_sign: &'a str,
    /// ACS3-HMAC-SHA256's, shown when the service built another one.
    pub canonical_request: Option<&'a str>,
    /// Never shown: redacted from every message.
    pub security_token: Option<&'a str>,
    /// The format asked for (`None`: sniffed from the body).
    pub format: Option<Format>,
}

/// One call's fixed part: what it does, under which policy, as signed for this try.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    pub action: SlbAction,
    pub policy: RetryPolicy,
    pub signed: Signed<'a>,
}

/// How a try ended.
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'a> {
    Response {
        status: u16,
        body: &'a str,
        /// The response's `Date` header.
        date: Option<&'a str>,
    },
    /// No response: `NetworkError` or `Timeout`, and whether it may have reached the service.
    Failure {
        kind: ErrorKind,
        message: &'a str,
        may_have_reached: bool,
    },
}

/// The answer to a try.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// The typed result (JSON), and what the client keeps from the call.
    Done {
        result: String,
        attempts: u32,
        clock_offset_ms: i64,
    },
    /// Sign afresh and send again after `wait_ms`.
    Retry { wait_ms: u32, tries: Tries },
    /// Sign afresh on the corrected clock (`tries.clock_offset_ms`) and send again at once.
    CorrectClock { tries: Tries },
    /// The call failed: the error as JSON (`{code, message, ...details}`, an `SlbError`).
    Failed(String),
}

impl Step {
    /// The answer as JSON (`pkg-template/wire.js`): `{clockOffsetMs, attempts, result}` when
    /// done, `{waitMs, tries}` to try again; the error's JSON when failed (thrown to JS).
    pub fn answer(self) -> Result<String, String> {
        let again = |wait_ms: u32, tries: Tries| {
            let tries = Members::default()
                .with("sent", tries.sent)
                .with("counted", tries.counted)
                .with("clockOffsetMs", tries.clock_offset_ms)
                .with("corrected", tries.corrected);
            let answer = Members::default()
                .with("waitMs", wait_ms)
                .with("tries", tries);
            Ok(Value::from(answer).to_json())
        };
        match self {
            Self::Done {
                result,
                attempts,
                clock_offset_ms,
            } => Ok(format!(
                "{{\"clockOffsetMs\":{clock_offset_ms},\"attempts\":{attempts},\"result\":{result}}}"
            )),
            Self::Retry { wait_ms, tries } => again(wait_ms, tries),
            Self::CorrectClock { tries } => again(0, tries),
            Self::Failed(error) => Err(error),
        }
    }
}

/// Reads a step's input (its format: `read`, and `pkg-template/wire.js`) and decides; bad
/// input is `InvalidInput`.
pub fn step(input_json: &str, body: &str) -> Step {
    read(input_json, body).unwrap_or_else(|e| Step::Failed(error_json(e.code(), &e, None)))
}

fn invalid(path: &str, message: &str) -> Error {
    Error::new(ErrorKind::InvalidInput, Some(path), message)
}

/// `input_json`: `{action, retry, tries, signed: {stringToSign, canonicalRequest?,
/// securityToken?, format?}, response: {status, date?} | failure: {code, message,
/// mayHaveReached}, nowMs, random}`; `body`: the response's body. `tries` is what the last
/// step answered (zeros and the client's clock offset before the first try); `nowMs` the
/// local clock when the response came, `random` a number in [0, 1) for the jitter.
fn read(input_json: &str, body: &str) -> Result<Step, Error> {
    let input = json::parse(input_json).map_err(|_| invalid("step", "the step is not JSON"))?;
    let text = |value: Option<&Value>, name: &str| value?.get(name)?.as_str().map(str::to_owned);
    let action = read_action(&text(Some(&input), "action").unwrap_or_default())?;
    let policy = retry_policy(input.get("retry").unwrap_or(&Value::Null))?;
    let number = |name: &str| input.get(name).and_then(Value::as_f64);
    let signed = input.get("signed");
    let (string_to_sign, canonical_request, security_token, format) = (
        text(signed, "stringToSign").unwrap_or_default(),
        text(signed, "canonicalRequest"),
        text(signed, "securityToken"),
        text(signed, "format"),
    );
    let call = Call {
        action,
        policy,
        signed: Signed {
            string_to_sign: &string_to_sign,
            canonical_request: canonical_request.as_deref(),
            security_token: security_token.as_deref(),
            format: format.and_then(|f| f.parse().ok()),
        },
    };
    let date = text(input.get("response"), "date");
    let outcome = outcome(&input, body, date.as_deref())?;
    let tries = read_tries(input.get("tries").unwrap_or(&Value::Null));
    Ok(decide(
        &call,
        tries,
        outcome,
        number("nowMs").unwrap_or(f64::NAN),
        number("random").unwrap_or(0.0),
    ))
}

fn outcome<'a>(
    input: &'a Value,
    body: &'a str,
    date: Option<&'a str>,
) -> Result<Outcome<'a>, Error> {
    if let Some(response) = input.get("response").filter(|r| !r.is_null()) {
        let status = response.get("status").and_then(Value::as_u64);
        let status = status.and_then(|s| u16::try_from(s).ok());
        let status = status.ok_or_else(|| invalid("response.status", "no HTTP status"))?;
        return Ok(Outcome::Response { status, body, date });
    }
    let failure = input
        .get("failure")
        .ok_or_else(|| invalid("step", "neither a response nor a failure"))?;
    let kind = match failure.get("code").and_then(Value::as_str) {
        Some("Timeout") => ErrorKind::Timeout,
        Some("NetworkError") => ErrorKind::NetworkError,
        _ => return Err(invalid("failure.code", "not NetworkError or Timeout")),
    };
    Ok(Outcome::Failure {
        kind,
        message: failure.get("message").and_then(Value::as_str).unwrap_or(""),
        may_have_reached: failure.get("mayHaveReached").and_then(Value::as_bool) != Some(false),
    })
}

fn read_tries(value: &Value) -> Tries {
    let count = |name: &str| {
        let n = value.get(name).and_then(Value::as_u64).unwrap_or(0);
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let offset = value.get("clockOffsetMs").and_then(Value::as_f64);
    Tries {
        sent: count("sent"),
        counted: count("counted"),
        // An offset out of i64's range saturates (`as`); none is 0.
        clock_offset_ms: offset.map_or(0, |ms| ms as i64),
        corrected: value.get("corrected").and_then(Value::as_bool) == Some(true),
    }
}

/// What to do after a try that ended with `outcome`; `tries` does not count it yet.
pub fn decide(call: &Call, mut tries: Tries, outcome: Outcome, now_ms: f64, random: f64) -> Step {
    tries.sent = tries.sent.saturating_add(1);
    tries.counted = tries.counted.saturating_add(1);
    let may_retry = tries.counted < call.policy.attempts;
    let retry = |tries: Tries| Step::Retry {
        wait_ms: call.policy.backoff_delay_ms(tries.counted, random),
        tries,
    };
    let (status, body, date) = match outcome {
        Outcome::Response { status, body, date } => (status, body, date),
        Outcome::Failure { .. } if call.policy.retry_network_errors && may_retry => {
            return retry(tries)
        }
        Outcome::Failure {
            kind,
            message,
            may_have_reached,
        } => return Step::Failed(send_failure(kind, message, may_have_reached, &tries)),
    };
    let response = parse_response(status, body, call.signed.format);
    let Some(code) = response.error.as_ref().map(|e| e.code.as_str()) else {
        return done(call.action, &response, &tries);
    };
    if code == EXPIRED_TIMESTAMP_CODE {
        return correct_clock(call, tries, &response, date, now_ms);
    }
    if is_retryable_code(code) && may_retry {
        return retry(tries);
    }
    Step::Failed(service_error(&response, &call.signed, &tries, None))
}

/// The service refused our timestamp: correct the clock from its `Date`, once per call and
/// not as one of the policy's tries.
fn correct_clock(
    call: &Call,
    mut tries: Tries,
    response: &ApiResponse,
    date: Option<&str>,
    now_ms: f64,
) -> Step {
    if tries.corrected {
        let note = "The clock was corrected once from the response's Date header; the service still refused the timestamp.";
        return Step::Failed(service_error(response, &call.signed, &tries, Some(note)));
    }
    let Some(offset) = date.and_then(|date| clock_offset_from_date(date, now_ms)) else {
        let note = "The response has no usable Date header to correct the clock from; check this machine's clock.";
        return Step::Failed(service_error(response, &call.signed, &tries, Some(note)));
    };
    tries.clock_offset_ms = offset;
    tries.corrected = true;
    tries.counted -= 1;
    Step::CorrectClock { tries }
}

fn done(action: SlbAction, response: &ApiResponse, tries: &Tries) -> Step {
    let data = response.data.as_ref().unwrap_or(&Value::Null);
    match SlbResult::from_data(action, data) {
        Ok(result) => Step::Done {
            result: result_json(&result).to_json(),
            attempts: tries.sent,
            clock_offset_ms: tries.clock_offset_ms,
        },
        Err(e) => Step::Failed(error_json(e.code(), &e, None)),
    }
}

/// A try without a response, as an `SlbError` with `mayHaveReached` and `attempts`.
fn send_failure(kind: ErrorKind, message: &str, may_have_reached: bool, tries: &Tries) -> String {
    let details = Members::default()
        .with("mayHaveReached", may_have_reached)
        .with("attempts", tries.sent);
    let error = Error::new(kind, None, message);
    error_json(error.code(), &error, Some(&Value::from(details).to_json()))
}

/// The service's error as an `SlbError`: its code, status, request id and recommendation,
/// for a signature mismatch which side is wrong, and how many tries were made.
fn service_error(
    response: &ApiResponse,
    signed: &Signed,
    tries: &Tries,
    note: Option<&str>,
) -> String {
    let Some(e) = &response.error else {
        let error = Error::new(
            ErrorKind::MalformedResponse,
            None,
            "the service answered without a result",
        );
        return error_json(error.code(), &error, None);
    };
    // The service quotes its string to sign, STS token included: errors never show it.
    let redact = |text: String| match signed.security_token {
        Some(token) => redact_token(&text, token),
        None => text,
    };
    let mut message = format!("{} (HTTP {}): {}", e.code, response.status, e.message);
    let diagnosis = e.diagnose_signature(signed.string_to_sign, signed.canonical_request);
    if let Some(diagnosis) = &diagnosis {
        message.push_str("\nDiagnosis: ");
        message.push_str(&diagnosis.message());
    }
    if let Some(note) = note {
        message.push('\n');
        message.push_str(note);
    }
    let details = Members::default()
        .with("status", u32::from(response.status))
        .with_some("requestId", e.request_id.as_deref())
        .with_some("hostId", e.host_id.as_deref())
        .with_some("recommend", e.recommend.as_deref())
        .with("attempts", tries.sent)
        // Whether another try later may succeed (the caller may wait longer than the policy).
        .with("retryable", is_retryable_code(&e.code))
        .with_some(
            "clockOffsetMs",
            (tries.clock_offset_ms != 0).then_some(tries.clock_offset_ms),
        )
        .with_some(
            "diagnosis",
            diagnosis.map(|d| diagnosis_json(&d, redact(d.message()))),
        );
    let error = Error::new(ErrorKind::ServiceError, None, redact(message));
    // The service's own code, as it sent it.
    error_json(&e.code, &error, Some(&Value::from(details).to_json()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value as Json};

    const ACTION: &str = "AddVServerGroupBackendServers";
    const SUCCESS: &str = r#"{"RequestId":"R","VServerGroupId":"rsp-1","BackendServers":{"BackendServer":[{"ServerId":"vm-1","Port":"80","Weight":"100"}]}}"#;
    const NOW: f64 = 784_111_777_000.0;

    fn error_body(code: &str, message: &str) -> String {
        json!({"RequestId": "R", "HostId": "h", "Code": code, "Message": message, "Recommend": "https://r"})
            .to_string()
    }

    /// One step: `tries` and `retry` as JSON, the response's status, Date and body.
    fn after(tries: Json, retry: Json, status: u16, date: Option<&str>, body: &str) -> Step {
        let input = json!({
            "action": ACTION, "retry": retry, "tries": tries,
            "signed": {"stringToSign": "GET&%2F&A", "format": "JSON"},
            "response": {"status": status, "date": date}, "nowMs": NOW, "random": 0.0,
        });
        step(&input.to_string(), body)
    }

    fn first() -> Json {
        json!({"sent": 0, "counted": 0, "clockOffsetMs": 0, "corrected": false})
    }

    fn failed(step: Step) -> Json {
        match step {
            Step::Failed(error) => serde_json::from_str(&error).unwrap(),
            other => panic!("not failed: {other:?}"),
        }
    }

    #[test]
    fn a_success_is_the_typed_result() {
        let tries = json!({"sent": 1, "counted": 1, "clockOffsetMs": 1500, "corrected": true});
        let step = after(tries, Json::Null, 200, None, SUCCESS);
        let answer: Json = serde_json::from_str(&step.answer().unwrap()).unwrap();
        assert_eq!(
            answer,
            json!({"clockOffsetMs": 1500, "attempts": 2, "result": {"requestId": "R", "vServerGroupId": "rsp-1",
                "backendServers": [{"serverId": "vm-1", "port": 80, "weight": 100}]}})
        );
    }

    #[test]
    fn a_retryable_error_is_tried_again_after_the_backoff() {
        let step = after(
            first(),
            json!({"baseDelayMs": 100}),
            400,
            None,
            &error_body("Throttling.User", "slow"),
        );
        let tries = Tries {
            sent: 1,
            counted: 1,
            ..Tries::default()
        };
        assert_eq!(step, Step::Retry { wait_ms: 50, tries });
        let answer: Json = serde_json::from_str(&step.answer().unwrap()).unwrap();
        assert_eq!(
            answer,
            json!({"waitMs": 50, "tries": {"sent": 1, "counted": 1, "clockOffsetMs": 0, "corrected": false}})
        );
    }

    #[test]
    fn the_last_try_fails_with_the_service_error() {
        let tries = json!({"sent": 2, "counted": 2, "clockOffsetMs": 0, "corrected": false});
        let error = failed(after(
            tries,
            Json::Null,
            400,
            None,
            &error_body("Throttling.User", "slow"),
        ));
        assert_eq!(
            error,
            json!({"code": "Throttling.User", "message": "Throttling.User (HTTP 400): slow", "issues": [],
                "status": 400, "requestId": "R", "hostId": "h", "recommend": "https://r", "attempts": 3, "retryable": true})
        );
    }

    #[test]
    fn a_per_call_policy_decides_the_count() {
        let tries = json!({"sent": 2, "counted": 2});
        let body = error_body("VServerGroupProcessing", "busy");
        let step = after(
            tries.clone(),
            json!({"attempts": 10, "baseDelayMs": 25}),
            400,
            None,
            &body,
        );
        assert!(matches!(step, Step::Retry { wait_ms: 50, .. }), "{step:?}");
        assert_eq!(
            failed(after(tries, json!({"attempts": 3}), 400, None, &body))["attempts"],
            3
        );
    }

    #[test]
    fn other_errors_are_not_tried_again() {
        let error = failed(after(
            first(),
            Json::Null,
            404,
            None,
            &error_body("InvalidParameter", "no"),
        ));
        assert_eq!(
            (
                &error["code"],
                &error["attempts"],
                &error["retryable"],
                &error["status"]
            ),
            (
                &json!("InvalidParameter"),
                &json!(1),
                &json!(false),
                &json!(404)
            )
        );
        assert_eq!(error.get("clockOffsetMs"), None);
    }

    #[test]
    fn an_expired_timestamp_corrects_the_clock_once_without_counting_a_try() {
        let expired = error_body("InvalidTimeStamp.Expired", "expired");
        // The server is 20 minutes ahead.
        let date = "Sun, 06 Nov 1994 09:09:37 GMT";
        let tries = json!({"sent": 1, "counted": 1});
        let step = after(tries, Json::Null, 400, Some(date), &expired);
        let corrected = Tries {
            sent: 2,
            counted: 1,
            clock_offset_ms: 1_200_000,
            corrected: true,
        };
        assert_eq!(step, Step::CorrectClock { tries: corrected });
        let answer: Json = serde_json::from_str(&step.answer().unwrap()).unwrap();
        assert_eq!(answer["waitMs"], 0);
        assert_eq!(answer["tries"]["clockOffsetMs"], 1_200_000);

        let again = json!({"sent": 2, "counted": 1, "clockOffsetMs": 1_200_000, "corrected": true});
        let error = failed(after(again, Json::Null, 400, Some(date), &expired));
        assert_eq!(
            (&error["attempts"], &error["clockOffsetMs"]),
            (&json!(3), &json!(1_200_000))
        );
        assert!(error["message"].as_str().unwrap().ends_with("\nThe clock was corrected once from the response's Date header; the service still refused the timestamp."));
    }

    #[test]
    fn an_expired_timestamp_without_a_usable_date_fails() {
        for date in [None, Some("tomorrow")] {
            let body = error_body("InvalidTimeStamp.Expired", "expired");
            let error = failed(after(first(), Json::Null, 400, date, &body));
            assert_eq!(error["attempts"], 1);
            assert_eq!(error.get("clockOffsetMs"), None);
            assert!(error["message"]
                .as_str()
                .unwrap()
                .contains("no usable Date header"));
        }
    }

    fn after_failure(tries: Json, retry: Json, code: &str, reached: bool) -> Step {
        let input = json!({
            "action": ACTION, "retry": retry, "tries": tries, "signed": {"stringToSign": "x"},
            "failure": {"code": code, "message": "the connection could not be made (ECONNREFUSED)", "mayHaveReached": reached},
            "nowMs": NOW, "random": 0.5,
        });
        step(&input.to_string(), "")
    }

    #[test]
    fn a_failure_without_a_response_is_retried_only_when_asked() {
        let error = failed(after_failure(first(), Json::Null, "NetworkError", false));
        assert_eq!(
            error,
            json!({"code": "NetworkError", "message": "the connection could not be made (ECONNREFUSED)", "issues": [],
                "mayHaveReached": false, "attempts": 1})
        );
        let retry = json!({"retryNetworkErrors": true, "baseDelayMs": 100});
        let step = after_failure(first(), retry.clone(), "Timeout", true);
        assert!(matches!(step, Step::Retry { wait_ms: 75, .. }), "{step:?}");
        let last = json!({"sent": 2, "counted": 2});
        let error = failed(after_failure(last, retry, "Timeout", true));
        assert_eq!(
            (&error["code"], &error["attempts"], &error["mayHaveReached"]),
            (&json!("Timeout"), &json!(3), &json!(true))
        );
    }

    #[test]
    fn a_signature_error_is_diagnosed_and_never_shows_the_token() {
        let token = "CAIS+a/b= c";
        let once = crate::rpc::percent_encode(token);
        let ours = format!(
            "GET&%2F&SecurityToken%3D{}",
            crate::rpc::percent_encode(&once)
        );
        let body = error_body("SignatureDoesNotMatch", &format!("Specified signature is not matched with our calculation. server string to sign is:{ours}"));
        let input = json!({
            "action": ACTION, "tries": first(), "signed": {"stringToSign": ours, "securityToken": token},
            "response": {"status": 400}, "nowMs": NOW, "random": 0.0,
        });
        let error = failed(step(&input.to_string(), &body));
        assert_eq!(error["diagnosis"]["kind"], "WrongSecret");
        assert!(error["message"]
            .as_str()
            .unwrap()
            .contains("SecurityToken%3D<redacted>"));
        let shown = error.to_string();
        for form in [token, &once] {
            assert!(!shown.contains(form), "{shown}");
        }
    }

    #[test]
    fn a_v3_mismatch_shows_our_canonical_request() {
        let canonical = "GET\n/\nA=1\nhost:h\n\nhost\ne3";
        let body = error_body(
            "SignatureDoesNotMatch",
            "server string to sign is:ACS3-HMAC-SHA256\n02",
        );
        let input = json!({
            "action": ACTION, "tries": first(),
            "signed": {"stringToSign": "ACS3-HMAC-SHA256\n01", "canonicalRequest": canonical},
            "response": {"status": 400}, "nowMs": NOW, "random": 0.0,
        });
        let error = failed(step(&input.to_string(), &body));
        assert_eq!(error["diagnosis"]["kind"], "CanonicalRequestMismatch");
        assert_eq!(error["diagnosis"]["canonicalRequest"], canonical);
    }

    #[test]
    fn a_success_without_the_result_is_malformed() {
        let error = failed(after(
            first(),
            Json::Null,
            200,
            None,
            r#"{"RequestId":"R"}"#,
        ));
        assert_eq!(
            (&error["code"], &error["path"]),
            (&json!("MalformedResponse"), &json!("VServerGroupId"))
        );
        assert_eq!(error.get("attempts"), None);
    }

    #[test]
    fn bad_input_is_an_error_with_its_path() {
        let code_and_path = |input: &str| {
            let error = failed(step(input, ""));
            (
                error["code"].as_str().unwrap().to_owned(),
                error["path"].as_str().unwrap_or("").to_owned(),
            )
        };
        let valid = |extra: Json| {
            let mut input = json!({"action": ACTION, "response": {"status": 200}});
            for (k, v) in extra.as_object().unwrap() {
                input[k] = v.clone();
            }
            input.to_string()
        };
        assert_eq!(
            code_and_path("not JSON"),
            ("InvalidInput".into(), "step".into())
        );
        assert_eq!(
            code_and_path(&valid(json!({"action": "Nope"}))),
            ("UnknownAction".into(), "action".into())
        );
        assert_eq!(
            code_and_path(&valid(json!({"retry": {"attempts": 0}}))),
            ("InvalidRetryPolicy".into(), "retry.attempts".into())
        );
        assert_eq!(
            code_and_path(&valid(json!({"response": {"status": 70000}}))),
            ("InvalidInput".into(), "response.status".into())
        );
        assert_eq!(
            code_and_path(&valid(json!({"response": null}))),
            ("InvalidInput".into(), "step".into())
        );
        let failure = json!({"response": null, "failure": {"code": "Oops"}});
        assert_eq!(
            code_and_path(&valid(failure)),
            ("InvalidInput".into(), "failure.code".into())
        );
    }
}
