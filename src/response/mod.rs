//! Reading what the service answers: a success's data, or its error, from a JSON or XML
//! body, whatever the body holds. Nothing here panics or trusts the body: it is size- and
//! depth-limited, and the XML reader refuses DTDs and unknown entities (see `response/xml.rs`).
//!
//! - [`parse_response`]: status and body to an [`ApiResponse`].
//! - [`results`]: typed results read from its `data`.
//! - [`diagnosis`]: what a `SignatureDoesNotMatch` means, from the server's string to sign.

pub mod diagnosis;
pub mod results;
mod xml;

pub use diagnosis::{diagnose_signature_mismatch, SignatureDiagnosis};
pub use results::{
    AssociatedObjects, BackendServerResult, DescribeVServerGroupAttributeResult,
    DescribeVServerGroupsResult, GroupMembersResult, ListenerResult, RuleResult, SlbResult,
    TagResult, VServerGroupSummary,
};
pub use xml::MAX_DEPTH as MAX_XML_DEPTH;

use crate::error::ErrorKind;
use crate::json;
use crate::rpc::Format;

/// What a response holds, read with the signer's own JSON reader (`crate::json`), owned so
/// that it outlives the body: one JSON stack in the package, not two.
pub type Value = json::Value<'static>;

/// A larger body is refused unread: SLB responses are a few KiB.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What the Message of a signature error ends with, before the server's string to sign.
const STRING_TO_SIGN_MARKER: &str = "server string to sign is:";

/// A response read: `ok` with `data`, or an `error` (the service's, or `MalformedResponse`
/// when the body cannot be read). `raw` is always the body as received.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    /// A 2xx status and a body that is not an error body.
    pub ok: bool,
    pub status: u16,
    pub request_id: Option<String>,
    /// The success body as JSON, unwrapped from the action name or the XML root element.
    pub data: Option<Value>,
    pub error: Option<ApiError>,
    pub raw: String,
}

/// An error body of the service (`Code`, `Message`, ...), or `MalformedResponse`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub host_id: Option<String>,
    pub recommend: Option<String>,
    /// For `SignatureDoesNotMatch` and `IncompleteSignature`: the server's string to sign,
    /// from the end of the Message; compare it with ours ([`ApiError::diagnose_signature`]).
    pub server_string_to_sign: Option<String>,
}

impl ApiError {
    /// Compares our string to sign with the server's, when the error carries it (see
    /// [`diagnose_signature_mismatch`] for `canonical_request`).
    pub fn diagnose_signature(
        &self,
        ours: &str,
        canonical_request: Option<&str>,
    ) -> Option<SignatureDiagnosis> {
        self.server_string_to_sign
            .as_deref()
            .map(|servers| diagnose_signature_mismatch(ours, servers, canonical_request))
    }

    fn malformed(message: String) -> Self {
        Self {
            code: ErrorKind::MalformedResponse.as_str().to_owned(),
            message,
            request_id: None,
            host_id: None,
            recommend: None,
            server_string_to_sign: None,
        }
    }
}

/// Reads a response. `format` is the one asked for; `None` sniffs the body (`{` is JSON,
/// `<` is XML). A body that is empty, neither, not the format given, broken, hostile or
/// over [`MAX_BODY_BYTES`] gives the error `MalformedResponse` saying why.
pub fn parse_response(status: u16, body: &str, format: Option<Format>) -> ApiResponse {
    match read_body(body, format) {
        Ok(read) => from_body(status, read, body),
        Err(why) => ApiResponse {
            ok: false,
            status,
            request_id: None,
            data: None,
            error: Some(ApiError::malformed(format!("{why} (HTTP {status})"))),
            raw: body.to_owned(),
        },
    }
}

/// A body's top-level object, and whether it came as an XML `<Error>` root.
struct Body {
    /// Always a `Value::Object`.
    fields: Value,
    error_root: bool,
}

fn read_body(body: &str, format: Option<Format>) -> Result<Body, String> {
    if body.len() > MAX_BODY_BYTES {
        return Err(format!(
            "the body is {} bytes, over the {MAX_BODY_BYTES}-byte limit, and was not read",
            body.len()
        ));
    }
    let text = body.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let Some(first) = text.chars().next() else {
        return Err("the body is empty".to_owned());
    };
    let format = match (format, first) {
        (Some(format), _) => format,
        (None, '{') => Format::Json,
        (None, '<') => Format::Xml,
        (None, other) => {
            return Err(format!(
                "the body is neither JSON nor XML: it starts with {other:?}"
            ))
        }
    };
    match format {
        Format::Json => read_json(text, first),
        Format::Xml => read_xml(text, first),
    }
}

fn read_json(text: &str, first: char) -> Result<Body, String> {
    if first != '{' {
        let hint = if first == '<' { " (XML or HTML?)" } else { "" };
        return Err(format!(
            "expected a JSON object, but the body starts with {first:?}{hint}"
        ));
    }
    // The reader's depth limit (128) turns a deep body into an error, not a stack overflow.
    let value = json::parse(text).map_err(|e| format!("the body is not valid JSON: {e}"))?;
    if !matches!(value, json::Value::Object(_)) {
        return Err("the body is not a JSON object".to_owned());
    }
    Ok(Body {
        fields: unwrap_action(value.into_owned()),
        error_root: false,
    })
}

/// `{"AddVServerGroupBackendServers": {"RequestId": ...}}` to its inside, as in the API
/// pages' JSON examples.
fn unwrap_action(fields: Value) -> Value {
    match fields {
        Value::Object(mut members)
            if members.len() == 1
                && matches!(&members[0].1, Value::Object(_))
                && members[0].1.get("RequestId").is_some() =>
        {
            members.pop().map_or(Value::Null, |(_, inner)| inner)
        }
        other => other,
    }
}

fn read_xml(text: &str, first: char) -> Result<Body, String> {
    if first != '<' {
        let hint = if first == '{' { " (JSON?)" } else { "" };
        return Err(format!(
            "expected XML, but the body starts with {first:?}{hint}"
        ));
    }
    let is_html = |name: &str| name.eq_ignore_ascii_case("html");
    // A gateway's error page: say so rather than how it fails to be XML.
    let starts_html = text.get(1..5).is_some_and(is_html)
        && text[5..].starts_with(|c: char| c == '>' || c.is_whitespace());
    if starts_html {
        return Err("an HTML page, not an API response".to_owned());
    }
    let document = xml::read(text)?;
    if is_html(&document.root) {
        return Err("an HTML page, not an API response".to_owned());
    }
    Ok(Body {
        error_root: document.root == "Error",
        fields: document.content,
    })
}

fn from_body(status: u16, body: Body, raw: &str) -> ApiResponse {
    let fields = body.fields;
    let request_id = text_of(&fields, "RequestId");
    let mut response = ApiResponse {
        ok: false,
        status,
        request_id: request_id.clone(),
        data: None,
        error: None,
        raw: raw.to_owned(),
    };
    let code = text_of(&fields, "Code").filter(|code| !code.is_empty());
    if let Some(code) = code {
        let message = text_of(&fields, "Message").unwrap_or_default();
        response.error = Some(ApiError {
            server_string_to_sign: server_string_to_sign(&code, &message),
            code,
            message,
            request_id,
            host_id: text_of(&fields, "HostId"),
            recommend: text_of(&fields, "Recommend"),
        });
    } else if body.error_root {
        let mut error =
            ApiError::malformed(format!("an <Error> body without a Code (HTTP {status})"));
        error.request_id = request_id;
        response.error = Some(error);
    } else if !(200..300).contains(&status) {
        let mut error =
            ApiError::malformed(format!("HTTP {status} with a body that has no error Code"));
        error.request_id = request_id;
        response.error = Some(error);
    } else {
        response.ok = true;
        response.data = Some(fields);
    }
    response
}

/// A field as text: JSON may give a number where XML gives its digits.
fn text_of(fields: &Value, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(text) | Value::Number(text) => Some(text.to_string()),
        _ => None,
    }
}

/// The server's string to sign, at the end of a signature error's Message.
fn server_string_to_sign(code: &str, message: &str) -> Option<String> {
    if code != "SignatureDoesNotMatch" && code != "IncompleteSignature" {
        return None;
    }
    // ASCII lower-casing keeps byte offsets, so `at` indexes `message` too.
    let at = message.to_ascii_lowercase().find(STRING_TO_SIGN_MARKER)?;
    let servers = message[at + STRING_TO_SIGN_MARKER.len()..].trim();
    (!servers.is_empty()).then(|| servers.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Our data as serde_json's, to compare with `json!`.
    fn data(response: &ApiResponse) -> Option<serde_json::Value> {
        let data = response.data.as_ref()?;
        Some(serde_json::from_str(&data.to_json()).unwrap())
    }

    fn malformed_message(status: u16, body: &str, format: Option<Format>) -> String {
        let response = parse_response(status, body, format);
        assert!(!response.ok);
        assert_eq!(response.raw, body);
        let error = response.error.unwrap();
        assert_eq!(error.code, "MalformedResponse", "{body:?}");
        error.message
    }

    #[test]
    fn json_success_unwrapped_from_the_action_name() {
        let response = parse_response(200, r#"{"Act": {"RequestId": "R1", "X": 1}}"#, None);
        assert!(response.ok);
        assert_eq!(response.request_id.as_deref(), Some("R1"));
        assert_eq!(data(&response), Some(json!({"RequestId": "R1", "X": 1})));
        assert_eq!(response.error, None);
    }

    #[test]
    fn a_single_field_without_request_id_is_not_unwrapped() {
        let response = parse_response(200, r#"{"Act": {"X": 1}}"#, Some(Format::Json));
        assert_eq!(data(&response), Some(json!({"Act": {"X": 1}})));
    }

    #[test]
    fn xml_success_is_the_root_content() {
        let response = parse_response(
            200,
            "<ActResponse><RequestId>R1</RequestId><X>1</X></ActResponse>",
            None,
        );
        assert!(response.ok);
        assert_eq!(response.request_id.as_deref(), Some("R1"));
        assert_eq!(data(&response), Some(json!({"RequestId": "R1", "X": "1"})));
    }

    #[test]
    fn an_error_body_is_an_error_whatever_the_status() {
        for body in [
            r#"{"RequestId":"R","HostId":"h","Code":"Throttling","Message":"slow down","Recommend":"https://r"}"#,
            "<Error><RequestId>R</RequestId><HostId>h</HostId><Code>Throttling</Code><Message>slow down</Message><Recommend>https://r</Recommend></Error>",
        ] {
            let response = parse_response(200, body, None);
            assert!(!response.ok);
            assert_eq!(response.data, None);
            assert_eq!(response.request_id.as_deref(), Some("R"));
            assert_eq!(
                response.error,
                Some(ApiError {
                    code: "Throttling".into(),
                    message: "slow down".into(),
                    request_id: Some("R".into()),
                    host_id: Some("h".into()),
                    recommend: Some("https://r".into()),
                    server_string_to_sign: None,
                })
            );
        }
    }

    #[test]
    fn server_string_to_sign_is_extracted_for_signature_errors_only() {
        let message =
            "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&A%3Db ";
        assert_eq!(
            server_string_to_sign("SignatureDoesNotMatch", message).as_deref(),
            Some("GET&%2F&A%3Db")
        );
        assert_eq!(
            server_string_to_sign("IncompleteSignature", "Server String To Sign Is: X").as_deref(),
            Some("X")
        );
        assert_eq!(server_string_to_sign("Throttling", message), None);
        assert_eq!(
            server_string_to_sign("SignatureDoesNotMatch", "no marker"),
            None
        );
        assert_eq!(
            server_string_to_sign("SignatureDoesNotMatch", "server string to sign is:  "),
            None
        );
    }

    #[test]
    fn a_failure_status_without_a_code_is_malformed() {
        let message = malformed_message(502, r#"{"RequestId":"R"}"#, None);
        assert!(message.contains("HTTP 502"), "{message}");
        let response = parse_response(500, "<Error><Message>m</Message></Error>", None);
        assert_eq!(response.error.unwrap().code, "MalformedResponse");
        let response = parse_response(200, "<Error><RequestId>R</RequestId></Error>", None);
        assert!(!response.ok);
        assert_eq!(response.request_id.as_deref(), Some("R"));
    }

    #[test]
    fn unreadable_bodies_say_why() {
        let cases: &[(&str, Option<Format>, &str)] = &[
            ("", None, "empty"),
            (" \n\t", Some(Format::Json), "empty"),
            ("OK", None, "neither JSON nor XML"),
            ("<R/>", Some(Format::Json), "(XML or HTML?)"),
            ("{}", Some(Format::Xml), "(JSON?)"),
            ("[1]", Some(Format::Json), "expected a JSON object"),
            ("[1]", None, "neither JSON nor XML"),
            ("{\"a\":", None, "not valid JSON"),
            ("<html><body>Bad Gateway</body></html>", None, "HTML page"),
            (
                "<?xml version=\"1.0\"?><HTML><BODY/></HTML>",
                None,
                "HTML page",
            ),
        ];
        for (body, format, why) in cases {
            let message = malformed_message(200, body, *format);
            assert!(message.contains(why), "{body:?}: {message}");
        }
    }

    #[test]
    fn a_byte_order_mark_and_leading_whitespace_are_skipped() {
        let response = parse_response(200, "\u{feff}\n {\"RequestId\":\"R\"}", None);
        assert!(response.ok);
    }

    #[test]
    fn the_size_limit_is_exact() {
        let pad = |len: usize| format!("{{\"RequestId\":\"R\",\"P\":\"{}\"}}", "x".repeat(len));
        let base = pad(0).len();
        assert!(parse_response(200, &pad(MAX_BODY_BYTES - base), None).ok);
        let message = malformed_message(200, &pad(MAX_BODY_BYTES - base + 1), None);
        assert!(message.contains("limit"), "{message}");
    }
}
