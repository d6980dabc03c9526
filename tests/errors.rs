//! The generic signer's errors, and secrets kept out of `Debug` and every message.
#![cfg(not(target_arch = "wasm32"))]

use aliyun_slb_wasm::js::request::SignCall;
use aliyun_slb_wasm::rpc::SignatureAlgorithm;
use aliyun_slb_wasm::{
    rpc, sign_request, AddVServerGroupBackendServers, BackendServer, Credentials, Endpoint, Method,
    RpcRequest, SignOptions, SlbAction, Timestamp,
};

const SECRET: &str = "S3cr3t-Value-Never-Shown";
const TOKEN: &str = "STS-Token-Never-Shown";

fn request() -> RpcRequest {
    RpcRequest::new(
        Method::Get,
        Endpoint::parse("https://slb.aliyuncs.com").unwrap(),
    )
    .param("Action", "DescribeRegions")
    .param("Version", "2014-05-15")
}

fn sign_with(
    request: &RpcRequest,
    credentials: &Credentials,
    nonce: &str,
) -> Result<rpc::SignedRequest, aliyun_slb_wasm::Error> {
    let ts = Timestamp::from_unix_seconds(1_456_231_584).unwrap();
    rpc::sign(
        request,
        &rpc::SigningParams {
            credentials,
            timestamp: &ts,
            nonce,
        },
    )
}

fn error_of(
    request: RpcRequest,
    credentials: Credentials,
    nonce: &str,
) -> (&'static str, Option<String>) {
    let err = sign_with(&request, &credentials, nonce).unwrap_err();
    assert!(!err.to_string().contains(SECRET) && !err.to_string().contains(TOKEN));
    (err.code(), err.path().map(str::to_owned))
}

fn creds() -> Credentials {
    Credentials::new("id", SECRET).with_security_token(TOKEN)
}

#[test]
fn each_error_has_its_code_and_path() {
    assert_eq!(
        error_of(request().param("", "x"), creds(), "n"),
        ("EmptyParameterName", Some("params".into()))
    );
    assert_eq!(
        error_of(request().param("Signature", "x"), creds(), "n"),
        ("ReservedParameterName", Some("params.Signature".into()))
    );
    assert_eq!(
        error_of(request().param("A", "1").param("A", "2"), creds(), "n"),
        ("DuplicateParameterName", Some("params.A".into()))
    );
    let no_action = RpcRequest {
        params: vec![("Version".into(), "v".into())],
        ..request()
    };
    assert_eq!(
        error_of(no_action, creds(), "n"),
        ("MissingParameter", Some("params.Action".into()))
    );
    let empty_version = RpcRequest {
        params: vec![
            ("Action".into(), "A".into()),
            ("Version".into(), String::new()),
        ],
        ..request()
    };
    assert_eq!(
        error_of(empty_version, creds(), "n"),
        ("MissingParameter", Some("params.Version".into()))
    );
    assert_eq!(
        error_of(request(), Credentials::new("", SECRET), "n"),
        ("InvalidCredentials", Some("credentials.accessKeyId".into()))
    );
    assert_eq!(
        error_of(request(), Credentials::new("id", ""), "n"),
        (
            "InvalidCredentials",
            Some("credentials.accessKeySecret".into())
        )
    );
    assert_eq!(
        error_of(request(), creds(), ""),
        ("InvalidNonce", Some("nonce".into()))
    );
    assert_eq!(
        Endpoint::parse("ftp://x").unwrap_err().code(),
        "InvalidEndpoint"
    );
    assert_eq!("PUT".parse::<Method>().unwrap_err().code(), "InvalidMethod");
}

#[test]
fn acs3_errors_have_their_codes_and_paths() {
    let v3 = || request().signature_algorithm(SignatureAlgorithm::Acs3HmacSha256);
    let post = || RpcRequest {
        method: Method::Post,
        ..v3()
    };
    for (request, credentials, code, path) in [
        (
            request().body_param("A", "1"),
            creds(),
            "InvalidBodyParams",
            "bodyParams",
        ),
        (
            v3().body_param("A", "1"),
            creds(),
            "InvalidBodyParams",
            "bodyParams",
        ),
        (
            post().body_param("", "1"),
            creds(),
            "EmptyParameterName",
            "bodyParams",
        ),
        (
            post().body_param("Signature", "1"),
            creds(),
            "ReservedParameterName",
            "bodyParams.Signature",
        ),
        (
            post().body_param("B", "1").body_param("B", "2"),
            creds(),
            "DuplicateParameterName",
            "bodyParams.B",
        ),
        (
            post().param("B", "1").body_param("B", "2"),
            creds(),
            "DuplicateParameterName",
            "bodyParams.B",
        ),
        (
            v3().param("Timestamp", "2016-02-23T12:46:24Z\r\nx-acs-x: y"),
            creds(),
            "InvalidHeaderValue",
            "params.Timestamp",
        ),
        (
            v3().param("SignatureNonce", "n\u{0}"),
            creds(),
            "InvalidHeaderValue",
            "params.SignatureNonce",
        ),
        (
            RpcRequest {
                params: vec![
                    ("Action".into(), "A\n".into()),
                    ("Version".into(), "1".into()),
                ],
                ..v3()
            },
            creds(),
            "InvalidHeaderValue",
            "params.Action",
        ),
        (
            v3(),
            Credentials::new("id", SECRET).with_security_token(format!("{TOKEN}\n")),
            "InvalidHeaderValue",
            "credentials.securityToken",
        ),
        (
            v3(),
            Credentials::new("i\u{7f}d", SECRET).with_security_token(TOKEN),
            "InvalidHeaderValue",
            "credentials.accessKeyId",
        ),
    ] {
        assert_eq!(
            error_of(request, credentials, "n"),
            (code, Some(path.to_owned()))
        );
    }
    assert_eq!(
        error_of(v3(), creds(), "n\n"),
        ("InvalidHeaderValue", Some("nonce".into()))
    );
    // The id is in the authorization header, with a token or without.
    assert_eq!(
        error_of(v3(), Credentials::new("i\u{7f}d", SECRET), "n"),
        ("InvalidHeaderValue", Some("credentials.accessKeyId".into()))
    );
    // A tab is a header's own character.
    assert!(sign_with(&v3().param("SignatureNonce", "a\tb"), &creds(), "n").is_ok());
    let err = "HMAC-SHA256".parse::<SignatureAlgorithm>().unwrap_err();
    assert_eq!(
        (err.code(), err.path()),
        ("InvalidSignatureAlgorithm", Some("signatureAlgorithm"))
    );
}

#[test]
fn the_generic_signer_is_faithful_to_odd_values() {
    // A caller's own Timestamp, AccessKeyId and SecurityToken are signed as given.
    let signed = sign_with(
        &request()
            .param("Timestamp", "2016-02-23T12:46:24.123Z")
            .param("AccessKeyId", "other")
            .param("SecurityToken", ""),
        &creds(),
        "n",
    )
    .unwrap();
    let get = |name: &str| {
        signed
            .params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("Timestamp"), Some("2016-02-23T12:46:24.123Z"));
    assert_eq!(get("AccessKeyId"), Some("other"));
    assert_eq!(get("SecurityToken"), Some(""));
    assert_eq!(get("SignatureNonce"), Some("n"));
    assert_eq!(get("Format"), Some("JSON"));
    assert_eq!(get("SignatureMethod"), Some("HMAC-SHA1"));
    assert_eq!(get("SignatureVersion"), Some("1.0"));
}

#[test]
fn an_empty_security_token_is_not_sent() {
    let signed = sign_with(
        &request(),
        &Credentials::new("id", SECRET).with_security_token(""),
        "n",
    )
    .unwrap();
    assert!(!signed.params.iter().any(|(n, _)| n == "SecurityToken"));
}

#[test]
fn debug_and_errors_never_show_the_secret_or_token() {
    let credentials = creds();
    let debug = format!("{credentials:?}");
    assert!(debug.contains("<redacted>") && debug.contains("\"id\""));
    assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");

    let spaced =
        Credentials::new(" id", format!(" {SECRET}\n")).with_security_token(format!("{TOKEN} "));
    let bad = AddVServerGroupBackendServers {
        region_id: "cn-hangzhou".into(),
        v_server_group_id: "g".into(),
        backend_servers: vec![BackendServer::new("vm-1", 0)],
    };
    let options = SignOptions::new(Timestamp::from_unix_seconds(0).unwrap(), "n");
    let err = sign_request(&bad, &spaced, &options).unwrap_err();
    assert_eq!(err.issues().len(), 4);
    // From JS, a secret pasted where the timestamp goes is not echoed either.
    let call = SignCall::read(
        SlbAction::AddVServerGroupBackendServers,
        r#"{"regionId":"cn-hangzhou","vServerGroupId":"g","backendServers":[{"serverId":"vm-1","port":0}]}"#,
        &format!(
            r#"{{"accessKeyId":" id","accessKeySecret":" {SECRET}\n","securityToken":"{TOKEN} "}}"#
        ),
        &format!(r#"{{"timestamp":"{SECRET}","nonce":"n"}}"#),
    );
    let from_js = call
        .sign(|| Timestamp::from_unix_seconds(0), || Ok("n".into()))
        .unwrap_err();
    assert_eq!(from_js.issues().len(), 5);
    for err in [&err, &from_js] {
        for text in [err.to_string(), format!("{err:?}"), format!("{spaced:?}")] {
            assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
        }
    }
}

#[test]
fn a_signed_request_s_debug_hides_the_token_in_v1_and_v3() {
    use aliyun_slb_wasm::SignatureAlgorithm;
    for algorithm in [
        SignatureAlgorithm::HmacSha1,
        SignatureAlgorithm::Acs3HmacSha256,
    ] {
        let signed = sign_with(&request().signature_algorithm(algorithm), &creds(), "n").unwrap();
        let debug = format!("{signed:?}");
        assert!(!debug.contains(TOKEN) && !debug.contains(SECRET), "{debug}");
        assert!(
            debug.contains("<redacted>") && debug.contains("DescribeRegions"),
            "{debug}"
        );
        // The request itself carries it, as it must.
        let sent = format!("{} {:?} {:?}", signed.url, signed.body, signed.headers);
        assert!(
            sent.contains(TOKEN) || sent.contains(&rpc::percent_encode(TOKEN)),
            "{sent}"
        );
    }
}
