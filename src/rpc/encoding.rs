//! RFC 3986 percent-encoding as Alibaba's RPC signature wants it.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but `A-Z a-z 0-9 - _ . ~` is encoded, as UTF-8 bytes with upper-case hex.
/// (`encodeURIComponent` would leave `!'()*` and form encoders turn space into `+`.)
pub const RPC_ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Appends the percent-encoded form of `value` to `out`.
pub fn percent_encode_into(value: &str, out: &mut String) {
    for chunk in utf8_percent_encode(value, RPC_ENCODE_SET) {
        out.push_str(chunk);
    }
}

pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 2);
    percent_encode_into(value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn encodes_as_the_signing_docs_say() {
        assert_eq!(percent_encode("a b"), "a%20b");
        assert_eq!(percent_encode("+*~"), "%2B%2A~");
        assert_eq!(percent_encode("!'()"), "%21%27%28%29");
        assert_eq!(percent_encode("中"), "%E4%B8%AD");
        assert_eq!(percent_encode("-_.AZaz09"), "-_.AZaz09");
        assert_eq!(percent_encode("%7E"), "%257E");
    }
}
