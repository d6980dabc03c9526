//! Typed results, read from an [`ApiResponse`](super::ApiResponse)'s `data` in either shape:
//! from JSON, with numbers or numeric strings (the API pages' examples quote them); from
//! XML, all strings, and a list of one member as a single object (XML cannot tell them
//! apart). Errors are `MalformedResponse`, with the path of the field at fault.

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};

/// One backend server in a result.
#[derive(Debug, Clone, PartialEq)]
pub struct BackendServerResult {
    pub server_id: String,
    pub port: u32,
    pub weight: u32,
    /// `Type`: `ecs` or `eni`.
    pub server_type: Option<String>,
    pub description: Option<String>,
}

/// The result of `AddVServerGroupBackendServers`: the group's id and the servers added.
#[derive(Debug, Clone, PartialEq)]
pub struct AddVServerGroupBackendServersResult {
    pub request_id: String,
    pub v_server_group_id: String,
    pub backend_servers: Vec<BackendServerResult>,
}

impl AddVServerGroupBackendServersResult {
    pub fn from_data(data: &Value) -> Result<Self, Error> {
        let fields = object(data, "data")?;
        Ok(Self {
            request_id: required_string(fields, "RequestId", "RequestId")?,
            v_server_group_id: required_string(fields, "VServerGroupId", "VServerGroupId")?,
            // It echoes what was added, so it is never absent.
            backend_servers: backend_servers(fields, true)?,
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
            // A group may be empty, and an empty XML list may be left out altogether.
            backend_servers: backend_servers(fields, false)?,
        })
    }
}

fn malformed(path: &str, message: String) -> Error {
    Error::new(ErrorKind::MalformedResponse, Some(path), message)
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, Error> {
    value
        .as_object()
        .ok_or_else(|| malformed(path, format!("{path} is not an object")))
}

/// `BackendServers.BackendServer`, as a list, a single member, or empty (`""` from an
/// empty XML element, `{}` from JSON).
fn backend_servers(
    fields: &Map<String, Value>,
    required: bool,
) -> Result<Vec<BackendServerResult>, Error> {
    const PATH: &str = "BackendServers";
    const MEMBERS: &str = "BackendServers.BackendServer";
    let members: Vec<&Value> = match fields.get("BackendServers") {
        None | Some(Value::Null) if !required => Vec::new(),
        None | Some(Value::Null) => {
            return Err(malformed(PATH, "the response has no BackendServers".into()))
        }
        Some(Value::String(text)) if text.is_empty() => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Object(list)) => match list.get("BackendServer") {
            None if list.is_empty() => Vec::new(),
            None => {
                return Err(malformed(
                    MEMBERS,
                    "BackendServers holds no BackendServer".into(),
                ))
            }
            Some(Value::Array(items)) => items.iter().collect(),
            Some(single) => vec![single],
        },
        Some(_) => {
            return Err(malformed(
                PATH,
                "BackendServers is not a list of servers".into(),
            ))
        }
    };
    members
        .into_iter()
        .enumerate()
        .map(|(i, member)| backend_server(member, &format!("{MEMBERS}[{i}]")))
        .collect()
}

fn backend_server(value: &Value, path: &str) -> Result<BackendServerResult, Error> {
    let fields = object(value, path)?;
    let at = |name: &str| format!("{path}.{name}");
    Ok(BackendServerResult {
        server_id: required_string(fields, "ServerId", &at("ServerId"))?,
        port: required_number(fields, "Port", &at("Port"))?,
        weight: required_number(fields, "Weight", &at("Weight"))?,
        server_type: optional_string(fields, "Type", &at("Type"))?,
        description: optional_string(fields, "Description", &at("Description"))?,
    })
}

fn optional_string(
    fields: &Map<String, Value>,
    name: &str,
    path: &str,
) -> Result<Option<String>, Error> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(malformed(path, format!("{path} is not a string"))),
    }
}

fn required_string(fields: &Map<String, Value>, name: &str, path: &str) -> Result<String, Error> {
    match optional_string(fields, name, path)? {
        Some(text) if !text.is_empty() => Ok(text),
        Some(_) => Err(malformed(path, format!("{path} is empty"))),
        None => Err(malformed(path, format!("the response has no {path}"))),
    }
}

/// A number, or its decimal digits (as XML and the quoted JSON examples give it).
fn required_number(fields: &Map<String, Value>, name: &str, path: &str) -> Result<u32, Error> {
    let not_a_number = || {
        malformed(
            path,
            format!("{path} is not a whole number from 0 to {}", u32::MAX),
        )
    };
    match fields.get(name) {
        None | Some(Value::Null) => Err(malformed(path, format!("the response has no {path}"))),
        Some(Value::Number(number)) => number
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(not_a_number),
        Some(Value::String(digits)) => {
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(not_a_number());
            }
            digits.parse().map_err(|_| not_a_number())
        }
        Some(_) => Err(not_a_number()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn server(id: &str, port: u32) -> BackendServerResult {
        BackendServerResult {
            server_id: id.into(),
            port,
            weight: 100,
            server_type: None,
            description: None,
        }
    }

    #[test]
    fn numbers_and_numeric_strings_read_the_same() {
        let from_numbers = AddVServerGroupBackendServersResult::from_data(&json!({
            "RequestId": "R", "VServerGroupId": "rsp-1",
            "BackendServers": {"BackendServer": [{"ServerId": "vm-1", "Port": 80, "Weight": 100}]}
        }))
        .unwrap();
        let from_strings = AddVServerGroupBackendServersResult::from_data(&json!({
            "RequestId": "R", "VServerGroupId": "rsp-1",
            "BackendServers": {"BackendServer": {"ServerId": "vm-1", "Port": "80", "Weight": "100"}}
        }))
        .unwrap();
        assert_eq!(from_numbers, from_strings);
        assert_eq!(from_numbers.backend_servers, vec![server("vm-1", 80)]);
    }

    #[test]
    fn optional_fields_are_read() {
        let result = AddVServerGroupBackendServersResult::from_data(&json!({
            "RequestId": "R", "VServerGroupId": "rsp-1",
            "BackendServers": [{"ServerId": "eni-1", "Port": "1", "Weight": "0", "Type": "eni", "Description": ""}]
        }))
        .unwrap();
        assert_eq!(
            result.backend_servers,
            vec![BackendServerResult {
                server_id: "eni-1".into(),
                port: 1,
                weight: 0,
                server_type: Some("eni".into()),
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
            let result = DescribeVServerGroupAttributeResult::from_data(
                &json!({"RequestId": "R", "VServerGroupId": "rsp-1", "BackendServers": servers}),
            )
            .unwrap();
            assert!(result.backend_servers.is_empty());
        }
        let result = DescribeVServerGroupAttributeResult::from_data(
            &json!({"RequestId": "R", "VServerGroupId": "rsp-1", "VServerGroupName": "web", "LoadBalancerId": "lb-1"}),
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
        let fault = |data: Value| {
            let err = AddVServerGroupBackendServersResult::from_data(&data).unwrap_err();
            assert_eq!(err.code(), "MalformedResponse");
            err.path().unwrap_or_default().to_owned()
        };
        let with = |server: Value| json!({"RequestId": "R", "VServerGroupId": "g", "BackendServers": {"BackendServer": [server]}});
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
