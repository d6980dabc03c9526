//! Build, validate and sign Alibaba Cloud SLB API requests (RPC signature v1, HMAC-SHA1, and
//! v3, ACS3-HMAC-SHA256).
//!
//! The modules, from the bottom up; each uses only those above it in this list:
//!
//! 1. Foundations: [`error`] (one error type, a stable code per kind), [`timestamp`],
//!    [`nonce`], [`credentials`] (whose `Debug` redacts), [`json`] (the small JSON reader
//!    and string writer of the signing path).
//! 2. [`rpc`]: the signers (v1, and v3 in [`rpc::acs3`]) for any Alibaba Cloud RPC API,
//!    each stage a value.
//! 3. [`slb`]: typed SLB requests of the VServer-group family, each action declared once,
//!    strictly typed and validated.
//! 4. [`response`] (reading what the service answers, JSON or XML, and typed results) and
//!    [`retry`] (which errors are worth another try, the backoff, the clock correction).
//! 5. [`js`]: the JavaScript edge, compiled on every target: loose JS input decoded into
//!    the core's types, what goes back as text, and SlbClient's decision after each try
//!    ([`js::client`]: the package's JS sends and waits, the policy stays here).
//! 6. `wasm` (wasm32 only): the wasm-bindgen exports over [`js`] and the core, by feature:
//!    `signer` (signing and validation) and `client` (responses, diagnoses, membership
//!    plans, the client's steps); the web package builds one module of each, so the client
//!    module carries no signer.
//!
//! The core is pure: the timestamp and nonce are inputs, nothing reads a clock or a random
//! source.

pub mod credentials;
pub mod error;
pub mod json;
pub mod nonce;
pub mod timestamp;

pub mod rpc;

pub mod slb;

pub mod response;
pub mod retry;

pub mod js;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use credentials::Credentials;
pub use error::{Error, ErrorKind, ValidationIssue};
pub use nonce::uuid_v4_nonce;
pub use rpc::{
    sign, Endpoint, Format, Method, RpcRequest, SignatureAlgorithm, SignedRequest, SigningParams,
};
pub use slb::{
    endpoint_for_region, serialize_backend_servers, sign_request, AddVServerGroupBackendServers,
    AnySlbRequest, BackendServer, CreateVServerGroup, DeleteVServerGroup,
    DescribeVServerGroupAttribute, DescribeVServerGroups, ModifyVServerGroupBackendServers,
    RemoveVServerGroupBackendServers, ServerType, SetVServerGroupAttribute, SignOptions, SlbAction,
    SlbRequest, Tag,
};
pub use timestamp::Timestamp;

/// The README's Rust example is compiled and run as a doctest, so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
