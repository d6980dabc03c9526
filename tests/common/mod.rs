//! Helpers shared by the integration tests: the vector file and signing a vector's input.
#![allow(dead_code)]

use aliyun_slb_wasm::rpc::SignatureAlgorithm;
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
        body_params: Vec::new(),
        signature_algorithm: SignatureAlgorithm::HmacSha1,
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

/// The signature v3 cases (tests/vectors/acs3-v3.json; its README says how to read them).
pub const ACS3_VECTORS: &str = include_str!("../vectors/acs3-v3.json");

pub fn acs3_cases() -> Vec<Value> {
    let file: Value = serde_json::from_str(ACS3_VECTORS).expect("the vector file is JSON");
    file["cases"].as_array().expect("cases").clone()
}

/// Pairs of a JSON object of strings, in its order.
fn pairs_of(object: &Value) -> Vec<(String, String)> {
    object
        .as_object()
        .expect("an object")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("a string").to_owned()))
        .collect()
}

/// `application/x-www-form-urlencoded` text decoded into its pairs (`+` is not a space
/// here: neither encoder writes one).
pub fn decode_form(text: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let (bytes, mut out, mut i) = (s.as_bytes(), Vec::new(), 0);
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("%XY"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("UTF-8")
    }
    text.split('&')
        .map(|pair| {
            let (n, v) = pair.split_once('=').expect("name=value");
            (decode(n), decode(v))
        })
        .collect()
}

/// The endpoint of a v3 case's host.
pub fn acs3_endpoint(case: &Value) -> String {
    let host = str_of(case, "host");
    let scheme = if host.starts_with("127.0.0.1") {
        "http"
    } else {
        "https"
    };
    format!("{scheme}://{host}")
}

/// A v3 case as the generic signer's request: the query's parameters with `Action`,
/// `Version`, `Timestamp` and `SignatureNonce`, the body's decoded.
pub fn acs3_request(case: &Value) -> (RpcRequest, Credentials) {
    let mut request = RpcRequest::new(
        str_of(case, "method").parse().expect("GET or POST"),
        Endpoint::parse(&acs3_endpoint(case)).expect("a valid endpoint"),
    )
    .signature_algorithm(SignatureAlgorithm::Acs3HmacSha256)
    .param("Action", str_of(case, "action"))
    .param("Version", str_of(case, "version"))
    .param("Timestamp", str_of(case, "date"))
    .param("SignatureNonce", str_of(case, "nonce"));
    request.params.extend(pairs_of(&case["query"]));
    request.body_params = case["body"].as_str().map(decode_form).unwrap_or_default();
    let credentials =
        Credentials::new(str_of(case, "accessKeyId"), str_of(case, "accessKeySecret"))
            .with_security_token(case["securityToken"].as_str().unwrap_or_default());
    (request, credentials)
}

/// Each stage type against the case, from the case's own inputs and body bytes.
pub fn assert_acs3_stages(case: &Value) {
    use aliyun_slb_wasm::rpc::acs3::*;
    let (id, expected) = (str_of(case, "id"), &case["expected"]);
    let query = pairs_of(&case["query"]);
    let canonical_query = CanonicalQuery::new(query.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    assert_eq!(
        canonical_query.as_str(),
        str_of(expected, "canonicalQuery"),
        "{id}"
    );
    let body = case["body"].as_str();
    let content_sha256 = ContentSha256::of(body.unwrap_or_default().as_bytes());

    let mut headers = vec![
        ("host", str_of(case, "host")),
        ("x-acs-action", str_of(case, "action")),
        ("x-acs-version", str_of(case, "version")),
        ("x-acs-date", str_of(case, "date")),
        ("x-acs-signature-nonce", str_of(case, "nonce")),
        ("x-acs-content-sha256", content_sha256.as_str()),
    ];
    if body.is_some() {
        headers.push(("content-type", rpc::FORM_CONTENT_TYPE));
    }
    if let Some(token) = case["securityToken"].as_str() {
        headers.push(("x-acs-security-token", token));
        headers.push(("x-acs-accesskey-id", str_of(case, "accessKeyId")));
    }
    let wanted = pairs_of(&expected["headers"]);
    let mut given: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| ((*n).into(), (*v).into()))
        .collect();
    given.sort();
    assert_eq!(given, sorted(wanted), "{id}: headers");

    let canonical_headers = CanonicalHeaders::new(headers);
    let canonical_request = CanonicalRequest::new(
        str_of(case, "method"),
        &canonical_query,
        &canonical_headers,
        &content_sha256,
    );
    assert_eq!(
        canonical_request.as_str(),
        str_of(expected, "canonicalRequest"),
        "{id}"
    );
    let hashed = HashedCanonicalRequest::of(&canonical_request);
    assert_eq!(
        hashed.as_str(),
        str_of(expected, "hashedCanonicalRequest"),
        "{id}"
    );
    let string_to_sign = StringToSign::new(&hashed);
    assert_eq!(
        string_to_sign.as_str(),
        str_of(expected, "stringToSign"),
        "{id}"
    );
    let signature = Signature::compute(str_of(case, "accessKeySecret"), &string_to_sign);
    assert_eq!(signature.as_str(), str_of(expected, "signature"), "{id}");
    let authorization =
        Authorization::new(str_of(case, "accessKeyId"), &canonical_headers, &signature);
    assert_eq!(
        authorization.as_str(),
        str_of(expected, "authorization"),
        "{id}"
    );
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort_by(|a, b| rpc::compare_names(&a.0, &b.0).then(a.1.cmp(&b.1)));
    pairs
}

fn form(pairs: &[(String, String)]) -> String {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    rpc::form_encode(&pairs)
}

/// What the generic signer made of a case, against the case. Returns whether our body is
/// the case's byte for byte (see tests/vectors/README.md for when it is not).
pub fn assert_acs3_signed(case: &Value, signed: &SignedRequest) -> bool {
    let (id, expected) = (str_of(case, "id"), &case["expected"]);
    let stages = signed.acs3().expect("v3 stages");

    // Sent: the query in the URL, the body, and both in `params`, each sorted.
    let query = sorted(pairs_of(&case["query"]));
    let url = match query.is_empty() {
        true => format!("{}/", acs3_endpoint(case)),
        false => format!("{}/?{}", acs3_endpoint(case), form(&query)),
    };
    assert_eq!(signed.url, url, "{id}: url");
    let body = sorted(case["body"].as_str().map(decode_form).unwrap_or_default());
    let ours_body = (!body.is_empty()).then(|| form(&body));
    assert_eq!(
        signed.body, ours_body,
        "{id}: the body, encoded as v1 encodes"
    );
    assert_eq!(signed.params, [query, body].concat(), "{id}: params");
    assert_eq!(
        signed.canonical_query(),
        str_of(expected, "canonicalQuery"),
        "{id}"
    );

    // Where our body's bytes differ from the case's, only its hash may differ.
    let same_body = signed.body.as_deref() == case["body"].as_str();
    let theirs = str_of(&expected["headers"], "x-acs-content-sha256");
    let ours = stages.content_sha256.as_str();
    assert_eq!(same_body, ours == theirs, "{id}");
    let wanted_request = str_of(expected, "canonicalRequest").replace(theirs, ours);
    assert_eq!(stages.canonical_request.as_str(), wanted_request, "{id}");
    let wanted_headers: Vec<(String, String)> = pairs_of(&expected["headers"])
        .into_iter()
        .map(|(n, v)| {
            if v == theirs {
                (n, ours.to_owned())
            } else {
                (n, v)
            }
        })
        .collect();
    let mut sent: Vec<(String, String)> = signed
        .headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), v.clone()))
        .collect();
    let authorization = sent.pop().expect("authorization last");
    assert_eq!(
        authorization,
        ("authorization".into(), stages.authorization.as_str().into()),
        "{id}"
    );
    assert_eq!(sorted(sent), sorted(wanted_headers), "{id}: headers");
    if same_body {
        for (stage, ours) in [
            (
                "hashedCanonicalRequest",
                stages.hashed_canonical_request.as_str(),
            ),
            ("stringToSign", signed.string_to_sign()),
            ("signature", signed.signature()),
            ("authorization", stages.authorization.as_str()),
        ] {
            assert_eq!(ours, str_of(expected, stage), "{id}: {stage}");
        }
    }
    same_body
}
