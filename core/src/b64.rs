//! Standard base64 encoding (RFC 4648, padded) for the few values the core encodes: proxy
//! credentials, Bedrock's CountTokens body, event-stream payloads in a `Message`'s JSON. A loop
//! of a few lines rather than a library's engine (size of the .wasm); decoding, on the stream
//! path, is `base64-simd`'s.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` as standard base64 with `=` padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        // The (up to) three bytes as one 24-bit group, then four 6-bit digits of it; a digit
        // past the input's last byte is padding.
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |g, (i, &b)| g | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(ALPHABET[(group >> (18 - 6 * i) & 63) as usize])
            } else {
                '='
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    #[test]
    fn same_as_the_base64_crate() {
        let bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev().step_by(3)).collect();
        for len in 0..bytes.len() {
            for data in [&bytes[..len], &bytes[bytes.len() - len..]] {
                assert_eq!(
                    super::encode(data),
                    base64::engine::general_purpose::STANDARD.encode(data)
                );
            }
        }
        assert_eq!(super::encode(b"user:p@ss"), "dXNlcjpwQHNz");
    }
}
