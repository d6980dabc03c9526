//! Reading requests, credentials and options from JSON (what JavaScript callers send),
//! with every problem reported at its path: values of the wrong type (`InvalidInput`) and
//! unknown fields (`UnknownField`, with the closest known name).
//!
//! Fields are camelCase; the PascalCase names of Alibaba's API pages (`ServerId`, `Port`,
//! ...) are accepted as aliases so that their examples can be pasted.

use super::backend_server::{BackendServer, IntegerInput};
use super::{sign_request_with, AddVServerGroupBackendServers, Format, SignOptions, SlbRequest};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::json::{self, Value};
use crate::rpc::{Method, SignedParts, SignedRequest};
use crate::timestamp::Timestamp;

/// A field's name and its alias.
type Field = (&'static str, &'static str);

const REQUEST_FIELDS: &[Field] = &[
    ("regionId", "RegionId"),
    ("vServerGroupId", "VServerGroupId"),
    ("backendServers", "BackendServers"),
];
const SERVER_FIELDS: &[Field] = &[
    ("serverId", "ServerId"),
    ("port", "Port"),
    ("weight", "Weight"),
    ("type", "Type"),
    ("serverIp", "ServerIp"),
    ("description", "Description"),
];
const CREDENTIAL_FIELDS: &[Field] = &[
    ("accessKeyId", "AccessKeyId"),
    ("accessKeySecret", "AccessKeySecret"),
    ("securityToken", "SecurityToken"),
];
const OPTION_FIELDS: &[Field] = &[
    ("endpoint", "Endpoint"),
    ("method", "Method"),
    ("format", "Format"),
    ("timestamp", "Timestamp"),
    ("nonce", "SignatureNonce"),
];

/// Validates an `AddVServerGroupBackendServers` request given as JSON text: `[]` when valid.
pub fn validate_add_vserver_group_backend_servers(request_json: &str) -> Vec<ValidationIssue> {
    let mut issues = Vec::new();
    let request = match parse_json(request_json, "request") {
        Ok(value) => add_vserver_group_backend_servers(&value, &mut issues),
        Err(issue) => return vec![issue],
    };
    let found = request.validate();
    merge_issues(issues, found)
}

/// A typed signing call read from JSON: the request, credentials and options, and the
/// problems found while reading them.
#[derive(Debug)]
pub struct SignCall {
    pub request: AddVServerGroupBackendServers,
    pub credentials: Credentials,
    pub options: OptionsInput,
    issues: Vec<ValidationIssue>,
}

impl PartialEq for SignCall {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.request,
            &self.credentials,
            &self.options,
            &self.issues,
        ) == (
            &other.request,
            &other.credentials,
            &other.options,
            &other.issues,
        )
    }
}

impl SignCall {
    pub fn read(request_json: &str, credentials_json: &str, options_json: &str) -> Self {
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
        Self::from_values(&request, &credentials, &options, issues)
    }

    /// The same from parsed values, after the `issues` already found.
    pub fn from_values(
        request: &Value<'_>,
        credentials: &Value<'_>,
        options: &Value<'_>,
        mut issues: Vec<ValidationIssue>,
    ) -> Self {
        let request = add_vserver_group_backend_servers(request, &mut issues);
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
            None => now()?.to_string(),
        };
        let nonce = match self.options.nonce {
            Some(given) => given,
            None => nonce()?,
        };
        let options = SignOptions {
            endpoint: self.options.endpoint,
            method: self.options.method,
            format: self.options.format,
            timestamp,
            nonce,
        };
        sign_request_with(
            &self.request,
            &self.credentials,
            &options,
            self.issues,
            finish,
        )
    }
}

/// Input issues, then validation's own, less those at or below a path whose value had the
/// wrong type (a `port: true` is one problem, not also a missing port). A request that is
/// not an object at all (`request`) shadows every request field.
pub fn merge_issues(
    mut input: Vec<ValidationIssue>,
    validation: Vec<ValidationIssue>,
) -> Vec<ValidationIssue> {
    let is_request_field =
        |path: &str| !path.starts_with("credentials") && !path.starts_with("options");
    let shadowed = |path: &str| {
        input.iter().any(|i| {
            i.code == ErrorKind::InvalidInput
                && ((i.path == "request" && is_request_field(path))
                    || path.strip_prefix(i.path.as_str()).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
                    }))
        })
    };
    let kept: Vec<ValidationIssue> = validation
        .into_iter()
        .filter(|v| !shadowed(&v.path))
        .collect();
    input.extend(kept);
    input
}

/// Parses JSON text, or says where it is broken.
pub fn parse_json<'a>(text: &'a str, path: &str) -> Result<Value<'a>, ValidationIssue> {
    json::parse(text).map_err(|e| {
        ValidationIssue::new(
            path,
            ErrorKind::InvalidInput,
            format!("not valid JSON: {e}"),
        )
    })
}

/// Reads an `AddVServerGroupBackendServers` request. Type and field problems go to `issues`;
/// what could be read is returned, so validation can report its own problems beside them.
pub fn add_vserver_group_backend_servers(
    value: &Value<'_>,
    issues: &mut Vec<ValidationIssue>,
) -> AddVServerGroupBackendServers {
    let mut request = AddVServerGroupBackendServers::default();
    let Some(fields) = Object::read(value, At::Top, REQUEST_FIELDS, issues) else {
        return request;
    };
    request.region_id = fields.string("regionId", issues).unwrap_or_default();
    request.v_server_group_id = fields.string("vServerGroupId", issues).unwrap_or_default();
    if let Some(list) = fields.get("backendServers") {
        request.backend_servers = backend_servers(list, &fields.path("backendServers"), issues);
    }
    request
}

/// Reads one backend server at `path`.
pub fn backend_server(
    value: &Value<'_>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> BackendServer {
    server_at(value, At::Name(path), issues)
}

fn server_at(value: &Value<'_>, at: At<'_>, issues: &mut Vec<ValidationIssue>) -> BackendServer {
    let mut server = BackendServer::default();
    let Some(fields) = Object::read(value, at, SERVER_FIELDS, issues) else {
        return server;
    };
    server.server_id = fields.string("serverId", issues).unwrap_or_default();
    server.port = fields.integer("port", issues);
    server.weight = fields.integer("weight", issues);
    server.server_type = fields.string("type", issues);
    server.server_ip = fields.string("serverIp", issues);
    server.description = fields.string("description", issues);
    server
}

/// Reads a list of backend servers, e.g. for `serializeBackendServers`.
pub fn backend_servers(
    value: &Value<'_>,
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> Vec<BackendServer> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| server_at(item, At::Item(path, i), issues))
            .collect(),
        other => {
            issues.push(wrong_type(path, "an array of backend servers", other));
            Vec::new()
        }
    }
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
    pub endpoint: Option<String>,
    pub method: Method,
    pub format: Format,
    pub timestamp: Option<String>,
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
    options.endpoint = fields.string("endpoint", issues);
    if let Some(method) = fields.string("method", issues) {
        match method.parse::<Method>() {
            Ok(m) => options.method = m,
            Err(e) => issues.push(ValidationIssue::new(
                fields.path("method"),
                e.kind(),
                e.message(),
            )),
        }
    }
    if let Some(format) = fields.string("format", issues) {
        match format.parse::<Format>() {
            Ok(f) => options.format = f,
            Err(e) => issues.push(ValidationIssue::new(
                fields.path("format"),
                e.kind(),
                e.message(),
            )),
        }
    }
    options.timestamp = fields.string("timestamp", issues);
    options.nonce = fields.string("nonce", issues);
    options
}

/// Where an object sits, written out only for an issue.
#[derive(Clone, Copy)]
enum At<'p> {
    /// The request itself: its fields are `regionId`, ...
    Top,
    Name(&'p str),
    /// An item of the list at a path, e.g. `backendServers[1]`.
    Item(&'p str, usize),
}

impl At<'_> {
    fn path(self) -> String {
        match self {
            Self::Top => "request".to_owned(),
            Self::Name(path) => path.to_owned(),
            Self::Item(list, i) => format!("{list}[{i}]"),
        }
    }
}

/// Most fields an object here has.
const MAX_FIELDS: usize = 6;
const _: () = assert!(
    REQUEST_FIELDS.len() <= MAX_FIELDS
        && SERVER_FIELDS.len() <= MAX_FIELDS
        && CREDENTIAL_FIELDS.len() <= MAX_FIELDS
        && OPTION_FIELDS.len() <= MAX_FIELDS
);

/// An object being read: the value of each known field, found in one pass.
struct Object<'a, 'v> {
    /// Per known field: its value (under its name if given so, else its alias).
    values: [Option<&'a Value<'v>>; MAX_FIELDS],
    at: At<'a>,
    known: &'static [Field],
}

impl<'a, 'v> Object<'a, 'v> {
    fn read(
        value: &'a Value<'v>,
        at: At<'a>,
        known: &'static [Field],
        issues: &mut Vec<ValidationIssue>,
    ) -> Option<Self> {
        let Value::Object(members) = value else {
            issues.push(wrong_type(&at.path(), "an object", value));
            return None;
        };
        let mut object = Self {
            values: [None; MAX_FIELDS],
            at,
            known,
        };
        let (mut by_name, mut by_alias) = (0u32, 0u32);
        let mut unknown: Vec<&str> = Vec::new();
        for (key, value) in members {
            match known.iter().position(|(n, a)| same(key, n) || same(key, a)) {
                Some(i) if same(key, known[i].0) => {
                    by_name |= 1 << i;
                    object.values[i] = Some(value);
                }
                // The alias counts only when the name is not given.
                Some(i) => {
                    by_alias |= 1 << i;
                    if by_name & (1 << i) == 0 {
                        object.values[i] = Some(value);
                    }
                }
                None => unknown.push(key),
            }
        }
        // Each unknown name once (a name may be repeated), in document order. Past a few
        // hundred (hostile input), repeats are reported again rather than searched for.
        if unknown.len() <= 256 {
            let mut i = 0;
            while i < unknown.len() {
                if unknown[..i].contains(&unknown[i]) {
                    unknown.remove(i);
                } else {
                    i += 1;
                }
            }
        }
        for key in unknown {
            let hint = closest(key, known)
                .map(|n| format!("; did you mean {n:?}?"))
                .unwrap_or_default();
            let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
            issues.push(ValidationIssue::new(
                object.path(key),
                ErrorKind::UnknownField,
                format!("unknown field {key:?}{hint} (known: {})", names.join(", ")),
            ));
        }
        for (i, (name, alias)) in known.iter().enumerate() {
            if by_name & by_alias & (1 << i) != 0 {
                issues.push(ValidationIssue::new(
                    object.path(name),
                    ErrorKind::InvalidInput,
                    format!("{name} is given twice, as {name:?} and as {alias:?}"),
                ));
            }
        }
        Some(object)
    }

    fn path(&self, field: &str) -> String {
        match self.at {
            At::Top => field.to_owned(),
            at => format!("{}.{field}", at.path()),
        }
    }

    /// The field's value, under its name or alias; `null` counts as absent.
    fn get(&self, name: &str) -> Option<&'a Value<'v>> {
        let i = self.known.iter().position(|(n, _)| same(n, name))?;
        self.values[i].filter(|v| !v.is_null())
    }

    fn string(&self, name: &str, issues: &mut Vec<ValidationIssue>) -> Option<String> {
        match self.get(name)? {
            Value::String(s) => Some(s.as_ref().to_owned()),
            other => {
                issues.push(wrong_type(&self.path(name), "a string", other));
                None
            }
        }
    }

    /// A number, or a decimal string; range checks are validation's.
    fn integer(&self, name: &str, issues: &mut Vec<ValidationIssue>) -> Option<IntegerInput> {
        match self.get(name)? {
            number @ Value::Number(_) => number.as_f64().map(IntegerInput::Number),
            Value::String(s) => Some(IntegerInput::Text(s.as_ref().to_owned())),
            other => {
                issues.push(wrong_type(&self.path(name), "a number", other));
                None
            }
        }
    }
}

/// `a == b` for field names, compared inline: in WebAssembly `==` on strings calls a
/// byte-by-byte `memcmp`, and field names are short.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

fn wrong_type(path: &str, expected: &str, found: &Value<'_>) -> ValidationIssue {
    ValidationIssue::new(
        path,
        ErrorKind::InvalidInput,
        format!("expected {expected}, not {}", found.kind()),
    )
}

/// The known field closest to a misspelt one, if any is close.
fn closest(key: &str, known: &[Field]) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    known
        .iter()
        .map(|(name, alias)| {
            let d = edit_distance(&key, &name.to_ascii_lowercase())
                .min(edit_distance(&key, &alias.to_ascii_lowercase()));
            (d, *name)
        })
        .filter(|(d, name)| *d <= (name.len() / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Edit distance over chars, counting a swap of neighbours as one edit (optimal string
/// alignment), since `prot` for `port` is the usual slip.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_unknown_field_is_one_issue() {
        let value =
            json::parse(r#"{"serverId":"vm-1","prot":80,"port":80,"prot":81,"x":1}"#).unwrap();
        let mut issues = Vec::new();
        backend_server(&value, "backendServers[0]", &mut issues);
        let found: Vec<(&str, ErrorKind)> =
            issues.iter().map(|i| (i.path.as_str(), i.code)).collect();
        assert_eq!(
            found,
            [
                ("backendServers[0].prot", ErrorKind::UnknownField),
                ("backendServers[0].x", ErrorKind::UnknownField)
            ]
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("prot", SERVER_FIELDS), Some("port"));
        assert_eq!(closest("serverID", SERVER_FIELDS), Some("serverId"));
        assert_eq!(closest("ServerIP", SERVER_FIELDS), Some("serverIp"));
        assert_eq!(closest("weigth", SERVER_FIELDS), Some("weight"));
        assert_eq!(closest("zzzzzzzzz", SERVER_FIELDS), None);
        assert_eq!(closest("regoin", REQUEST_FIELDS), Some("regionId"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("prot", "port"), 1);
    }
}
