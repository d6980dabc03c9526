//! What crosses back to JavaScript as text: the signed-request record, validation issues
//! and errors. `pkg-template/wire.js` documents these formats and is their one reader.

use crate::error::{Error, ValidationIssue};
use crate::json;
use crate::rpc::{acs3, Method, SignatureStages, SignedParts, SignedRequest};
use crate::slb::BackendServer;

/// The signed request as one record for the JS wrapper (`pkg-template/wire.js` documents
/// the format and reads it). HMAC-SHA1: method, `endpoint/`, canonical query, string to
/// sign, signature, the signature percent-encoded, each followed by `\n` (none can hold
/// one: they are ASCII without control characters); then the names of every parameter
/// sent, as one block, then their values. Each name, value and the block is
/// `<length>:<text>` with the length in UTF-16 code units (what JS `slice` counts), so no
/// escaping is needed. The names come as one block so the wrapper can tell, with one
/// comparison, that they are the last call's. The URL and body are not sent again: the
/// wrapper joins them from these parts. ACS3-HMAC-SHA256: see [`write_acs3_record`].
// Only the signer's exports call it (a wasm build with the `signer` feature).
#[cfg_attr(not(all(target_arch = "wasm32", feature = "signer")), allow(dead_code))]
pub(crate) fn record(signed: &SignedParts<'_>) -> String {
    match signed {
        SignedParts::HmacSha1(signed) => write_record(
            [
                signed.method.as_str(),
                signed.endpoint.as_str(),
                signed.canonical_query.as_str(),
                signed.string_to_sign.as_str(),
                signed.signature.as_str(),
            ],
            &signed.pairs,
        ),
        SignedParts::Acs3HmacSha256(signed) => write_acs3_record(
            signed.method,
            &signed.url(),
            signed.body.as_deref(),
            &signed.stages,
            &signed.headers,
            signed.query.iter().chain(&signed.body_params).copied(),
        ),
    }
}

/// The record of a [`SignedRequest`] (whose v1 params end with `Signature`): what the glue
/// answers for it, for tests that compare the two.
pub fn record_of(signed: &SignedRequest) -> String {
    let pairs = signed.params.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    match &signed.stages {
        SignatureStages::HmacSha1 {
            canonical_query,
            string_to_sign,
            signature,
        } => write_record(
            [
                signed.method.as_str(),
                signed
                    .url
                    .split("/?")
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('/'),
                canonical_query.as_str(),
                string_to_sign.as_str(),
                signature.as_str(),
            ],
            &pairs.filter(|(n, _)| *n != "Signature").collect::<Vec<_>>(),
        ),
        SignatureStages::Acs3HmacSha256(stages) => write_acs3_record(
            signed.method,
            &signed.url,
            signed.body.as_deref(),
            stages,
            &signed.headers,
            pairs,
        ),
    }
}

/// `head`: method, endpoint, canonical query, string to sign, signature; `pairs`: every
/// parameter signed, `Signature` not among them.
fn write_record(head: [&str; 5], pairs: &[(&str, &str)]) -> String {
    let [method, endpoint, canonical_query, string_to_sign, signature] = head;
    let encoded_signature = crate::rpc::percent_encode(signature);
    let parts = [
        method,
        endpoint,
        canonical_query,
        string_to_sign,
        signature,
        &encoded_signature,
    ];
    let params_len: usize = pairs.iter().map(|(n, v)| n.len() + v.len() + 12).sum();
    let mut out =
        String::with_capacity(parts.iter().map(|p| p.len() + 1).sum::<usize>() + params_len + 48);
    for (i, part) in parts.into_iter().enumerate() {
        out.push_str(part);
        if i == 1 {
            out.push('/');
        }
        out.push('\n');
    }
    let signature_pair = ("Signature", signature);
    push_pairs(&mut out, pairs.iter().chain([&signature_pair]).copied());
    out
}

/// The ACS3-HMAC-SHA256 record: `ACS3-HMAC-SHA256\n`, then, each `<length>:<text>` (they
/// may hold newlines): method, URL, body (empty: none), canonical query, canonical
/// request, hashed canonical request, string to sign, signature; then the headers' names
/// as one block and their values; then the parameters' (query and body) likewise.
fn write_acs3_record<'p>(
    method: Method,
    url: &str,
    body: Option<&str>,
    stages: &acs3::Stages,
    headers: &[(&str, String)],
    params: impl Iterator<Item = (&'p str, &'p str)> + Clone,
) -> String {
    let mut out = String::with_capacity(1024);
    out.push_str(acs3::ALGORITHM);
    out.push('\n');
    for part in [
        method.as_str(),
        url,
        body.unwrap_or_default(),
        stages.canonical_query.as_str(),
        stages.canonical_request.as_str(),
        stages.hashed_canonical_request.as_str(),
        stages.string_to_sign.as_str(),
        stages.signature.as_str(),
    ] {
        push_counted(&mut out, part);
    }
    push_pairs(&mut out, headers.iter().map(|(n, v)| (*n, v.as_str())));
    push_pairs(&mut out, params);
    out
}

/// Appends the names of `pairs` as one `<length>:<text>` block of counted names, then each
/// value counted.
fn push_pairs<'p>(out: &mut String, pairs: impl Iterator<Item = (&'p str, &'p str)> + Clone) {
    let mut names = String::with_capacity(pairs.clone().map(|(n, _)| n.len() + 4).sum());
    let mut names_units = 0;
    for (name, _) in pairs.clone() {
        names_units += push_counted(&mut names, name);
    }
    json::push_decimal(out, names_units);
    out.push(':');
    out.push_str(&names);
    for (_, value) in pairs {
        push_counted(out, value);
    }
}

/// Appends `<length>:<text>`; returns how many UTF-16 code units it appended.
fn push_counted(out: &mut String, text: &str) -> usize {
    let units = if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    };
    let start = out.len();
    json::push_decimal(out, units);
    out.push(':');
    // The length and colon are ASCII: one unit per byte.
    let head = out.len() - start;
    out.push_str(text);
    head + units
}

/// Issues as a JSON array of `{path, code, message}`.
pub fn issues_json(issues: &[ValidationIssue]) -> String {
    let mut out = String::from("[");
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"path\":");
        json::write_string(&mut out, &issue.path);
        out.push_str(",\"code\":");
        json::write_string(&mut out, issue.code.as_str());
        out.push_str(",\"message\":");
        json::write_string(&mut out, &issue.message);
        out.push('}');
    }
    out.push(']');
    out
}

/// An error as JSON: `{code, message, path?, issues, ...details}`, where `details` is a
/// JSON object whose members are added (a service error's `status`, `requestId`, ...).
/// `code` is the error's own, or the service's. Messages never hold a secret (the core
/// guarantees it).
pub fn error_json(code: &str, error: &Error, details: Option<&str>) -> String {
    let mut out = String::from("{\"code\":");
    json::write_string(&mut out, code);
    out.push_str(",\"message\":");
    json::write_string(&mut out, error.message());
    if let Some(path) = error.path() {
        out.push_str(",\"path\":");
        json::write_string(&mut out, path);
    }
    out.push_str(",\"issues\":");
    out.push_str(&issues_json(error.issues()));
    let members = details
        .and_then(|d| d.trim().strip_prefix('{')?.strip_suffix('}'))
        .filter(|m| !m.trim().is_empty());
    if let Some(members) = members {
        out.push(',');
        out.push_str(members);
    }
    out.push('}');
    out
}

/// A member as the JS API writes it: `{serverId, port, weight?, type?, serverIp?,
/// description?}`.
pub fn server_json(out: &mut String, server: &BackendServer) {
    out.push_str("{\"serverId\":");
    json::write_string(out, &server.server_id);
    out.push_str(",\"port\":");
    json::push_decimal(out, usize::from(server.port));
    if let Some(weight) = server.weight {
        out.push_str(",\"weight\":");
        json::push_decimal(out, usize::from(weight));
    }
    let texts = [
        ("type", server.server_type.map(|t| t.as_str())),
        ("serverIp", server.server_ip.as_deref()),
        ("description", server.description.as_deref()),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            json::write_string(out, value);
        }
    }
    out.push('}');
}
