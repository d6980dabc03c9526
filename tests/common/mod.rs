//! Helpers shared by the integration tests: the vector file and signing a vector's input.
#![allow(dead_code)]

use aliyun_slb_wasm::{rpc, Credentials, Endpoint, Method, RpcRequest, SignedRequest, Timestamp};
use serde_json::Value;

pub fn vectors() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/rpc-v1.json"
    ))
    .expect("tests/vectors/rpc-v1.json is part of the repository");
    serde_json::from_str(&text).expect("the vector file is JSON")
}

pub fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string in {v}"))
}

/// Signs a vector's `input` with the generic signer. Its params carry their own Timestamp
/// and SignatureNonce, so the clock values given here must go unused.
pub fn sign_input(input: &Value) -> SignedRequest {
    let params: Vec<(String, String)> = input["params"]
        .as_object()
        .expect("params is an object")
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().expect("param values are strings").to_owned(),
            )
        })
        .collect();
    let mut credentials = Credentials::new(
        str_of(input, "accessKeyId"),
        str_of(input, "accessKeySecret"),
    );
    if let Some(token) = input["securityToken"].as_str() {
        credentials = credentials.with_security_token(token);
    }
    let request = RpcRequest {
        method: str_of(input, "method")
            .parse::<Method>()
            .expect("GET or POST"),
        endpoint: Endpoint::parse(str_of(input, "endpoint")).expect("a valid endpoint"),
        params,
    };
    let unused_clock = Timestamp::from_unix_seconds(0).unwrap();
    rpc::sign(
        &request,
        &rpc::SigningParams {
            credentials: &credentials,
            timestamp: &unused_clock,
            nonce: "unused-nonce",
        },
    )
    .expect("every vector signs")
}
