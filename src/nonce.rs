//! Signature nonces. The random bytes are an input: the wasm layer takes them from the
//! platform CSPRNG (`crypto.getRandomValues`), tests give fixed ones.

/// A UUID v4 (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`) made from 16 random bytes.
pub fn uuid_v4_nonce(random: [u8; 16]) -> String {
    uuid::Builder::from_random_bytes(random)
        .into_uuid()
        .hyphenated()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::uuid_v4_nonce;

    #[test]
    fn sets_the_version_and_variant_bits() {
        assert_eq!(
            uuid_v4_nonce([0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
        assert_eq!(
            uuid_v4_nonce([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
    }
}
