//! Native signing speed: the API page's example (3 servers), 20 servers, the same 3 under
//! signature v3, and the generic signer on the documented DescribeRegions example. Run with
//! `make bench`.

use aliyun_slb_wasm::{
    rpc, sign_request, AddVServerGroupBackendServers, BackendServer, Credentials, Endpoint, Method,
    RpcRequest, SignOptions, SignatureAlgorithm, Timestamp,
};

fn main() {
    divan::main();
}

fn request(servers: usize) -> AddVServerGroupBackendServers {
    let list = (0..servers)
        .map(|i| BackendServer::new(format!("vm-{}", 233 - i), (80 + i) as u16).weight(100))
        .collect();
    AddVServerGroupBackendServers {
        region_id: "cn-hangzhou".into(),
        v_server_group_id: "rsp-cige6j5e7p".into(),
        backend_servers: list,
    }
}

fn options() -> SignOptions {
    SignOptions::new(
        Timestamp::parse("2016-02-23T12:46:24Z").unwrap(),
        "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    )
}

#[divan::bench(args = [3, 20])]
fn add_vserver_group_backend_servers(bencher: divan::Bencher, servers: usize) {
    let (request, credentials, options) = (
        request(servers),
        Credentials::new("testid", "testsecret"),
        options(),
    );
    bencher.bench(|| sign_request(divan::black_box(&request), &credentials, &options).unwrap());
}

#[divan::bench]
fn add_vserver_group_backend_servers_acs3(bencher: divan::Bencher) {
    let (request, credentials) = (request(3), Credentials::new("testid", "testsecret"));
    let options = options().signature_algorithm(SignatureAlgorithm::Acs3HmacSha256);
    bencher.bench(|| sign_request(divan::black_box(&request), &credentials, &options).unwrap());
}

#[divan::bench]
fn rpc_describe_regions(bencher: divan::Bencher) {
    let request = RpcRequest::new(
        Method::Get,
        Endpoint::parse("https://ecs.aliyuncs.com").unwrap(),
    )
    .param("Action", "DescribeRegions")
    .param("Version", "2014-05-26")
    .param("Format", "XML");
    let credentials = Credentials::new("testid", "testsecret");
    let timestamp = Timestamp::parse("2016-02-23T12:46:24Z").unwrap();
    let params = rpc::SigningParams {
        credentials: &credentials,
        timestamp: &timestamp,
        nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    };
    bencher.bench(|| rpc::sign(divan::black_box(&request), &params).unwrap());
}
