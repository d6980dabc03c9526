//! Alibaba Cloud RPC signature v1 (HMAC-SHA1), for any RPC API.
//!
//! The caller's parameters are signed verbatim; only missing common parameters are filled.
//! The timestamp and nonce are inputs: nothing here reads a clock or a random source.

mod encoding;
mod endpoint;
mod stages;

use std::fmt;
use std::str::FromStr;

pub use encoding::{percent_encode, percent_encode_into};
pub use endpoint::Endpoint;
pub use stages::{compare_names, CanonicalQuery, Signature, StringToSign};

use crate::credentials::Credentials;
use crate::error::{Error, ErrorKind, ValidationIssue};
use crate::timestamp::Timestamp;

/// The content type of a POST body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Method {
    #[default]
    Get,
    Post,
}

impl Method {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "GET" => Ok(Self::Get),
            "POST" => Ok(Self::Post),
            _ => Err(Error::new(
                ErrorKind::InvalidMethod,
                Some("method"),
                "the method must be \"GET\" or \"POST\"",
            )),
        }
    }
}

/// The response format asked of the service (the `Format` parameter).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    #[default]
    Json,
    Xml,
}

impl Format {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Json => "JSON",
            Self::Xml => "XML",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "JSON" => Ok(Self::Json),
            "XML" => Ok(Self::Xml),
            _ => Err(Error::new(
                ErrorKind::InvalidFormat,
                Some("format"),
                "the format must be \"JSON\" or \"XML\"",
            )),
        }
    }
}

/// A request to sign: where, how, and every parameter the caller wants sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcRequest {
    pub method: Method,
    pub endpoint: Endpoint,
    /// Name and value pairs, in any order. `Action` and `Version` are required.
    pub params: Vec<(String, String)>,
}

impl RpcRequest {
    pub fn new(method: Method, endpoint: Endpoint) -> Self {
        Self {
            method,
            endpoint,
            params: Vec::new(),
        }
    }

    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
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

/// The signed request, with every stage of its signing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRequest {
    pub method: Method,
    /// GET: `endpoint/?canonicalQuery&Signature=...`; POST: `endpoint/`.
    pub url: String,
    /// POST: the form body (`canonicalQuery&Signature=...`); GET: none.
    pub body: Option<String>,
    /// POST: [`FORM_CONTENT_TYPE`]; GET: none.
    pub content_type: Option<&'static str>,
    /// Every parameter sent, unencoded, sorted by name, `Signature` last.
    pub params: Vec<(String, String)>,
    pub canonical_query: CanonicalQuery,
    pub string_to_sign: StringToSign,
    pub signature: Signature,
}

/// Signs `request`. Errors (first problem found, each with a stable code): an empty or
/// duplicate parameter name, a parameter named `Signature`, a missing or empty `Action` or
/// `Version`, an empty AccessKey id or secret, an empty nonce.
pub fn sign(request: &RpcRequest, signing: &SigningParams<'_>) -> Result<SignedRequest, Error> {
    let pairs = request
        .params
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    sign_pairs(request.method, &request.endpoint, pairs, signing)
}

/// [`sign`] over borrowed pairs, so typed requests need not copy their parameters.
pub(crate) fn sign_pairs<'a>(
    method: Method,
    endpoint: &'a Endpoint,
    pairs: Vec<(&'a str, &'a str)>,
    signing: &SigningParams<'a>,
) -> Result<SignedRequest, Error> {
    sign_parts(method, endpoint, pairs, signing).map(SignedParts::into_signed_request)
}

/// A signature and what it covers, still borrowing the parameters: the wasm glue writes its
/// record from this without copying every parameter into a [`SignedRequest`] first.
pub(crate) struct SignedParts<'a> {
    pub method: Method,
    pub endpoint: &'a Endpoint,
    /// Every parameter signed, sorted; `Signature` not among them.
    pub pairs: Vec<(&'a str, &'a str)>,
    pub canonical_query: CanonicalQuery,
    pub string_to_sign: StringToSign,
    pub signature: Signature,
}

impl SignedParts<'_> {
    /// `canonicalQuery&Signature=...`: the GET query or the POST body.
    pub fn signed_query(&self) -> String {
        let mut query = String::with_capacity(self.canonical_query.as_str().len() + 40);
        query.push_str(self.canonical_query.as_str());
        query.push_str("&Signature=");
        percent_encode_into(self.signature.as_str(), &mut query);
        query
    }

    pub fn into_signed_request(self) -> SignedRequest {
        let signed_query = self.signed_query();
        let base = self.endpoint.as_str();
        let (url, body, content_type) = match self.method {
            Method::Get => (format!("{base}/?{signed_query}"), None, None),
            Method::Post => (
                format!("{base}/"),
                Some(signed_query),
                Some(FORM_CONTENT_TYPE),
            ),
        };
        let mut params: Vec<(String, String)> = Vec::with_capacity(self.pairs.len() + 1);
        params.extend(
            self.pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
        );
        params.push(("Signature".to_owned(), self.signature.as_str().to_owned()));
        SignedRequest {
            method: self.method,
            url,
            body,
            content_type,
            params,
            canonical_query: self.canonical_query,
            string_to_sign: self.string_to_sign,
            signature: self.signature,
        }
    }
}

/// Checks, fills and signs; see [`sign`].
pub(crate) fn sign_parts<'a>(
    method: Method,
    endpoint: &'a Endpoint,
    mut pairs: Vec<(&'a str, &'a str)>,
    signing: &SigningParams<'a>,
) -> Result<SignedParts<'a>, Error> {
    check_names(&pairs)?;
    pairs.sort_unstable_by(|a, b| compare_names(a.0, b.0));
    // Sorted, a repeated name sits next to itself.
    if let Some(w) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::new(
            ErrorKind::DuplicateParameterName,
            Some(&format!("params.{}", w[0].0)),
            format!("the parameter {} is given twice", w[0].0),
        ));
    }
    fn find<'p>(pairs: &[(&'p str, &'p str)], name: &str) -> Option<&'p str> {
        pairs
            .binary_search_by(|p| compare_names(p.0, name))
            .ok()
            .map(|i| pairs[i].1)
    }
    for required in ["Action", "Version"] {
        if find(&pairs, required).is_none_or(str::is_empty) {
            return Err(Error::new(
                ErrorKind::MissingParameter,
                Some(&format!("params.{required}")),
                format!("the parameter {required} is required and must not be empty"),
            ));
        }
    }
    let credentials = signing.credentials;
    let mut issues: Vec<ValidationIssue> = Vec::new();
    credentials.check_present(&mut issues);
    if let Some(issue) = issues.into_iter().next() {
        return Err(Error::new(issue.code, Some(&issue.path), issue.message));
    }
    let has_nonce = find(&pairs, "SignatureNonce").is_some();
    if signing.nonce.is_empty() && !has_nonce {
        return Err(Error::new(
            ErrorKind::InvalidNonce,
            Some("nonce"),
            "the signature nonce is empty",
        ));
    }

    // The common parameters, filled where the caller's lack them. They are in name order
    // too, so one merge keeps the order (instead of a search per fill and a second sort).
    let fills: [(&'a str, &'a str); 7] = [
        ("AccessKeyId", credentials.access_key_id()),
        ("Format", "JSON"),
        ("SecurityToken", credentials.security_token().unwrap_or("")),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", signing.nonce),
        ("SignatureVersion", "1.0"),
        ("Timestamp", signing.timestamp.as_str()),
    ];
    let no_token = credentials.security_token().is_none();
    let mut fills = fills
        .into_iter()
        .filter(|fill| !(no_token && fill.0 == "SecurityToken"))
        .peekable();
    let mut merged = Vec::with_capacity(pairs.len() + 7);
    for pair in pairs {
        while let Some(fill) = fills.next_if(|fill| compare_names(fill.0, pair.0).is_le()) {
            if fill.0 != pair.0 {
                merged.push(fill);
            }
        }
        merged.push(pair);
    }
    merged.extend(fills);
    let pairs = merged;

    let (canonical_query, string_to_sign) = stages::canonicalize(method.as_str(), &pairs);
    let signature = Signature::compute(credentials.access_key_secret(), &string_to_sign);
    Ok(SignedParts {
        method,
        endpoint,
        pairs,
        canonical_query,
        string_to_sign,
        signature,
    })
}

fn check_names(pairs: &[(&str, &str)]) -> Result<(), Error> {
    for (name, _) in pairs {
        if name.is_empty() {
            return Err(Error::new(
                ErrorKind::EmptyParameterName,
                Some("params"),
                "a parameter has an empty name",
            ));
        }
        if *name == "Signature" {
            return Err(Error::new(
                ErrorKind::ReservedParameterName,
                Some("params.Signature"),
                "Signature is the result of signing and cannot be a parameter",
            ));
        }
    }
    Ok(())
}
