//! Alibaba Cloud RPC signatures, for any RPC API: v1 (HMAC-SHA1, the default) and v3
//! (ACS3-HMAC-SHA256, [`acs3`]).
//!
//! The caller's parameters are signed verbatim; only missing common parameters are filled.
//! The timestamp and nonce are inputs: nothing here reads a clock or a random source.

pub mod acs3;
mod encoding;
mod endpoint;
mod redact;
mod stages;
mod v1;

use std::fmt;
use std::str::FromStr;

pub use encoding::{form_encode, percent_encode, percent_encode_into};
pub use endpoint::Endpoint;
pub use redact::redact_token;
pub use stages::{compare_names, CanonicalQuery, Signature, StringToSign};

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::timestamp::Timestamp;

/// The content type of a POST body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// `as_str`, `Display`, and a `FromStr` that takes only the names (else `$kind` at `$path`),
/// for an enum whose variants each have one name.
macro_rules! named {
    ($enum:ident { $($variant:ident = $name:expr),+ $(,)? }, $kind:expr, $path:literal, $message:literal) => {
        impl $enum {
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name),+
                }
            }
        }

        impl fmt::Display for $enum {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $enum {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                $(if s == $name {
                    return Ok(Self::$variant);
                })+
                Err(Error::new($kind, Some($path), $message))
            }
        }
    };
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Method {
    #[default]
    Get,
    Post,
}

named!(
    Method { Get = "GET", Post = "POST" },
    ErrorKind::InvalidMethod,
    "method",
    "the method must be \"GET\" or \"POST\""
);

/// The response format asked of the service (the `Format` parameter).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    #[default]
    Json,
    Xml,
}

named!(
    Format { Json = "JSON", Xml = "XML" },
    ErrorKind::InvalidFormat,
    "format",
    "the format must be \"JSON\" or \"XML\""
);

/// How a request is signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// Signature v1: HMAC-SHA1, the signature a parameter.
    #[default]
    HmacSha1,
    /// Signature v3: the stages of [`acs3`], the signature in an `Authorization` header.
    Acs3HmacSha256,
}

named!(
    SignatureAlgorithm { HmacSha1 = "HMAC-SHA1", Acs3HmacSha256 = acs3::ALGORITHM },
    ErrorKind::InvalidSignatureAlgorithm,
    "signatureAlgorithm",
    "the signature algorithm must be \"HMAC-SHA1\" or \"ACS3-HMAC-SHA256\""
);

/// A request to sign: where, how, and every parameter the caller wants sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcRequest {
    pub method: Method,
    pub endpoint: Endpoint,
    /// Name and value pairs, in any order. `Action` and `Version` are required.
    pub params: Vec<(String, String)>,
    /// ACS3-HMAC-SHA256 and POST only: sent as a form body (none: no body).
    pub body_params: Vec<(String, String)>,
    pub signature_algorithm: SignatureAlgorithm,
}

impl RpcRequest {
    pub fn new(method: Method, endpoint: Endpoint) -> Self {
        Self {
            method,
            endpoint,
            params: Vec::new(),
            body_params: Vec::new(),
            signature_algorithm: SignatureAlgorithm::default(),
        }
    }

    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    pub fn body_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.body_params.push((name.into(), value.into()));
        self
    }

    pub fn signature_algorithm(mut self, algorithm: SignatureAlgorithm) -> Self {
        self.signature_algorithm = algorithm;
        self
    }
}

/// What signing needs besides the request: who signs, and the clock and nonce values
/// used where the parameters carry no `Timestamp` or `SignatureNonce` of their own.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    pub credentials: &'a Credentials,
    pub timestamp: &'a Timestamp,
    pub nonce: &'a str,
}

/// The signed request, with every stage of its signing. `Debug` hides the STS token.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub method: Method,
    /// HMAC-SHA1: GET `endpoint/?canonicalQuery&Signature=...`, POST `endpoint/`.
    /// ACS3-HMAC-SHA256: `endpoint/?query` (no signature in it), or `endpoint/`.
    pub url: String,
    /// The form body, if any: HMAC-SHA1 POST `canonicalQuery&Signature=...`;
    /// ACS3-HMAC-SHA256 the body parameters.
    pub body: Option<String>,
    /// Headers to send, lower-case: with a body `content-type`; ACS3-HMAC-SHA256 every
    /// signed header (`host` too, which the transport sets) and `authorization`.
    pub headers: Vec<(&'static str, String)>,
    /// Every parameter sent, unencoded. HMAC-SHA1: sorted by name, `Signature` last;
    /// ACS3-HMAC-SHA256: the query's, then the body's, each sorted.
    pub params: Vec<(String, String)>,
    pub stages: SignatureStages,
}

/// The stages of a signing, by algorithm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureStages {
    HmacSha1 {
        canonical_query: CanonicalQuery,
        string_to_sign: StringToSign,
        signature: Signature,
    },
    Acs3HmacSha256(acs3::Stages),
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is in the URL or a header, and in the stages: hidden everywhere.
        let token = self
            .params
            .iter()
            .find(|(n, _)| n == "SecurityToken")
            .map(|(_, v)| v.as_str())
            .or_else(|| {
                self.headers
                    .iter()
                    .find(|(n, _)| *n == "x-acs-security-token")
                    .map(|(_, v)| v.as_str())
            });
        let hide = |text: &str| token.map_or_else(|| text.to_owned(), |t| redact_token(text, t));
        let pairs = |list: Vec<(&str, &str)>| -> Vec<(String, String)> {
            list.into_iter()
                .map(|(n, v)| (n.to_owned(), hide(v)))
                .collect()
        };
        f.debug_struct("SignedRequest")
            .field("method", &self.method)
            .field("url", &hide(&self.url))
            .field("body", &self.body.as_deref().map(hide))
            .field(
                "headers",
                &pairs(self.headers.iter().map(|(n, v)| (*n, v.as_str())).collect()),
            )
            .field(
                "params",
                &pairs(
                    self.params
                        .iter()
                        .map(|(n, v)| (n.as_str(), v.as_str()))
                        .collect(),
                ),
            )
            .field(
                "stages",
                &format_args!("{}", hide(&format!("{:?}", self.stages))),
            )
            .finish()
    }
}

impl SignedRequest {
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        match self.stages {
            SignatureStages::HmacSha1 { .. } => SignatureAlgorithm::HmacSha1,
            SignatureStages::Acs3HmacSha256(_) => SignatureAlgorithm::Acs3HmacSha256,
        }
    }

    pub fn canonical_query(&self) -> &str {
        match &self.stages {
            SignatureStages::HmacSha1 {
                canonical_query, ..
            } => canonical_query.as_str(),
            SignatureStages::Acs3HmacSha256(stages) => stages.canonical_query.as_str(),
        }
    }

    pub fn string_to_sign(&self) -> &str {
        match &self.stages {
            SignatureStages::HmacSha1 { string_to_sign, .. } => string_to_sign.as_str(),
            SignatureStages::Acs3HmacSha256(stages) => stages.string_to_sign.as_str(),
        }
    }

    /// HMAC-SHA1: base64, before URL encoding; ACS3-HMAC-SHA256: lower-case hex.
    pub fn signature(&self) -> &str {
        match &self.stages {
            SignatureStages::HmacSha1 { signature, .. } => signature.as_str(),
            SignatureStages::Acs3HmacSha256(stages) => stages.signature.as_str(),
        }
    }

    /// The v3 stages, under ACS3-HMAC-SHA256.
    pub fn acs3(&self) -> Option<&acs3::Stages> {
        match &self.stages {
            SignatureStages::Acs3HmacSha256(stages) => Some(stages),
            SignatureStages::HmacSha1 { .. } => None,
        }
    }

    /// The STS token sent (a parameter under v1, a header under v3), if any.
    pub fn security_token(&self) -> Option<&str> {
        match self.stages {
            SignatureStages::HmacSha1 { .. } => self
                .params
                .iter()
                .find(|(n, _)| n == "SecurityToken")
                .map(|(_, v)| v.as_str()),
            SignatureStages::Acs3HmacSha256(_) => self
                .headers
                .iter()
                .find(|(n, _)| *n == "x-acs-security-token")
                .map(|(_, v)| v.as_str()),
        }
    }
}

/// Signs `request`. Errors (first problem found, each with a stable code): an empty or
/// duplicate parameter name, a parameter named `Signature`, a missing or empty `Action` or
/// `Version`, an empty AccessKey id or secret, an empty nonce; body parameters other than
/// with ACS3-HMAC-SHA256 and POST; under ACS3-HMAC-SHA256, a header value with control
/// characters.
pub fn sign(request: &RpcRequest, signing: &SigningParams<'_>) -> Result<SignedRequest, Error> {
    fn borrow(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
        pairs
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }
    sign_parts(
        request.signature_algorithm,
        request.method,
        &request.endpoint,
        borrow(&request.params),
        borrow(&request.body_params),
        signing,
    )
    .map(SignedParts::into_signed_request)
}

/// A signature and what it covers, still borrowing the parameters: the wasm glue writes its
/// record from this without copying every parameter into a [`SignedRequest`] first.
pub(crate) enum SignedParts<'a> {
    HmacSha1(v1::Parts<'a>),
    // Boxed: v1's, signed most, stay small.
    Acs3HmacSha256(Box<acs3::Parts<'a>>),
}

impl SignedParts<'_> {
    pub fn into_signed_request(self) -> SignedRequest {
        match self {
            Self::HmacSha1(parts) => parts.into_signed_request(),
            Self::Acs3HmacSha256(parts) => parts.into_signed_request(),
        }
    }
}

/// Checks and signs; see [`sign`].
pub(crate) fn sign_parts<'a>(
    algorithm: SignatureAlgorithm,
    method: Method,
    endpoint: &'a Endpoint,
    pairs: Vec<(&'a str, &'a str)>,
    body_params: Vec<(&'a str, &'a str)>,
    signing: &SigningParams<'a>,
) -> Result<SignedParts<'a>, Error> {
    let pairs = sorted_unique(pairs, "params")?;
    for required in ["Action", "Version"] {
        if find(&pairs, required).is_none_or(str::is_empty) {
            return Err(Error::new(
                ErrorKind::MissingParameter,
                Some(&format!("params.{required}")),
                format!("the parameter {required} is required and must not be empty"),
            ));
        }
    }
    let mut issues: Vec<ValidationIssue> = Vec::new();
    signing.credentials.check_present(&mut issues);
    if let Some(issue) = issues.into_iter().next() {
        return Err(Error::new(issue.code, Some(&issue.path), issue.message));
    }
    if signing.nonce.is_empty() && find(&pairs, "SignatureNonce").is_none() {
        return Err(Error::new(
            ErrorKind::InvalidNonce,
            Some("nonce"),
            "the signature nonce is empty",
        ));
    }
    match algorithm {
        SignatureAlgorithm::HmacSha1 => {
            if !body_params.is_empty() {
                return Err(body_params_error(
                    "body parameters are for ACS3-HMAC-SHA256: with HMAC-SHA1, POST sends every parameter in the body",
                ));
            }
            Ok(SignedParts::HmacSha1(v1::sign(
                method, endpoint, pairs, signing,
            )))
        }
        SignatureAlgorithm::Acs3HmacSha256 => {
            if method == Method::Get && !body_params.is_empty() {
                return Err(body_params_error(
                    "a GET request has no body: use POST, or put the body parameters in params",
                ));
            }
            let body_params = sorted_unique(body_params, "bodyParams")?;
            if let Some((name, _)) = body_params.iter().find(|(n, _)| find(&pairs, n).is_some()) {
                return Err(Error::new(
                    ErrorKind::DuplicateParameterName,
                    Some(&format!("bodyParams.{name}")),
                    format!("the parameter {name} is given twice, in params and in bodyParams"),
                ));
            }
            let parts = acs3::sign(method, endpoint, pairs, body_params, signing)?;
            Ok(SignedParts::Acs3HmacSha256(Box::new(parts)))
        }
    }
}

fn body_params_error(message: &str) -> Error {
    Error::new(ErrorKind::InvalidBodyParams, Some("bodyParams"), message)
}

/// The pairs sorted by name, after checking their names: not empty, not `Signature`, each
/// given once. `at`: where they were given (`params`).
fn sorted_unique<'a>(
    pairs: Vec<(&'a str, &'a str)>,
    at: &str,
) -> Result<Vec<(&'a str, &'a str)>, Error> {
    for (name, _) in &pairs {
        if name.is_empty() {
            return Err(Error::new(
                ErrorKind::EmptyParameterName,
                Some(at),
                "a parameter has an empty name",
            ));
        }
        if *name == "Signature" {
            return Err(Error::new(
                ErrorKind::ReservedParameterName,
                Some(&format!("{at}.Signature")),
                "Signature is the result of signing and cannot be a parameter",
            ));
        }
    }
    let pairs = stages::by_name(pairs);
    // Sorted, a repeated name sits next to itself.
    if let Some(w) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::new(
            ErrorKind::DuplicateParameterName,
            Some(&format!("{at}.{}", w[0].0)),
            format!("the parameter {} is given twice", w[0].0),
        ));
    }
    Ok(pairs)
}

/// The value of `name` among sorted pairs.
fn find<'p>(pairs: &[(&'p str, &'p str)], name: &str) -> Option<&'p str> {
    pairs
        .binary_search_by(|p| compare_names(p.0, name))
        .ok()
        .map(|i| pairs[i].1)
}
