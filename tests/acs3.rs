//! What signature v3 (ACS3-HMAC-SHA256) sends, for the generic signer and the typed
//! requests: which parameters become headers, which stay in the query, the body.
#![cfg(not(target_arch = "wasm32"))]

use aliyun_slb_wasm::rpc::acs3::{ContentSha256, ALGORITHM};
use aliyun_slb_wasm::rpc::{self, SignatureAlgorithm, FORM_CONTENT_TYPE};
use aliyun_slb_wasm::{
    sign_request, AddVServerGroupBackendServers, BackendServer, Credentials, Endpoint, Format,
    Method, RpcRequest, SignOptions, SignedRequest, Timestamp,
};

const TIMESTAMP: &str = "2016-02-23T12:46:24Z";

fn v3(method: Method, endpoint: &str) -> RpcRequest {
    RpcRequest::new(method, Endpoint::parse(endpoint).unwrap())
        .signature_algorithm(SignatureAlgorithm::Acs3HmacSha256)
        .param("Action", "DescribeVServerGroups")
        .param("Version", "2014-05-15")
}

fn sign(request: &RpcRequest, credentials: &Credentials) -> SignedRequest {
    let timestamp = Timestamp::parse(TIMESTAMP).unwrap();
    let signing = rpc::SigningParams {
        credentials,
        timestamp: &timestamp,
        nonce: "clock-nonce",
    };
    rpc::sign(request, &signing).unwrap()
}

fn header<'s>(signed: &'s SignedRequest, name: &str) -> Option<&'s str> {
    let found = signed.headers.iter().find(|(n, _)| *n == name);
    found.map(|(_, v)| v.as_str())
}

fn names(signed: &SignedRequest) -> Vec<&str> {
    signed.headers.iter().map(|(n, _)| *n).collect()
}

#[test]
fn common_parameters_become_headers_and_v1_ones_are_not_sent() {
    let request = v3(Method::Get, "http://127.0.0.1:18081")
        .param("RegionId", "cn-hangzhou")
        .param("SignatureMethod", "HMAC-SHA1")
        .param("SignatureVersion", "1.0")
        .param("AccessKeyId", "other");
    let signed = sign(&request, &Credentials::new("testid", "testsecret"));
    assert_eq!(
        signed.signature_algorithm(),
        SignatureAlgorithm::Acs3HmacSha256
    );
    assert_eq!(signed.url, "http://127.0.0.1:18081/?RegionId=cn-hangzhou");
    assert_eq!(signed.body, None);
    assert_eq!(signed.params, [("RegionId".into(), "cn-hangzhou".into())]);
    let empty = ContentSha256::of(b"");
    assert_eq!(
        signed.headers[..7],
        [
            ("host", "127.0.0.1:18081".into()),
            ("x-acs-action", "DescribeVServerGroups".into()),
            ("x-acs-content-sha256", empty.as_str().into()),
            ("x-acs-date", TIMESTAMP.into()),
            ("x-acs-signature-nonce", "clock-nonce".into()),
            ("x-acs-version", "2014-05-15".into()),
            (
                "authorization",
                signed.acs3().unwrap().authorization.as_str().into()
            ),
        ]
    );
    let authorization = header(&signed, "authorization").unwrap();
    assert!(authorization.starts_with(&format!("{ALGORITHM} Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=")));
    assert!(authorization.ends_with(signed.signature()));
    assert_eq!(signed.signature().len(), 64);
    assert!(signed
        .signature()
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    // Format only when given.
    let with_format = sign(
        &request.clone().param("Format", "XML"),
        &Credentials::new("testid", "testsecret"),
    );
    assert_eq!(
        with_format.url,
        "http://127.0.0.1:18081/?Format=XML&RegionId=cn-hangzhou"
    );
}

#[test]
fn the_callers_timestamp_and_nonce_win_and_a_token_signs_two_headers() {
    let request = v3(Method::Get, "HTTPS://SLB.aliyuncs.com:443/")
        .param("Timestamp", "2020-01-01T00:00:00Z")
        .param("SignatureNonce", "own");
    let credentials = Credentials::new("testid", "testsecret").with_security_token(" CAIS+/= ");
    let signed = sign(&request, &credentials);
    // The URL keeps the endpoint as given; `host` is what a client sends for it.
    assert_eq!(signed.url, "HTTPS://SLB.aliyuncs.com:443/");
    assert_eq!(signed.params, []);
    assert_eq!(header(&signed, "host"), Some("slb.aliyuncs.com"));
    assert_eq!(header(&signed, "x-acs-date"), Some("2020-01-01T00:00:00Z"));
    assert_eq!(header(&signed, "x-acs-signature-nonce"), Some("own"));
    // Sent as given; only the canonical form trims.
    assert_eq!(header(&signed, "x-acs-security-token"), Some(" CAIS+/= "));
    assert_eq!(header(&signed, "x-acs-accesskey-id"), Some("testid"));
    let stages = signed.acs3().unwrap();
    assert!(stages
        .canonical_request
        .as_str()
        .contains("\nx-acs-security-token:CAIS+/=\n"));
    assert_eq!(signed.security_token(), Some(" CAIS+/= "));
    assert_eq!(
        names(&signed),
        [
            "host",
            "x-acs-accesskey-id",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-security-token",
            "x-acs-signature-nonce",
            "x-acs-version",
            "authorization"
        ]
    );
}

#[test]
fn body_params_are_a_form_body_whose_bytes_are_hashed() {
    let request = v3(Method::Post, "https://slb.aliyuncs.com")
        .param("RegionId", "cn-hangzhou")
        .body_param("Description", "a b!*")
        .body_param("BackendServers", "[]");
    let signed = sign(&request, &Credentials::new("testid", "testsecret"));
    let body = "BackendServers=%5B%5D&Description=a%20b%21%2A";
    assert_eq!(signed.body.as_deref(), Some(body));
    assert_eq!(signed.url, "https://slb.aliyuncs.com/?RegionId=cn-hangzhou");
    assert_eq!(header(&signed, "content-type"), Some(FORM_CONTENT_TYPE));
    assert_eq!(
        header(&signed, "x-acs-content-sha256"),
        Some(ContentSha256::of(body.as_bytes()).as_str())
    );
    assert_eq!(names(&signed)[0], "content-type");
    assert_eq!(
        signed.params,
        [
            ("RegionId".into(), "cn-hangzhou".into()),
            ("BackendServers".into(), "[]".into()),
            ("Description".into(), "a b!*".into()),
        ]
    );
    // Empty body parameters: no body at all.
    let no_body = sign(
        &v3(Method::Post, "https://slb.aliyuncs.com"),
        &Credentials::new("testid", "testsecret"),
    );
    assert_eq!(
        (no_body.body.as_deref(), header(&no_body, "content-type")),
        (None, None)
    );
}

fn typed_request() -> AddVServerGroupBackendServers {
    AddVServerGroupBackendServers {
        region_id: "cn-hangzhou".into(),
        v_server_group_id: "rsp-cige6j5e7p".into(),
        backend_servers: vec![BackendServer::new("vm-233", 80).weight(100)],
    }
}

#[test]
fn typed_requests_send_every_parameter_in_the_query_for_get_and_post() {
    let credentials = Credentials::new("testid", "testsecret");
    let timestamp = Timestamp::parse(TIMESTAMP).unwrap();
    let mut signatures = Vec::new();
    for method in [Method::Get, Method::Post] {
        let options = SignOptions::new(timestamp, "3ee8c1b8")
            .method(method)
            .format(Format::Xml)
            .signature_algorithm(SignatureAlgorithm::Acs3HmacSha256);
        let signed = sign_request(&typed_request(), &credentials, &options).unwrap();
        assert_eq!(signed.body, None);
        assert_eq!(header(&signed, "content-type"), None);
        assert_eq!(header(&signed, "x-acs-date"), Some(TIMESTAMP));
        assert_eq!(header(&signed, "x-acs-signature-nonce"), Some("3ee8c1b8"));
        assert_eq!(
            header(&signed, "x-acs-action"),
            Some("AddVServerGroupBackendServers")
        );
        assert_eq!(signed.url, "https://slb.aliyuncs.com/?BackendServers=%5B%7B%22ServerId%22%3A%22vm-233%22%2C%22Port%22%3A80%2C%22Weight%22%3A100%7D%5D&Format=XML&RegionId=cn-hangzhou&VServerGroupId=rsp-cige6j5e7p");

        // The generic signer, given the same parameters, signs the same.
        let generic = RpcRequest::new(method, Endpoint::parse("https://slb.aliyuncs.com").unwrap())
            .signature_algorithm(SignatureAlgorithm::Acs3HmacSha256)
            .param("Action", "AddVServerGroupBackendServers")
            .param("Version", "2014-05-15")
            .param("Timestamp", TIMESTAMP)
            .param("SignatureNonce", "3ee8c1b8");
        let mut generic = generic;
        generic.params.extend(signed.params.iter().cloned());
        assert_eq!(sign(&generic, &credentials), signed);
        signatures.push(signed.signature().to_owned());
    }
    // The method is the canonical request's first line.
    assert_ne!(signatures[0], signatures[1]);
}

#[test]
fn a_typed_nonce_that_cannot_be_a_header_is_an_issue_under_v3_only() {
    let credentials = Credentials::new("testid", "testsecret");
    let options = SignOptions::new(Timestamp::parse(TIMESTAMP).unwrap(), "n\n1");
    assert!(sign_request(&typed_request(), &credentials, &options).is_ok());
    let options = options.signature_algorithm(SignatureAlgorithm::Acs3HmacSha256);
    let err = sign_request(&typed_request(), &credentials, &options).unwrap_err();
    let issues: Vec<_> = err
        .issues()
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect();
    assert_eq!(issues, [("options.nonce", "InvalidHeaderValue")]);
}
