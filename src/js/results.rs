//! Typed results as the JS API gives them: camelCase JSON, numbers as numbers, lists as
//! arrays whatever the response format.

use serde_json::{json, Map, Value};

use crate::response::{
    AssociatedObjects, BackendServerResult, DescribeVServerGroupAttributeResult,
    DescribeVServerGroupsResult, GroupMembersResult, SlbResult, TagResult, VServerGroupSummary,
};

pub fn result_json(result: &SlbResult) -> Value {
    match result {
        SlbResult::Members(r) => members_result(r),
        SlbResult::Deleted { request_id } => json!({ "requestId": request_id }),
        SlbResult::Groups(r) => groups_result(r),
        SlbResult::Attribute(r) => attribute_result(r),
    }
}

/// Adds `value` under `key` when there is one.
fn insert_some(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value);
    }
}

fn text(value: &Option<String>) -> Option<Value> {
    value.clone().map(Value::from)
}

fn server(s: &BackendServerResult) -> Value {
    let mut out = Map::new();
    out.insert("serverId".into(), s.server_id.clone().into());
    out.insert("port".into(), s.port.into());
    out.insert("weight".into(), s.weight.into());
    insert_some(&mut out, "type", text(&s.server_type));
    insert_some(&mut out, "serverIp", text(&s.server_ip));
    insert_some(&mut out, "description", text(&s.description));
    Value::Object(out)
}

fn servers(list: &[BackendServerResult]) -> Value {
    list.iter().map(server).collect()
}

fn tags(list: &[TagResult]) -> Value {
    list.iter()
        .map(|t| json!({ "key": t.key, "value": t.value }))
        .collect()
}

fn members_result(r: &GroupMembersResult) -> Value {
    let mut out = Map::new();
    out.insert("requestId".into(), r.request_id.clone().into());
    out.insert("vServerGroupId".into(), r.v_server_group_id.clone().into());
    insert_some(&mut out, "vServerGroupName", text(&r.v_server_group_name));
    out.insert("backendServers".into(), servers(&r.backend_servers));
    Value::Object(out)
}

fn attribute_result(r: &DescribeVServerGroupAttributeResult) -> Value {
    let mut out = Map::new();
    out.insert("requestId".into(), r.request_id.clone().into());
    out.insert("vServerGroupId".into(), r.v_server_group_id.clone().into());
    insert_some(&mut out, "vServerGroupName", text(&r.v_server_group_name));
    insert_some(&mut out, "loadBalancerId", text(&r.load_balancer_id));
    insert_some(&mut out, "createTime", text(&r.create_time));
    out.insert("tags".into(), tags(&r.tags));
    out.insert("backendServers".into(), servers(&r.backend_servers));
    Value::Object(out)
}

fn associated(a: &AssociatedObjects) -> Value {
    let listeners: Value = a
        .listeners
        .iter()
        .map(|l| json!({ "port": l.port, "protocol": l.protocol }))
        .collect();
    let rules: Value = a
        .rules
        .iter()
        .map(|r| json!({ "ruleId": r.rule_id, "ruleName": r.rule_name, "domain": r.domain, "url": r.url }))
        .collect();
    json!({ "listeners": listeners, "rules": rules })
}

fn group(g: &VServerGroupSummary) -> Value {
    let mut out = Map::new();
    out.insert("vServerGroupId".into(), g.v_server_group_id.clone().into());
    insert_some(&mut out, "vServerGroupName", text(&g.v_server_group_name));
    insert_some(&mut out, "createTime", text(&g.create_time));
    insert_some(&mut out, "serverCount", g.server_count.map(Value::from));
    out.insert("tags".into(), tags(&g.tags));
    insert_some(
        &mut out,
        "associatedObjects",
        g.associated_objects.as_ref().map(associated),
    );
    Value::Object(out)
}

fn groups_result(r: &DescribeVServerGroupsResult) -> Value {
    let groups: Value = r.v_server_groups.iter().map(group).collect();
    json!({ "requestId": r.request_id, "vServerGroups": groups })
}
