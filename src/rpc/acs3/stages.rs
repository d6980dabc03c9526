//! The stages of signature v3 (ACS3-HMAC-SHA256), each a type of its own so each can be
//! checked alone. Where Alibaba's page is silent, they do what the official Tea util
//! (`@alicloud/openapi-util` 0.3.3, `getAuthorization`) does, as the vectors record it.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::rpc::encoding::percent_encode_into;
use crate::rpc::stages::by_name;

/// The algorithm's name: the string to sign's first line and the `Authorization` scheme.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Implements `as_str` and `Display` for a stage that is one string.
macro_rules! text_stage {
    ($($name:ident),*) => {$(
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

text_stage!(
    CanonicalQuery,
    ContentSha256,
    CanonicalRequest,
    HashedCanonicalRequest,
    StringToSign,
    Signature,
    Authorization
);

/// `name=value` pairs sorted by name, joined by `&`: values percent-encoded as in v1, names
/// as they are (the official util does not encode them; real names are unreserved ASCII,
/// where the two agree).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalQuery(String);

impl CanonicalQuery {
    /// Sorts the pairs by name and encodes them. Names must be unique (the caller checks).
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self::from_sorted(&by_name(pairs))
    }

    /// `sorted`: unique names in [`compare_names`](crate::rpc::compare_names) order.
    pub(crate) fn from_sorted(sorted: &[(&str, &str)]) -> Self {
        let capacity = sorted.iter().map(|(n, v)| n.len() + v.len() * 3 + 2).sum();
        let mut out = String::with_capacity(capacity);
        for (i, (name, value)) in sorted.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            percent_encode_into(value, &mut out);
        }
        Self(out)
    }
}

/// The `x-acs-content-sha256` header: hex SHA-256 of the body as sent (of nothing, without one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentSha256(String);

impl ContentSha256 {
    pub fn of(body: &[u8]) -> Self {
        Self(sha256_hex(body))
    }
}

/// The signed headers: `name:value\n` each, values trimmed, and their names joined by `;`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalHeaders {
    text: String,
    signed_headers: String,
}

impl CanonicalHeaders {
    /// Sorts the headers by name. Names must be lower-case and unique (the caller checks).
    pub fn new<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut headers: Vec<(&str, &str)> = headers.into_iter().collect();
        headers.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Self::from_sorted(&headers)
    }

    /// `sorted`: lower-case, unique names in byte order.
    pub(crate) fn from_sorted(sorted: &[(&str, &str)]) -> Self {
        let mut text = String::new();
        let mut signed_headers = String::new();
        for (i, (name, value)) in sorted.iter().enumerate() {
            if i > 0 {
                signed_headers.push(';');
            }
            signed_headers.push_str(name);
            text.push_str(name);
            text.push(':');
            text.push_str(trim(value));
            text.push('\n');
        }
        Self {
            text,
            signed_headers,
        }
    }

    /// Every `name:value\n`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The names, `;`-separated (`SignedHeaders=` of the `Authorization`).
    pub fn signed_headers(&self) -> &str {
        &self.signed_headers
    }
}

/// What JavaScript's `String.prototype.trim` removes (the util trims with it): Rust's
/// white space, less U+0085, plus U+FEFF.
fn trim(value: &str) -> &str {
    value.trim_matches(|c: char| (c.is_whitespace() && c != '\u{85}') || c == '\u{FEFF}')
}

/// `METHOD\n/\ncanonicalQuery\ncanonicalHeaders\nsignedHeaders\ncontentSha256`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalRequest(String);

impl CanonicalRequest {
    /// `method` is `GET` or `POST` for a real request; any text is accepted here.
    pub fn new(
        method: &str,
        query: &CanonicalQuery,
        headers: &CanonicalHeaders,
        content_sha256: &ContentSha256,
    ) -> Self {
        Self(format!(
            "{method}\n/\n{query}\n{}\n{}\n{content_sha256}",
            headers.as_str(),
            headers.signed_headers()
        ))
    }
}

/// Hex SHA-256 of the canonical request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashedCanonicalRequest(String);

impl HashedCanonicalRequest {
    pub fn of(canonical_request: &CanonicalRequest) -> Self {
        Self(sha256_hex(canonical_request.as_str().as_bytes()))
    }
}

/// `ACS3-HMAC-SHA256\n` + the hashed canonical request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringToSign(String);

impl StringToSign {
    pub fn new(hashed: &HashedCanonicalRequest) -> Self {
        Self(format!("{ALGORITHM}\n{hashed}"))
    }
}

/// Lower-case hex HMAC-SHA256 of the string to sign, keyed with the bare secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(String);

impl Signature {
    pub fn compute(access_key_secret: &str, string_to_sign: &StringToSign) -> Self {
        // `new_from_slice` takes keys of any length, so the `expect` cannot fire.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(access_key_secret.as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(string_to_sign.as_str().as_bytes());
        Self(hex(&mac.finalize().into_bytes()))
    }
}

/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization(String);

impl Authorization {
    pub fn new(access_key_id: &str, headers: &CanonicalHeaders, signature: &Signature) -> Self {
        Self(format!(
            "{ALGORITHM} Credential={access_key_id},SignedHeaders={},Signature={signature}",
            headers.signed_headers()
        ))
    }
}

/// Every stage of one signing, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stages {
    pub canonical_query: CanonicalQuery,
    pub content_sha256: ContentSha256,
    pub canonical_headers: CanonicalHeaders,
    pub canonical_request: CanonicalRequest,
    pub hashed_canonical_request: HashedCanonicalRequest,
    pub string_to_sign: StringToSign,
    pub signature: Signature,
    pub authorization: Authorization,
}

impl Stages {
    /// The stages after the query, the body's hash and the headers (which carry that hash).
    pub fn compute(
        method: &str,
        canonical_query: CanonicalQuery,
        content_sha256: ContentSha256,
        canonical_headers: CanonicalHeaders,
        access_key_id: &str,
        access_key_secret: &str,
    ) -> Self {
        let canonical_request = CanonicalRequest::new(
            method,
            &canonical_query,
            &canonical_headers,
            &content_sha256,
        );
        let hashed_canonical_request = HashedCanonicalRequest::of(&canonical_request);
        let string_to_sign = StringToSign::new(&hashed_canonical_request);
        let signature = Signature::compute(access_key_secret, &string_to_sign);
        let authorization = Authorization::new(access_key_id, &canonical_headers, &signature);
        Self {
            canonical_query,
            content_sha256,
            canonical_headers,
            canonical_request,
            hashed_canonical_request,
            string_to_sign,
            signature,
            authorization,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lower_case_hex() {
        assert_eq!(
            ContentSha256::of(b"").as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }

    #[test]
    fn headers_are_trimmed_as_javascript_trims() {
        assert_eq!(trim("\u{FEFF}\u{A0} a b\t\u{3000}"), "a b");
        assert_eq!(trim("\u{85}a\u{85}"), "\u{85}a\u{85}");
        let headers = CanonicalHeaders::new([("x-acs-a", "1"), ("host", " h ")]);
        assert_eq!(headers.as_str(), "host:h\nx-acs-a:1\n");
        assert_eq!(headers.signed_headers(), "host;x-acs-a");
    }

    #[test]
    fn the_query_encodes_values_not_names() {
        let query = CanonicalQuery::new([("naïve", "~!"), ("a b", "c d")]);
        assert_eq!(query.as_str(), "a b=c%20d&naïve=~%21");
    }
}
