//! Keeping the STS token out of what is shown: the service's answers (its
//! `SignatureDoesNotMatch` message quotes its whole string to sign) and `Debug`.

/// `text` with every form of `token` a response can echo (as is, percent-encoded once in a
/// query, twice in a string to sign) replaced by `<redacted>`: the service's
/// `SignatureDoesNotMatch` message quotes its whole string to sign.
pub fn redact_token(text: &str, token: &str) -> String {
    if token.is_empty() {
        return text.to_owned();
    }
    let once = super::percent_encode(token);
    let twice = super::percent_encode(&once);
    text.replace(&twice, "<redacted>")
        .replace(&once, "<redacted>")
        .replace(token, "<redacted>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::percent_encode;

    #[test]
    fn redacts_the_token_in_every_encoding() {
        let token = "CAIS+a/b= c";
        let text = format!(
            "raw {token}; query SecurityToken={}; string to sign SecurityToken%3D{}",
            percent_encode(token),
            percent_encode(&percent_encode(token))
        );
        assert_eq!(
            redact_token(&text, token),
            "raw <redacted>; query SecurityToken=<redacted>; string to sign SecurityToken%3D<redacted>"
        );
        assert_eq!(redact_token("x", ""), "x");
    }
}
