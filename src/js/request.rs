//! Requests, credentials and signing options as JavaScript callers give them (JSON text),
//! decoded into the core's types. Field names are camelCase; the API's PascalCase names
//! (`ServerId`, `Port`, ...) are accepted as aliases so that its examples can be pasted;
//! ports and weights may be numbers or decimal strings (the API page quotes them).

use super::object::{merge_issues, parse_json, wrong_type, At, Field, Object};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::json::Value;
use crate::rpc::{Endpoint, Format, Method, SignatureAlgorithm, SignedParts, SignedRequest};
use crate::slb::backend_server::{shorten, PORT_RANGE, WEIGHT_RANGE};
use crate::slb::declare::{FieldKind, FieldSpec, FieldValue, FieldValues};
use crate::slb::{
    sign_request_with, AnySlbRequest, BackendServer, ServerType, SignOptions, SlbAction,
    SlbRequest, Tag,
};
use crate::timestamp::Timestamp;

const SERVER_FIELDS: &[Field] = &[
    ("serverId", "ServerId"),
    ("port", "Port"),
    ("weight", "Weight"),
    ("type", "Type"),
    ("serverIp", "ServerIp"),
    ("description", "Description"),
];
const TAG_FIELDS: &[Field] = &[("key", "Key"), ("value", "Value")];
const CREDENTIAL_FIELDS: &[Field] = &[
    ("accessKeyId", "AccessKeyId"),
    ("accessKeySecret", "AccessKeySecret"),
    ("securityToken", "SecurityToken"),
];
const OPTION_FIELDS: &[Field] = &[
    ("endpoint", "Endpoint"),
    ("method", "Method"),
    ("format", "Format"),
    ("signatureAlgorithm", "SignatureAlgorithm"),
    ("timestamp", "Timestamp"),
    ("nonce", "SignatureNonce"),
];

/// The action named `name`, or `UnknownAction` at `action`.
pub fn action(name: &str) -> Result<SlbAction, Error> {
    SlbAction::parse(name).ok_or_else(|| {
        let known: Vec<&str> = SlbAction::ALL.iter().map(|a| a.as_str()).collect();
        Error::new(
            ErrorKind::UnknownAction,
            Some("action"),
            format!(
                "unknown action {:?} (known: {})",
                shorten(name),
                known.join(", ")
            ),
        )
    })
}

/// Validates a request of `action` given as JSON text: `[]` when valid.
pub fn validate(action: SlbAction, request_json: &str) -> Vec<ValidationIssue> {
    let mut issues = Vec::new();
    let request = match parse_json(request_json, "request") {
        Ok(value) => request(action, &value, &mut issues),
        Err(issue) => return vec![issue],
    };
    let found = request.validate();
    merge_issues(issues, found)
}

/// Reads a request of `action`. Type and field problems go to `issues`; what could be read
/// is returned, so validation can report its own problems beside them.
pub fn request(
    action: SlbAction,
    value: &Value<'_>,
    issues: &mut Vec<ValidationIssue>,
) -> AnySlbRequest {
    let specs = action.fields();
    let known: Vec<Field> = specs.iter().map(|s| (s.name, s.param)).collect();
    let mut values = FieldValues::default();
    if let Some(fields) = Object::read(value, At::Top, &known, issues) {
        for spec in specs {
            let Some(given) = fields.get(spec.name) else {
                continue;
            };
            let path = fields.path(spec.name);
            if let Some(decoded) = field_value(spec, given, &path, issues) {
                values.0.push((spec.name, decoded));
            }
        }
    }
    AnySlbRequest::from_values(action, &mut values)
}

fn field_value(
    spec: &FieldSpec,
    value: &Value<'_>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Option<FieldValue> {
    let decoded = match (spec.kind, value) {
        (FieldKind::Text, Value::String(s)) => FieldValue::Text(s.as_ref().to_owned()),
        (FieldKind::Flag, Value::Bool(b)) => FieldValue::Flag(*b),
        (FieldKind::Flag, Value::String(s)) if s == "true" || s == "false" => {
            FieldValue::Flag(s == "true")
        }
        (FieldKind::Servers, _) => FieldValue::Servers(backend_servers(value, path, issues)),
        (FieldKind::Tags, _) => FieldValue::Tags(tags(value, path, issues)),
        (kind, other) => {
            let expected = match kind {
                FieldKind::Flag => "a boolean",
                _ => "a string",
            };
            issues.push(wrong_type(path, expected, other));
            return None;
        }
    };
    Some(decoded)
}

/// Reads a list of backend servers at `path`.
pub fn backend_servers(
    value: &Value<'_>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Vec<BackendServer> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| backend_server(item, At::Item(path, i), issues))
            .collect(),
        other => {
            issues.push(wrong_type(path, "an array of backend servers", other));
            Vec::new()
        }
    }
}

fn backend_server(
    value: &Value<'_>,
    at: At<'_>,
    issues: &mut Vec<ValidationIssue>,
) -> BackendServer {
    let mut server = BackendServer::default();
    let Some(fields) = Object::read(value, at, SERVER_FIELDS, issues) else {
        return server;
    };
    server.server_id = fields.string("serverId", issues).unwrap_or_default();
    if is_empty_text(fields.get("port")) {
        issues.push(ValidationIssue::new(
            fields.path("port"),
            ErrorKind::MissingParameter,
            "the port is required",
        ));
    } else {
        let port = integer(
            &fields,
            "port",
            1,
            65_535,
            (ErrorKind::InvalidPort, PORT_RANGE),
            issues,
        );
        server.port = port.map_or(0, |p| p as u16);
    }
    let weight = integer(
        &fields,
        "weight",
        0,
        100,
        (ErrorKind::InvalidWeight, WEIGHT_RANGE),
        issues,
    );
    server.weight = weight.map(|w| w as u8);
    server.server_type = fields.string("type", issues).and_then(|t| {
        let parsed = ServerType::parse(&t);
        if parsed.is_none() {
            issues.push(ValidationIssue::new(
                fields.path("type"),
                ErrorKind::InvalidType,
                format!(
                    "the type must be \"ecs\", \"eni\" or \"eci\", not {:?}",
                    shorten(&t)
                ),
            ));
        }
        parsed
    });
    server.server_ip = fields.string("serverIp", issues);
    server.description = fields.string("description", issues);
    server
}

/// Absent, or an empty string.
fn is_empty_text(value: Option<&Value<'_>>) -> bool {
    match value {
        None => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// A field given as a number or a decimal string, as an integer in `min..=max`; anything
/// else is `code` with `range` (`the port must be ...`) and the value given.
fn integer(
    fields: &Object<'_, '_>,
    name: &str,
    min: u32,
    max: u32,
    (code, range): (ErrorKind, &str),
    issues: &mut Vec<ValidationIssue>,
) -> Option<u32> {
    let given = fields.get(name)?;
    let value = match given {
        Value::Number(_) => {
            let n = given.as_f64().unwrap_or(f64::NAN);
            let whole = n.fract() == 0.0 && n >= f64::from(min) && n <= f64::from(max);
            whole.then_some(n as u32)
        }
        Value::String(t) => {
            let digits = !t.is_empty() && t.len() <= 10 && t.bytes().all(|b| b.is_ascii_digit());
            let parsed = digits.then(|| t.parse::<u64>().ok()).flatten();
            let value = parsed.filter(|v| (u64::from(min)..=u64::from(max)).contains(v));
            value.map(|v| v as u32)
        }
        other => {
            issues.push(wrong_type(&fields.path(name), "a number", other));
            return None;
        }
    };
    if value.is_none() {
        // Described only when wrong: on every valid port and weight it cost an allocation.
        let shown = match given {
            Value::String(t) => format!("{:?}", shorten(t)),
            _ => describe_number(given.as_f64().unwrap_or(f64::NAN)),
        };
        issues.push(ValidationIssue::new(
            fields.path(name),
            code,
            format!("{range}, not {shown}"),
        ));
    }
    value
}

/// Reads tags `[{key, value}]` at `path`.
fn tags(value: &Value<'_>, path: &str, issues: &mut Vec<ValidationIssue>) -> Vec<Tag> {
    let Value::Array(items) = value else {
        issues.push(wrong_type(path, "an array of tags", value));
        return Vec::new();
    };
    let read = |(i, item): (usize, &Value<'_>), issues: &mut Vec<ValidationIssue>| {
        let fields = Object::read(item, At::Item(path, i), TAG_FIELDS, issues)?;
        let key = fields.string("key", issues).unwrap_or_default();
        Some(Tag::new(
            key,
            fields.string("value", issues).unwrap_or_default(),
        ))
    };
    items
        .iter()
        .enumerate()
        .map(|item| read(item, issues).unwrap_or_default())
        .collect()
}

/// Reads credentials at `credentials`.
pub fn credentials(value: &Value<'_>, issues: &mut Vec<ValidationIssue>) -> Credentials {
    let Some(fields) = Object::read(value, At::Name("credentials"), CREDENTIAL_FIELDS, issues)
    else {
        return Credentials::new("", "");
    };
    let id = fields.string("accessKeyId", issues).unwrap_or_default();
    let secret = fields.string("accessKeySecret", issues).unwrap_or_default();
    let token = fields.string("securityToken", issues).unwrap_or_default();
    Credentials::new(id, secret).with_security_token(token)
}

/// Signing options as given; `timestamp` and `nonce` stay optional, for the caller to fill
/// from its clock and random source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptionsInput {
    pub endpoint: Option<Endpoint>,
    pub method: Method,
    pub format: Format,
    pub signature_algorithm: SignatureAlgorithm,
    pub timestamp: Option<Timestamp>,
    pub nonce: Option<String>,
}

/// Reads signing options at `options` (`null` or absent means all defaults).
pub fn options(value: &Value<'_>, issues: &mut Vec<ValidationIssue>) -> OptionsInput {
    let mut options = OptionsInput::default();
    if value.is_null() {
        return options;
    }
    let Some(fields) = Object::read(value, At::Name("options"), OPTION_FIELDS, issues) else {
        return options;
    };
    let f = &fields;
    options.endpoint = parsed(f, "endpoint", Endpoint::parse, issues);
    let method = parsed(f, "method", str::parse, issues);
    options.method = method.unwrap_or_default();
    options.format = parsed(f, "format", str::parse, issues).unwrap_or_default();
    let algorithm = parsed(f, "signatureAlgorithm", str::parse, issues);
    options.signature_algorithm = algorithm.unwrap_or_default();
    options.timestamp = parsed(f, "timestamp", Timestamp::parse, issues);
    options.nonce = fields.string("nonce", issues);
    options
}

/// The string field `name` read with `parse`; what it refuses is an issue at the field's path.
fn parsed<T>(
    fields: &Object<'_, '_>,
    name: &str,
    parse: impl Fn(&str) -> Result<T, Error>,
    issues: &mut Vec<ValidationIssue>,
) -> Option<T> {
    let text = fields.string(name, issues)?;
    parse(&text)
        .map_err(|e| {
            issues.push(ValidationIssue::new(
                fields.path(name),
                e.kind(),
                e.message(),
            ))
        })
        .ok()
}

/// A typed signing call read from JSON: the request, credentials and options, and the
/// problems found while reading them.
#[derive(Debug)]
pub struct SignCall {
    pub request: AnySlbRequest,
    pub credentials: Credentials,
    pub options: OptionsInput,
    issues: Vec<ValidationIssue>,
}

impl SignCall {
    pub fn read(
        action: SlbAction,
        request_json: &str,
        credentials_json: &str,
        options_json: &str,
    ) -> Self {
        let mut issues = Vec::new();
        let mut value = |text, path: &str| {
            parse_json(text, path).unwrap_or_else(|issue| {
                issues.push(issue);
                Value::Null
            })
        };
        let (request, credentials, options) = (
            value(request_json, "request"),
            value(credentials_json, "credentials"),
            value(options_json, "options"),
        );
        Self::from_values(action, &request, &credentials, &options, issues)
    }

    /// The same from parsed values, after the `issues` already found.
    pub fn from_values(
        action: SlbAction,
        request: &Value<'_>,
        credentials: &Value<'_>,
        options: &Value<'_>,
        mut issues: Vec<ValidationIssue>,
    ) -> Self {
        let request = self::request(action, request, &mut issues);
        let credentials = self::credentials(credentials, &mut issues);
        let options = self::options(options, &mut issues);
        Self {
            request,
            credentials,
            options,
            issues,
        }
    }

    /// Validates everything at once and signs. `now` and `nonce` are asked only when the
    /// options give no timestamp or nonce.
    pub fn sign(
        self,
        now: impl FnOnce() -> Result<Timestamp, Error>,
        nonce: impl FnOnce() -> Result<String, Error>,
    ) -> Result<SignedRequest, Error> {
        self.sign_with(now, nonce, |parts| parts.into_signed_request())
    }

    /// [`Self::sign`], finishing with `finish` while the parts still borrow the request.
    pub(crate) fn sign_with<T>(
        self,
        now: impl FnOnce() -> Result<Timestamp, Error>,
        nonce: impl FnOnce() -> Result<String, Error>,
        finish: impl FnOnce(SignedParts<'_>) -> T,
    ) -> Result<T, Error> {
        let timestamp = match self.options.timestamp {
            Some(given) => given,
            None => now()?,
        };
        let nonce = match self.options.nonce {
            Some(given) => given,
            None => nonce()?,
        };
        let options = SignOptions {
            endpoint: self.options.endpoint,
            method: self.options.method,
            format: self.options.format,
            signature_algorithm: self.options.signature_algorithm,
            timestamp,
            nonce,
        };
        let input = self.issues;
        sign_request_with(
            &self.request,
            &self.credentials,
            &options,
            |found| merge_issues(input, found),
            finish,
        )
    }
}

/// A number for a message, without the float formatting machinery (about 15 KB of the
/// signing module): integers in full, fractions to at most 6 decimals.
fn describe_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() || n.abs() >= 1e19 {
        return if n > 0.0 {
            "1e19 or more"
        } else {
            "-1e19 or less"
        }
        .to_owned();
    }
    // Below 1e19 the whole part fits in a u64; the fraction in whole millionths, rounded.
    let mut whole = n.abs().trunc() as u64;
    let mut millionths = (n.abs().fract() * 1e6).round() as u64;
    if millionths == 1_000_000 {
        whole += 1;
        millionths = 0;
    }
    if whole == 0 && millionths == 0 && n != 0.0 {
        return if n > 0.0 {
            "a positive fraction below 0.000001"
        } else {
            "a negative fraction above -0.000001"
        }
        .to_owned();
    }
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if millionths != 0 {
        let digits = format!("{millionths:06}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::describe_number;

    #[test]
    fn numbers_in_messages() {
        for (n, text) in [
            (80.0, "80"),
            (-3.0, "-3"),
            (0.0, "0"),
            (80.5, "80.5"),
            (0.1 + 0.2, "0.3"),
            (1.234_567_8, "1.234568"),
            (70_000.25, "70000.25"),
            (1e18, "1000000000000000000"),
            (-0.9999999, "-1"),
            (1e19, "1e19 or more"),
            (f64::NEG_INFINITY, "-1e19 or less"),
            (f64::NAN, "NaN"),
            (1e-9, "a positive fraction below 0.000001"),
        ] {
            assert_eq!(describe_number(n), text);
        }
    }
}
