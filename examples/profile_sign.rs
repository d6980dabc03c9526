//! A loop over the typed signing path, for `perf record` (not part of the API).
use aliyun_slb_wasm::js::request::SignCall;
use aliyun_slb_wasm::SlbAction;
use aliyun_slb_wasm::Timestamp;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3);
    let servers: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"serverId":"vm-{}","port":{},"weight":100}}"#,
                233 - i,
                80 + i
            )
        })
        .collect();
    let request = format!(
        r#"{{"regionId":"cn-hangzhou","vServerGroupId":"rsp-cige6j5e7p","backendServers":[{}]}}"#,
        servers.join(",")
    );
    let credentials = r#"{"accessKeyId":"testid","accessKeySecret":"testsecret"}"#;
    let options =
        r#"{"timestamp":"2016-02-23T12:46:24Z","nonce":"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"}"#;
    let start = std::time::Instant::now();
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let mut total = 0;
    for _ in 0..rounds {
        let signed = SignCall::read(
            SlbAction::AddVServerGroupBackendServers,
            &request,
            credentials,
            options,
        )
        .sign(|| Timestamp::from_unix_seconds(0), || Ok(String::new()))
        .unwrap();
        total += signed.url.len();
    }
    println!(
        "{n} servers: {:.2} us per signing ({total})",
        start.elapsed().as_secs_f64() * 1e6 / rounds as f64
    );
}
