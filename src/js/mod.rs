//! The JavaScript edge, apart from the core: loose input (JSON text from the package's JS
//! wrapper, camelCase names with PascalCase aliases, numbers as strings) decoded into the
//! core's strict types, and what goes back as text. Compiled on every target, so native
//! tests and property tests cover it; the wasm-bindgen exports (`crate::wasm`) only call it.

pub mod client;
pub mod client_config;
pub mod object;
pub mod output;
pub mod plan;
pub mod request;
pub mod results;
pub mod rpc_call;
