//! Signature v3 (ACS3-HMAC-SHA256): `Action`, `Version`, `Timestamp` and `SignatureNonce`
//! travel as `x-acs-*` headers, the other parameters in the query (and, when asked, a form
//! body), and the signature in an `Authorization` header.

mod stages;

pub use stages::{
    Authorization, CanonicalHeaders, CanonicalQuery, CanonicalRequest, ContentSha256,
    HashedCanonicalRequest, Signature, Stages, StringToSign, ALGORITHM,
};

use super::encoding::form_encode;
use super::{Endpoint, Method, SignatureStages, SignedRequest, SigningParams, FORM_CONTENT_TYPE};
use crate::error::{Error, ErrorKind};

/// The common parameters of v1 that v3 does not send (`Signature` is refused before).
const V1_ONLY: [&str; 3] = ["AccessKeyId", "SignatureMethod", "SignatureVersion"];

/// A signature and what it covers, still borrowing the parameters (see [`super::v1::Parts`]).
pub(crate) struct Parts<'a> {
    pub method: Method,
    pub endpoint: &'a Endpoint,
    /// The query's parameters, sorted.
    pub query: Vec<(&'a str, &'a str)>,
    /// The body's parameters, sorted; none, no body.
    pub body_params: Vec<(&'a str, &'a str)>,
    pub body: Option<String>,
    /// Every signed header, in name order, then `authorization`.
    pub headers: Vec<(&'static str, String)>,
    pub stages: Stages,
}

impl Parts<'_> {
    /// `endpoint/?query`, or `endpoint/` when there is no query.
    pub fn url(&self) -> String {
        let base = self.endpoint.as_str();
        if self.query.is_empty() {
            format!("{base}/")
        } else {
            format!("{base}/?{}", form_encode(&self.query))
        }
    }

    pub fn into_signed_request(self) -> SignedRequest {
        let url = self.url();
        let params = self
            .query
            .iter()
            .chain(&self.body_params)
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        SignedRequest {
            method: self.method,
            url,
            body: self.body,
            headers: self.headers,
            params,
            stages: SignatureStages::Acs3HmacSha256(self.stages),
        }
    }
}

/// The header-borne parameters, with where a bad value came from.
struct Common<'a> {
    action: &'a str,
    version: &'a str,
    date: (&'a str, &'static str),
    nonce: (&'a str, &'static str),
}

/// Splits the header-borne parameters from the query's; v1's own are dropped.
fn split<'a>(
    pairs: Vec<(&'a str, &'a str)>,
    signing: &SigningParams<'a>,
) -> (Common<'a>, Vec<(&'a str, &'a str)>) {
    let mut common = Common {
        action: "",
        version: "",
        date: (signing.timestamp.as_str(), "timestamp"),
        nonce: (signing.nonce, "nonce"),
    };
    let mut query = Vec::with_capacity(pairs.len());
    for (name, value) in pairs {
        match name {
            "Action" => common.action = value,
            "Version" => common.version = value,
            "Timestamp" => common.date = (value, "params.Timestamp"),
            "SignatureNonce" => common.nonce = (value, "params.SignatureNonce"),
            _ if V1_ONLY.contains(&name) => {}
            _ => query.push((name, value)),
        }
    }
    (common, query)
}

/// Whether `value` can be a header's: no control character (tab aside) breaks its line of
/// the canonical request or of the HTTP request.
pub(crate) fn fits_a_header(value: &str) -> bool {
    !value.chars().any(|c| c.is_control() && c != '\t')
}

fn check_header_value(value: &str, header: &str, path: &str) -> Result<(), Error> {
    if !fits_a_header(value) {
        return Err(Error::new(
            ErrorKind::InvalidHeaderValue,
            Some(path),
            format!("{path} is sent as the header {header}, which cannot hold control characters"),
        ));
    }
    Ok(())
}

/// Signs. `pairs` and `body_params`: checked (see [`super::sign_parts`]) and sorted.
pub(crate) fn sign<'a>(
    method: Method,
    endpoint: &'a Endpoint,
    pairs: Vec<(&'a str, &'a str)>,
    body_params: Vec<(&'a str, &'a str)>,
    signing: &SigningParams<'a>,
) -> Result<Parts<'a>, Error> {
    let credentials = signing.credentials;
    let (common, query) = split(pairs, signing);
    let body = (!body_params.is_empty()).then(|| form_encode(&body_params));
    let content_sha256 = ContentSha256::of(body.as_deref().unwrap_or_default().as_bytes());
    let host = endpoint.host();
    let token = credentials.security_token();
    let key_id = credentials.access_key_id();
    check_header_value(key_id, "authorization", "credentials.accessKeyId")?;

    // In name order, each with the path a bad value is reported at (none: always clean).
    let mut headers: Vec<(&'static str, &str, Option<&str>)> = Vec::with_capacity(9);
    if body.is_some() {
        headers.push(("content-type", FORM_CONTENT_TYPE, None));
    }
    headers.push(("host", &host, None));
    if token.is_some() {
        headers.push(("x-acs-accesskey-id", key_id, None));
    }
    headers.push(("x-acs-action", common.action, Some("params.Action")));
    headers.push(("x-acs-content-sha256", content_sha256.as_str(), None));
    headers.push(("x-acs-date", common.date.0, Some(common.date.1)));
    if let Some(token) = token {
        headers.push((
            "x-acs-security-token",
            token,
            Some("credentials.securityToken"),
        ));
    }
    headers.push((
        "x-acs-signature-nonce",
        common.nonce.0,
        Some(common.nonce.1),
    ));
    headers.push(("x-acs-version", common.version, Some("params.Version")));
    for (name, value, path) in &headers {
        if let Some(path) = path {
            check_header_value(value, name, path)?;
        }
    }

    let signed: Vec<(&str, &str)> = headers.iter().map(|(n, v, _)| (*n, *v)).collect();
    let stages = Stages::compute(
        method.as_str(),
        CanonicalQuery::from_sorted(&query),
        content_sha256.clone(),
        CanonicalHeaders::from_sorted(&signed),
        key_id,
        credentials.access_key_secret(),
    );
    let mut headers: Vec<(&'static str, String)> =
        signed.into_iter().map(|(n, v)| (n, v.to_owned())).collect();
    headers.push(("authorization", stages.authorization.as_str().to_owned()));
    Ok(Parts {
        method,
        endpoint,
        query,
        body_params,
        body,
        headers,
        stages,
    })
}
