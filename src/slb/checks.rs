//! The rules of the fields the actions declare: each validates a value at its field's path
//! and adds its parameters.

use std::borrow::Cow;

use super::backend_server::{backend_servers_json, text_problem, BackendServer, ListForm};
use super::declare::{FieldSpec, Params};
use crate::error::{ErrorKind, ValidationIssue};

const MAX_ID_CHARS: usize = 64;
const MAX_NAME_CHARS: usize = 80;
pub const MAX_TAGS: usize = 20;
const MAX_TAG_KEY_CHARS: usize = 64;
const MAX_TAG_VALUE_CHARS: usize = 128;

/// A tag: `Tag.N.Key` and `Tag.N.Value`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

impl Tag {
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

fn push(params: &mut Params, spec: &FieldSpec, value: &str) {
    params.push((Cow::Borrowed(spec.param), value.to_owned()));
}

fn issue(issues: &mut Vec<ValidationIssue>, path: &str, code: ErrorKind, message: String) {
    issues.push(ValidationIssue::new(path, code, message));
}

/// `cn-hangzhou`, `ap-southeast-1`: see [`super::is_region_id`].
pub fn region(
    value: &str,
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    super::check_region_id(value, spec.name, issues);
    push(params, spec, value);
}

/// Checks an id of 1 to 64 of `A-Za-z0-9_-`, e.g. `rsp-cige6j5e7p`.
fn check_id(
    id: &str,
    path: &str,
    what: &str,
    code: ErrorKind,
    example: &str,
    issues: &mut Vec<ValidationIssue>,
) {
    if id.is_empty() {
        issue(
            issues,
            path,
            ErrorKind::MissingParameter,
            format!("the {what} is required"),
        );
    } else if id.len() > MAX_ID_CHARS
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        issue(
            issues,
            path,
            code,
            format!("a {what} is 1 to {MAX_ID_CHARS} of A-Z a-z 0-9 _ - (like {example})"),
        );
    }
}

pub fn v_server_group_id(
    value: &str,
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    let code = ErrorKind::InvalidVServerGroupId;
    check_id(
        value,
        spec.name,
        "VServer group id",
        code,
        "rsp-cige6j5e7p",
        issues,
    );
    push(params, spec, value);
}

pub fn load_balancer_id(
    value: &str,
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    let code = ErrorKind::InvalidLoadBalancerId;
    check_id(
        value,
        spec.name,
        "load balancer id",
        code,
        "lb-bp1demo0000000000000",
        issues,
    );
    push(params, spec, value);
}

/// A group name: 1 to 80 characters, no control characters.
pub fn group_name(
    value: &str,
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    if let Some(message) = text_problem(value, "VServer group name", MAX_NAME_CHARS) {
        issue(
            issues,
            spec.name,
            ErrorKind::InvalidVServerGroupName,
            message,
        );
    }
    push(params, spec, value);
}

/// A description (a filter of `DescribeVServerGroups`): 1 to 80 characters.
pub fn description(
    value: &str,
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    if let Some(message) = text_problem(value, "description", MAX_NAME_CHARS) {
        issue(issues, spec.name, ErrorKind::InvalidDescription, message);
    }
    push(params, spec, value);
}

/// Sent as `true` or `false`.
pub fn flag(value: &bool, spec: &FieldSpec, _: &mut Vec<ValidationIssue>, params: &mut Params) {
    push(params, spec, if *value { "true" } else { "false" });
}

fn servers(
    value: &[BackendServer],
    spec: &FieldSpec,
    form: ListForm,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    // An optional list given empty is not sent (a required one must have members).
    if value.is_empty() && !spec.required {
        return;
    }
    let json = backend_servers_json(value, spec.name, form, issues);
    params.push((Cow::Borrowed(spec.param), json));
}

/// Members with every field.
pub fn members(
    value: &[BackendServer],
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    servers(value, spec, ListForm::Members, issues, params);
}

/// Members by what identifies them only (weight and description are accepted, not sent).
pub fn identities(
    value: &[BackendServer],
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    servers(value, spec, ListForm::Identities, issues, params);
}

/// Tags, sent as `Tag.N.Key` / `Tag.N.Value` from N = 1; at most 20.
pub fn tags(
    value: &[Tag],
    spec: &FieldSpec,
    issues: &mut Vec<ValidationIssue>,
    params: &mut Params,
) {
    if value.len() > MAX_TAGS {
        let message = format!(
            "at most {MAX_TAGS} tags fit in one call, not {}",
            value.len()
        );
        issue(issues, spec.name, ErrorKind::TooManyTags, message);
    }
    for (i, tag) in value.iter().enumerate() {
        let at = format!("{}[{i}]", spec.name);
        check_tag_text(
            &tag.key,
            &format!("{at}.key"),
            "key",
            MAX_TAG_KEY_CHARS,
            issues,
        );
        if !tag.value.is_empty() {
            check_tag_text(
                &tag.value,
                &format!("{at}.value"),
                "value",
                MAX_TAG_VALUE_CHARS,
                issues,
            );
        }
        let n = i + 1;
        params.push((
            Cow::Owned(format!("{}.{n}.Key", spec.param)),
            tag.key.clone(),
        ));
        if !tag.value.is_empty() {
            params.push((
                Cow::Owned(format!("{}.{n}.Value", spec.param)),
                tag.value.clone(),
            ));
        }
    }
}

fn check_tag_text(
    text: &str,
    path: &str,
    what: &str,
    max: usize,
    issues: &mut Vec<ValidationIssue>,
) {
    let chars = text.chars().count();
    let problem = if chars == 0 {
        Some(format!("a tag {what} must not be empty"))
    } else if chars > max {
        Some(format!(
            "a tag {what} is at most {max} characters, not {chars}"
        ))
    } else if text.starts_with("aliyun") || text.starts_with("acs:") {
        Some(format!(
            "a tag {what} must not start with \"aliyun\" or \"acs:\""
        ))
    } else if text.contains("http://") || text.contains("https://") {
        Some(format!(
            "a tag {what} must not contain \"http://\" or \"https://\""
        ))
    } else if text.chars().any(char::is_control) {
        Some(format!("a tag {what} contains control characters"))
    } else {
        None
    };
    if let Some(message) = problem {
        issue(issues, path, ErrorKind::InvalidTag, message);
    }
}
