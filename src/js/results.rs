//! What the client module answers, as the JS API gives it: typed results in camelCase
//! (numbers as numbers, lists as arrays whatever the response format), parsed responses
//! and signature diagnoses. Built as `crate::json` values that borrow from what they show.

use crate::json::{Members, Value};
use crate::response::{
    ApiResponse, AssociatedObjects, BackendServerResult, DescribeVServerGroupAttributeResult,
    DescribeVServerGroupsResult, GroupMembersResult, SignatureDiagnosis, SlbResult, TagResult,
    VServerGroupSummary,
};

pub fn result_json(result: &SlbResult) -> Value<'_> {
    match result {
        SlbResult::Members(r) => members_result(r),
        SlbResult::Deleted { request_id } => Members::default()
            .with("requestId", request_id.as_str())
            .into(),
        SlbResult::Groups(r) => groups_result(r),
        SlbResult::Attribute(r) => attribute_result(r),
    }
}

/// `{ok, status, requestId?, data?, error?: {code, message, requestId?, hostId?,
/// recommend?, serverStringToSign?}, raw, headers: {}}` (`send` fills in the headers).
pub fn response_json(response: ApiResponse) -> Value<'static> {
    let error = response.error.map(|e| {
        Members::default()
            .with("code", e.code)
            .with("message", e.message)
            .with_some("requestId", e.request_id)
            .with_some("hostId", e.host_id)
            .with_some("recommend", e.recommend)
            .with_some("serverStringToSign", e.server_string_to_sign)
    });
    Members::default()
        .with("ok", response.ok)
        .with("status", u32::from(response.status))
        .with_some("requestId", response.request_id)
        .with_some("data", response.data)
        .with_some("error", error)
        .with("raw", response.raw)
        .with("headers", Members::default())
        .into()
}

/// `{kind, message, position?, canonicalRequest?}`; `message`: the diagnosis's own, or
/// redacted.
pub fn diagnosis_json(diagnosis: &SignatureDiagnosis, message: String) -> Value<'static> {
    let members = Members::default();
    let members = match diagnosis {
        SignatureDiagnosis::WrongSecret => members.with("kind", "WrongSecret"),
        SignatureDiagnosis::EncodingMismatch { position, .. } => members
            .with("kind", "EncodingMismatch")
            .with("position", *position as i64),
        SignatureDiagnosis::CanonicalRequestMismatch { .. } => {
            members.with("kind", "CanonicalRequestMismatch")
        }
    };
    let ours = match diagnosis {
        SignatureDiagnosis::CanonicalRequestMismatch { canonical_request } => {
            canonical_request.clone()
        }
        _ => None,
    };
    members
        .with("message", message)
        .with_some("canonicalRequest", ours)
        .into()
}

fn server(s: &BackendServerResult) -> Value<'_> {
    Members::default()
        .with("serverId", s.server_id.as_str())
        .with("port", s.port)
        .with("weight", s.weight)
        .with_some("type", s.server_type.as_deref())
        .with_some("serverIp", s.server_ip.as_deref())
        .with_some("description", s.description.as_deref())
        .into()
}

fn servers(list: &[BackendServerResult]) -> Value<'_> {
    Value::Array(list.iter().map(server).collect())
}

fn tag(t: &TagResult) -> Value<'_> {
    Members::default()
        .with("key", t.key.as_str())
        .with("value", t.value.as_str())
        .into()
}

fn tags(list: &[TagResult]) -> Value<'_> {
    Value::Array(list.iter().map(tag).collect())
}

/// An optional text, `null` when absent.
fn text_or_null(text: &Option<String>) -> Value<'_> {
    text.as_deref().map_or(Value::Null, Value::from)
}

fn members_result(r: &GroupMembersResult) -> Value<'_> {
    Members::default()
        .with("requestId", r.request_id.as_str())
        .with("vServerGroupId", r.v_server_group_id.as_str())
        .with_some("vServerGroupName", r.v_server_group_name.as_deref())
        .with("backendServers", servers(&r.backend_servers))
        .into()
}

fn attribute_result(r: &DescribeVServerGroupAttributeResult) -> Value<'_> {
    Members::default()
        .with("requestId", r.request_id.as_str())
        .with("vServerGroupId", r.v_server_group_id.as_str())
        .with_some("vServerGroupName", r.v_server_group_name.as_deref())
        .with_some("loadBalancerId", r.load_balancer_id.as_deref())
        .with_some("createTime", r.create_time.as_deref())
        .with("tags", tags(&r.tags))
        .with("backendServers", servers(&r.backend_servers))
        .into()
}

fn associated(a: &AssociatedObjects) -> Value<'_> {
    let listeners = a.listeners.iter().map(|l| {
        Members::default()
            .with("port", l.port)
            .with("protocol", text_or_null(&l.protocol))
            .into()
    });
    let rules = a.rules.iter().map(|r| {
        Members::default()
            .with("ruleId", r.rule_id.as_str())
            .with("ruleName", text_or_null(&r.rule_name))
            .with("domain", text_or_null(&r.domain))
            .with("url", text_or_null(&r.url))
            .into()
    });
    Members::default()
        .with("listeners", Value::Array(listeners.collect()))
        .with("rules", Value::Array(rules.collect()))
        .into()
}

fn group(g: &VServerGroupSummary) -> Value<'_> {
    Members::default()
        .with("vServerGroupId", g.v_server_group_id.as_str())
        .with_some("vServerGroupName", g.v_server_group_name.as_deref())
        .with_some("createTime", g.create_time.as_deref())
        .with_some("serverCount", g.server_count)
        .with("tags", tags(&g.tags))
        .with_some(
            "associatedObjects",
            g.associated_objects.as_ref().map(associated),
        )
        .into()
}

fn groups_result(r: &DescribeVServerGroupsResult) -> Value<'_> {
    Members::default()
        .with("requestId", r.request_id.as_str())
        .with(
            "vServerGroups",
            Value::Array(r.v_server_groups.iter().map(group).collect()),
        )
        .into()
}
