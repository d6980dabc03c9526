//! Every vector of rpc-signing.md section 3, each test named after its source.
#![cfg(not(target_arch = "wasm32"))]

use aliyun_slb_wasm::rpc::{CanonicalQuery, Signature, StringToSign};
use aliyun_slb_wasm::{
    rpc, sign_request, AddVServerGroupBackendServers, BackendServer, Credentials, Endpoint, Method,
    RpcRequest, ServerType, SignOptions, Timestamp,
};

const DOC_STRING_TO_SIGN: &str = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26";
const NONCE: &str = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
const TIMESTAMP: &str = "2016-02-23T12:46:24Z";

fn documented_request(method: Method) -> RpcRequest {
    RpcRequest::new(method, Endpoint::parse("https://ecs.aliyuncs.com").unwrap())
        .param("Action", "DescribeRegions")
        .param("Version", "2014-05-26")
        .param("Format", "XML")
}

/// The clock and nonce go in as signing inputs, not as parameters.
fn sign_documented(method: Method) -> rpc::SignedRequest {
    let credentials = Credentials::new("testid", "testsecret");
    let timestamp = Timestamp::parse(TIMESTAMP).unwrap();
    rpc::sign(
        &documented_request(method),
        &rpc::SigningParams {
            credentials: &credentials,
            timestamp: &timestamp,
            nonce: NONCE,
        },
    )
    .unwrap()
}

#[test]
fn ecs_documented_example_get() {
    let signed = sign_documented(Method::Get);
    assert_eq!(signed.string_to_sign(), DOC_STRING_TO_SIGN);
    assert_eq!(signed.signature(), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    assert!(signed
        .url
        .ends_with("&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"));
}

#[test]
fn ecs_documented_example_post() {
    let signed = sign_documented(Method::Post);
    assert_eq!(signed.signature(), "MxbnVAM4w6sft9xjVpe/GCKueuk=");
    assert_eq!(signed.url, "https://ecs.aliyuncs.com/");
    assert!(signed
        .body
        .unwrap()
        .ends_with("&Signature=MxbnVAM4w6sft9xjVpe%2FGCKueuk%3D"));
}

#[test]
fn slb_page_timestamp_spelling() {
    // The older SLB page spells the key `TimeStamp`; signed as given, stage by stage.
    let query = CanonicalQuery::new([
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", NONCE),
        ("SignatureVersion", "1.0"),
        ("TimeStamp", TIMESTAMP),
        ("Version", "2014-05-26"),
    ]);
    let signature = Signature::compute("testsecret", &StringToSign::new("GET", &query));
    assert_eq!(signature.as_str(), "CT9X0VtwR86fNWSnsc6v8YGOjuE=");
    assert_eq!(
        rpc::percent_encode(signature.as_str()),
        "CT9X0VtwR86fNWSnsc6v8YGOjuE%3D"
    );
}

#[test]
fn sdk_test_suite_empty_method() {
    let query = CanonicalQuery::new([("test", "ok")]);
    let string_to_sign = StringToSign::new("", &query);
    assert_eq!(string_to_sign.as_str(), "&%2F&test%3Dok");
    assert_eq!(
        Signature::compute("accessKeySecret", &string_to_sign).as_str(),
        "jHx/oHoHNrbVfhncHEvPdHXZwHU="
    );
}

#[test]
fn go_sdk_test_suite() {
    let query = CanonicalQuery::new([
        ("AccessKeyId", "accessKeyId"),
        ("Action", ""),
        ("Format", "JSON"),
        ("RegionId", "regionId"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "MOCK_UUID"),
        ("SignatureType", ""),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "mock date"),
        ("Version", ""),
    ]);
    let signature = Signature::compute("accessKeySecret", &StringToSign::new("GET", &query));
    assert_eq!(signature.as_str(), "7loPmFjvDnzOVnQeQNj85S6nFGY=");
}

fn slb_cross_checked(method: Method) -> String {
    let request = AddVServerGroupBackendServers {
        region_id: "cn-hangzhou".into(),
        v_server_group_id: "rsp-cige6j5e7p".into(),
        backend_servers: vec![BackendServer::new("i-bp1test", 80)
            .weight(100)
            .server_type(ServerType::Ecs)
            .description("web 1")],
    };
    let options = SignOptions::new(Timestamp::parse(TIMESTAMP).unwrap(), NONCE).method(method);
    let signed = sign_request(
        &request,
        &Credentials::new("testid", "testsecret"),
        &options,
    )
    .unwrap();
    let servers = signed
        .params
        .iter()
        .find(|(n, _)| n == "BackendServers")
        .unwrap();
    assert_eq!(
        servers.1,
        r#"[{"ServerId":"i-bp1test","Port":80,"Weight":100,"Type":"ecs","Description":"web 1"}]"#
    );
    signed.signature().to_owned()
}

#[test]
fn slb_cross_checked_get() {
    assert_eq!(
        slb_cross_checked(Method::Get),
        "DzqsF41MvauLDKgNVYAxcURlGiU="
    );
}

#[test]
fn slb_cross_checked_post() {
    assert_eq!(
        slb_cross_checked(Method::Post),
        "Gfod6Tzhe2j8CCjo8ufW6561B28="
    );
}
