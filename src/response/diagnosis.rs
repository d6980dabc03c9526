//! What a `SignatureDoesNotMatch` means. The service sends its own string to sign: equal to
//! ours, only the secret can differ; different, the request was encoded differently from
//! what was signed. Under v1 the first differing character shows where; under v3 a string
//! to sign is only a hash of the canonical request, so ours is shown to compare with what
//! was sent. Neither ever shows the STS token (a credential): its characters are masked.

use std::fmt;
use std::ops::Range;

use crate::rpc::acs3;

/// Characters shown before the first difference, and after it.
const BEFORE: usize = 12;
const AFTER: usize = 24;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureDiagnosis {
    /// The strings to sign are equal: the AccessKey secret is wrong.
    WrongSecret,
    /// The strings to sign differ: an encoding problem.
    EncodingMismatch {
        /// The first differing character's index (0-based, in chars, not bytes).
        position: usize,
        ours_excerpt: String,
        servers_excerpt: String,
    },
    /// ACS3-HMAC-SHA256, the strings to sign differ: the server's canonical request is not
    /// ours (a hash tells no more).
    CanonicalRequestMismatch {
        /// Ours, the token masked, when it was given.
        canonical_request: Option<String>,
    },
}

impl SignatureDiagnosis {
    /// The diagnosis in plain words.
    pub fn message(&self) -> String {
        match self {
            Self::WrongSecret => {
                "the string to sign matches the server's: the AccessKey secret is wrong".to_owned()
            }
            Self::EncodingMismatch {
                position,
                ours_excerpt,
                servers_excerpt,
            } => format!(
                "the string to sign differs from the server's at character {position}: ours ...{ours_excerpt}... vs the server's ...{servers_excerpt}... (an encoding problem)"
            ),
            Self::CanonicalRequestMismatch { canonical_request } => {
                let lead = "the string to sign differs from the server's: under ACS3-HMAC-SHA256 it is a hash of the canonical request, so the server built another one from what it received (a parameter, header or body encoded differently or changed on the way)";
                match canonical_request {
                    Some(ours) => format!("{lead}; compare ours with what was sent:\n{ours}"),
                    None => format!("{lead}; compare our canonical request with what was sent"),
                }
            }
        }
    }
}

impl fmt::Display for SignatureDiagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Compares our string to sign with the server's (as in
/// [`ApiError::server_string_to_sign`](super::ApiError::server_string_to_sign)). Under
/// ACS3-HMAC-SHA256 (ours starts with its name), `canonical_request` is ours, to show.
pub fn diagnose_signature_mismatch(
    ours: &str,
    servers: &str,
    canonical_request: Option<&str>,
) -> SignatureDiagnosis {
    if ours == servers {
        return SignatureDiagnosis::WrongSecret;
    }
    let acs3 = ours
        .strip_prefix(acs3::ALGORITHM)
        .is_some_and(|rest| rest.starts_with('\n'));
    if acs3 {
        return SignatureDiagnosis::CanonicalRequestMismatch {
            canonical_request: canonical_request.map(mask_token_header),
        };
    }
    // When one is a prefix of the other, they differ where the shorter one ends.
    let position = ours
        .chars()
        .zip(servers.chars())
        .take_while(|(a, b)| a == b)
        .count();
    SignatureDiagnosis::EncodingMismatch {
        position,
        ours_excerpt: excerpt(ours, position),
        servers_excerpt: excerpt(servers, position),
    }
}

/// The characters around `position`, those of the token's value masked with `*`.
fn excerpt(text: &str, position: usize) -> String {
    let start = position.saturating_sub(BEFORE);
    let hidden = token_value(text).unwrap_or(0..0);
    text.chars()
        .enumerate()
        .skip(start)
        .take(position - start + AFTER)
        .map(|(i, c)| if hidden.contains(&i) { '*' } else { c })
        .collect()
}

/// A v3 canonical request with the `x-acs-security-token` value masked.
fn mask_token_header(canonical_request: &str) -> String {
    const NAME: &str = "\nx-acs-security-token:";
    let Some(at) = canonical_request.find(NAME) else {
        return canonical_request.to_owned();
    };
    let start = at + NAME.len();
    let end = canonical_request[start..]
        .find('\n')
        .map_or(canonical_request.len(), |i| start + i);
    let mask = "*".repeat(canonical_request[start..end].chars().count());
    format!(
        "{}{mask}{}",
        &canonical_request[..start],
        &canonical_request[end..]
    )
}

/// Where the `SecurityToken` value lies in a string to sign (`...%26SecurityToken%3D<value>%26...`,
/// or first after `%2F&`), in chars. A value encoded twice holds no `%26` of its own.
fn token_value(string_to_sign: &str) -> Option<Range<usize>> {
    const NAME: &str = "SecurityToken%3D";
    let name_at = string_to_sign
        .match_indices(NAME)
        .map(|(i, _)| i)
        .find(|&i| string_to_sign[..i].ends_with("%26") || string_to_sign[..i].ends_with("%2F&"))?;
    let start = name_at + NAME.len();
    let end = string_to_sign[start..]
        .find("%26")
        .map_or(string_to_sign.len(), |i| start + i);
    let chars = |bytes: usize| string_to_sign[..bytes].chars().count();
    Some(chars(start)..chars(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_mean_a_wrong_secret() {
        let diagnosis = diagnose_signature_mismatch("GET&%2F&A%3Db", "GET&%2F&A%3Db", None);
        assert_eq!(diagnosis, SignatureDiagnosis::WrongSecret);
        assert_eq!(
            diagnosis.message(),
            "the string to sign matches the server's: the AccessKey secret is wrong"
        );
    }

    #[test]
    fn the_first_difference_is_shown_in_context() {
        let ours = "GET&%2F&AccessKeyId%3Dtestid%26Description%3Da%2520b%26Format%3DJSON";
        let servers = "GET&%2F&AccessKeyId%3Dtestid%26Description%3Da%252Bb%26Format%3DJSON";
        let diagnosis = diagnose_signature_mismatch(ours, servers, None);
        assert_eq!(
            diagnosis,
            SignatureDiagnosis::EncodingMismatch {
                position: 50,
                ours_excerpt: "tion%3Da%2520b%26Format%3DJSON".into(),
                servers_excerpt: "tion%3Da%252Bb%26Format%3DJSON".into(),
            }
        );
        assert_eq!(
            diagnosis.to_string(),
            "the string to sign differs from the server's at character 50: ours ...tion%3Da%2520b%26Format%3DJSON... vs the server's ...tion%3Da%252Bb%26Format%3DJSON... (an encoding problem)"
        );
    }

    #[test]
    fn excerpts_never_show_the_token() {
        let ours = "GET&%2F&Action%3DX%26SecurityToken%3DCAIS%252Babc%26Timestamp%3D1";
        let servers = "GET&%2F&Action%3DX%26SecurityToken%3DCAIS%2Babc%26Timestamp%3D1";
        let diagnosis = diagnose_signature_mismatch(ours, servers, None);
        assert_eq!(
            diagnosis,
            SignatureDiagnosis::EncodingMismatch {
                position: 43,
                ours_excerpt: "ken%3D************%26Timestamp%3D1".into(),
                servers_excerpt: "ken%3D**********%26Timestamp%3D1".into(),
            }
        );
        assert!(!diagnosis.to_string().contains("CAIS"));
        // First among the parameters, and last.
        assert_eq!(token_value("GET&%2F&SecurityToken%3Dab"), Some(24..26));
        assert_eq!(token_value("GET&%2F&XSecurityToken%3Dab"), None);
        assert_eq!(
            excerpt("GET&%2F&SecurityToken%3Dab%26X%3D1", 24),
            "rityToken%3D**%26X%3D1"
        );
    }

    #[test]
    fn under_v3_a_different_hash_shows_our_canonical_request_without_the_token() {
        let ours = "ACS3-HMAC-SHA256\n7ea0";
        assert_eq!(
            diagnose_signature_mismatch(ours, ours, Some("GET")),
            SignatureDiagnosis::WrongSecret
        );
        let canonical_request = "GET\n/\nA=1\nhost:h\nx-acs-security-token:CAIS+é\nx-acs-version:1\n\nhost;x-acs-security-token;x-acs-version\ne3b0";
        let diagnosis =
            diagnose_signature_mismatch(ours, "ACS3-HMAC-SHA256\n0000", Some(canonical_request));
        let masked = "GET\n/\nA=1\nhost:h\nx-acs-security-token:******\nx-acs-version:1\n\nhost;x-acs-security-token;x-acs-version\ne3b0";
        assert_eq!(
            diagnosis,
            SignatureDiagnosis::CanonicalRequestMismatch {
                canonical_request: Some(masked.into())
            }
        );
        assert!(diagnosis
            .message()
            .ends_with(&format!("with what was sent:\n{masked}")));
        assert!(!diagnosis.message().contains("CAIS"));
        let unshown = diagnose_signature_mismatch(ours, "ACS3-HMAC-SHA256\n0000", None);
        assert_eq!(
            unshown,
            SignatureDiagnosis::CanonicalRequestMismatch {
                canonical_request: None
            }
        );
        // Only a string to sign that starts with the algorithm's line is v3.
        assert!(matches!(
            diagnose_signature_mismatch("ACS3-HMAC-SHA256x", "ACS3-HMAC-SHA256y", None),
            SignatureDiagnosis::EncodingMismatch { position: 16, .. }
        ));
    }

    #[test]
    fn positions_count_chars_and_prefixes_differ_at_the_end() {
        let diagnosis = diagnose_signature_mismatch("é=1", "é=2", None);
        assert!(matches!(
            diagnosis,
            SignatureDiagnosis::EncodingMismatch { position: 2, .. }
        ));
        let diagnosis = diagnose_signature_mismatch("abc", "abcd", None);
        assert_eq!(
            diagnosis,
            SignatureDiagnosis::EncodingMismatch {
                position: 3,
                ours_excerpt: "abc".into(),
                servers_excerpt: "abcd".into(),
            }
        );
        assert!(matches!(
            diagnose_signature_mismatch("", "x", None),
            SignatureDiagnosis::EncodingMismatch { position: 0, .. }
        ));
    }
}
