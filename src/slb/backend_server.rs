//! Backend servers: the `BackendServers` list shared by the VServer-group APIs, its
//! validation and its exact JSON form.

use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::json::{push_decimal, write_string};

/// Most servers one call may carry.
pub const MAX_BACKEND_SERVERS: usize = 20;
const MAX_SERVER_ID_CHARS: usize = 128;
const MAX_DESCRIPTION_CHARS: usize = 80;

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

/// One backend server, as the API takes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BackendServer {
    /// The ECS instance, ENI or ECI id. Required.
    pub server_id: String,
    /// 1..=65535 (0 is reported as invalid).
    pub port: u16,
    /// 0..=100; the service defaults to 100 when adding.
    pub weight: Option<u8>,
    /// `ecs` (the service's default), `eni` or `eci`.
    pub server_type: Option<ServerType>,
    /// Required for `eni` and `eci`: an IPv4 or IPv6 address.
    pub server_ip: Option<String>,
    /// 1 to 80 characters.
    pub description: Option<String>,
}

impl BackendServer {
    pub fn new(server_id: impl Into<String>, port: u16) -> Self {
        Self {
            server_id: server_id.into(),
            port,
            ..Self::default()
        }
    }

    pub fn weight(mut self, weight: u8) -> Self {
        self.weight = Some(weight);
        self
    }

    pub fn server_type(mut self, server_type: ServerType) -> Self {
        self.server_type = Some(server_type);
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

    /// What identifies a member of a group: id and port, and the IP of an `eni`/`eci`
    /// member (Describe may report an IP for an `ecs` member, which does not count).
    pub fn identity(&self) -> (&str, u16, Option<&str>) {
        let ip = match self.server_type {
            Some(ServerType::Eni | ServerType::Eci) => self.server_ip.as_deref(),
            _ => None,
        };
        (&self.server_id, self.port, ip)
    }
}

/// Which fields of a member a list sends: all of them, or only what identifies it
/// (`RemoveVServerGroupBackendServers` takes members read from a Describe as they are, and
/// does not send their weight or description).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListForm {
    Members,
    Identities,
}

impl BackendServer {
    /// The wire form: ServerId, Port, Weight, Type, ServerIp, Description, absent fields
    /// left out.
    fn write_json(&self, form: ListForm, out: &mut String) {
        out.push_str("{\"ServerId\":");
        write_string(out, &self.server_id);
        out.push_str(",\"Port\":");
        push_decimal(out, usize::from(self.port));
        let members = form == ListForm::Members;
        if let Some(weight) = self.weight.filter(|_| members) {
            out.push_str(",\"Weight\":");
            push_decimal(out, usize::from(weight));
        }
        for (key, value, sent) in [
            (",\"Type\":", self.server_type.map(ServerType::as_str), true),
            (",\"ServerIp\":", self.server_ip.as_deref(), true),
            (",\"Description\":", self.description.as_deref(), members),
        ] {
            if let Some(value) = value.filter(|_| sent) {
                out.push_str(key);
                write_string(out, value);
            }
        }
        out.push('}');
    }
}

/// Validates a `BackendServers` list at `path`, appending every problem to `issues`, and
/// returns its JSON (meaningful only when nothing was appended). A list holds 1 to 20.
pub fn backend_servers_json(
    servers: &[BackendServer],
    path: &str,
    form: ListForm,
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
    if !check_members(servers, path, issues) {
        return String::new();
    }
    let mut json = String::with_capacity(servers.len() * 64);
    json.push('[');
    for (i, server) in servers.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        server.write_json(form, &mut json);
    }
    json.push(']');
    json
}

/// Validates and serializes a list on its own, e.g. for `serializeBackendServers`.
pub fn serialize_backend_servers(servers: &[BackendServer]) -> Result<String, Error> {
    let mut issues = Vec::new();
    let json = backend_servers_json(servers, "backendServers", ListForm::Members, &mut issues);
    crate::error::into_result(issues)?;
    Ok(json)
}

/// Checks each server of a list of any length at `path`, and that no member is given twice;
/// true when all is well.
pub fn check_members(
    servers: &[BackendServer],
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) -> bool {
    let before = issues.len();
    let valid: Vec<bool> = servers
        .iter()
        .enumerate()
        .map(|(i, server)| check_server(server, (path, i), issues))
        .collect();
    report_duplicates(servers, &valid, path, issues);
    issues.len() == before
}

/// Checks item `i` of the list at `path` (e.g. `backendServers`, 2); true when it is valid.
/// The item's path is written only for an issue.
fn check_server(
    server: &BackendServer,
    (path, i): (&str, usize),
    issues: &mut Vec<ValidationIssue>,
) -> bool {
    let before = issues.len();
    let mut issue = |field: &str, code: ErrorKind, message: String| {
        issues.push(ValidationIssue::new(
            format!("{path}[{i}].{field}"),
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
    if server.port == 0 {
        issue(
            "port",
            ErrorKind::InvalidPort,
            PORT_RANGE.to_owned() + ", not 0",
        );
    }
    if let Some(weight) = server.weight.filter(|w| *w > 100) {
        issue(
            "weight",
            ErrorKind::InvalidWeight,
            format!("{WEIGHT_RANGE}, not {weight}"),
        );
    }

    let needs_ip = matches!(server.server_type, Some(ServerType::Eni | ServerType::Eci));
    match server.server_ip.as_deref() {
        None | Some("") if needs_ip => issue(
            "serverIp",
            ErrorKind::MissingServerIp,
            format!(
                "a server of type {:?} needs its server IP",
                server.server_type.map_or("", ServerType::as_str)
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
        if let Some(message) = text_problem(d, "description", MAX_DESCRIPTION_CHARS) {
            issue("description", ErrorKind::InvalidDescription, message);
        }
    }
    issues.len() == before
}

/// What is wrong with a 1-to-`max`-character text without control characters, if anything.
pub(crate) fn text_problem(text: &str, what: &str, max: usize) -> Option<String> {
    let chars = text.chars().count();
    if chars == 0 || chars > max {
        Some(format!(
            "the {what} must be 1 to {max} characters, not {chars}"
        ))
    } else if text.chars().any(char::is_control) {
        Some(format!("the {what} contains control characters"))
    } else {
        None
    }
}

/// The message of a port out of range, before `, not <value>`.
pub const PORT_RANGE: &str = "the port must be an integer from 1 to 65535";
/// The message of a weight out of range, before `, not <value>`.
pub const WEIGHT_RANGE: &str = "the weight must be an integer from 0 to 100";

/// Reports each server that repeats an earlier one's identity (id, port, and IP for
/// `eni`/`eci`), among servers that are otherwise valid, so one typo is not reported twice.
fn report_duplicates(
    servers: &[BackendServer],
    valid: &[bool],
    path: &str,
    issues: &mut Vec<ValidationIssue>,
) {
    for (j, later) in servers.iter().enumerate() {
        if !valid[j] {
            continue;
        }
        let first = servers[..j].iter().zip(valid).position(|(earlier, ok)| {
            // Ports first: most pairs differ there, without a string compare.
            *ok && earlier.port == later.port && earlier.identity() == later.identity()
        });
        if let Some(i) = first {
            issues.push(ValidationIssue::new(
                format!("{path}[{j}]"),
                ErrorKind::DuplicateBackendServer,
                format!(
                    "{path}[{j}] is the same member as {path}[{i}] ({} port {}): the same server id and port, and for eni/eci the same server IP",
                    later.server_id, later.port
                ),
            ));
        }
    }
}

/// Long values are cut in messages so an error stays readable.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &s[..cut]),
        None => s.to_owned(),
    }
}
