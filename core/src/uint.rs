//! Unsigned integer parsing with one parser for every width (size of the .wasm).

/// `s.parse::<T>().ok()` for an unsigned integer type `T`, through the one `u64` parser:
/// the same `Some`/`None` for every input (an optional `+`, ASCII digits, no overflow of
/// `T`), without a parser per type in the .wasm.
pub(crate) fn parse_uint<T: TryFrom<u64>>(s: &str) -> Option<T> {
    T::try_from(s.parse::<u64>().ok()?).ok()
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A `u64` the JS packages get as a number (`#[serde(with = "crate::uint::js_number")]`):
/// serialized as an `i64` capped at `Number.MAX_SAFE_INTEGER`. napi's serializer refuses a
/// `u64` above `u32::MAX` (it would need a BigInt), so a TTL of 5e9 ms or a `retry-after` date
/// in epoch ms failed to convert; an `i64` becomes a plain number there and in
/// serde-wasm-bindgen, and is the same integer in JSON. Read as any `u64`.
pub(crate) mod js_number {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64((*v).min(super::MAX_SAFE_INTEGER) as i64)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        u64::deserialize(d)
    }
}

/// [`js_number`] for an optional field.
pub(crate) mod js_number_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::js_number::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Option::<u64>::deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_as_the_typed_parsers() {
        for s in [
            "",
            "0",
            "+0",
            "-0",
            "+",
            "-",
            "1",
            "+1",
            "-1",
            "007",
            " 1",
            "1 ",
            "255",
            "256",
            "65535",
            "65536",
            "+65536",
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "1_0",
            "0x10",
            "1e3",
            "١",
        ] {
            assert_eq!(super::parse_uint::<u8>(s), s.parse::<u8>().ok(), "{s:?}");
            assert_eq!(super::parse_uint::<u16>(s), s.parse::<u16>().ok(), "{s:?}");
            assert_eq!(super::parse_uint::<u32>(s), s.parse::<u32>().ok(), "{s:?}");
            assert_eq!(super::parse_uint::<u64>(s), s.parse::<u64>().ok(), "{s:?}");
        }
    }
}
