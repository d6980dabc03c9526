#![cfg(not(target_arch = "wasm32"))]
//! Reading responses: the API page's examples, every kind of error body of rpc-signing.md
//! section 5, and hostile bodies (entity bombs, external entities, deep nesting, huge bodies).

use std::time::{Duration, Instant};

use aliyun_slb_wasm::response::{
    parse_response, ApiResponse, BackendServerResult, DescribeVServerGroupAttributeResult,
    GroupMembersResult, SignatureDiagnosis, MAX_BODY_BYTES,
};
use aliyun_slb_wasm::response::{AssociatedObjects, ListenerResult, SlbResult, TagResult};
use aliyun_slb_wasm::{
    rpc, Credentials, Endpoint, Format, Method, RpcRequest, SlbAction, Timestamp,
};
use proptest::prelude::*;

/// AddVServerGroupBackendServers.md, "Normal response examples", verbatim.
const PAGE_XML: &str = "<AddVServerGroupBackendServers>
  <RequestId>9DEC9C28-AB05-4DDF-9A78-6B08EC9CE18C</RequestId>
  <VServerGroupId>rsp-cige6j5e7p</VServerGroupId>
  <BackendServers>
    <BackendServer>
      <ServerId>vm-233</ServerId>
      <Port>80</Port>
      <Weight>100</Weight>
    </BackendServer>
    <BackendServer>
      <ServerId>vm-232</ServerId>
      <Port>90</Port>
      <Weight>100</Weight>
    </BackendServer>
    <BackendServer>
      <ServerId>vm-231</ServerId>
      <Port>70</Port>
      <Weight>100</Weight>
    </BackendServer>
  </BackendServers>
</AddVServerGroupBackendServers>
";

const PAGE_JSON: &str = "{
\t\"AddVServerGroupBackendServers\":{
\t\t\"BackendServers\":{
\t\t\t\"BackendServer\":[
\t\t\t\t{
\t\t\t\t\t\"ServerId\":\"vm-233\",
\t\t\t\t\t\"Port\":\"80\",
\t\t\t\t\t\"Weight\":\"100\"
\t\t\t\t},
\t\t\t\t{
\t\t\t\t\t\"ServerId\":\"vm-232\",
\t\t\t\t\t\"Port\":\"90\",
\t\t\t\t\t\"Weight\":\"100\"
\t\t\t\t},
\t\t\t\t{
\t\t\t\t\t\"ServerId\":\"vm-231\",
\t\t\t\t\t\"Port\":\"70\",
\t\t\t\t\t\"Weight\":\"100\"
\t\t\t\t}
\t\t\t]
\t\t},
\t\t\"RequestId\":\"9DEC9C28-AB05-4DDF-9A78-6B08EC9CE18C\",
\t\t\"VServerGroupId\":\"rsp-cige6j5e7p\"
\t}
}";

const REQUEST_ID: &str = "9DEC9C28-AB05-4DDF-9A78-6B08EC9CE18C";
const FORMATS: [Option<Format>; 3] = [None, Some(Format::Json), Some(Format::Xml)];

fn page_result() -> GroupMembersResult {
    let server = |id: &str, port| BackendServerResult {
        server_id: id.into(),
        port,
        weight: 100,
        server_type: None,
        server_ip: None,
        description: None,
    };
    GroupMembersResult {
        request_id: REQUEST_ID.into(),
        v_server_group_id: "rsp-cige6j5e7p".into(),
        v_server_group_name: None,
        backend_servers: vec![
            server("vm-233", 80),
            server("vm-232", 90),
            server("vm-231", 70),
        ],
    }
}

fn ok_data(response: &ApiResponse) -> &aliyun_slb_wasm::response::Value {
    assert!(response.ok, "{response:?}");
    assert_eq!(response.error, None);
    response.data.as_ref().expect("a success has data")
}

/// The error message of a `MalformedResponse`, after checking the rest of the response.
fn malformed(status: u16, body: &str, format: Option<Format>) -> String {
    let response = parse_response(status, body, format);
    assert!(!response.ok);
    assert_eq!(response.data, None);
    assert_eq!(response.raw, body);
    let error = response.error.expect("a failure has an error");
    assert_eq!(error.code, "MalformedResponse", "{}", error.message);
    error.message
}

#[test]
fn the_page_examples_give_the_same_typed_result() {
    for (body, format) in [
        (PAGE_JSON, Format::Json),
        (PAGE_XML, Format::Xml),
        (
            &*format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{PAGE_XML}"),
            Format::Xml,
        ),
        (
            &*PAGE_XML.replace(
                "AddVServerGroupBackendServers>",
                "AddVServerGroupBackendServersResponse>",
            ),
            Format::Xml,
        ),
    ] {
        for given in [None, Some(format)] {
            let response = parse_response(200, body, given);
            assert_eq!(response.request_id.as_deref(), Some(REQUEST_ID));
            let result = GroupMembersResult::from_data(ok_data(&response), true);
            assert_eq!(result, Ok(page_result()), "{body}");
        }
    }
}

#[test]
fn json_numbers_read_as_numbers_too() {
    let body = PAGE_JSON
        .replace("\"80\"", "80")
        .replace("\"90\"", "90")
        .replace("\"70\"", "70")
        .replace("\"100\"", "100");
    let response = parse_response(200, &body, None);
    assert_eq!(
        GroupMembersResult::from_data(ok_data(&response), true),
        Ok(page_result())
    );
}

#[test]
fn one_xml_member_is_a_list_of_one() {
    let body = "<DescribeVServerGroupAttributeResponse><RequestId>R</RequestId><VServerGroupId>rsp-1</VServerGroupId><VServerGroupName>web</VServerGroupName><LoadBalancerId>lb-1</LoadBalancerId><BackendServers><BackendServer><ServerId>eni-1</ServerId><Port>443</Port><Weight>0</Weight><Type>eni</Type><Description>a &amp; b</Description></BackendServer></BackendServers></DescribeVServerGroupAttributeResponse>";
    let response = parse_response(200, body, Some(Format::Xml));
    let result = DescribeVServerGroupAttributeResult::from_data(ok_data(&response)).unwrap();
    assert_eq!(
        result,
        DescribeVServerGroupAttributeResult {
            request_id: "R".into(),
            v_server_group_id: "rsp-1".into(),
            v_server_group_name: Some("web".into()),
            load_balancer_id: Some("lb-1".into()),
            create_time: None,
            tags: Vec::new(),
            backend_servers: vec![BackendServerResult {
                server_id: "eni-1".into(),
                port: 443,
                weight: 0,
                server_type: Some("eni".into()),
                server_ip: None,
                description: Some("a & b".into()),
            }],
        }
    );
}

#[test]
fn a_typed_result_missing_a_field_is_a_malformed_response() {
    let body = PAGE_XML.replace("<Port>90</Port>", "");
    let response = parse_response(200, &body, None);
    let err = GroupMembersResult::from_data(ok_data(&response), true).unwrap_err();
    assert_eq!(
        (err.code(), err.path()),
        (
            "MalformedResponse",
            Some("BackendServers.BackendServer[1].Port")
        )
    );
}

/// Section 5: status, code, message.
const SERVICE_ERRORS: &[(u16, &str, &str)] = &[
    (400, "IncompleteSignature", "The request signature does not conform to Aliyun standards. server string to sign is:GET&%2F&AccessKeyId%3Dtestid"),
    (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."),
    (400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled."),
    (400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted."),
    (400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."),
    (400, "SignatureNonceUsed", "Specified signature nonce was used already."),
    (400, "MissingTimestamp", "Timestamp is mandatory for this action."),
    (400, "InvalidParameter", "the Port value should be in [1, 65535]"),
    (404, "InvalidParameter", "The specified VServerGroupId does not exist."),
    (400, "TooManyBackendServers", "The number of backend servers exceeds the limit."),
    (400, "BackendServersMalformed", "The specified BackendServers is malformed."),
    (404, "InvalidServerId.NotFound", "The specified ServerId does not exist."),
    (400, "InvalidBackendServers.ServerIpConflict", "The ServerIp conflicts with <another> & more."),
    (400, "OperationBusy", "The operation is busy."),
    (449, "SystemBusy", "System is busy, please try later."),
    (400, "Throttling", "Request was denied due to request throttling."),
    (400, "Throttling.User", "Request was denied due to user flow control."),
    (500, "InternalError", "The request processing has failed due to some unknown error."),
    (503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."),
    (403, "Forbidden", "User not authorized to operate on the specified resource."),
];

/// A DescribeVServerGroups answer as XML: one group, one tag and one listener, each of which
/// XML cannot tell from a list of one.
const GROUPS_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeVServerGroups>\
<RequestId>R</RequestId><VServerGroups><VServerGroup><VServerGroupId>rsp-1</VServerGroupId>\
<VServerGroupName>web</VServerGroupName><ServerCount>2</ServerCount>\
<Tags><Tag><TagKey>env</TagKey><TagValue>prod</TagValue></Tag></Tags>\
<AssociatedObjects><Listeners><Listener><Port>80</Port><Protocol>http</Protocol></Listener></Listeners><Rules></Rules></AssociatedObjects>\
</VServerGroup></VServerGroups></DescribeVServerGroups>";

const GROUPS_JSON: &str = r#"{"RequestId":"R","VServerGroups":{"VServerGroup":[{"VServerGroupId":"rsp-1",
"VServerGroupName":"web","ServerCount":2,"Tags":{"Tag":[{"TagKey":"env","TagValue":"prod"}]},
"AssociatedObjects":{"Listeners":{"Listener":[{"Port":80,"Protocol":"http"}]},"Rules":{"Rule":[]}}}]}}"#;

#[test]
fn every_result_reads_the_same_from_json_and_xml() {
    let read = |body: &str, format, action| {
        let response = parse_response(200, body, Some(format));
        SlbResult::from_data(action, ok_data(&response)).unwrap()
    };
    let groups = read(GROUPS_JSON, Format::Json, SlbAction::DescribeVServerGroups);
    assert_eq!(
        groups,
        read(GROUPS_XML, Format::Xml, SlbAction::DescribeVServerGroups)
    );
    let SlbResult::Groups(groups) = groups else {
        panic!("DescribeVServerGroups reads as Groups")
    };
    let group = &groups.v_server_groups[0];
    assert_eq!(
        (group.server_count, group.tags.clone()),
        (
            Some(2),
            vec![TagResult {
                key: "env".into(),
                value: "prod".into()
            }]
        )
    );
    assert_eq!(
        group.associated_objects,
        Some(AssociatedObjects {
            listeners: vec![ListenerResult {
                port: 80,
                protocol: Some("http".into())
            }],
            rules: vec![]
        })
    );

    let deleted = read(
        r#"{"RequestId":"R"}"#,
        Format::Json,
        SlbAction::DeleteVServerGroup,
    );
    assert_eq!(
        deleted,
        read(
            "<DeleteVServerGroup><RequestId>R</RequestId></DeleteVServerGroup>",
            Format::Xml,
            SlbAction::DeleteVServerGroup
        )
    );
    assert_eq!(
        deleted,
        SlbResult::Deleted {
            request_id: "R".into()
        }
    );

    // Remove may leave a group empty: its list is then absent or empty, not an error.
    for (body, format) in [
        (r#"{"RequestId":"R","VServerGroupId":"rsp-1","BackendServers":{"BackendServer":[]}}"#, Format::Json),
        ("<RemoveVServerGroupBackendServers><RequestId>R</RequestId><VServerGroupId>rsp-1</VServerGroupId><BackendServers/></RemoveVServerGroupBackendServers>", Format::Xml),
    ] {
        let SlbResult::Members(members) = read(body, format, SlbAction::RemoveVServerGroupBackendServers) else {
            panic!("Remove reads as Members")
        };
        assert!(members.backend_servers.is_empty());
    }
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn json_error(code: &str, message: &str) -> String {
    serde_json::json!({
        "RequestId": "ERR-1", "HostId": "slb.aliyuncs.com", "Code": code,
        "Message": message, "Recommend": "https://next.api.aliyun.com/troubleshoot?q=x"
    })
    .to_string()
}

fn xml_error(code: &str, message: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>ERR-1</RequestId><HostId>slb.aliyuncs.com</HostId><Code>{code}</Code><Message>{}</Message><Recommend><![CDATA[https://next.api.aliyun.com/troubleshoot?q=x]]></Recommend></Error>",
        escape_xml(message)
    )
}

#[test]
fn every_kind_of_service_error_in_json_and_xml() {
    for &(status, code, message) in SERVICE_ERRORS {
        for (body, format) in [
            (json_error(code, message), Format::Json),
            (xml_error(code, message), Format::Xml),
        ] {
            for given in [None, Some(format)] {
                let response = parse_response(status, &body, given);
                assert!(!response.ok);
                assert_eq!(response.status, status);
                assert_eq!(response.data, None);
                assert_eq!(response.request_id.as_deref(), Some("ERR-1"));
                assert_eq!(response.raw, body);
                let error = response.error.expect("an error");
                assert_eq!(
                    (error.code.as_str(), error.message.as_str()),
                    (code, message)
                );
                assert_eq!(error.request_id.as_deref(), Some("ERR-1"));
                assert_eq!(error.host_id.as_deref(), Some("slb.aliyuncs.com"));
                assert_eq!(
                    error.recommend.as_deref(),
                    Some("https://next.api.aliyun.com/troubleshoot?q=x")
                );
                let expected =
                    (code == "IncompleteSignature").then_some("GET&%2F&AccessKeyId%3Dtestid");
                assert_eq!(error.server_string_to_sign.as_deref(), expected);
            }
        }
    }
}

#[test]
fn an_error_body_with_a_2xx_status_is_still_an_error() {
    let response = parse_response(200, &json_error("Throttling.Api", "slow down"), None);
    assert!(!response.ok);
    assert_eq!(response.error.unwrap().code, "Throttling.Api");
}

#[test]
fn a_xml_error_without_recommend_or_declaration() {
    let body = "<Error><RequestId>R</RequestId><HostId>h</HostId><Code>Forbidden</Code><Message>no</Message></Error>";
    let error = parse_response(403, body, None).error.unwrap();
    assert_eq!((error.code.as_str(), error.recommend), ("Forbidden", None));
}

/// A signature error against a request we signed: its server string gives the diagnosis.
#[test]
fn signature_does_not_match_is_diagnosed() {
    let request = RpcRequest::new(
        Method::Get,
        Endpoint::parse("https://slb.aliyuncs.com").unwrap(),
    )
    .param("Action", "DescribeRegions")
    .param("Version", "2014-05-15")
    .param("Description", "a b");
    let signed = rpc::sign(
        &request,
        &rpc::SigningParams {
            credentials: &Credentials::new("testid", "testsecret"),
            timestamp: &Timestamp::parse("2016-02-23T12:46:24Z").unwrap(),
            nonce: "n-1",
        },
    )
    .unwrap();
    let ours = signed.string_to_sign();
    // The server decoding `%20` as `+` would sign `%2B`.
    let servers = ours.replace("a%2520b", "a%252Bb");
    assert_ne!(ours, servers);

    for (server_string, wrong_secret) in [(ours.to_owned(), true), (servers, false)] {
        let message = format!(
            "Specified signature is not matched with our calculation. server string to sign is:{server_string}"
        );
        for body in [
            json_error("SignatureDoesNotMatch", &message),
            xml_error("SignatureDoesNotMatch", &message),
        ] {
            let error = parse_response(400, &body, None).error.unwrap();
            assert_eq!(error.code, "SignatureDoesNotMatch");
            assert_eq!(
                error.server_string_to_sign.as_deref(),
                Some(&*server_string)
            );
            let diagnosis = error.diagnose_signature(ours, None).unwrap();
            if wrong_secret {
                assert_eq!(diagnosis, SignatureDiagnosis::WrongSecret);
                assert!(diagnosis
                    .message()
                    .contains("the AccessKey secret is wrong"));
            } else {
                let SignatureDiagnosis::EncodingMismatch { position, .. } = &diagnosis else {
                    panic!("{diagnosis:?}");
                };
                assert_eq!(&ours[..*position], &server_string[..*position]);
                assert_ne!(
                    ours[*position..].chars().next(),
                    server_string[*position..].chars().next()
                );
                let text = diagnosis.message();
                assert!(text.contains(&format!("at character {position}")), "{text}");
                assert!(text.contains("%2520b") && text.contains("%252Bb"), "{text}");
                assert!(text.ends_with("(an encoding problem)"), "{text}");
            }
        }
    }
}

#[test]
fn empty_and_foreign_bodies_are_malformed() {
    for format in FORMATS {
        assert!(malformed(200, "", format).contains("empty"));
        assert!(malformed(502, "  \r\n", format).contains("empty"));
    }
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    for format in FORMATS {
        let message = malformed(502, html, format);
        assert!(message.contains("HTTP 502"), "{message}");
    }
    assert!(malformed(502, html, None).contains("HTML page"));
    assert!(
        malformed(503, "<!DOCTYPE html><html><body>down</body></html>", None).contains("HTML page")
    );
    assert!(malformed(200, "Service Unavailable", None).contains("neither JSON nor XML"));
    assert!(malformed(200, PAGE_XML, Some(Format::Json)).contains("expected a JSON object"));
    assert!(malformed(200, PAGE_JSON, Some(Format::Xml)).contains("expected XML"));
}

#[test]
fn a_failure_status_without_an_error_body_is_malformed() {
    let message = malformed(500, PAGE_JSON, None);
    assert!(message.contains("no error Code"), "{message}");
}

/// Every proper prefix of a valid body is a truncated body.
#[test]
fn truncated_bodies_are_malformed() {
    for body in [
        PAGE_JSON,
        PAGE_XML.trim_end(),
        &*xml_error("Throttling", "x"),
    ] {
        for end in (0..body.len()).filter(|&end| body.is_char_boundary(end)) {
            let truncated = &body[..end];
            for format in FORMATS {
                let response = parse_response(200, truncated, format);
                assert!(!response.ok, "{truncated:?} read as a success");
                assert_eq!(
                    response.error.unwrap().code,
                    "MalformedResponse",
                    "{truncated:?}"
                );
            }
        }
    }
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut body =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    body.push_str(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..=9 {
        let previous = format!("&lol{};", i - 1).repeat(10);
        body.push_str(&format!(" <!ENTITY lol{i} \"{previous}\">\n"));
    }
    body.push_str("]>\n<lolz>&lol9;</lolz>");
    let started = Instant::now();
    for format in [None, Some(Format::Xml)] {
        assert!(malformed(200, &body, format).contains("DOCTYPE"));
    }
    assert!(started.elapsed() < Duration::from_secs(1));
    // Without the DTD, the references are merely unknown entities.
    assert!(malformed(200, "<lolz>&lol9;</lolz>", None).contains("&lol9; is refused"));
}

#[test]
fn external_entities_are_refused_and_never_read() {
    let marker = "external-entity-marker-7f3a9c";
    let path = std::env::temp_dir().join(format!("aliyun-slb-wasm-xxe-{}", std::process::id()));
    std::fs::write(&path, marker).unwrap();
    for target in [
        "file:///etc/passwd".to_owned(),
        format!("file://{}", path.display()),
    ] {
        let bodies = [
            format!("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"{target}\">]><r><RequestId>&x;</RequestId></r>"),
            format!("<r><!DOCTYPE r [<!ENTITY x SYSTEM \"{target}\">]><RequestId>&x;</RequestId></r>"),
            format!("<!doctype r SYSTEM \"{target}\"><r/>"),
        ];
        for body in bodies {
            let response = parse_response(200, &body, None);
            assert!(!response.ok);
            let error = response.error.unwrap();
            assert_eq!(error.code, "MalformedResponse");
            let shown = format!("{:?}{}", error, response.raw);
            assert!(
                !shown.contains(marker) && !shown.contains("root:"),
                "{shown}"
            );
        }
    }
    let _ = std::fs::remove_file(path);
    // A reference to an entity nobody declared.
    assert!(malformed(200, "<r><RequestId>&x;</RequestId></r>", None).contains("&x; is refused"));
}

/// On a thread with a 1 MiB stack, wasm's default: a deep body must not recurse.
fn on_a_small_stack(test: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(test)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn deep_nesting_is_malformed_without_overflowing_the_stack() {
    on_a_small_stack(|| {
        let depth = 10_000;
        let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        for format in [None, Some(Format::Xml)] {
            assert!(malformed(200, &xml, format).contains("nests deeper than 64"));
        }
        let json = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let arrays = format!("{{\"a\":{}{}}}", "[".repeat(depth), "]".repeat(depth));
        for body in [json, arrays] {
            for format in [None, Some(Format::Json)] {
                assert!(malformed(200, &body, format).contains("recursion limit"));
            }
        }
    });
}

#[test]
fn the_size_limit_is_checked_before_parsing() {
    let padded = |target: usize, body: &str| format!("{body}{}", " ".repeat(target - body.len()));
    for (body, format) in [(PAGE_JSON, Format::Json), (PAGE_XML, Format::Xml)] {
        let at_limit = padded(MAX_BODY_BYTES, body);
        assert!(parse_response(200, &at_limit, Some(format)).ok);
        let over = padded(MAX_BODY_BYTES + 1, body);
        for given in [None, Some(format)] {
            let message = malformed(200, &over, given);
            assert!(
                message.contains("1048577 bytes") && message.contains("not read"),
                "{message}"
            );
        }
    }
    // Over the limit and broken too: the size is what is reported.
    let garbage = "<".repeat(MAX_BODY_BYTES + 1);
    assert!(malformed(200, &garbage, None).contains("limit"));
}

/// A response's invariants, whatever the body.
fn check_invariants(status: u16, body: &str, format: Option<Format>) {
    let response = parse_response(status, body, format);
    assert_eq!(response.raw, body);
    assert_eq!(response.status, status);
    assert_eq!(response.ok, response.error.is_none());
    assert_eq!(response.ok, response.data.is_some());
    if response.ok {
        assert!((200..300).contains(&status));
    }
}

fn any_format() -> impl Strategy<Value = Option<Format>> {
    prop::sample::select(FORMATS.to_vec())
}

/// `make test` runs a smoke of each property; `make fuzz` runs many more (PROPTEST_CASES).
fn cases(smoke: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(smoke);
    ProptestConfig::with_cases(cases)
}

/// The properties `make fuzz` runs in rounds (it selects them by this module's name).
mod fuzz {
    use super::*;

    proptest! {
        #![proptest_config(cases(512))]

        #[test]
        fn arbitrary_strings_never_panic(status in any::<u16>(), body in any::<String>(), format in any_format()) {
            check_invariants(status, &body, format);
        }

        #[test]
        fn arbitrary_bytes_never_panic(status in any::<u16>(), bytes in prop::collection::vec(any::<u8>(), 0..256), format in any_format()) {
            check_invariants(status, &String::from_utf8_lossy(&bytes), format);
        }

        /// Strings of markup characters reach much further into the readers than random text.
        #[test]
        fn markup_soup_never_panics(
            body in r#"(<[A-Za-z]{1,3}>|</[A-Za-z]{1,3}>|<[A-Za-z]/>|&[a-z#x0-9]{0,5};?|<!\[CDATA\[|\]\]>|<!--|-->|<\?xml\?>|<!DOCTYPE|[{}\[\]":,0-9a-z \n]){0,40}"#,
            status in prop::sample::select(vec![200_u16, 400, 404, 500]),
            format in any_format(),
        ) {
            check_invariants(status, &body, format);
        }

        /// Cutting or splicing the real examples anywhere never panics either.
        #[test]
        fn mangled_examples_never_panic(cut in 0usize..700, insert in ".{0,8}", which in 0usize..3) {
            let error = xml_error("SignatureDoesNotMatch", "server string to sign is:GET&%2F");
            let body = [PAGE_JSON, PAGE_XML, &*error][which];
            let mut cut = cut.min(body.len());
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            let mangled = format!("{}{insert}{}", &body[..cut], &body[cut..]);
            for format in FORMATS {
                check_invariants(200, &mangled, format);
                if let Some(data) = parse_response(200, &mangled, format).data {
                    let _ = GroupMembersResult::from_data(&data, true);
                    let _ = DescribeVServerGroupAttributeResult::from_data(&data);
                }
            }
        }
    }
}
