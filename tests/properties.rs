//! Property tests: no input of any shape panics, and the canonical query decodes back to
#![cfg(not(target_arch = "wasm32"))]
//! exactly the parameters signed.

use aliyun_slb_wasm::js::request::{validate, SignCall};
use std::collections::BTreeMap;

use aliyun_slb_wasm::rpc::SignatureAlgorithm;
use aliyun_slb_wasm::slb::{plan_membership, PlanCall};
use aliyun_slb_wasm::{
    json, rpc, serialize_backend_servers, BackendServer, Credentials, Endpoint, Method, RpcRequest,
    SlbAction, Timestamp,
};
use proptest::prelude::*;
use serde_json::Value;

/// Our reader's value as serde_json's (numbers as f64, a repeated name's last value).
fn to_serde(value: &json::Value<'_>) -> Value {
    match value {
        json::Value::Null => Value::Null,
        json::Value::Bool(b) => Value::Bool(*b),
        json::Value::Number(_) => serde_json::Number::from_f64(value.as_f64().unwrap())
            .unwrap()
            .into(),
        json::Value::String(s) => Value::String(s.to_string()),
        json::Value::Array(items) => Value::Array(items.iter().map(to_serde).collect()),
        json::Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(n, v)| (n.to_string(), to_serde(v)))
                .collect(),
        ),
    }
}

/// Equal, numbers compared by value: within 16 units in the last place (both readers
/// round decimals that need more than one correctly rounded operation approximately), or
/// both below 1e-300 (where the steps of scaling lose subnormal digits).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y
                || (x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) <= 16)
                || (x.abs() < 1e-300 && y.abs() < 1e-300)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned()
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<i64>().prop_map(|i| Value::Number(i.into())),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "cn-hangzhou",
            "rsp-1",
            "vm-1",
            "80",
            "eni",
            "1.2.3.4",
            ""
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "regionId",
                        "vServerGroupId",
                        "backendServers",
                        "BackendServers",
                        "serverId",
                        "port",
                        "Port",
                        "weight",
                        "type",
                        "serverIp",
                        "description",
                        "accessKeyId",
                        "accessKeySecret",
                        "securityToken",
                        "method",
                        "format",
                        "timestamp",
                        "nonce",
                        "endpoint",
                        "x",
                        "",
                    ])
                    .prop_map(str::to_owned),
                    inner,
                ),
                0..8
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// `make test` runs a smoke of each property; `make fuzz` runs many more (PROPTEST_CASES).
fn any_action() -> impl Strategy<Value = SlbAction> {
    prop::sample::select(SlbAction::ALL)
}

/// An object with some of `action`'s fields, under their name or alias; list fields get
/// lists of objects with server or tag fields of any value.
fn request_of(action: SlbAction) -> impl Strategy<Value = Value> {
    let server = prop::collection::btree_map(
        prop::sample::select(
            &[
                "serverId",
                "Port",
                "port",
                "weight",
                "type",
                "serverIp",
                "description",
            ][..],
        ),
        // Leaves only: whole documents as field values come at the top level.
        prop_oneof![
            (0u32..70_000).prop_map(Value::from),
            "[0-9]{1,6}".prop_map(Value::from),
            "[a-z0-9.:-]{0,12}".prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            Just(Value::Null),
        ],
        0..7,
    )
    .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    let field_value = prop_oneof![
        any_json(),
        // Mostly short lists; some around the limit of 20.
        prop_oneof![
            3 => prop::collection::vec(server.clone(), 0..4),
            1 => prop::collection::vec(server, 19..22)
        ]
        .prop_map(Value::Array),
        "[a-z0-9-]{0,70}".prop_map(Value::from),
    ];
    let names: Vec<String> = action
        .fields()
        .iter()
        .flat_map(|f| [f.name.to_owned(), f.param.to_owned()])
        .collect();
    prop::collection::btree_map(prop::sample::select(names), field_value, 0..8)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// Signs and validates; a request valid alone fails only on its credentials or options.
fn check_typed_input(
    action: SlbAction,
    request: &Value,
    credentials: &Value,
    options: &Value,
) -> Result<(), TestCaseError> {
    let (request, credentials, options) = (
        request.to_string(),
        credentials.to_string(),
        options.to_string(),
    );
    let issues = validate(action, &request);
    let result = SignCall::read(action, &request, &credentials, &options)
        .sign(|| Timestamp::from_unix_seconds(0), || Ok("n".into()));
    if issues.is_empty() {
        if let Err(e) = result {
            prop_assert!(
                e.issues()
                    .iter()
                    .all(|i| i.path.starts_with("credentials") || i.path.starts_with("options")),
                "{:?}",
                e
            );
        }
    } else {
        prop_assert!(result.is_err());
    }
    Ok(())
}

fn cases(smoke: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(smoke);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// The properties `make fuzz` runs in rounds (it selects them by this module's name).
mod fuzz {
    use super::*;

    proptest! {
        #![proptest_config(cases(2000))]

        #[test]
        fn generic_signing_never_panics_and_the_query_decodes_to_the_params(
            params in prop::collection::vec((".{0,8}", ".{0,16}"), 0..12),
            secret in ".{0,20}",
            token in ".{0,8}",
            post in any::<bool>(),
        ) {
            let request = RpcRequest {
                method: if post { Method::Post } else { Method::Get },
                endpoint: Endpoint::parse("https://slb.aliyuncs.com").unwrap(),
                params: [("Action".to_owned(), "A".to_owned()), ("Version".to_owned(), "1".to_owned())]
                    .into_iter()
                    .chain(params)
                    .collect(),
                body_params: Vec::new(),
                signature_algorithm: SignatureAlgorithm::HmacSha1,
            };
            let credentials = Credentials::new("id", secret).with_security_token(token);
            let ts = Timestamp::from_unix_seconds(0).unwrap();
            if let Ok(signed) = rpc::sign(&request, &rpc::SigningParams { credentials: &credentials, timestamp: &ts, nonce: "n" }) {
                let decoded: Vec<(String, String)> = signed
                    .canonical_query()
                    .split('&')
                    .map(|pair| {
                        let (n, v) = pair.split_once('=').expect("name=value");
                        (percent_decode(n), percent_decode(v))
                    })
                    .collect();
                let mut sent = signed.params.clone();
                prop_assert_eq!(sent.pop().map(|p| p.0), Some("Signature".to_owned()));
                prop_assert_eq!(decoded, sent);
                // The transport form carries the same bytes.
                let query = signed.body.as_deref().unwrap_or_else(|| signed.url.split_once('?').unwrap().1);
                prop_assert!(query.starts_with(signed.canonical_query()));
            }
        }

        #[test]
        fn acs3_signing_never_panics_and_what_is_sent_decodes_to_the_params(
            params in prop::collection::vec((".{0,8}", ".{0,16}"), 0..8),
            body in prop::collection::vec((".{0,8}", ".{0,16}"), 0..4),
            token in ".{0,8}",
        ) {
            let mut request = RpcRequest::new(Method::Post, Endpoint::parse("https://slb.aliyuncs.com").unwrap())
                .signature_algorithm(SignatureAlgorithm::Acs3HmacSha256)
                .param("Action", "A")
                .param("Version", "1");
            request.params.extend(params);
            request.body_params = body;
            let credentials = Credentials::new("id", "secret").with_security_token(token);
            let ts = Timestamp::from_unix_seconds(0).unwrap();
            if let Ok(signed) = rpc::sign(&request, &rpc::SigningParams { credentials: &credentials, timestamp: &ts, nonce: "n" }) {
                let decode = |text: &str| -> Vec<(String, String)> {
                    text.split('&').filter(|p| !p.is_empty()).map(|pair| {
                        let (n, v) = pair.split_once('=').expect("name=value");
                        (percent_decode(n), percent_decode(v))
                    }).collect()
                };
                let query = signed.url.split_once('?').map_or(String::new(), |(_, q)| q.to_owned());
                let mut sent = decode(&query);
                sent.extend(decode(signed.body.as_deref().unwrap_or_default()));
                prop_assert_eq!(sent, signed.params.clone());
                let authorization = &signed.headers.last().expect("authorization").1;
                prop_assert!(authorization.ends_with(signed.signature()));
            }
        }

        #[test]
        fn typed_json_input_of_any_shape_never_panics(action in any_action(), request in any_json(), credentials in any_json(), options in any_json()) {
            check_typed_input(action, &request, &credentials, &options)?;
        }

        /// Requests with each of the action's fields (by name or alias) of any value, so that
        /// every field's decoder and rule is reached.
        #[test]
        fn action_requests_with_any_field_values_never_panic(
            (action, request) in any_action().prop_flat_map(|action| (Just(action), request_of(action))),
            credentials in any_json(),
        ) {
            check_typed_input(action, &request, &credentials, &Value::Null)?;
        }

        #[test]
        fn the_json_reader_reads_what_serde_json_reads(doc in any_json(), pretty in any::<bool>()) {
            let text = if pretty { serde_json::to_string_pretty(&doc).unwrap() } else { doc.to_string() };
            let ours = json::parse(&text).map(|v| to_serde(&v));
            prop_assert!(ours.as_ref().is_ok_and(|ours| same_json(ours, &doc)), "{:?}: {:?}", text, ours);
        }

        #[test]
        fn the_json_reader_accepts_exactly_what_serde_json_accepts(
            text in prop_oneof![
                r#"[ \[\]{}",:0-9eE.+\-tfrueals\\u/dD8Ac\n]{0,24}"#,
                (any_json(), any::<prop::sample::Index>(), ".{0,2}").prop_map(|(doc, at, insert)| {
                    // A valid document with a few characters put in or taken out.
                    let mut text = doc.to_string();
                    let at = text.char_indices().map(|(i, _)| i).nth(at.index(text.chars().count().max(1))).unwrap_or(0);
                    if insert.is_empty() { text.remove(at.min(text.len().saturating_sub(1))); } else { text.insert_str(at, &insert); }
                    text
                }),
            ]
        ) {
            let ours = json::parse(&text).map(|v| to_serde(&v));
            let theirs = serde_json::from_str::<Value>(&text);
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: ours {:?}, serde_json {:?}", text, ours, theirs);
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert!(same_json(&ours, &theirs), "{:?}: {:?} vs {:?}", text, ours, theirs);
            }
        }

        #[test]
        fn text_that_is_not_json_never_panics(text in ".{0,64}") {
            for action in SlbAction::ALL {
                let _ = validate(*action, &text);
                let _ = SignCall::read(*action, &text, &text, &text).sign(|| Timestamp::from_unix_seconds(0), || Ok(String::new()));
            }
        }

        #[test]
        fn valid_servers_serialize_to_json_that_reads_back(
            servers in prop::collection::vec(
                ("[a-z0-9-]{1,12}", 1u16..=65535, prop::option::of(0u8..=100), prop::option::of(".{1,20}")),
                1..=20,
            )
        ) {
            let list: Vec<BackendServer> = servers
                .iter()
                .map(|(id, port, weight, description)| {
                    let mut s = BackendServer::new(id.clone(), *port);
                    s.weight = *weight;
                    s.description = description.clone();
                    s
                })
                .collect();
            if let Ok(json) = serialize_backend_servers(&list) {
                let parsed: Vec<Value> = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(parsed.len(), list.len());
                for (value, (id, port, weight, description)) in parsed.iter().zip(&servers) {
                    prop_assert_eq!(value["ServerId"].as_str(), Some(id.as_str()));
                    prop_assert_eq!(value["Port"].as_u64(), Some(u64::from(*port)));
                    prop_assert_eq!(value["Weight"].as_u64(), weight.map(u64::from));
                    prop_assert_eq!(value["Description"].as_str(), description.as_deref());
                }
            }
        }
    }
}

/// Members with distinct identities, drawn from a universe small enough that current and
/// desired overlap, and large enough for several calls of 20.
fn members() -> impl Strategy<Value = Vec<BackendServer>> {
    prop::collection::btree_map(
        (0u16..60, 80u16..82),
        (prop::option::of(0u8..=100), prop::option::of("[a-c]{1,2}")),
        0..50,
    )
    .prop_map(|m| {
        m.into_iter()
            .map(|((id, port), (weight, description))| BackendServer {
                weight,
                description,
                ..BackendServer::new(format!("vm-{id}"), port)
            })
            .collect()
    })
}

type Member = (u8, Option<String>);

/// What a group holds after `calls`, by identity: weight and description.
fn apply_calls(current: &[BackendServer], calls: &[PlanCall]) -> BTreeMap<(String, u16), Member> {
    let key = |s: &BackendServer| (s.server_id.clone(), s.port);
    let mut group: BTreeMap<(String, u16), Member> = current
        .iter()
        .map(|s| (key(s), (s.weight.unwrap_or(100), s.description.clone())))
        .collect();
    for call in calls {
        for s in &call.backend_servers {
            match call.action {
                SlbAction::RemoveVServerGroupBackendServers => {
                    group.remove(&key(s));
                }
                SlbAction::AddVServerGroupBackendServers => {
                    group.insert(key(s), (s.weight.unwrap_or(100), s.description.clone()));
                }
                _ => {
                    let member = group.get_mut(&key(s)).expect("Set changes members only");
                    member.0 = s.weight.unwrap_or(member.0);
                    if s.description.is_some() {
                        member.1 = s.description.clone();
                    }
                }
            }
        }
    }
    group
}

/// The planner's property, which `make fuzz` runs too (it selects `fuzz` modules by name).
mod fuzz_plan {
    use super::*;

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn a_plan_reaches_the_desired_members_in_the_fewest_calls(current in members(), desired in members(), add_first in any::<bool>()) {
            let plan = plan_membership(&current, &desired, add_first).unwrap();
            let had: BTreeMap<(String, u16), Member> = current.iter().map(|s| ((s.server_id.clone(), s.port), (s.weight.unwrap_or(100), s.description.clone()))).collect();
            // Desired: its weight (default 100); its description if given, else what the member had.
            let wanted: BTreeMap<(String, u16), Member> = desired.iter().map(|s| {
                let key = (s.server_id.clone(), s.port);
                let kept = had.get(&key).and_then(|m| m.1.clone());
                let description = s.description.clone().or(kept);
                (key, (s.weight.unwrap_or(100), description))
            }).collect();
            prop_assert_eq!(apply_calls(&current, &plan.calls), wanted.clone());

            let removed = had.keys().filter(|k| !wanted.contains_key(*k)).count();
            let added = wanted.keys().filter(|k| !had.contains_key(*k)).count();
            let updated = wanted.iter().filter(|(k, w)| had.get(*k).is_some_and(|h| h != *w)).count();
            let fewest = removed.div_ceil(20) + added.div_ceil(20) + updated.div_ceil(20);
            prop_assert_eq!(plan.calls.len(), fewest);
            prop_assert!(plan.calls.iter().all(|c| (1..=20).contains(&c.backend_servers.len())));
            prop_assert_eq!(plan.lines.len(), removed + added + updated);
            // Applying it again from where it ends plans nothing.
            let after: Vec<BackendServer> = wanted.iter().map(|((id, port), (w, d))| BackendServer { weight: Some(*w), description: d.clone(), ..BackendServer::new(id.clone(), *port) }).collect();
            prop_assert!(plan_membership(&after, &desired, add_first).unwrap().is_empty());
        }
    }
}
