//! The glue's test suite, run by `wasm-pack test` in Node, headless Chromium and Firefox:
//! all 300 vectors, the typed seed example, error shapes and codes, and the defaults for
//! timestamp and nonce. It needs the `signer` feature, and the client's tests the `client`
//! feature (both on by default).
#![cfg(all(target_arch = "wasm32", feature = "signer"))]

use aliyun_slb_wasm::wasm;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

mod common;

use aliyun_slb_wasm::js::output::record_of;
use aliyun_slb_wasm::js::request::SignCall;
use aliyun_slb_wasm::{SignedRequest, SlbAction, Timestamp};

const VECTORS: &str = include_str!("vectors/rpc-v1.json");

/// An error the exports threw: JSON text (pkg-template/wire.js reads it in the package).
fn error_json(error: &JsValue) -> Value {
    serde_json::from_str(&error.as_string().expect("errors cross as JSON text")).unwrap()
}

fn prop(error: &JsValue, key: &str) -> Option<String> {
    error_json(error)[key].as_str().map(str::to_owned)
}

fn issues(error: &JsValue) -> Vec<(String, String)> {
    error_json(error)["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Line `n` of a record's head (0 method, 1 endpoint, 2 canonical query, 3 string to sign,
/// 4 signature): enough to look at what the clock and the CSPRNG filled in.
fn record_line(record: &str, n: usize) -> &str {
    record.split('\n').nth(n).unwrap()
}

#[wasm_bindgen_test]
fn all_300_vectors_stage_by_stage() {
    let file: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = file["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 300);
    for case in cases
        .iter()
        .chain(file["disagreements"].as_array().unwrap())
    {
        let id = case["id"].as_str().unwrap();
        let expected = if case["expected"].is_object() {
            &case["expected"]
        } else {
            &case["popcore"]
        };
        let core = common::sign_input(&case["input"]);
        assert_eq!(
            core.canonical_query(),
            expected["canonicalQuery"].as_str().unwrap(),
            "{id}"
        );
        assert_eq!(
            core.string_to_sign(),
            expected["stringToSign"].as_str().unwrap(),
            "{id}"
        );
        assert_eq!(
            core.signature(),
            expected["signature"].as_str().unwrap(),
            "{id}"
        );
        if let Some(url) = expected["url"].as_str() {
            assert_eq!(core.url, url, "{id}");
        }
        // The export answers exactly the record of what the core signed.
        let record = wasm::sign_rpc_request(case["input"].to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        assert_eq!(record, record_of(&core), "{id}");
    }
}

/// The 201 v3 cases: each stage type, the core's signing, and the export's record of it.
#[wasm_bindgen_test]
fn all_201_acs3_cases_stage_by_stage() {
    let cases = common::acs3_cases();
    assert_eq!(cases.len(), 201);
    let mut other_bodies = 0;
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        common::assert_acs3_stages(case);
        let (request, credentials) = common::acs3_request(case);
        let unused_clock = Timestamp::from_unix_seconds(0).unwrap();
        let signing = aliyun_slb_wasm::rpc::SigningParams {
            credentials: &credentials,
            timestamp: &unused_clock,
            nonce: "unused-nonce",
        };
        let core = aliyun_slb_wasm::rpc::sign(&request, &signing).unwrap();
        if !common::assert_acs3_signed(case, &core) {
            other_bodies += 1;
        }
        let object = |pairs: &[(String, String)]| -> serde_json::Map<String, Value> {
            pairs
                .iter()
                .map(|(n, v)| (n.clone(), v.as_str().into()))
                .collect()
        };
        let input = json!({
            "method": case["method"], "endpoint": common::acs3_endpoint(case),
            "accessKeyId": case["accessKeyId"], "accessKeySecret": case["accessKeySecret"],
            "securityToken": case["securityToken"], "signatureAlgorithm": "ACS3-HMAC-SHA256",
            "params": object(&request.params), "bodyParams": object(&request.body_params),
        });
        let record = wasm::sign_rpc_request(input.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        assert_eq!(record, record_of(&core), "{id}");
    }
    assert_eq!(other_bodies, 13);
}

/// Typed requests under v3 through the export, as the core signs them; the clock and
/// CSPRNG fill `x-acs-date` and `x-acs-signature-nonce`.
#[wasm_bindgen_test]
fn typed_acs3_signs_through_the_export() {
    let fixed = r#"{"timestamp":"2016-02-23T12:46:24Z","nonce":"n","method":"POST","signatureAlgorithm":"ACS3-HMAC-SHA256"}"#;
    let record = sign_typed(&seed_request(), CREDENTIALS, fixed).unwrap();
    let core = signed_by_core(
        SlbAction::AddVServerGroupBackendServers,
        &seed_request(),
        CREDENTIALS,
        fixed,
    );
    assert_eq!(record, record_of(&core));
    assert!(record.starts_with("ACS3-HMAC-SHA256\n4:POST"), "{record}");

    let before = js_sys::Date::now();
    let record = sign_typed(
        &seed_request(),
        CREDENTIALS,
        r#"{"signatureAlgorithm":"ACS3-HMAC-SHA256"}"#,
    )
    .unwrap();
    let line = |name: &str| {
        let at = record.find(&format!("\n{name}:")).unwrap() + name.len() + 2;
        record[at..].split('\n').next().unwrap().to_owned()
    };
    let millis = js_sys::Date::parse(&line("x-acs-date"));
    assert!(millis >= (before / 1000.0).floor() * 1000.0 && millis <= js_sys::Date::now());
    assert_eq!(line("x-acs-signature-nonce").len(), 36);
    let error = sign_typed(
        &seed_request(),
        CREDENTIALS,
        r#"{"signatureAlgorithm":"v3"}"#,
    )
    .unwrap_err();
    assert_eq!(
        issues(&error),
        [(
            "options.signatureAlgorithm".into(),
            "InvalidSignatureAlgorithm".into()
        )]
    );
}

fn seed_request() -> String {
    json!({"regionId": "cn-hangzhou", "vServerGroupId": "rsp-cige6j5e7p", "backendServers": [
        {"serverId": "i-bp1test", "port": 80, "weight": 100, "type": "ecs", "description": "web 1"}]})
    .to_string()
}

/// The typed signing export for Add, given its texts as the wrapper joins them.
fn sign_typed(request: &str, credentials: &str, options: &str) -> Result<String, JsValue> {
    sign_action(
        "AddVServerGroupBackendServers",
        request,
        credentials,
        options,
    )
}

fn sign_action(
    action: &str,
    request: &str,
    credentials: &str,
    options: &str,
) -> Result<String, JsValue> {
    wasm::sign_slb_request(format!("{action}\n{request}\n{credentials}\n{options}").as_bytes())
}

/// What the core signs for the same texts, with a fixed clock and nonce.
fn signed_by_core(
    action: SlbAction,
    request: &str,
    credentials: &str,
    options: &str,
) -> SignedRequest {
    SignCall::read(action, request, credentials, options)
        .sign(|| Timestamp::from_unix_seconds(0), || Ok("n".into()))
        .unwrap()
}

const CREDENTIALS: &str = r#"{"accessKeyId":"testid","accessKeySecret":"testsecret"}"#;

#[wasm_bindgen_test]
fn typed_seed_example_get_and_post() {
    for (method, signature) in [
        ("GET", "DzqsF41MvauLDKgNVYAxcURlGiU="),
        ("POST", "Gfod6Tzhe2j8CCjo8ufW6561B28="),
    ] {
        let options = json!({"method": method, "timestamp": "2016-02-23T12:46:24Z",
            "nonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"});
        let record = sign_typed(&seed_request(), CREDENTIALS, &options.to_string()).unwrap();
        let core = signed_by_core(
            SlbAction::AddVServerGroupBackendServers,
            &seed_request(),
            CREDENTIALS,
            &options.to_string(),
        );
        assert_eq!(core.signature(), signature);
        assert_eq!(record, record_of(&core));
        assert_eq!(record_line(&record, 1), "https://slb.aliyuncs.com/");
    }
}

/// Each action signs through the one export exactly as the core signs it.
#[wasm_bindgen_test]
fn every_action_signs_through_the_generic_export() {
    let options = r#"{"timestamp":"2016-02-23T12:46:24Z","nonce":"n","format":"XML"}"#;
    let group = r#""regionId":"cn-hangzhou","vServerGroupId":"rsp-cige6j5e7p""#;
    let servers = r#"[{"serverId":"vm-1","port":80,"weight":5}]"#;
    for (action, request) in [
        (
            "CreateVServerGroup",
            r#"{"regionId":"cn-hangzhou","loadBalancerId":"lb-1","tags":[{"key":"k","value":"v"}]}"#
                .to_owned(),
        ),
        ("DeleteVServerGroup", format!("{{{group}}}")),
        (
            "DescribeVServerGroups",
            r#"{"regionId":"cn-hangzhou","loadBalancerId":"lb-1","includeRule":true}"#.to_owned(),
        ),
        ("DescribeVServerGroupAttribute", format!("{{{group}}}")),
        (
            "SetVServerGroupAttribute",
            format!(r#"{{{group},"vServerGroupName":"web"}}"#),
        ),
        (
            "AddVServerGroupBackendServers",
            format!(r#"{{{group},"backendServers":{servers}}}"#),
        ),
        (
            "RemoveVServerGroupBackendServers",
            format!(r#"{{{group},"backendServers":{servers}}}"#),
        ),
        (
            "ModifyVServerGroupBackendServers",
            format!(r#"{{{group},"oldBackendServers":{servers},"newBackendServers":{servers}}}"#),
        ),
    ] {
        let record = sign_action(action, &request, CREDENTIALS, options)
            .unwrap_or_else(|e| panic!("{action}: {e:?}"));
        let core = signed_by_core(
            SlbAction::parse(action).unwrap(),
            &request,
            CREDENTIALS,
            options,
        );
        assert_eq!(record, record_of(&core), "{action}");
        assert!(
            record_line(&record, 2).contains(&format!("Action={action}&")),
            "{action}"
        );
    }
    let unknown = sign_action("DescribeRegions", "{}", CREDENTIALS, options).unwrap_err();
    assert_eq!(
        (prop(&unknown, "code"), prop(&unknown, "path")),
        (Some("UnknownAction".into()), Some("action".into()))
    );
    assert!(wasm::validate_slb_request("Nope", "{}").is_err());
    assert_eq!(wasm::slb_actions().split(',').count(), 8);
}

#[wasm_bindgen_test]
fn defaults_are_the_clock_and_a_csprng_uuid() {
    let before = js_sys::Date::now();
    let mut nonces = Vec::new();
    for _ in 0..50 {
        let record = sign_typed(&seed_request(), CREDENTIALS, "{}").unwrap();
        let query = record_line(&record, 2).to_owned();
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|p| p.strip_prefix(&format!("{name}=")))
                .unwrap()
                .to_owned()
        };
        let timestamp = param("Timestamp").replace("%3A", ":");
        let millis = js_sys::Date::parse(&timestamp);
        assert!(
            millis >= (before / 1000.0).floor() * 1000.0 && millis <= js_sys::Date::now(),
            "{timestamp}"
        );
        assert_eq!(timestamp.len(), 20, "whole seconds: {timestamp}");
        let nonce = param("SignatureNonce");
        let b = nonce.as_bytes();
        assert_eq!(nonce.len(), 36);
        assert_eq!(
            (b[8], b[13], b[14], b[18], b[23]),
            (b'-', b'-', b'4', b'-', b'-'),
            "{nonce}"
        );
        assert!(matches!(b[19], b'8' | b'9' | b'a' | b'b'), "{nonce}");
        nonces.push(nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 50);
}

#[wasm_bindgen_test]
fn validation_errors_carry_code_path_and_every_issue() {
    let request = json!({"regionId": "Hangzhou", "vServerGroupId": "rsp-cige6j5e7p",
        "backendServers": [{"serverId": "vm-1", "port": 0}, {"serverId": "vm-2", "prot": 80}]})
    .to_string();
    let options = json!({"timestamp": "2016-02-23T12:46:24.123Z"}).to_string();
    let error = sign_typed(
        &request,
        r#"{"accessKeyId":"id","accessKeySecret":" s"}"#,
        &options,
    )
    .unwrap_err();
    assert_eq!(prop(&error, "code").as_deref(), Some("ValidationFailed"));
    assert!(!prop(&error, "message").unwrap().contains(" s\""));
    assert_eq!(
        issues(&error),
        [
            ("backendServers[0].port", "InvalidPort"),
            ("backendServers[1].prot", "UnknownField"),
            ("backendServers[1].port", "MissingParameter"),
            ("options.timestamp", "InvalidTimestamp"),
            ("regionId", "InvalidRegionId"),
            ("credentials.accessKeySecret", "InvalidCredentials"),
        ]
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
    );
    let add = "AddVServerGroupBackendServers";
    assert_eq!(
        wasm::validate_slb_request(add, &request)
            .unwrap()
            .matches("\"code\"")
            .count(),
        4
    );
    assert_eq!(
        wasm::validate_slb_request(add, &seed_request()).unwrap(),
        "[]"
    );
}

#[wasm_bindgen_test]
fn generic_errors_have_their_own_codes() {
    let sign = |request: Value| wasm::sign_rpc_request(request.to_string().as_bytes()).unwrap_err();
    let base = json!({"endpoint": "https://slb.aliyuncs.com", "accessKeyId": "id", "accessKeySecret": "secret",
        "params": {"Action": "DescribeRegions", "Version": "2014-05-15"}});
    let with = |key: &str, value: Value| {
        let mut r = base.clone();
        r[key] = value;
        r
    };
    assert_eq!(
        prop(&sign(with("endpoint", json!("ftp://x"))), "code").as_deref(),
        Some("InvalidEndpoint")
    );
    assert_eq!(
        prop(&sign(with("method", json!("PUT"))), "code").as_deref(),
        Some("InvalidMethod")
    );
    assert_eq!(
        prop(&sign(with("accessKeySecret", json!(""))), "code").as_deref(),
        Some("InvalidCredentials")
    );
    let no_action = with("params", json!({"Version": "1"}));
    assert_eq!(
        prop(&sign(no_action.clone()), "code").as_deref(),
        Some("MissingParameter")
    );
    assert_eq!(
        prop(&sign(no_action), "path").as_deref(),
        Some("params.Action")
    );
    assert_eq!(
        prop(
            &sign(with(
                "params",
                json!({"Action": "A", "Version": "1", "Signature": "x"})
            )),
            "code"
        )
        .as_deref(),
        Some("ReservedParameterName")
    );
    assert_eq!(
        prop(
            &sign(with(
                "params",
                json!({"Action": "A", "Version": "1", "": "x"})
            )),
            "code"
        )
        .as_deref(),
        Some("EmptyParameterName")
    );
    assert_eq!(
        prop(
            &sign(with(
                "params",
                json!({"Action": "A", "Version": "1", "X": {}})
            )),
            "path"
        )
        .as_deref(),
        Some("params.X")
    );
    assert_eq!(
        prop(&wasm::sign_rpc_request(b"{").unwrap_err(), "code").as_deref(),
        Some("InvalidInput")
    );
    // After all that, the module still signs.
    assert!(wasm::sign_rpc_request(base.to_string().as_bytes()).is_ok());
}

#[wasm_bindgen_test]
fn small_helpers() {
    assert_eq!(
        wasm::endpoint_for_region("ap-southeast-1").unwrap(),
        "https://slb.ap-southeast-1.aliyuncs.com"
    );
    assert_eq!(
        prop(&wasm::endpoint_for_region("x").unwrap_err(), "code").as_deref(),
        Some("InvalidRegionId")
    );
    assert_eq!(
        wasm::format_timestamp(1_456_231_584_123.0).unwrap(),
        "2016-02-23T12:46:24Z"
    );
    assert_eq!(
        prop(&wasm::format_timestamp(f64::NAN).unwrap_err(), "code").as_deref(),
        Some("InvalidTimestamp")
    );
    assert_eq!(
        wasm::serialize_backend_servers(r#"[{"ServerId":"vm-233","Port":"80","Weight":"100"}]"#)
            .unwrap(),
        r#"[{"ServerId":"vm-233","Port":80,"Weight":100}]"#
    );
    let error =
        wasm::serialize_backend_servers(r#"[{"serverId":"vm-1","port":true}]"#).unwrap_err();
    assert_eq!(
        issues(&error),
        [(
            "backendServers[0].port".to_owned(),
            "InvalidInput".to_owned()
        )]
    );
}

#[cfg(feature = "client")]
#[wasm_bindgen_test]
fn responses_parse_and_signature_mismatches_are_diagnosed() {
    use aliyun_slb_wasm::wasm::client;
    let ok: Value = serde_json::from_str(&client::parse_response_json(
        200,
        r#"{"RequestId":"R","VServerGroupId":"rsp-1","BackendServers":{"BackendServer":[]}}"#,
        Some("JSON".into()),
    ))
    .unwrap();
    assert_eq!(
        (ok["ok"].as_bool(), ok["requestId"].as_str()),
        (Some(true), Some("R"))
    );
    let xml: Value = serde_json::from_str(&client::parse_response_json(
        400,
        "<Error><RequestId>R</RequestId><Code>SignatureDoesNotMatch</Code><Message>Specified signature is not matched with our calculation. server string to sign is:GET&amp;%2F&amp;A</Message></Error>",
        None,
    ))
    .unwrap();
    assert_eq!(xml["error"]["code"], "SignatureDoesNotMatch");
    assert_eq!(xml["error"]["serverStringToSign"], "GET&%2F&A");
    let hostile: Value = serde_json::from_str(&client::parse_response_json(
        200,
        r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#,
        None,
    ))
    .unwrap();
    assert_eq!(hostile["error"]["code"], "MalformedResponse");
    let same: Value =
        serde_json::from_str(&client::diagnose_signature("GET&%2F&A", "GET&%2F&A", None)).unwrap();
    assert_eq!(same["kind"], "WrongSecret");
    let other: Value = serde_json::from_str(&client::diagnose_signature(
        "ACS3-HMAC-SHA256\n01",
        "ACS3-HMAC-SHA256\n02",
        Some("GET\n/\n\nhost:h\n\nhost\ne3".into()),
    ))
    .unwrap();
    assert_eq!(other["kind"], "CanonicalRequestMismatch");
    assert_eq!(other["canonicalRequest"], "GET\n/\n\nhost:h\n\nhost\ne3");
}

#[cfg(feature = "client")]
#[wasm_bindgen_test]
fn client_retry_options_are_checked() {
    use aliyun_slb_wasm::wasm::client;
    let config = |retry: Value| {
        json!({ "credentials": { "accessKeyId": "testid", "accessKeySecret": "testsecret" }, "retry": retry })
            .to_string()
    };
    assert!(client::check_client_config(&config(Value::Null)).is_ok());
    assert!(client::check_client_config(&config(
        json!({ "attempts": 10, "baseDelayMs": 0, "retryNetworkErrors": true })
    ))
    .is_ok());
    for (retry, path) in [
        (json!({ "attempts": 0 }), "retry.attempts"),
        (json!({ "maxDelayMs": 1e9 }), "retry.maxDelayMs"),
        (json!({ "retries": 2 }), "retry"),
    ] {
        let error = client::check_client_config(&config(retry.clone())).unwrap_err();
        assert_eq!(
            (prop(&error, "code"), prop(&error, "path")),
            (Some("InvalidRetryPolicy".into()), Some(path.into())),
            "{retry}"
        );
    }
}

/// SlbClient's decision through the export: a failure without a response is thrown with
/// `mayHaveReached` and `attempts`, or retried when the policy says so.
#[cfg(feature = "client")]
#[wasm_bindgen_test]
fn client_steps_after_a_failure_without_a_response() {
    use aliyun_slb_wasm::wasm::client;
    for (retry, attempts) in [
        (json!({ "baseDelayMs": 0 }), 1),
        (json!({ "attempts": 2, "retryNetworkErrors": true }), 2),
    ] {
        let input = |tries: Value| {
            json!({
                "action": "AddVServerGroupBackendServers", "retry": retry, "tries": tries,
                "signed": { "stringToSign": "GET&%2F&A" },
                "failure": { "code": "NetworkError", "message": "fetch failed", "mayHaveReached": true },
                "nowMs": 0, "random": 0.5,
            })
            .to_string()
        };
        let mut tries = json!({ "sent": 0, "counted": 0, "clockOffsetMs": 0, "corrected": false });
        for _ in 1..attempts {
            let answer: Value =
                serde_json::from_str(&client::client_step(&input(tries), "").unwrap()).unwrap();
            tries = answer["tries"].clone();
        }
        let error = client::client_step(&input(tries), "").unwrap_err();
        assert_eq!(prop(&error, "code").as_deref(), Some("NetworkError"));
        let details = error_json(&error);
        assert_eq!(details["attempts"], attempts, "{details}");
        assert_eq!(details["mayHaveReached"], true, "{details}");
    }
}

/// The wasm build's allocator, on an arena of its own: blocks come from the arena and it
/// starts over when none is alive; what does not fit, or comes while a block stays alive
/// and the arena is full, goes to the standard allocator; the last block is resized in place.
#[wasm_bindgen_test]
fn arena_reuses_its_room_and_falls_back_when_full() {
    use aliyun_slb_wasm::wasm::arena::{Arena, ARENA_BYTES};
    use std::alloc::{GlobalAlloc, Layout};
    static ARENA: Arena = Arena::new();
    let small = Layout::from_size_align(100, 8).unwrap();
    unsafe {
        let a = ARENA.alloc(small);
        let b = ARENA.alloc(small);
        assert!(ARENA.owns(a) && ARENA.owns(b));
        assert_eq!(b as usize, a as usize + 104, "bumped, aligned to 8");
        // The last block grows and shrinks where it is, keeping its bytes.
        b.write_bytes(7, 100);
        let grown = ARENA.realloc(b, small, 1000);
        assert_eq!(grown, b);
        assert_eq!(*grown.add(99), 7);
        let grown = ARENA.realloc(grown, Layout::from_size_align(1000, 8).unwrap(), 500);
        assert_eq!(grown, b);
        assert_eq!(*grown.add(99), 7);
        // A block that is not the last one moves when it grows, bytes and all.
        a.write_bytes(9, 100);
        let moved = ARENA.realloc(a, small, 300);
        assert_eq!(
            moved as usize,
            b as usize + 504,
            "right after the shrunk last block"
        );
        assert_eq!(*moved.add(99), 9);
        ARENA.dealloc(grown, Layout::from_size_align(500, 8).unwrap());
        ARENA.dealloc(moved, Layout::from_size_align(300, 8).unwrap());
        // Nothing alive: the next block starts over at the first one's address.
        let again = ARENA.alloc(small);
        assert_eq!(again, a);

        // Too big for the arena: the standard allocator's.
        let big = Layout::from_size_align(ARENA_BYTES + 1, 8).unwrap();
        let outside = ARENA.alloc(big);
        assert!(!outside.is_null() && !ARENA.owns(outside));
        outside.write_bytes(1, ARENA_BYTES + 1);
        ARENA.dealloc(outside, big);

        // `again` stays alive, so the arena fills up; then blocks come from outside, and
        // once everything is freed the arena serves again from its start.
        let mut blocks = Vec::new();
        let chunk = Layout::from_size_align(4096, 16).unwrap();
        while blocks.len() < 64 {
            blocks.push(ARENA.alloc(chunk));
        }
        let inside = blocks.iter().filter(|p| ARENA.owns(**p)).count();
        assert_eq!(
            inside,
            ARENA_BYTES / 4096 - 1,
            "all but one fit beside the first block"
        );
        assert!(blocks.iter().all(|p| !p.is_null() && *p as usize % 16 == 0));
        for block in blocks {
            ARENA.dealloc(block, chunk);
        }
        ARENA.dealloc(again, small);
        assert_eq!(ARENA.alloc(small), a);
    }
}

/// A block kept alive across signings (as a caller may keep one) changes nothing
/// that is signed, however long the arena stays full.
#[wasm_bindgen_test]
fn signing_is_unchanged_while_a_block_stays_alive() {
    let options =
        r#"{"timestamp":"2016-02-23T12:46:24Z","nonce":"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"}"#;
    let kept: Vec<u8> = vec![1; 100];
    for _ in 0..2000 {
        let record = sign_typed(&seed_request(), CREDENTIALS, options).unwrap();
        assert_eq!(record_line(&record, 4), "DzqsF41MvauLDKgNVYAxcURlGiU=");
    }
    assert!(kept.iter().all(|&b| b == 1));
}
