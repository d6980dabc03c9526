//! The three stages of RPC signature v1, each a type of its own so each can be checked alone.

use std::cmp::Ordering;
use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::encoding::{ascii_string, form_encode, percent_encode_into, percent_encode_twice_into};

/// Orders parameter names by UTF-16 code units, as JavaScript, Java and pop-core do.
/// UTF-8 byte order is code-point order; the two differ only between an astral character
/// (lead byte F0..F4, a surrogate pair in UTF-16) and one in U+E000..=U+FFFF (lead byte
/// EE or EF), so a byte comparison with that one correction is enough.
pub fn compare_names(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        None => a.len().cmp(&b.len()),
        Some(i) => {
            // Equal prefixes end on the same boundary, so these are lead bytes of characters
            // of the same kind, or continuation bytes (below EE), or one of each kind.
            let (x, y) = (a[i], b[i]);
            let high_bmp = |c: u8| c == 0xEE || c == 0xEF;
            if x >= 0xF0 && high_bmp(y) {
                Ordering::Less
            } else if y >= 0xF0 && high_bmp(x) {
                Ordering::Greater
            } else {
                x.cmp(&y)
            }
        }
    }
}

/// The pairs in [`compare_names`] order (equal names in the order given).
///
/// A binary insertion sort rather than `sort_unstable_by`: a request has tens of
/// parameters, where it is as fast, and the standard sort's code was 4 KB gzipped of the
/// signing module. Moves grow with the square of the count: 1,000 parameters, far more
/// than a URL can carry, take about a millisecond.
pub(crate) fn by_name<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(&'a str, &'a str)> {
    let pairs = pairs.into_iter();
    let mut sorted: Vec<(&str, &str)> = Vec::with_capacity(pairs.size_hint().0);
    for pair in pairs {
        let at = sorted.partition_point(|p| compare_names(p.0, pair.0) != Ordering::Greater);
        sorted.insert(at, pair);
    }
    sorted
}

/// `name=value` pairs, percent-encoded, sorted by name, joined by `&` (without `Signature`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalQuery(String);

impl CanonicalQuery {
    /// Sorts the pairs by name and encodes them. Names must be unique (the caller checks).
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self(form_encode(&by_name(pairs)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CanonicalQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `METHOD&%2F&percentEncode(canonicalQuery)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringToSign(String);

/// Both stages in one pass over sorted, unique pairs: each name and value is encoded once
/// for the canonical query and twice for the string to sign.
pub(crate) fn canonicalize(
    method: &str,
    sorted: &[(&str, &str)],
) -> (CanonicalQuery, StringToSign) {
    let raw: usize = sorted.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut query = Vec::with_capacity(raw * 2);
    let mut to_sign = Vec::with_capacity(method.len() + 5 + raw * 3);
    to_sign.extend_from_slice(method.as_bytes());
    to_sign.extend_from_slice(b"&%2F&");
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            query.push(b'&');
            to_sign.extend_from_slice(b"%26");
        }
        percent_encode_twice_into(name, &mut query, &mut to_sign);
        query.push(b'=');
        to_sign.extend_from_slice(b"%3D");
        percent_encode_twice_into(value, &mut query, &mut to_sign);
    }
    (
        CanonicalQuery(ascii_string(query)),
        StringToSign(ascii_string(to_sign)),
    )
}

impl StringToSign {
    /// `method` is `GET` or `POST` for a real request; any text is accepted here so that the
    /// SDKs' stage-only vectors (one has an empty method) can be checked.
    pub fn new(method: &str, canonical_query: &CanonicalQuery) -> Self {
        let cq = canonical_query.as_str();
        let mut out = String::with_capacity(method.len() + 4 + cq.len() + cq.len() / 2);
        out.push_str(method);
        out.push_str("&%2F&");
        percent_encode_into(cq, &mut out);
        Self(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `base64(HMAC-SHA1(secret + "&", stringToSign))`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(String);

impl Signature {
    pub fn compute(access_key_secret: &str, string_to_sign: &StringToSign) -> Self {
        // HMAC keys longer than the block are hashed first; `new_from_slice` handles it, and
        // accepts any length, so the `expect` below cannot fire.
        let mut key = Vec::with_capacity(access_key_secret.len() + 1);
        key.extend_from_slice(access_key_secret.as_bytes());
        key.push(b'&');
        let mut mac =
            <Hmac<Sha1> as Mac>::new_from_slice(&key).expect("HMAC takes keys of any length");
        mac.update(string_to_sign.as_str().as_bytes());
        Self(BASE64.encode(mac.finalize().into_bytes()))
    }

    /// The base64 text, before percent-encoding for the URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name_sorts_as_the_standard_sort_and_keeps_equal_names_in_order() {
        let names: Vec<String> = (0..1000)
            .map(|i| format!("P{}", (i * 7919) % 1000))
            .collect();
        let mut pairs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "x")).collect();
        pairs.extend([
            ("Dup", "1"),
            ("K\u{E000}", ""),
            ("Dup", "2"),
            ("K\u{1F600}", ""),
        ]);
        let mut expected = pairs.clone();
        expected.sort_by(|a, b| compare_names(a.0, b.0));
        assert_eq!(by_name(pairs.iter().copied()), expected);
        assert_eq!(by_name(Vec::new()), Vec::<(&str, &str)>::new());
    }

    #[test]
    fn utf16_order_differs_from_code_point_order_only_where_it_should() {
        assert_eq!(compare_names("VServerGroupId", "Version"), Ordering::Less);
        assert_eq!(compare_names("Tag.10.Key", "Tag.2.Key"), Ordering::Less);
        // U+1F600 is D83D DE00 in UTF-16, below U+E000.
        assert_eq!(compare_names("K\u{1F600}", "K\u{E000}"), Ordering::Less);
        assert_eq!("K\u{1F600}".cmp("K\u{E000}"), Ordering::Greater);
        assert_eq!(compare_names("K\u{E000}", "K\u{1F600}"), Ordering::Greater);
        assert_eq!(compare_names("a", "ab"), Ordering::Less);
        assert_eq!(compare_names("", ""), Ordering::Equal);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn agrees_with_utf16_order_everywhere() {
        use proptest::prelude::*;
        let chars = prop::sample::select(vec![
            'a',
            'Z',
            '~',
            'é',
            '中',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFF}',
            '\u{10000}',
            '😀',
            '\u{10FFFF}',
        ]);
        proptest!(|(a in prop::collection::vec(chars.clone(), 0..5), b in prop::collection::vec(chars, 0..5))| {
            let (a, b): (String, String) = (a.into_iter().collect(), b.into_iter().collect());
            prop_assert_eq!(compare_names(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
        });
    }
}
