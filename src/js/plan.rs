//! `planMembership` from JS: the current and desired members and `{addFirst?}` as JSON text,
//! the plan back as JSON (`MembershipPlan` in the package's types).

use super::object::{merge_issues, parse_json, At, Field, Object};
use super::output::server_json;
use super::request::backend_servers;
use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::json::{self, Value};
use crate::slb::{plan_membership, BackendServer, MembershipPlan};

const OPTION_FIELDS: &[Field] = &[("addFirst", "AddFirst")];

/// Reads, validates and plans; every problem at once (`ValidationFailed`).
pub fn plan(current_json: &str, desired_json: &str, options_json: &str) -> Result<String, Error> {
    let mut issues = Vec::new();
    let list = |text, path: &str, issues: &mut Vec<ValidationIssue>| match parse_json(text, path) {
        Ok(value) => backend_servers(&value, path, issues),
        Err(issue) => {
            issues.push(issue);
            Vec::new()
        }
    };
    let current = list(current_json, "current", &mut issues);
    let desired = list(desired_json, "desired", &mut issues);
    let add_first = add_first(options_json, &mut issues);
    let found = match plan_membership(&current, &desired, add_first) {
        Ok(plan) if issues.is_empty() => return Ok(plan_json(&plan)),
        Ok(_) => Vec::new(),
        Err(e) => e.issues().to_vec(),
    };
    Err(Error::validation(merge_issues(issues, found)))
}

fn add_first(options_json: &str, issues: &mut Vec<ValidationIssue>) -> bool {
    let value = match parse_json(options_json, "options") {
        Ok(value) => value,
        Err(issue) => {
            issues.push(issue);
            return false;
        }
    };
    if value.is_null() {
        return false;
    }
    let Some(fields) = Object::read(&value, At::Name("options"), OPTION_FIELDS, issues) else {
        return false;
    };
    match fields.get("addFirst") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            issues.push(ValidationIssue::new(
                fields.path("addFirst"),
                ErrorKind::InvalidInput,
                format!("expected a boolean, not {}", other.kind()),
            ));
            false
        }
    }
}

fn servers_json(out: &mut String, servers: &[BackendServer]) {
    out.push('[');
    for (i, server) in servers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        server_json(out, server);
    }
    out.push(']');
}

fn plan_json(plan: &MembershipPlan) -> String {
    let mut out = String::from("{");
    for (key, list) in [
        ("add", &plan.add),
        ("remove", &plan.remove),
        ("update", &plan.update),
    ] {
        out.push_str(&format!("\"{key}\":"));
        servers_json(&mut out, list);
        out.push(',');
    }
    out.push_str("\"calls\":[");
    for (i, call) in plan.calls.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"action\":");
        json::write_string(&mut out, call.action.as_str());
        out.push_str(",\"backendServers\":");
        servers_json(&mut out, &call.backend_servers);
        out.push('}');
    }
    out.push_str("],\"lines\":[");
    for (i, line) in plan.lines.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_string(&mut out, line);
    }
    out.push_str("]}");
    out
}
