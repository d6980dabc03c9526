//! Build, validate and sign Alibaba Cloud SLB API requests (RPC signature v1, HMAC-SHA1).
//!
//! - [`rpc`]: the generic signer for any Alibaba Cloud RPC API, each stage a value.
//! - [`slb`]: typed SLB requests, strictly validated, starting with
//!   [`slb::AddVServerGroupBackendServers`].
//! - [`response`]: reading what the service answers (JSON or XML, success or error), and
//!   typed results.
//! - [`json`]: the small JSON reader and string writer the signing path uses.
//! - [`retry`]: which service errors are worth another try, the backoff between tries, and
//!   the clock correction read from a `Date` header.
//!
//! The core is pure: the timestamp and nonce are inputs, nothing reads a clock or a random
//! source. The WebAssembly bindings live apart, in `src/wasm/`.

pub mod credentials;
pub mod error;
pub mod json;
pub mod nonce;
pub mod response;
pub mod retry;
pub mod rpc;
pub mod slb;
pub mod timestamp;

pub use credentials::Credentials;
pub use error::{Error, ErrorKind, ValidationIssue};
pub use nonce::uuid_v4_nonce;
pub use rpc::{sign, Endpoint, Method, RpcRequest, SignedRequest, SigningParams};
pub use slb::{
    endpoint_for_region, serialize_backend_servers, sign_request, AddVServerGroupBackendServers,
    BackendServer, Format, SignOptions, SlbRequest,
};
pub use timestamp::Timestamp;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The README's Rust example is compiled and run as a doctest, so it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
