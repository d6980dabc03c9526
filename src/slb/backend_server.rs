//! Backend servers: the `BackendServers` list shared by the VServer-group APIs, its
//! validation and its exact JSON form.

use std::fmt;

use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::json::{push_decimal, write_string};

/// Most servers one call may carry.
pub const MAX_BACKEND_SERVERS: usize = 20;
const MAX_SERVER_ID_CHARS: usize = 128;
const MAX_DESCRIPTION_CHARS: usize = 80;

/// A port or weight as the caller gave it: a number, or a decimal string such as `"80"`
/// (the API page's own example writes them as strings).
#[derive(Clone, Debug, PartialEq)]
pub enum IntegerInput {
    Number(f64),
    Text(String),
}

impl IntegerInput {
    /// The integer it denotes, if it is one within `min..=max`.
    fn in_range(&self, min: u32, max: u32) -> Option<u32> {
        let value = match self {
            Self::Number(n)
                if n.is_finite() && n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(max) =>
            {
                *n as u32
            }
            Self::Text(t)
                if !t.is_empty() && t.len() <= 10 && t.bytes().all(|b| b.is_ascii_digit()) =>
            {
                t.parse::<u64>().ok().and_then(|v| u32::try_from(v).ok())?
            }
            _ => return None,
        };
        (min..=max).contains(&value).then_some(value)
    }

    fn is_empty_text(&self) -> bool {
        matches!(self, Self::Text(t) if t.is_empty())
    }
}

impl fmt::Display for IntegerInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => f.write_str(&describe_number(*n)),
            Self::Text(t) => write!(f, "{:?}", shorten(t)),
        }
    }
}

macro_rules! integer_input_from {
    ($($t:ty),*) => {$(
        impl From<$t> for IntegerInput {
            fn from(v: $t) -> Self { Self::Number(f64::from(v)) }
        }
    )*};
}
integer_input_from!(u8, u16, u32, i8, i16, i32, f64);

impl From<&str> for IntegerInput {
    fn from(v: &str) -> Self {
        Self::Text(v.to_owned())
    }
}

impl From<String> for IntegerInput {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

/// The backend server types SLB knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerType {
    Ecs,
    Eni,
    Eci,
}

impl ServerType {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ecs" => Some(Self::Ecs),
            "eni" => Some(Self::Eni),
            "eci" => Some(Self::Eci),
            _ => None,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ecs => "ecs",
            Self::Eni => "eni",
            Self::Eci => "eci",
        }
    }
}

/// One backend server, as the caller gave it. Validation turns it into the wire form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BackendServer {
    /// The ECS instance, ENI or ECI id. Required.
    pub server_id: String,
    /// 1..=65535. Required.
    pub port: Option<IntegerInput>,
    /// 0..=100; the service defaults to 100 when adding.
    pub weight: Option<IntegerInput>,
    /// `ecs` (the service's default), `eni` or `eci`.
    pub server_type: Option<String>,
    /// Required for `eni` and `eci`.
    pub server_ip: Option<String>,
    /// 1 to 80 characters.
    pub description: Option<String>,
}

impl BackendServer {
    pub fn new(server_id: impl Into<String>, port: impl Into<IntegerInput>) -> Self {
        Self {
            server_id: server_id.into(),
            port: Some(port.into()),
            ..Self::default()
        }
    }

    pub fn weight(mut self, weight: impl Into<IntegerInput>) -> Self {
        self.weight = Some(weight.into());
        self
    }

    pub fn server_type(mut self, server_type: impl Into<String>) -> Self {
        self.server_type = Some(server_type.into());
        self
    }

    pub fn server_ip(mut self, server_ip: impl Into<String>) -> Self {
        self.server_ip = Some(server_ip.into());
        self
    }

    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// The wire form. Field order is the key order of the JSON: ServerId, Port, Weight, Type,
/// ServerIp, Description; absent fields are left out.
struct WireBackendServer<'a> {
    server_id: &'a str,
    port: u32,
    weight: Option<u32>,
    server_type: Option<&'static str>,
    server_ip: Option<&'a str>,
    description: Option<&'a str>,
}

impl WireBackendServer<'_> {
    fn write_json(&self, out: &mut String) {
        let number = |out: &mut String, n: u32| push_decimal(out, n as usize);
        out.push_str("{\"ServerId\":");
        write_string(out, self.server_id);
        out.push_str(",\"Port\":");
        number(out, self.port);
        if let Some(weight) = self.weight {
            out.push_str(",\"Weight\":");
            number(out, weight);
        }
        for (key, value) in [
            (",\"Type\":", self.server_type),
            (",\"ServerIp\":", self.server_ip),
            (",\"Description\":", self.description),
        ] {
            if let Some(value) = value {
                out.push_str(key);
                write_string(out, value);
            }
        }
        out.push('}');
    }
}

/// Validates a `BackendServers` list at `path` (e.g. `backendServers`), appending every
/// problem to `issues`, and returns its JSON (meaningful only when nothing was appended).
pub(crate) fn backend_servers_json(
    servers: &[BackendServer],
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> String {
    if servers.is_empty() {
        issues.push(ValidationIssue::new(
            path,
            ErrorKind::MissingParameter,
            "at least one backend server is required",
        ));
        return String::new();
    }
    if servers.len() > MAX_BACKEND_SERVERS {
        issues.push(ValidationIssue::new(
            path,
            ErrorKind::TooManyBackendServers,
            format!(
                "at most {MAX_BACKEND_SERVERS} backend servers fit in one call, not {}",
                servers.len()
            ),
        ));
    }
    let before = issues.len();
    let checked: Vec<Option<WireBackendServer<'_>>> = servers
        .iter()
        .enumerate()
        .map(|(i, server)| check_server(server, path, i, issues))
        .collect();
    report_duplicates(&checked, path, issues);
    if issues.len() != before {
        return String::new();
    }
    let mut json = String::with_capacity(servers.len() * 64);
    json.push('[');
    for (i, server) in checked.iter().flatten().enumerate() {
        if i > 0 {
            json.push(',');
        }
        server.write_json(&mut json);
    }
    json.push(']');
    json
}

/// Validates and serializes a list on its own, e.g. for `serializeBackendServers`.
pub fn serialize_backend_servers(servers: &[BackendServer]) -> Result<String, Error> {
    let mut issues = Vec::new();
    let json = backend_servers_json(servers, "backendServers", &mut issues);
    crate::error::into_result(issues)?;
    Ok(json)
}

/// Checks `list[index]`; its path is only written out for an issue.
fn check_server<'a>(
    server: &'a BackendServer,
    list: &str,
    index: usize,
    issues: &mut Vec<ValidationIssue>,
) -> Option<WireBackendServer<'a>> {
    let before = issues.len();
    let mut issue = |field: &str, code: ErrorKind, message: String| {
        issues.push(ValidationIssue::new(
            format!("{list}[{index}].{field}"),
            code,
            message,
        ));
    };

    let id = server.server_id.as_str();
    if id.is_empty() {
        issue(
            "serverId",
            ErrorKind::MissingParameter,
            "the server id is required".into(),
        );
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        issue(
            "serverId",
            ErrorKind::InvalidServerId,
            format!(
                "the server id {:?} contains whitespace or control characters",
                shorten(id)
            ),
        );
    } else if id.chars().count() > MAX_SERVER_ID_CHARS {
        issue(
            "serverId",
            ErrorKind::InvalidServerId,
            format!("the server id is longer than {MAX_SERVER_ID_CHARS} characters"),
        );
    }

    let port = match &server.port {
        None => {
            issue(
                "port",
                ErrorKind::MissingParameter,
                "the port is required".into(),
            );
            None
        }
        Some(p) if p.is_empty_text() => {
            issue(
                "port",
                ErrorKind::MissingParameter,
                "the port is required".into(),
            );
            None
        }
        Some(p) => {
            let value = p.in_range(1, 65_535);
            if value.is_none() {
                issue(
                    "port",
                    ErrorKind::InvalidPort,
                    format!("the port must be an integer from 1 to 65535, not {p}"),
                );
            }
            value
        }
    };

    let weight = server.weight.as_ref().and_then(|w| {
        let value = w.in_range(0, 100);
        if value.is_none() {
            issue(
                "weight",
                ErrorKind::InvalidWeight,
                format!("the weight must be an integer from 0 to 100, not {w}"),
            );
        }
        value
    });

    let server_type = server.server_type.as_deref().and_then(|t| {
        let parsed = ServerType::parse(t);
        if parsed.is_none() {
            issue(
                "type",
                ErrorKind::InvalidType,
                format!(
                    "the type must be \"ecs\", \"eni\" or \"eci\", not {:?}",
                    shorten(t)
                ),
            );
        }
        parsed
    });

    let needs_ip = matches!(server_type, Some(ServerType::Eni | ServerType::Eci));
    match server.server_ip.as_deref() {
        None | Some("") if needs_ip => issue(
            "serverIp",
            ErrorKind::MissingServerIp,
            format!(
                "a server of type {:?} needs its server IP",
                server_type.map_or("", ServerType::as_str)
            ),
        ),
        Some(ip) if ip.parse::<std::net::IpAddr>().is_err() => issue(
            "serverIp",
            ErrorKind::InvalidServerIp,
            format!(
                "the server IP {:?} is not an IPv4 or IPv6 address",
                shorten(ip)
            ),
        ),
        _ => {}
    }

    if let Some(d) = server.description.as_deref() {
        let chars = d.chars().count();
        if chars == 0 || chars > MAX_DESCRIPTION_CHARS {
            issue(
                "description",
                ErrorKind::InvalidDescription,
                format!(
                    "the description must be 1 to {MAX_DESCRIPTION_CHARS} characters, not {chars}"
                ),
            );
        } else if d.chars().any(char::is_control) {
            issue(
                "description",
                ErrorKind::InvalidDescription,
                "the description contains control characters".into(),
            );
        }
    }

    if issues.len() != before {
        return None;
    }
    Some(WireBackendServer {
        server_id: id,
        port: port?,
        weight,
        server_type: server_type.map(ServerType::as_str),
        server_ip: server.server_ip.as_deref(),
        description: server.description.as_deref(),
    })
}

/// Reports each server that repeats an earlier one's id, port and IP (among servers that
/// are otherwise valid, so one typo is not reported twice).
fn report_duplicates(
    checked: &[Option<WireBackendServer<'_>>],
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) {
    for (j, later) in checked.iter().enumerate() {
        let Some(later) = later else { continue };
        let first = checked[..j].iter().position(|earlier| {
            earlier.as_ref().is_some_and(|s| {
                // Ports first: most pairs differ there, without a string compare.
                s.port == later.port
                    && s.server_id == later.server_id
                    && s.server_ip == later.server_ip
            })
        });
        if let Some(i) = first {
            issues.push(ValidationIssue::new(
                format!("{path}[{j}]"),
                ErrorKind::DuplicateBackendServer,
                format!(
                    "{path}[{j}] repeats the server id, port and server IP of {path}[{i}] ({} port {})",
                    later.server_id, later.port
                ),
            ));
        }
    }
}

/// Long values are cut in messages so an error stays readable.
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

fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &s[..cut]),
        None => s.to_owned(),
    }
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
