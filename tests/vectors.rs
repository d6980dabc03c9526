//! The 300 cases computed by the official SDKs (tests/vectors/rpc-v1.json), stage by stage.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aliyun_slb_wasm::rpc::{percent_encode, FORM_CONTENT_TYPE};
use aliyun_slb_wasm::SignedRequest;
use common::{sign_input, str_of, vectors};

/// The three stages against a vector's expected values.
fn assert_stages(signed: &SignedRequest, expected: &serde_json::Value, id: &str) {
    for (stage, ours) in [
        ("canonicalQuery", signed.canonical_query()),
        ("stringToSign", signed.string_to_sign()),
        ("signature", signed.signature()),
    ] {
        assert_eq!(ours, str_of(expected, stage), "{id}: {stage}");
    }
}

#[test]
fn all_300_vectors_match_stage_by_stage() {
    let file = vectors();
    let cases = file["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 300);
    let mut urls_checked = 0;
    for case in cases {
        let id = str_of(case, "id");
        let (input, expected) = (&case["input"], &case["expected"]);
        let signed = sign_input(input);
        assert_stages(&signed, expected, id);

        // The transport form, by the rule in tests/vectors/README.md, for every case.
        let endpoint = str_of(input, "endpoint");
        let base = endpoint.strip_suffix('/').unwrap_or(endpoint);
        let signed_query = format!(
            "{}&Signature={}",
            str_of(expected, "canonicalQuery"),
            percent_encode(str_of(expected, "signature"))
        );
        match str_of(input, "method") {
            "GET" => {
                assert_eq!(signed.url, format!("{base}/?{signed_query}"), "{id}: url");
                assert_eq!(signed.body, None, "{id}");
                assert_eq!(signed.headers, [], "{id}");
            }
            _ => {
                assert_eq!(signed.url, format!("{base}/"), "{id}: url");
                assert_eq!(
                    signed.body.as_deref(),
                    Some(signed_query.as_str()),
                    "{id}: body"
                );
                assert_eq!(
                    signed.headers,
                    [("content-type", FORM_CONTENT_TYPE.to_owned())],
                    "{id}"
                );
            }
        }
        if let Some(url) = expected["url"].as_str() {
            assert_eq!(signed.url, url, "{id}: pop-core's url");
            urls_checked += 1;
        }

        // Every parameter sent: the input's, the key id, the token, then the signature.
        let mut sent = signed.params.clone();
        assert_eq!(
            sent.pop(),
            Some(("Signature".to_owned(), signed.signature().to_owned())),
            "{id}"
        );
        let mut wanted: Vec<(String, String)> = input["params"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        wanted.push(("AccessKeyId".into(), str_of(input, "accessKeyId").into()));
        if let Some(token) = input["securityToken"].as_str().filter(|t| !t.is_empty()) {
            wanted.push(("SecurityToken".into(), token.into()));
        }
        wanted.sort_by(|a, b| aliyun_slb_wasm::rpc::compare_names(&a.0, &b.0));
        assert_eq!(sent, wanted, "{id}: params sent");
    }
    assert_eq!(
        urls_checked, 8,
        "the documented and seed cases carry pop-core's url"
    );
}

#[test]
fn sdk_disagreements_follow_pop_core_utf16_order() {
    let file = vectors();
    let cases = file["disagreements"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    for case in cases {
        let id = str_of(case, "id");
        let signed = sign_input(&case["input"]);
        assert_stages(&signed, &case["popcore"], id);
        assert_ne!(
            signed.signature(),
            str_of(&case["pysdk"], "signature"),
            "{id}"
        );
    }
}
