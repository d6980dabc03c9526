//! The validation tables of the VServer-group family: each rule's code and path, loose JS
#![cfg(not(target_arch = "wasm32"))]
//! input (JSON) decoded with its own issues, and requests with many faults reporting all of
//! them.

use aliyun_slb_wasm::js::request::{validate, SignCall};
use aliyun_slb_wasm::{
    serialize_backend_servers, sign_request, AddVServerGroupBackendServers, BackendServer,
    Credentials, Endpoint, ServerType, SignOptions, SlbAction, SlbRequest, Timestamp,
};
use serde_json::{json, Value};

fn request(servers: Vec<BackendServer>) -> AddVServerGroupBackendServers {
    AddVServerGroupBackendServers {
        region_id: "cn-hangzhou".into(),
        v_server_group_id: "rsp-cige6j5e7p".into(),
        backend_servers: servers,
    }
}

fn codes(request: &dyn SlbRequest) -> Vec<(String, &'static str)> {
    request
        .validate()
        .into_iter()
        .map(|i| (i.path, i.code.as_str()))
        .collect()
}

fn paths_and_codes(issues: &[aliyun_slb_wasm::ValidationIssue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect()
}

fn one(path: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(path.to_owned(), code)]
}

fn server() -> BackendServer {
    BackendServer::new("vm-233", 80)
}

/// Issues of a request of `action` given as JSON, as JS callers send it.
fn json_codes_of(action: SlbAction, value: Value) -> Vec<(String, &'static str)> {
    validate(action, &value.to_string())
        .into_iter()
        .map(|i| (i.path, i.code.as_str()))
        .collect()
}

fn json_codes(value: Value) -> Vec<(String, &'static str)> {
    json_codes_of(SlbAction::AddVServerGroupBackendServers, value)
}

/// An Add request with these servers, as JSON.
fn add_json(servers: Value) -> Value {
    json!({"regionId": "cn-hangzhou", "vServerGroupId": "rsp-cige6j5e7p", "backendServers": servers})
}

#[test]
fn the_api_pages_example_is_valid_and_serializes_numbers() {
    let pasted = add_json(json!([
        {"ServerId": "vm-233", "Port": "80", "Weight": "100"},
        {"ServerId": "vm-232", "Port": "90", "Weight": "100"},
        {"ServerId": "vm-231", "Port": "70", "Weight": "100"},
    ]));
    assert_eq!(json_codes(pasted), vec![]);
    let servers = vec![
        BackendServer::new("vm-233", 80).weight(100),
        BackendServer::new("vm-232", 90).weight(100),
        BackendServer::new("vm-231", 70).weight(100),
    ];
    assert!(request(servers.clone()).validate().is_empty());
    assert_eq!(
        serialize_backend_servers(&servers).unwrap(),
        r#"[{"ServerId":"vm-233","Port":80,"Weight":100},{"ServerId":"vm-232","Port":90,"Weight":100},{"ServerId":"vm-231","Port":70,"Weight":100}]"#
    );
}

#[test]
fn serialization_keeps_key_order_only_given_keys_and_standard_escapes() {
    let servers = vec![BackendServer::new("eni-1", 8080)
        .description("前端 \"a\\b\"\n")
        .server_ip("fe80::1")
        .server_type(ServerType::Eni)
        .weight(0)];
    // A control character in the description is refused; without it, escapes are standard.
    assert_eq!(
        serialize_backend_servers(&servers).unwrap_err().issues()[0].path,
        "backendServers[0].description"
    );
    let servers = vec![BackendServer::new("eni-1", 8080)
        .description("前端 \"a\\b\" é")
        .server_ip("fe80::1")
        .server_type(ServerType::Eni)
        .weight(0)];
    assert_eq!(
        serialize_backend_servers(&servers).unwrap(),
        r#"[{"ServerId":"eni-1","Port":8080,"Weight":0,"Type":"eni","ServerIp":"fe80::1","Description":"前端 \"a\\b\" é"}]"#
    );
}

#[test]
fn missing_region_group_servers() {
    let r = AddVServerGroupBackendServers::default();
    assert_eq!(
        codes(&r),
        vec![
            ("regionId".to_owned(), "MissingParameter"),
            ("vServerGroupId".to_owned(), "MissingParameter"),
            ("backendServers".to_owned(), "MissingParameter"),
        ]
    );
}

#[test]
fn missing_server_id_and_port() {
    assert_eq!(
        json_codes(add_json(json!([{}]))),
        vec![
            ("backendServers[0].port".to_owned(), "MissingParameter"),
            ("backendServers[0].serverId".to_owned(), "MissingParameter"),
        ]
    );
    assert_eq!(
        json_codes(add_json(json!([{"serverId": "vm-1", "port": ""}]))),
        one("backendServers[0].port", "MissingParameter")
    );
    // In Rust the port is a u16: 0 is the one value out of range.
    assert_eq!(
        codes(&request(vec![BackendServer::new("vm-1", 0)])),
        one("backendServers[0].port", "InvalidPort")
    );
}

#[test]
fn invalid_region_id() {
    for bad in [
        "Hangzhou",
        "cn_hangzhou",
        "cn",
        "cn-hangzhou ",
        "CN-HANGZHOU",
    ] {
        let mut r = request(vec![server()]);
        r.region_id = bad.into();
        assert_eq!(codes(&r), one("regionId", "InvalidRegionId"), "{bad}");
    }
}

#[test]
fn invalid_vserver_group_id() {
    for bad in ["rsp cige", "rsp/1", &"a".repeat(65), "组"] {
        let mut r = request(vec![server()]);
        r.v_server_group_id = bad.into();
        assert_eq!(
            codes(&r),
            one("vServerGroupId", "InvalidVServerGroupId"),
            "{bad}"
        );
    }
    let mut r = request(vec![server()]);
    r.v_server_group_id = "A_z-0".repeat(12) + "abcd";
    assert!(r.validate().is_empty());
}

#[test]
fn too_many_backend_servers() {
    let servers: Vec<BackendServer> = (0..21)
        .map(|i| BackendServer::new(format!("vm-{i}"), 80))
        .collect();
    assert_eq!(
        codes(&request(servers.clone())),
        one("backendServers", "TooManyBackendServers")
    );
    assert!(request(servers[..20].to_vec()).validate().is_empty());
}

#[test]
fn invalid_port() {
    let ports = [
        json!(0),
        json!(65_536),
        json!(80.5),
        json!(-80),
        json!("80a"),
        json!(" 80"),
        json!("+80"),
        json!("NaN"),
        json!("99999999999999999999"),
    ];
    let bad: Vec<Value> = ports
        .iter()
        .enumerate()
        .map(|(i, port)| json!({"serverId": format!("vm-{i}"), "port": port}))
        .collect();
    let expected: Vec<(String, &str)> = (0..ports.len())
        .map(|i| (format!("backendServers[{i}].port"), "InvalidPort"))
        .collect();
    assert_eq!(json_codes(add_json(Value::Array(bad))), expected);
    let issues = validate(
        SlbAction::AddVServerGroupBackendServers,
        &add_json(json!([{"serverId": "vm-1", "port": 80.5}])).to_string(),
    );
    assert_eq!(
        issues[0].message,
        "the port must be an integer from 1 to 65535, not 80.5"
    );
    let good =
        add_json(json!([{"serverId": "vm-1", "port": 1}, {"serverId": "vm-2", "port": "65535"}]));
    assert_eq!(json_codes(good), vec![]);
}

#[test]
fn invalid_weight() {
    let weights = [json!(101), json!(-1), json!("1.5"), json!("")];
    let bad: Vec<Value> = weights
        .iter()
        .enumerate()
        .map(|(i, weight)| json!({"serverId": format!("vm-{i}"), "port": 80, "weight": weight}))
        .collect();
    let expected: Vec<(String, &str)> = (0..4)
        .map(|i| (format!("backendServers[{i}].weight"), "InvalidWeight"))
        .collect();
    assert_eq!(json_codes(add_json(Value::Array(bad))), expected);
    assert_eq!(
        codes(&request(vec![server().weight(101)])),
        one("backendServers[0].weight", "InvalidWeight")
    );
    assert!(request(vec![
        server().weight(0),
        BackendServer::new("vm-2", 80).weight(100)
    ])
    .validate()
    .is_empty());
}

#[test]
fn invalid_type() {
    for bad in ["ECS", "vm", ""] {
        assert_eq!(
            json_codes(add_json(
                json!([{"serverId": "vm-1", "port": 80, "type": bad}])
            )),
            one("backendServers[0].type", "InvalidType"),
            "{bad}"
        );
    }
}

#[test]
fn missing_server_ip_for_eni_and_eci() {
    for t in [ServerType::Eni, ServerType::Eci] {
        assert_eq!(
            codes(&request(vec![server().server_type(t)])),
            one("backendServers[0].serverIp", "MissingServerIp")
        );
        assert_eq!(
            codes(&request(vec![server().server_type(t).server_ip("")])),
            one("backendServers[0].serverIp", "MissingServerIp")
        );
        assert!(
            request(vec![server().server_type(t).server_ip("172.16.0.10")])
                .validate()
                .is_empty()
        );
    }
}

#[test]
fn invalid_server_ip() {
    for bad in [
        "",
        "172.16.0",
        "256.1.1.1",
        "fe80::1%eth0",
        "host.example",
        " 10.0.0.1",
    ] {
        assert_eq!(
            codes(&request(vec![server().server_ip(bad)])),
            one("backendServers[0].serverIp", "InvalidServerIp"),
            "{bad:?}"
        );
    }
    assert!(request(vec![server().server_ip("2001:db8::1")])
        .validate()
        .is_empty());
}

#[test]
fn invalid_server_id() {
    for bad in ["vm 1", "vm-1\t", "vm\u{0}", "\u{3000}vm", &"x".repeat(129)] {
        assert_eq!(
            codes(&request(vec![BackendServer::new(bad, 80)])),
            one("backendServers[0].serverId", "InvalidServerId"),
            "{bad:?}"
        );
    }
    assert!(request(vec![BackendServer::new("x".repeat(128), 80)])
        .validate()
        .is_empty());
}

#[test]
fn invalid_description() {
    for bad in [
        String::new(),
        "é".repeat(81),
        "line\nbreak".into(),
        "tab\there".into(),
    ] {
        assert_eq!(
            codes(&request(vec![server().description(bad.clone())])),
            one("backendServers[0].description", "InvalidDescription"),
            "{bad:?}"
        );
    }
    assert!(request(vec![server().description("é".repeat(80))])
        .validate()
        .is_empty());
}

#[test]
fn duplicate_backend_server() {
    let servers = vec![
        server(),
        BackendServer::new("vm-233", 81),
        BackendServer::new("vm-233", 80).weight(50),
        server().server_ip("10.0.0.1"),
    ];
    let issues = request(servers).validate();
    // An ecs member is its id and port: an IP does not make it another one.
    assert_eq!(
        paths_and_codes(&issues),
        [
            ("backendServers[2]", "DuplicateBackendServer"),
            ("backendServers[3]", "DuplicateBackendServer")
        ]
    );
    assert!(issues[0].message.contains("backendServers[0]"));
    // One ENI may be a member several times, with different IPs.
    let eni = |ip: &str| {
        BackendServer::new("eni-1", 80)
            .server_type(ServerType::Eni)
            .server_ip(ip)
    };
    assert!(request(vec![eni("10.0.0.1"), eni("10.0.0.2")])
        .validate()
        .is_empty());
    assert_eq!(
        codes(&request(vec![eni("10.0.0.1"), eni("10.0.0.1")])),
        one("backendServers[1]", "DuplicateBackendServer")
    );
}

#[test]
fn a_request_with_many_faults_gets_all_of_them() {
    let r = json!({
        "regionId": "Hangzhou",
        "vServerGroupId": "rsp cige",
        "backendServers": [
            {"serverId": "vm-1", "port": 0, "weight": 200},
            {"serverId": "", "port": "http", "type": "ENI"},
            {"serverId": "eni-1", "port": 80, "type": "eni"},
            {"serverId": "vm-4", "port": 80, "serverIp": "1.2.3", "description": ""},
            {"serverId": "vm-5", "port": 80},
            {"serverId": "vm-5", "port": 80},
        ],
    });
    // Reading finds the loose values' problems first, then validation the rest.
    assert_eq!(
        json_codes(r),
        vec![
            ("backendServers[0].port".to_owned(), "InvalidPort"),
            ("backendServers[0].weight".to_owned(), "InvalidWeight"),
            ("backendServers[1].port".to_owned(), "InvalidPort"),
            ("backendServers[1].type".to_owned(), "InvalidType"),
            ("regionId".to_owned(), "InvalidRegionId"),
            ("vServerGroupId".to_owned(), "InvalidVServerGroupId"),
            ("backendServers[1].serverId".to_owned(), "MissingParameter"),
            ("backendServers[2].serverIp".to_owned(), "MissingServerIp"),
            ("backendServers[3].serverIp".to_owned(), "InvalidServerIp"),
            (
                "backendServers[3].description".to_owned(),
                "InvalidDescription"
            ),
            ("backendServers[5]".to_owned(), "DuplicateBackendServer"),
        ]
    );
}

#[test]
fn signing_reports_request_credentials_and_options_together() {
    let options = SignOptions::new(Timestamp::from_unix_seconds(0).unwrap(), "");
    let err = sign_request(
        &request(vec![BackendServer::new("vm-1", 0)]),
        &Credentials::new("testid ", "\ttestsecret"),
        &options,
    )
    .unwrap_err();
    assert_eq!(err.code(), "ValidationFailed");
    assert_eq!(
        paths_and_codes(err.issues()),
        vec![
            ("backendServers[0].port", "InvalidPort"),
            ("credentials.accessKeyId", "InvalidCredentials"),
            ("credentials.accessKeySecret", "InvalidCredentials"),
            ("options.nonce", "InvalidNonce"),
        ]
    );
    assert!(err.issues()[1].message.contains("paste"));
    // From JS, the options' text is read too, each problem at its path.
    let err = SignCall::read(
        SlbAction::AddVServerGroupBackendServers,
        &add_json(json!([{"serverId": "vm-1", "port": 0}])).to_string(),
        r#"{"accessKeyId":"testid ","accessKeySecret":"\ttestsecret"}"#,
        r#"{"timestamp":"2016-02-23T12:46:24.123Z","endpoint":"slb.aliyuncs.com","nonce":""}"#,
    )
    .sign(|| Timestamp::from_unix_seconds(0), || Ok("n".into()))
    .unwrap_err();
    assert_eq!(
        paths_and_codes(err.issues()),
        vec![
            ("backendServers[0].port", "InvalidPort"),
            ("options.endpoint", "InvalidEndpoint"),
            ("options.timestamp", "InvalidTimestamp"),
            ("credentials.accessKeyId", "InvalidCredentials"),
            ("credentials.accessKeySecret", "InvalidCredentials"),
            ("options.nonce", "InvalidNonce"),
        ]
    );
    assert!(err.issues()[2].message.contains("toISOString"));
    assert!(
        err.message().contains("backendServers[0].port"),
        "the message lists the issues"
    );
}

#[test]
fn default_endpoint_follows_the_region_and_options_override_it() {
    let opts = SignOptions::new(Timestamp::from_unix_seconds(0).unwrap(), "n");
    let creds = Credentials::new("id", "secret");
    let mut r = request(vec![server()]);
    assert!(sign_request(&r, &creds, &opts)
        .unwrap()
        .url
        .starts_with("https://slb.aliyuncs.com/?"));
    r.region_id = "ap-southeast-1".into();
    assert!(sign_request(&r, &creds, &opts)
        .unwrap()
        .url
        .starts_with("https://slb.ap-southeast-1.aliyuncs.com/?"));
    let local = opts
        .clone()
        .endpoint(Endpoint::parse("http://127.0.0.1:8081").unwrap());
    assert!(sign_request(&r, &creds, &local)
        .unwrap()
        .url
        .starts_with("http://127.0.0.1:8081/?"));
}

// JSON input, as JavaScript callers send it.

#[test]
fn json_accepts_the_api_pages_pascal_case_names() {
    let pasted = json!({
        "RegionId": "cn-hangzhou", "VServerGroupId": "rsp-cige6j5e7p",
        "BackendServers": [{"ServerId": "vm-233", "Port": "80", "Weight": "100"}]
    });
    assert_eq!(json_codes(pasted), vec![]);
}

#[test]
fn json_unknown_fields_suggest_the_closest_name() {
    let issues = validate(
        SlbAction::AddVServerGroupBackendServers,
        &json!({"regionId": "cn-hangzhou", "vServerGroupId": "g", "backendServers": [{"serverId": "vm-1", "prot": 80}], "regoin": 1})
            .to_string(),
    );
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.path.as_str(), i.code.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("regoin", "UnknownField"),
            ("backendServers[0].prot", "UnknownField"),
            ("backendServers[0].port", "MissingParameter"),
        ]
    );
    assert!(
        issues[0].message.contains("did you mean \"regionId\""),
        "{}",
        issues[0].message
    );
    assert!(
        issues[1].message.contains("did you mean \"port\""),
        "{}",
        issues[1].message
    );
}

#[test]
fn json_wrong_types_are_invalid_input_once() {
    assert_eq!(
        json_codes(
            json!({"regionId": 5, "vServerGroupId": "g", "backendServers": [{"serverId": "vm-1", "port": true}, "vm-2"]})
        ),
        vec![
            ("regionId".to_owned(), "InvalidInput"),
            ("backendServers[0].port".to_owned(), "InvalidInput"),
            ("backendServers[1]".to_owned(), "InvalidInput"),
        ]
    );
    assert_eq!(json_codes(json!([])), one("request", "InvalidInput"));
    assert_eq!(
        json_codes(
            json!({"regionId": "cn-hangzhou", "vServerGroupId": "g", "backendServers": "[]"})
        ),
        one("backendServers", "InvalidInput")
    );
    assert_eq!(
        validate(SlbAction::AddVServerGroupBackendServers, "{not json")[0]
            .code
            .as_str(),
        "InvalidInput"
    );
    assert_eq!(
        json_codes(
            json!({"regionId": "cn-hangzhou", "RegionId": "cn-hangzhou", "vServerGroupId": "g", "backendServers": [{"serverId": "a", "port": 1}]})
        ),
        one("regionId", "InvalidInput")
    );
}

#[test]
fn json_sign_call_fills_defaults_only_when_absent() {
    let request = json!({"regionId": "cn-hangzhou", "vServerGroupId": "rsp-cige6j5e7p",
        "backendServers": [{"serverId": "i-bp1test", "port": 80, "weight": 100, "type": "ecs", "description": "web 1"}]})
    .to_string();
    let credentials = json!({"accessKeyId": "testid", "accessKeySecret": "testsecret"}).to_string();
    let options = json!({"timestamp": "2016-02-23T12:46:24Z", "nonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "method": "POST"}).to_string();
    let signed = SignCall::read(
        SlbAction::AddVServerGroupBackendServers,
        &request,
        &credentials,
        &options,
    )
    .sign(
        || panic!("the clock is not read"),
        || panic!("no nonce is drawn"),
    )
    .unwrap();
    assert_eq!(signed.signature(), "Gfod6Tzhe2j8CCjo8ufW6561B28=");

    let signed = SignCall::read(
        SlbAction::AddVServerGroupBackendServers,
        &request,
        &credentials,
        "null",
    )
    .sign(
        || Timestamp::from_unix_seconds(1_456_231_584),
        || Ok("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".into()),
    )
    .unwrap();
    assert_eq!(signed.signature(), "DzqsF41MvauLDKgNVYAxcURlGiU=");

    let err = SignCall::read(
        SlbAction::AddVServerGroupBackendServers,
        &request,
        &json!({"accessKeyId": "testid"}).to_string(),
        &json!({"method": "PUT", "fromat": "XML"}).to_string(),
    )
    .sign(|| Timestamp::from_unix_seconds(0), || Ok("n".into()))
    .unwrap_err();
    assert_eq!(
        paths_and_codes(err.issues()),
        vec![
            ("options.fromat", "UnknownField"),
            ("options.method", "InvalidMethod"),
            ("credentials.accessKeySecret", "InvalidCredentials"),
        ]
    );
}

// The rest of the family.

#[test]
fn every_action_requires_its_ids() {
    for action in SlbAction::ALL {
        let found = json_codes_of(*action, json!({}));
        let required: Vec<(String, &str)> = action
            .fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| (f.name.to_owned(), "MissingParameter"))
            .collect();
        assert_eq!(found, required, "{}", action.as_str());
    }
}

#[test]
fn new_codes_each_at_its_path() {
    use SlbAction::*;
    let group = json!({"regionId": "cn-hangzhou", "vServerGroupId": "rsp-1"});
    let with = |base: &Value, extra: Value| {
        let mut v = base.clone();
        v.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        v
    };
    let lb = json!({"regionId": "cn-hangzhou", "loadBalancerId": "lb-1"});
    let one_server = json!([{"serverId": "vm-1", "port": 80}]);
    let two_servers = json!([{"serverId": "vm-1", "port": 80}, {"serverId": "vm-2", "port": 80}]);
    let cases = [
        (
            ModifyVServerGroupBackendServers,
            with(
                &group,
                json!({"oldBackendServers": one_server, "newBackendServers": two_servers}),
            ),
            "newBackendServers",
            "MismatchedBackendServers",
        ),
        (
            CreateVServerGroup,
            with(&lb, json!({"vServerGroupName": ""})),
            "vServerGroupName",
            "InvalidVServerGroupName",
        ),
        (
            SetVServerGroupAttribute,
            with(&group, json!({"vServerGroupName": "é".repeat(81)})),
            "vServerGroupName",
            "InvalidVServerGroupName",
        ),
        (
            CreateVServerGroup,
            with(
                &lb,
                json!({"tags": (0..21).map(|i| json!({"key": format!("k{i}")})).collect::<Vec<_>>()}),
            ),
            "tags",
            "TooManyTags",
        ),
        (
            DescribeVServerGroups,
            with(&lb, json!({"tags": [{"key": "aliyun:x"}]})),
            "tags[0].key",
            "InvalidTag",
        ),
        (
            CreateVServerGroup,
            with(&lb, json!({"Tag": [{"Key": "k", "Value": "http://x"}]})),
            "tags[0].value",
            "InvalidTag",
        ),
        (
            DescribeVServerGroups,
            json!({"regionId": "cn-hangzhou", "loadBalancerId": "lb/1"}),
            "loadBalancerId",
            "InvalidLoadBalancerId",
        ),
        (
            DescribeVServerGroups,
            with(&lb, json!({"description": "a\u{7}"})),
            "description",
            "InvalidDescription",
        ),
        (
            DescribeVServerGroups,
            with(&lb, json!({"includeListener": 1})),
            "includeListener",
            "InvalidInput",
        ),
    ];
    for (action, request, path, code) in cases {
        assert_eq!(
            json_codes_of(action, request.clone()),
            one(path, code),
            "{} {request}",
            action.as_str()
        );
    }
    // Modify's lists are checked each on its own too.
    assert_eq!(
        json_codes_of(
            ModifyVServerGroupBackendServers,
            with(
                &group,
                json!({"oldBackendServers": [], "newBackendServers": [{"serverId": "vm-1", "port": 0}]})
            )
        ),
        vec![
            ("newBackendServers[0].port".to_owned(), "InvalidPort"),
            ("oldBackendServers".to_owned(), "MissingParameter")
        ]
    );
}

#[test]
fn parameters_are_the_apis_names() {
    use aliyun_slb_wasm::{CreateVServerGroup, RemoveVServerGroupBackendServers, Tag};
    let create = CreateVServerGroup {
        region_id: "cn-hangzhou".into(),
        load_balancer_id: "lb-1".into(),
        v_server_group_name: Some("web".into()),
        backend_servers: Some(vec![]),
        tags: Some(vec![Tag::new("env", "prod"), Tag::new("team", "")]),
    };
    let mut issues = Vec::new();
    let params: Vec<(String, String)> = create
        .to_params(&mut issues)
        .into_iter()
        .map(|(n, v)| (n.into_owned(), v))
        .collect();
    assert!(issues.is_empty(), "{issues:?}");
    let expected = [
        ("RegionId", "cn-hangzhou"),
        ("LoadBalancerId", "lb-1"),
        ("VServerGroupName", "web"),
        ("Tag.1.Key", "env"),
        ("Tag.1.Value", "prod"),
        ("Tag.2.Key", "team"),
    ];
    assert_eq!(
        params,
        expected.map(|(n, v)| (n.to_owned(), v.to_owned())),
        "an empty optional list is not sent"
    );

    let remove = RemoveVServerGroupBackendServers {
        region_id: "cn-hangzhou".into(),
        v_server_group_id: "rsp-1".into(),
        backend_servers: vec![
            server().weight(5).description("d"),
            BackendServer::new("eni-1", 81)
                .server_type(ServerType::Eni)
                .server_ip("10.0.0.1"),
        ],
    };
    let params = remove.to_params(&mut issues);
    assert_eq!(
        params[2].1,
        r#"[{"ServerId":"vm-233","Port":80},{"ServerId":"eni-1","Port":81,"Type":"eni","ServerIp":"10.0.0.1"}]"#
    );
}
