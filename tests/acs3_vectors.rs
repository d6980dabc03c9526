//! The 201 signature v3 cases (tests/vectors/acs3-v3.json, computed by the official
//! `@alicloud/openapi-util`), stage by stage: each stage type, then the whole signer.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use aliyun_slb_wasm::{rpc, Timestamp};
use common::{acs3_cases, acs3_request, assert_acs3_signed, assert_acs3_stages};

#[test]
fn every_stage_type_matches_all_201_cases() {
    let cases = acs3_cases();
    assert_eq!(cases.len(), 201);
    for case in &cases {
        assert_acs3_stages(case);
    }
}

#[test]
fn the_signer_matches_every_case() {
    let mut other_bodies = 0;
    for case in acs3_cases() {
        let (request, credentials) = acs3_request(&case);
        // The case carries its own timestamp and nonce: the clock values go unused.
        let unused_clock = Timestamp::from_unix_seconds(0).unwrap();
        let signing = rpc::SigningParams {
            credentials: &credentials,
            timestamp: &unused_clock,
            nonce: "unused-nonce",
        };
        let signed = rpc::sign(&request, &signing).expect("every case signs");
        if !assert_acs3_signed(&case, &signed) {
            other_bodies += 1;
        }
    }
    // The bodies where the util's encoder leaves `!'()*` as they are.
    assert_eq!(other_bodies, 13);
}
