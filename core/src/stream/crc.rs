//! CRC-32 (IEEE) of event-stream frames. Native builds use `crc32fast` (SIMD, slice-by-16);
//! wasm32, which gets none of its SIMD paths, uses one 1 KiB table built at compile time:
//! crc32fast's 16 KiB slice-by-16 table was the largest item of the .wasm (measured: -16.1 KB
//! raw, -15.8 KB gzipped after wasm-opt).

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn hash(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

#[cfg(target_arch = "wasm32")]
pub(super) fn hash(bytes: &[u8]) -> u32 {
    small_table_hash(bytes)
}

/// The byte-at-a-time table of the reflected IEEE polynomial.
#[cfg(any(target_arch = "wasm32", test))]
static TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

#[cfg(any(target_arch = "wasm32", test))]
fn small_table_hash(bytes: &[u8]) -> u32 {
    !bytes
        .iter()
        .fold(!0u32, |c, &b| TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8))
}

#[cfg(test)]
mod tests {
    use super::small_table_hash;

    #[test]
    fn small_table_equals_crc32fast() {
        let data: Vec<u8> = (0..4099u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for n in [0, 1, 7, 8, 15, 16, 17, 255, 1024, data.len()] {
            assert_eq!(
                small_table_hash(&data[..n]),
                crc32fast::hash(&data[..n]),
                "{n}"
            );
        }
        assert_eq!(small_table_hash(b"123456789"), 0xCBF4_3926);
    }
}
