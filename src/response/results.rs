//! Typed results, read from an [`ApiResponse`](super::ApiResponse)'s `data` in either shape:
//! from JSON, with numbers or numeric strings (the API pages' examples quote them); from
//! XML, all strings, and a list of one member as a single object (XML cannot tell them
//! apart). Errors are `MalformedResponse`, with the path of the field at fault.

use super::Value;
use crate::error::{Error, ErrorKind};
use crate::slb::SlbAction;

/// One backend server in a result.
#[derive(Debug, Clone, PartialEq)]
pub struct BackendServerResult {
    pub server_id: String,
    pub port: u32,
    pub weight: u32,
    /// `Type`: `ecs`, `eni` or `eci`.
    pub server_type: Option<String>,
    pub server_ip: Option<String>,
    pub description: Option<String>,
}

/// A tag (`TagKey`/`TagValue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagResult {
    pub key: String,
    pub value: String,
}

/// What Create, Set, Add, Remove and Modify answer: the group and its members (Add and
/// Create: those added; Set: those changed; Remove and Modify: the group's members).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMembersResult {
    pub request_id: String,
    pub v_server_group_id: String,
    /// Set answers it.
    pub v_server_group_name: Option<String>,
    pub backend_servers: Vec<BackendServerResult>,
}

impl GroupMembersResult {
    /// `servers_required`: Add echoes what was added, so its list is never absent.
    pub fn from_data(data: &Value, servers_required: bool) -> Result<Self, Error> {
        let fields = object(data, "data")?;
        Ok(Self {
            request_id: required_string(fields, "RequestId", "RequestId")?,
            v_server_group_id: required_string(fields, "VServerGroupId", "VServerGroupId")?,
            v_server_group_name: optional_string(fields, "VServerGroupName", "VServerGroupName")?,
            backend_servers: backend_servers(fields, servers_required)?,
        })
    }
}

/// The result of `DescribeVServerGroupAttribute`: the group and its servers.
#[derive(Debug, Clone, PartialEq)]
pub struct DescribeVServerGroupAttributeResult {
    pub request_id: String,
    pub v_server_group_id: String,
    pub v_server_group_name: Option<String>,
    pub load_balancer_id: Option<String>,
    pub create_time: Option<String>,
    pub tags: Vec<TagResult>,
    pub backend_servers: Vec<BackendServerResult>,
}

impl DescribeVServerGroupAttributeResult {
    pub fn from_data(data: &Value) -> Result<Self, Error> {
        let fields = object(data, "data")?;
        Ok(Self {
            request_id: required_string(fields, "RequestId", "RequestId")?,
            v_server_group_id: required_string(fields, "VServerGroupId", "VServerGroupId")?,
            v_server_group_name: optional_string(fields, "VServerGroupName", "VServerGroupName")?,
            load_balancer_id: optional_string(fields, "LoadBalancerId", "LoadBalancerId")?,
            create_time: optional_string(fields, "CreateTime", "CreateTime")?,
            tags: tags(fields, "Tags")?,
            // A group may be empty, and an empty XML list may be left out altogether.
            backend_servers: backend_servers(fields, false)?,
        })
    }
}

/// A listener that uses a group.
#[derive(Debug, Clone, PartialEq)]
pub struct ListenerResult {
    pub port: u32,
    pub protocol: Option<String>,
}

/// A forwarding rule that uses a group.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    pub rule_id: String,
    pub rule_name: Option<String>,
    pub domain: Option<String>,
    pub url: Option<String>,
}

/// What uses a group (`IncludeListener`, `IncludeRule`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssociatedObjects {
    pub listeners: Vec<ListenerResult>,
    pub rules: Vec<RuleResult>,
}

/// One group of `DescribeVServerGroups`.
#[derive(Debug, Clone, PartialEq)]
pub struct VServerGroupSummary {
    pub v_server_group_id: String,
    pub v_server_group_name: Option<String>,
    pub create_time: Option<String>,
    pub server_count: Option<u32>,
    pub tags: Vec<TagResult>,
    pub associated_objects: Option<AssociatedObjects>,
}

/// The result of `DescribeVServerGroups`.
#[derive(Debug, Clone, PartialEq)]
pub struct DescribeVServerGroupsResult {
    pub request_id: String,
    pub v_server_groups: Vec<VServerGroupSummary>,
}

impl DescribeVServerGroupsResult {
    pub fn from_data(data: &Value) -> Result<Self, Error> {
        let fields = object(data, "data")?;
        let groups = list(fields, "VServerGroups", "VServerGroup", false)?;
        Ok(Self {
            request_id: required_string(fields, "RequestId", "RequestId")?,
            v_server_groups: map_items(groups, "VServerGroups.VServerGroup", group_summary)?,
        })
    }
}

/// A result of any action.
#[derive(Debug, Clone, PartialEq)]
pub enum SlbResult {
    /// Create, Set, Add, Remove, Modify.
    Members(GroupMembersResult),
    /// Delete: only the request id.
    Deleted {
        request_id: String,
    },
    Groups(DescribeVServerGroupsResult),
    Attribute(DescribeVServerGroupAttributeResult),
}

impl SlbResult {
    /// Reads the result of `action` from a success's `data`.
    pub fn from_data(action: SlbAction, data: &Value) -> Result<Self, Error> {
        Ok(match action {
            SlbAction::DeleteVServerGroup => Self::Deleted {
                request_id: required_string(object(data, "data")?, "RequestId", "RequestId")?,
            },
            SlbAction::DescribeVServerGroups => {
                Self::Groups(DescribeVServerGroupsResult::from_data(data)?)
            }
            SlbAction::DescribeVServerGroupAttribute => {
                Self::Attribute(DescribeVServerGroupAttributeResult::from_data(data)?)
            }
            SlbAction::AddVServerGroupBackendServers => {
                Self::Members(GroupMembersResult::from_data(data, true)?)
            }
            _ => Self::Members(GroupMembersResult::from_data(data, false)?),
        })
    }
}

fn group_summary(value: &Value, path: &str) -> Result<VServerGroupSummary, Error> {
    let fields = object(value, path)?;
    let at = |name: &str| format!("{path}.{name}");
    let associated = match fields.get("AssociatedObjects") {
        None | Some(Value::Null) => None,
        Some(value) => Some(associated_objects(value, &at("AssociatedObjects"))?),
    };
    Ok(VServerGroupSummary {
        v_server_group_id: required_string(fields, "VServerGroupId", &at("VServerGroupId"))?,
        v_server_group_name: optional_string(fields, "VServerGroupName", &at("VServerGroupName"))?,
        create_time: optional_string(fields, "CreateTime", &at("CreateTime"))?,
        server_count: optional_number(fields, "ServerCount", &at("ServerCount"))?,
        tags: tags(fields, &at("Tags"))?,
        associated_objects: associated,
    })
}

fn associated_objects(value: &Value, path: &str) -> Result<AssociatedObjects, Error> {
    // An empty XML element reads as "".
    let empty = Value::Object(Vec::new());
    let fields = match value {
        Value::String(text) if text.is_empty() => &empty,
        other => object(other, path)?,
    };
    let listeners = list(fields, "Listeners", "Listener", false)?;
    let rules = list(fields, "Rules", "Rule", false)?;
    let listener = |value: &Value, at: &str| {
        let fields = object(value, at)?;
        Ok(ListenerResult {
            port: required_number(fields, "Port", &format!("{at}.Port"))?,
            protocol: optional_string(fields, "Protocol", &format!("{at}.Protocol"))?,
        })
    };
    let rule = |value: &Value, at: &str| {
        let fields = object(value, at)?;
        let field = |name: &str| optional_string(fields, name, &format!("{at}.{name}"));
        Ok(RuleResult {
            rule_id: required_string(fields, "RuleId", &format!("{at}.RuleId"))?,
            rule_name: field("RuleName")?,
            domain: field("Domain")?,
            url: field("Url")?,
        })
    };
    Ok(AssociatedObjects {
        listeners: map_items(listeners, &format!("{path}.Listeners.Listener"), listener)?,
        rules: map_items(rules, &format!("{path}.Rules.Rule"), rule)?,
    })
}

fn malformed(path: &str, message: String) -> Error {
    Error::new(ErrorKind::MalformedResponse, Some(path), message)
}

/// `value` when it is an object (its fields are read with `get`).
fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Value, Error> {
    match value {
        Value::Object(_) => Ok(value),
        _ => Err(malformed(path, format!("{path} is not an object"))),
    }
}

/// The items of `Outer.Inner` (`BackendServers.BackendServer`), as a list, a single
/// member, or empty (`""` from an empty XML element, `{}` from JSON).
fn list<'a>(
    fields: &'a Value,
    outer: &str,
    inner: &str,
    required: bool,
) -> Result<Vec<&'a Value>, Error> {
    let items = match fields.get(outer) {
        None | Some(Value::Null) if !required => Vec::new(),
        None | Some(Value::Null) => {
            return Err(malformed(outer, format!("the response has no {outer}")))
        }
        Some(Value::String(text)) if text.is_empty() => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(list @ Value::Object(members)) => match list.get(inner) {
            None if members.is_empty() => Vec::new(),
            None => {
                return Err(malformed(
                    &format!("{outer}.{inner}"),
                    format!("{outer} holds no {inner}"),
                ))
            }
            Some(Value::Array(items)) => items.iter().collect(),
            Some(single) => vec![single],
        },
        Some(_) => return Err(malformed(outer, format!("{outer} is not a list"))),
    };
    Ok(items)
}

/// Reads each item at `path[i]`. A loop rather than `collect` into a `Result`: its adapter,
/// made again for each reader, was 1.5 KB gzipped of the client module.
fn map_items<T>(
    items: Vec<&Value>,
    path: &str,
    read: impl Fn(&Value, &str) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        out.push(read(item, &format!("{path}[{i}]"))?);
    }
    Ok(out)
}

fn backend_servers(fields: &Value, required: bool) -> Result<Vec<BackendServerResult>, Error> {
    let members = list(fields, "BackendServers", "BackendServer", required)?;
    map_items(members, "BackendServers.BackendServer", backend_server)
}

fn backend_server(value: &Value, path: &str) -> Result<BackendServerResult, Error> {
    let fields = object(value, path)?;
    let at = |name: &str| format!("{path}.{name}");
    Ok(BackendServerResult {
        server_id: required_string(fields, "ServerId", &at("ServerId"))?,
        port: required_number(fields, "Port", &at("Port"))?,
        weight: required_number(fields, "Weight", &at("Weight"))?,
        server_type: optional_string(fields, "Type", &at("Type"))?,
        server_ip: optional_string(fields, "ServerIp", &at("ServerIp"))?,
        description: optional_string(fields, "Description", &at("Description"))?,
    })
}

/// `Tags.Tag[]` of `{TagKey, TagValue}` at `path` (`Tags` or `...VServerGroup[0].Tags`).
fn tags(fields: &Value, path: &str) -> Result<Vec<TagResult>, Error> {
    let items = list(fields, "Tags", "Tag", false)?;
    let tag = |value: &Value, at: &str| {
        let fields = object(value, at)?;
        Ok(TagResult {
            key: required_string(fields, "TagKey", &format!("{at}.TagKey"))?,
            value: optional_string(fields, "TagValue", &format!("{at}.TagValue"))?
                .unwrap_or_default(),
        })
    };
    let base = path.strip_suffix("Tags").unwrap_or(path);
    map_items(items, &format!("{base}Tags.Tag"), tag)
}

fn optional_string(fields: &Value, name: &str, path: &str) -> Result<Option<String>, Error> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.to_string())),
        Some(_) => Err(malformed(path, format!("{path} is not a string"))),
    }
}

fn required_string(fields: &Value, name: &str, path: &str) -> Result<String, Error> {
    match optional_string(fields, name, path)? {
        Some(text) if !text.is_empty() => Ok(text),
        Some(_) => Err(malformed(path, format!("{path} is empty"))),
        None => Err(malformed(path, format!("the response has no {path}"))),
    }
}

fn required_number(fields: &Value, name: &str, path: &str) -> Result<u32, Error> {
    optional_number(fields, name, path)?
        .ok_or_else(|| malformed(path, format!("the response has no {path}")))
}

/// A number, or its decimal digits (as XML and the quoted JSON examples give it).
fn optional_number(fields: &Value, name: &str, path: &str) -> Result<Option<u32>, Error> {
    let not_a_number = || {
        malformed(
            path,
            format!("{path} is not a whole number from 0 to {}", u32::MAX),
        )
    };
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(number @ Value::Number(_)) => number
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(not_a_number),
        Some(Value::String(digits)) => {
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(not_a_number());
            }
            digits.parse().map(Some).map_err(|_| not_a_number())
        }
        Some(_) => Err(not_a_number()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value as Json};

    /// A `json!` value as ours.
    fn ours(value: &Json) -> Value {
        crate::json::parse(&value.to_string()).unwrap().into_owned()
    }

    fn server(id: &str, port: u32) -> BackendServerResult {
        BackendServerResult {
            server_id: id.into(),
            port,
            weight: 100,
            server_type: None,
            server_ip: None,
            description: None,
        }
    }

    /// Add's result: its list is required.
    fn add(data: &Json) -> Result<GroupMembersResult, Error> {
        GroupMembersResult::from_data(&ours(data), true)
    }

    #[test]
    fn numbers_and_numeric_strings_read_the_same() {
        let from_numbers = add(&json!({
            "RequestId": "R", "VServerGroupId": "rsp-1",
            "BackendServers": {"BackendServer": [{"ServerId": "vm-1", "Port": 80, "Weight": 100}]}
        }))
        .unwrap();
        let from_strings = add(&json!({
            "RequestId": "R", "VServerGroupId": "rsp-1",
            "BackendServers": {"BackendServer": {"ServerId": "vm-1", "Port": "80", "Weight": "100"}}
        }))
        .unwrap();
        assert_eq!(from_numbers, from_strings);
        assert_eq!(from_numbers.backend_servers, vec![server("vm-1", 80)]);
    }

    #[test]
    fn optional_fields_are_read() {
        let result = add(&json!({
            "RequestId": "R", "VServerGroupId": "rsp-1",
            "BackendServers": [{"ServerId": "eni-1", "Port": "1", "Weight": "0", "Type": "eni", "ServerIp": "172.16.0.10", "Description": ""}]
        }))
        .unwrap();
        assert_eq!(
            result.backend_servers,
            vec![BackendServerResult {
                server_id: "eni-1".into(),
                port: 1,
                weight: 0,
                server_type: Some("eni".into()),
                server_ip: Some("172.16.0.10".into()),
                description: Some(String::new()),
            }]
        );
    }

    #[test]
    fn empty_lists() {
        for servers in [
            json!(""),
            json!({}),
            json!({"BackendServer": []}),
            json!([]),
        ] {
            let result = DescribeVServerGroupAttributeResult::from_data(&ours(
                &json!({"RequestId": "R", "VServerGroupId": "rsp-1", "BackendServers": servers}),
            ))
            .unwrap();
            assert!(result.backend_servers.is_empty());
        }
        let result = DescribeVServerGroupAttributeResult::from_data(
            &ours(&json!({"RequestId": "R", "VServerGroupId": "rsp-1", "VServerGroupName": "web", "LoadBalancerId": "lb-1"})),
        )
        .unwrap();
        assert_eq!(
            (
                result.v_server_group_name.as_deref(),
                result.load_balancer_id.as_deref(),
                result.backend_servers.len()
            ),
            (Some("web"), Some("lb-1"), 0)
        );
    }

    #[test]
    fn each_fault_is_malformed_at_its_path() {
        let fault = |data: Json| {
            let err = add(&data).unwrap_err();
            assert_eq!(err.code(), "MalformedResponse");
            err.path().unwrap_or_default().to_owned()
        };
        let with = |server: Json| json!({"RequestId": "R", "VServerGroupId": "g", "BackendServers": {"BackendServer": [server]}});
        assert_eq!(fault(json!("text")), "data");
        assert_eq!(
            fault(json!({"VServerGroupId": "g", "BackendServers": []})),
            "RequestId"
        );
        assert_eq!(
            fault(json!({"RequestId": "", "VServerGroupId": "g", "BackendServers": []})),
            "RequestId"
        );
        assert_eq!(
            fault(json!({"RequestId": "R", "VServerGroupId": 5, "BackendServers": []})),
            "VServerGroupId"
        );
        assert_eq!(
            fault(json!({"RequestId": "R", "VServerGroupId": "g"})),
            "BackendServers"
        );
        assert_eq!(
            fault(json!({"RequestId": "R", "VServerGroupId": "g", "BackendServers": 3})),
            "BackendServers"
        );
        assert_eq!(
            fault(json!({"RequestId": "R", "VServerGroupId": "g", "BackendServers": {"X": []}})),
            "BackendServers.BackendServer"
        );
        assert_eq!(
            fault(with(json!("vm-1"))),
            "BackendServers.BackendServer[0]"
        );
        let p = "BackendServers.BackendServer[0].";
        assert_eq!(
            fault(with(json!({"Port": 80, "Weight": 1}))),
            format!("{p}ServerId")
        );
        assert_eq!(
            fault(with(json!({"ServerId": "v", "Weight": 1}))),
            format!("{p}Port")
        );
        for port in [
            json!(-1),
            json!(80.5),
            json!(4_294_967_296_u64),
            json!("8 0"),
            json!("+80"),
            json!(""),
            json!("99999999999"),
            json!(true),
        ] {
            assert_eq!(
                fault(with(json!({"ServerId": "v", "Port": port, "Weight": 1}))),
                format!("{p}Port")
            );
        }
        assert_eq!(
            fault(with(json!({"ServerId": "v", "Port": 1, "Weight": "x"}))),
            format!("{p}Weight")
        );
        assert_eq!(
            fault(with(
                json!({"ServerId": "v", "Port": 1, "Weight": 1, "Type": {"a": "b"}})
            )),
            format!("{p}Type")
        );
    }
}
