//! Signature v1 (HMAC-SHA1): the common parameters filled, the three stages, the signed
//! query sent in the URL (GET) or as the form body (POST).

use super::stages::{self, CanonicalQuery, Signature, StringToSign};
use super::{
    compare_names, percent_encode_into, Endpoint, Method, SignatureStages, SignedRequest,
    SigningParams, FORM_CONTENT_TYPE,
};

/// A signature and what it covers, still borrowing the parameters: the wasm glue writes its
/// record from this without copying every parameter into a [`SignedRequest`] first.
pub(crate) struct Parts<'a> {
    pub method: Method,
    pub endpoint: &'a Endpoint,
    /// Every parameter signed, sorted; `Signature` not among them.
    pub pairs: Vec<(&'a str, &'a str)>,
    pub canonical_query: CanonicalQuery,
    pub string_to_sign: StringToSign,
    pub signature: Signature,
}

impl Parts<'_> {
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
        let (url, body, headers) = match self.method {
            Method::Get => (format!("{base}/?{signed_query}"), None, Vec::new()),
            Method::Post => (
                format!("{base}/"),
                Some(signed_query),
                vec![("content-type", FORM_CONTENT_TYPE.to_owned())],
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
            headers,
            params,
            stages: SignatureStages::HmacSha1 {
                canonical_query: self.canonical_query,
                string_to_sign: self.string_to_sign,
                signature: self.signature,
            },
        }
    }
}

/// Fills the common parameters the caller's lack and signs. `pairs`: checked (see
/// [`super::sign_parts`]) and sorted.
pub(crate) fn sign<'a>(
    method: Method,
    endpoint: &'a Endpoint,
    pairs: Vec<(&'a str, &'a str)>,
    signing: &SigningParams<'a>,
) -> Parts<'a> {
    let credentials = signing.credentials;
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
    Parts {
        method,
        endpoint,
        pairs,
        canonical_query,
        string_to_sign,
        signature,
    }
}
