//! The glue's test suite, run by `wasm-pack test` in Node, headless Chromium and Firefox:
//! all 300 vectors, the typed seed example, error shapes and codes, and the defaults for
//! timestamp and nonce. The client's tests need the `client` feature (on by default).
#![cfg(target_arch = "wasm32")]

use aliyun_slb_wasm::wasm;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const VECTORS: &str = include_str!("vectors/rpc-v1.json");

/// The glue's record, as the JS wrapper reads it: method, url, body (empty for GET),
/// canonical query, string to sign, signature; its params must end with the signature.
fn fields(record: &str) -> Vec<String> {
    let parts: Vec<&str> = record.splitn(7, '\n').collect();
    assert_eq!(parts.len(), 7, "{record}");
    let mut params = counted_pairs(parts[6]);
    assert_eq!(
        params.pop(),
        Some(("Signature".to_owned(), parts[4].to_owned()))
    );
    let query = format!("{}&Signature={}", parts[2], parts[5]);
    let (url, body) = if parts[0] == "POST" {
        (parts[1].to_owned(), query)
    } else {
        (format!("{}?{query}", parts[1]), String::new())
    };
    [
        parts[0].to_owned(),
        url,
        body,
        parts[2].to_owned(),
        parts[3].to_owned(),
        parts[4].to_owned(),
    ]
    .to_vec()
}

/// A block of `<utf16 length>:<text>` names, then as many values the same way.
fn counted_pairs(mut rest: &str) -> Vec<(String, String)> {
    fn take(rest: &mut &str) -> String {
        let (len, tail) = rest.split_once(':').unwrap();
        let units: usize = len.parse().unwrap();
        let utf16: Vec<u16> = tail.encode_utf16().take(units).collect();
        let text = String::from_utf16(&utf16).unwrap();
        *rest = &tail[text.len()..];
        text
    }
    let block = take(&mut rest);
    let (mut block_rest, mut names) = (block.as_str(), Vec::new());
    while !block_rest.is_empty() {
        names.push(take(&mut block_rest));
    }
    let pairs: Vec<(String, String)> = names
        .into_iter()
        .map(|name| (name, take(&mut rest)))
        .collect();
    assert!(rest.is_empty(), "as many values as names: {rest:?} left");
    pairs
}

fn prop(error: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(error, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

fn issues(error: &JsValue) -> Vec<(String, String)> {
    let list: Value = serde_json::from_str(&prop(error, "issues").unwrap()).unwrap();
    list.as_array()
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
        let record = wasm::sign_rpc_request(case["input"].to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{id}: {e:?}"));
        let f = fields(&record);
        assert_eq!(f[3], expected["canonicalQuery"].as_str().unwrap(), "{id}");
        assert_eq!(f[4], expected["stringToSign"].as_str().unwrap(), "{id}");
        assert_eq!(f[5], expected["signature"].as_str().unwrap(), "{id}");
        if let Some(url) = expected["url"].as_str() {
            assert_eq!(f[1], url, "{id}");
        }
        let post = case["input"]["method"] == "POST";
        assert_eq!(f[0], if post { "POST" } else { "GET" }, "{id}");
        assert_eq!(f[2].is_empty(), !post, "{id}: a body only for POST");
    }
}

fn seed_request() -> String {
    json!({"regionId": "cn-hangzhou", "vServerGroupId": "rsp-cige6j5e7p", "backendServers": [
        {"serverId": "i-bp1test", "port": 80, "weight": 100, "type": "ecs", "description": "web 1"}]})
    .to_string()
}

/// The typed signing export, given its three JSON texts as the wrapper joins them.
fn sign_typed(request: &str, credentials: &str, options: &str) -> Result<String, JsValue> {
    wasm::sign_add_vserver_group_backend_servers(
        format!("{request}\n{credentials}\n{options}").as_bytes(),
    )
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
        let f = fields(&record);
        assert_eq!(f[5], signature);
        assert!(f[1].starts_with("https://slb.aliyuncs.com/"));
    }
}

#[wasm_bindgen_test]
fn defaults_are_the_clock_and_a_csprng_uuid() {
    let before = js_sys::Date::now();
    let mut nonces = Vec::new();
    for _ in 0..50 {
        let record = sign_typed(&seed_request(), CREDENTIALS, "{}").unwrap();
        let query = fields(&record)[3].clone();
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
            ("backendServers[1].prot", "UnknownField"),
            ("regionId", "InvalidRegionId"),
            ("backendServers[0].port", "InvalidPort"),
            ("backendServers[1].port", "MissingParameter"),
            ("credentials.accessKeySecret", "InvalidCredentials"),
            ("options.timestamp", "InvalidTimestamp"),
        ]
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
    );
    assert_eq!(
        wasm::validate_add_vserver_group_backend_servers(&request)
            .matches("\"code\"")
            .count(),
        4
    );
    assert_eq!(
        wasm::validate_add_vserver_group_backend_servers(&seed_request()),
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
        serde_json::from_str(&client::diagnose_signature("GET&%2F&A", "GET&%2F&A")).unwrap();
    assert_eq!(same["kind"], "WrongSecret");
}

#[cfg(feature = "client")]
/// The `details` JSON of a glue error.
fn details(error: &JsValue) -> Value {
    serde_json::from_str(&prop(error, "details").unwrap_or_else(|| "{}".into())).unwrap()
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

/// Port 9 answers nowhere (and browsers refuse it outright): a failure without a response,
/// in every environment. Where the cause cannot be read, it may have reached the service.
#[cfg(feature = "client")]
#[wasm_bindgen_test]
async fn client_network_failures_carry_attempts_and_may_have_reached() {
    use aliyun_slb_wasm::wasm::client;
    let request = json!({ "regionId": "cn-hangzhou", "vServerGroupId": "rsp-cige6j5e7p",
        "backendServers": [{ "serverId": "vm-1", "port": 80 }] })
    .to_string();
    for (retry, attempts) in [
        (json!({ "baseDelayMs": 0 }), 1),
        (
            json!({ "attempts": 2, "baseDelayMs": 0, "retryNetworkErrors": true }),
            2,
        ),
    ] {
        let config = json!({
            "credentials": { "accessKeyId": "testid", "accessKeySecret": "testsecret" },
            "endpoint": "http://127.0.0.1:9", "timeoutMs": 5000, "retry": retry,
        })
        .to_string();
        let error = client::client_add_vserver_group_backend_servers(config, request.clone(), 0.0)
            .await
            .unwrap_err();
        assert_eq!(prop(&error, "code").as_deref(), Some("NetworkError"));
        let details = details(&error);
        assert_eq!(details["attempts"], attempts, "{details}");
        assert!(details["mayHaveReached"].is_boolean(), "{details}");
        assert!(!prop(&error, "message").unwrap().contains("testsecret"));
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

/// A block kept alive across signings (as a pending `send` keeps its own) changes nothing
/// that is signed, however long the arena stays full.
#[wasm_bindgen_test]
fn signing_is_unchanged_while_a_block_stays_alive() {
    let options =
        r#"{"timestamp":"2016-02-23T12:46:24Z","nonce":"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"}"#;
    let kept: Vec<u8> = vec![1; 100];
    for _ in 0..2000 {
        let record = sign_typed(&seed_request(), CREDENTIALS, options).unwrap();
        assert_eq!(fields(&record)[5], "DzqsF41MvauLDKgNVYAxcURlGiU=");
    }
    assert!(kept.iter().all(|&b| b == 1));
}
