//! Finding the end of a nested JSON value (`{…}` or `[…]`) 64 bytes at a time.
//!
//! The technique is simdjson's stage 1 (Langdale & Lemire, "Parsing Gigabytes of JSON per
//! Second"): per block, bitmasks of quotes, backslashes and brackets from 16-byte vector
//! compares (`wide`, safe SIMD: SSE2 on x86-64, NEON on aarch64, simd128 on wasm, scalar
//! elsewhere; 32-byte AVX2 compares on x86-64 CPUs that have it, detected at run time);
//! escaped characters and the inside of strings from carry-propagating bit arithmetic; then
//! only the brackets outside strings are visited one by one.
//!
//! Hand-written because no maintained crate exposes "end of this raw value" over a byte slice
//! without building a DOM or tape. Measured on the `build` bench's 50 KB body (message text
//! full of `\"` and `\n`, a quote or backslash every ~9 bytes): the top-level scan took 34 µs
//! with a `memchr2` per string segment, 20 µs with an 8-byte word-at-a-time search per
//! segment, and 10 µs with this (criterion, same loaded machine, one run after the other):
//! its cost no longer depends on how many escapes and strings there are.

use wide::u8x16;

/// Deepest nesting accepted (the JSON the builder receives is a Messages body; 512 is far
/// beyond any real one and bounds the stack array below).
pub const MAX_DEPTH: usize = 512;

/// Where and why a value is not well formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlockError {
    pub at: usize,
    pub what: &'static str,
}

const BLOCK: usize = 64;

/// A 64-byte block as four 16-byte vectors.
struct Block([u8x16; 4]);

impl Block {
    fn load(bytes: &[u8; BLOCK]) -> Self {
        let lane = |k: usize| {
            let mut a = [0u8; 16];
            a.copy_from_slice(&bytes[16 * k..16 * k + 16]);
            u8x16::new(a)
        };
        Block([lane(0), lane(1), lane(2), lane(3)])
    }

    /// Bit `i` set where byte `i` satisfies `hit` (bit `i` is byte `i`).
    fn mask(&self, hit: impl Fn(u8x16) -> u8x16) -> u64 {
        self.0.iter().enumerate().fold(0, |m, (k, v)| {
            m | u64::from(hit(*v).to_bitmask()) << (16 * k)
        })
    }

    fn quotes_and_backslashes(&self) -> (u64, u64) {
        let (q, b) = (u8x16::splat(b'"'), u8x16::splat(b'\\'));
        (self.mask(|v| v.simd_eq(q)), self.mask(|v| v.simd_eq(b)))
    }

    /// `{`, `}`, `[` and `]`: `[` | 0x20 == `{` and `]` | 0x20 == `}`, and no other byte maps
    /// onto either.
    fn brackets(&self) -> u64 {
        let (case, open, close) = (u8x16::splat(0x20), u8x16::splat(b'{'), u8x16::splat(b'}'));
        self.mask(|v| {
            let folded = v | case;
            folded.simd_eq(open) | folded.simd_eq(close)
        })
    }
}

/// The characters escaped by a backslash (simdjson's `find_escaped_branchless`): runs of
/// backslashes escape every other character; `carry` holds whether the next block's first
/// byte is escaped.
fn escaped(backslash: u64, carry: &mut u64) -> u64 {
    const EVEN: u64 = 0x5555_5555_5555_5555;
    let backslash = backslash & !*carry;
    let follows_escape = (backslash << 1) | *carry;
    let odd_starts = backslash & !EVEN & !follows_escape;
    let (even_starts, overflow) = odd_starts.overflowing_add(backslash);
    *carry = u64::from(overflow);
    (EVEN ^ (even_starts << 1)) & follows_escape
}

/// Bit `i` = XOR of bits `0..=i`: with the unescaped quotes as input, the bytes from an
/// opening quote up to (not including) its closing quote.
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// Given `src[start]` is `{` or `[`, returns the index just past its matching closer.
/// Checks what the byte-at-a-time scan checked: brackets balance and match, strings end,
/// no backslash outside a string, nesting at most [`MAX_DEPTH`].
pub fn skip_nested(src: &[u8], start: usize) -> Result<usize, BlockError> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `skip_nested_avx2` needs AVX2, detected just above. The only unsafe code in
        // the core: calling a function compiled for a CPU feature the build does not assume.
        #[allow(unsafe_code)]
        return unsafe { avx2::skip_nested_avx2(src, start) };
    }
    skip_nested_portable(src, start)
}

/// [`skip_nested`] with 16-byte vectors (`wide`): SSE2 on x86-64, NEON, simd128 on wasm.
fn skip_nested_portable(src: &[u8], start: usize) -> Result<usize, BlockError> {
    skip_nested_by(
        src,
        start,
        |block| {
            let vectors = Block::load(block);
            let (quote, backslash) = vectors.quotes_and_backslashes();
            (vectors, quote, backslash)
        },
        Block::brackets,
    )
}

/// The block loop, given how to classify a block: `load` gives its vectors and the masks of
/// quotes and backslashes, `brackets_of` the mask of brackets (computed only for blocks with
/// bytes outside strings). Inlined into each caller, so each is compiled with its caller's
/// CPU features.
#[inline(always)]
fn skip_nested_by<V>(
    src: &[u8],
    start: usize,
    load: impl Fn(&[u8; BLOCK]) -> (V, u64, u64),
    brackets_of: impl Fn(&V) -> u64,
) -> Result<usize, BlockError> {
    let mut closers = [0u8; MAX_DEPTH];
    let mut depth = 0usize;
    let mut escape_carry = 0u64;
    let mut in_string_carry = 0u64;
    let mut base = start;
    let mut padded = [b' '; BLOCK];
    while base < src.len() {
        let block: &[u8; BLOCK] = match src.get(base..base + BLOCK).map(<&[u8; BLOCK]>::try_from) {
            Some(Ok(b)) => b,
            _ => {
                // The tail, padded with spaces (neither structural nor inside a string).
                let tail = &src[base..];
                padded[..tail.len()].copy_from_slice(tail);
                &padded
            }
        };
        let (vectors, quote, backslash) = load(block);
        // Inside a string with no quote or backslash in sight: nothing in this block can end
        // the value. Long plain text (prompts, documents) skips the rest of the work.
        if in_string_carry != 0 && escape_carry == 0 && quote | backslash == 0 {
            base += BLOCK;
            continue;
        }
        let quotes = quote & !escaped(backslash, &mut escape_carry);
        // No unescaped quote (message text whose only quotes are `\"`): the block is all in or
        // all out of a string, and the serial prefix XOR is skipped.
        let in_string = if quotes == 0 {
            in_string_carry
        } else {
            prefix_xor(quotes) ^ in_string_carry
        };
        in_string_carry = ((in_string as i64) >> 63) as u64;
        // A backslash outside a string is an error, reported in byte order with the others:
        // brackets before it are still visited.
        let stray = backslash & !in_string;
        let before_stray = if stray == 0 {
            u64::MAX
        } else {
            (1u64 << stray.trailing_zeros()) - 1
        };
        // A block that ends a string and opens none has bytes outside strings; one inside a
        // single string (escapes and all) has none, and skips the bracket compares.
        let outside = !in_string & before_stray;
        let mut brackets = if outside == 0 {
            0
        } else {
            brackets_of(&vectors) & outside
        };
        while brackets != 0 {
            let i = brackets.trailing_zeros() as usize;
            brackets &= brackets - 1;
            let b = block[i];
            // `{` (0x7b) and `[` (0x5b) have bit 1 set, `}` (0x7d) and `]` (0x5d) clear.
            if b & 0x02 != 0 {
                if depth == MAX_DEPTH {
                    return Err(BlockError {
                        at: base + i,
                        what: "nesting too deep",
                    });
                }
                closers[depth] = if b == b'{' { b'}' } else { b']' };
                depth += 1;
            } else {
                if depth == 0 || closers[depth - 1] != b {
                    return Err(BlockError {
                        at: base + i,
                        what: "mismatched bracket",
                    });
                }
                depth -= 1;
                if depth == 0 {
                    return Ok(base + i + 1);
                }
            }
        }
        if stray != 0 {
            return Err(BlockError {
                at: base + stray.trailing_zeros() as usize,
                what: "a backslash outside a string",
            });
        }
        base += BLOCK;
    }
    Err(if in_string_carry != 0 {
        BlockError {
            at: last_string_start(src, start),
            what: "unterminated string",
        }
    } else {
        BlockError {
            at: start,
            what: "unterminated object or array",
        }
    })
}

/// Where the string left open at the end of `src` starts, one byte at a time: only for the
/// error message, so the block loop does not track opening quotes.
#[cold]
fn last_string_start(src: &[u8], from: usize) -> usize {
    let (mut at, mut in_string, mut i) = (from, false, from);
    while i < src.len() {
        match src[i] {
            b'\\' if in_string => i += 1,
            b'"' => {
                in_string = !in_string;
                if in_string {
                    at = i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    at
}

/// The same loop with 32-byte AVX2 vectors: half the compares and mask moves per block of
/// the 16-byte version (the `build` bench's top-level scan: 6.5 µs → 4.7 µs, same machine and
/// run). AVX-512BW (one 64-byte compare) measured 4.3 µs but is left out: on the Intel server
/// CPUs common in clouds, 512-bit instructions lower the core's clock for what follows, which
/// here is the SHA-256 of the body.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{skip_nested_by, BlockError, BLOCK};
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    };

    /// Callers must check that the CPU has AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) fn skip_nested_avx2(src: &[u8], start: usize) -> Result<usize, BlockError> {
        // Bit `i` set where byte `i` of the two vectors is `c`.
        let eq = |[lo, hi]: [__m256i; 2], c: u8| {
            let c = _mm256_set1_epi8(c as i8);
            let mask = |v| u64::from(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, c)) as u32);
            mask(lo) | mask(hi) << 32
        };
        skip_nested_by(
            src,
            start,
            |block: &[u8; BLOCK]| {
                let vectors: [__m256i; 2] = bytemuck::cast(*block);
                (vectors, eq(vectors, b'"'), eq(vectors, b'\\'))
            },
            // As `Block::brackets`: `[` | 0x20 == `{`, `]` | 0x20 == `}`.
            |&[lo, hi]: &[__m256i; 2]| {
                let case = _mm256_set1_epi8(0x20);
                let folded = [_mm256_or_si256(lo, case), _mm256_or_si256(hi, case)];
                eq(folded, b'{') | eq(folded, b'}')
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same contract, one byte at a time: the reference the block version must match.
    fn reference(src: &[u8], start: usize) -> Result<usize, BlockError> {
        let mut closers = Vec::new();
        let mut i = start;
        let mut string_start = None;
        while i < src.len() {
            let b = src[i];
            if string_start.is_some() {
                match b {
                    b'\\' => i += 1,
                    b'"' => string_start = None,
                    _ => {}
                }
            } else {
                match b {
                    b'"' => string_start = Some(i),
                    b'\\' => {
                        return Err(BlockError {
                            at: i,
                            what: "a backslash outside a string",
                        })
                    }
                    b'{' | b'[' => {
                        if closers.len() == MAX_DEPTH {
                            return Err(BlockError {
                                at: i,
                                what: "nesting too deep",
                            });
                        }
                        closers.push(if b == b'{' { b'}' } else { b']' });
                    }
                    b'}' | b']' => {
                        if closers.pop() != Some(b) {
                            return Err(BlockError {
                                at: i,
                                what: "mismatched bracket",
                            });
                        }
                        if closers.is_empty() {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        Err(match string_start {
            Some(at) => BlockError {
                at,
                what: "unterminated string",
            },
            None => BlockError {
                at: start,
                what: "unterminated object or array",
            },
        })
    }

    /// The portable loop, and the dispatched one (the AVX2 loop on a CPU that has it).
    fn both(src: &[u8], start: usize) -> [Result<usize, BlockError>; 2] {
        [skip_nested_portable(src, start), skip_nested(src, start)]
    }

    fn check(src: &[u8], start: usize) {
        let want = reference(src, start);
        for got in both(src, start) {
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(src));
        }
    }

    #[test]
    fn finds_the_end_across_block_boundaries() {
        // Every offset of a closing quote, backslash run and bracket relative to a block edge.
        for pad in 0..130 {
            for tail in [
                r#""a\"}\\"]"#,
                r#""\\\\\"["]"#,
                r#"{"k":"]}"}]"#,
                r#""x"],"next":1"#,
            ] {
                let doc = format!("[{}{tail}", " ".repeat(pad));
                check(doc.as_bytes(), 0);
                let quoted = format!("[\"{}\"{tail}", "\\\\".repeat(pad / 2));
                check(quoted.as_bytes(), 0);
                // Blocks inside one string whose only quotes are escaped (no prefix XOR).
                let escaped_quotes = format!("[\"{}\"{tail}", "a\\\"{}".repeat(pad / 2));
                check(escaped_quotes.as_bytes(), 0);
                // Plain text across many blocks (the skip for blocks inside a string).
                let plain = format!("[\"{}\"{tail}", "x".repeat(pad * 3));
                check(plain.as_bytes(), 0);
            }
        }
    }

    #[test]
    fn reports_what_the_reference_reports() {
        for bad in [
            &b"[1,2}"[..],
            b"[\"abc",
            b"[[[",
            b"{\"a\":[1,\\2]}",
            b"[\"a\\\"]",
            b"]",
        ] {
            check(bad, 0);
            assert!(skip_nested(bad, 0).is_err());
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        check(deep.as_bytes(), 0);
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert_eq!(skip_nested(ok.as_bytes(), 0), Ok(ok.len()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Valid values end where serde_json says; any mutation gives the reference's answer.
        #[test]
        fn agrees_with_the_reference(
            texts in proptest::collection::vec("[a-z\"\\\\{}\\[\\] \n\u{e9}\u{66f4}]{0,40}", 1..12),
            lead in 0usize..70,
            flips in proptest::collection::vec((0usize..600, proptest::prelude::any::<u8>()), 0..3),
            cut in 0usize..600,
        ) {
            let value = serde_json::json!([{"role": "user", "content": texts}, {"n": [1, {"x": texts.len()}]}]);
            let doc = format!("{}{},\"after\":1}}", " ".repeat(lead), value);
            let src = doc.as_bytes();
            let text = value.to_string();
            for got in both(src, lead) {
                let end = got.expect("valid JSON");
                proptest::prop_assert_eq!(&src[lead..end], text.as_bytes());
            }
            let mut m = src.to_vec();
            for (at, x) in &flips {
                let i = lead + at % (m.len() - lead);
                m[i] ^= x;
            }
            m.truncate(m.len() - cut % (m.len() - lead));
            if matches!(m.get(lead), Some(b'{' | b'[')) {
                let want = reference(&m, lead);
                for got in both(&m, lead) {
                    proptest::prop_assert_eq!(got, want);
                }
            }
        }
    }
}
