//! Reading the API's input types the way JavaScript means them, whichever deserializer reads
//! them (napi, serde-wasm-bindgen, serde_json):
//!
//! * [`absent`]: an optional field given as `undefined` or `null` is absent. The generated
//!   TypeScript marks a `#[serde(default)]` field optional (`settings?: …`), and JavaScript
//!   code passes `{ settings: options.settings }` with the option unset; without this, napi and
//!   serde-wasm-bindgen hand the field's deserializer `undefined` and it fails.
//! * [`settings_value`]: a settings document, refused past [`MAX_DEPTH`] levels of arrays and
//!   objects. The JS deserializers have no depth limit: a cyclic object, or JSON nested a few
//!   thousand levels (which `JSON.parse` reads), recursed until the stack overflowed (a
//!   segfault in Node, a trap that left the wasm module unusable).
//! * [`limit`]: a byte count, read as any non-negative JS integer and saturated to `usize`
//!   (32 bits in wasm).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// `#[serde(default, with = "crate::de::absent")]`: `undefined` and `null` read as the field's
/// default, as a missing field does; written as it is. (`with`, not `deserialize_with`: ts-rs
/// knows `with`, and the field's `#[ts(as = …)]` gives its TypeScript type.)
pub(crate) mod absent {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de> + Default,
    {
        Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
    }

    pub(crate) fn serialize<T: Serialize, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// How deep arrays and objects may nest in a settings document (`SettingsLayer.settings`), the
/// document itself counting as the first level. serde_json stops at about the same depth when
/// it parses text; real settings files nest a few levels.
pub(crate) const MAX_DEPTH: usize = 128;

/// What a depth-limited JSON value is, for the error that refuses it: `.0` names it, `.1` says
/// what to pass instead.
#[derive(Clone, Copy)]
struct Doc(&'static str, &'static str);

/// A settings layer's document.
const SETTINGS: Doc = Doc(
    "a settings layer's `settings`",
    "pass the parsed JSON of a settings file",
);

/// `shareableJson`'s argument.
const ANY_JSON: Doc = Doc("the value", "pass JSON data (a resolution, its problems)");

/// Why a value was refused: it nests deeper than [`MAX_DEPTH`] (no value quoted).
fn too_deep_text(doc: Doc) -> String {
    let Doc(what, instead) = doc;
    format!(
        "{what} nests arrays and objects deeper than {MAX_DEPTH} levels (a cyclic object, or \
         JSON nested that deep); {instead}, at most {MAX_DEPTH} levels deep"
    )
}

/// `#[serde(with = "crate::de::settings_value")]`: a JSON value, refused with a serde error
/// (which the bindings turn into a `TypeError`, code `ARGUMENT_INVALID`) when arrays and
/// objects nest deeper than [`MAX_DEPTH`], before recursing any further; written as it is.
pub(crate) mod settings_value {
    use super::{Bounded, Json, SETTINGS};
    use serde::de::DeserializeSeed;
    use serde::{Deserializer, Serialize, Serializer};
    use serde_json::Value;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        // One reader for both (a second instantiation per deserializer cost the wasm module
        // 3.3 KB); the conversion moves the strings.
        Bounded::new(SETTINGS).deserialize(d).map(Json::into_value)
    }

    pub(crate) fn serialize<S: Serializer>(v: &Value, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// Any JSON value, members in their order, refused as [`settings_value`] refuses one past
/// [`MAX_DEPTH`] levels (`shareableJson`'s argument).
pub(crate) fn any_json<'de, D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
    Bounded::new(ANY_JSON).deserialize(d)
}

/// A JSON value with its objects' members in their order (serde_json's `Value` sorts them):
/// what the depth-limited reader builds; `shareableJson`'s argument and result.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`, a boolean, a number or a string.
    Scalar(Value),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// As serde_json's `Value` (an object's members sorted; of a repeated name, the last).
    pub fn into_value(self) -> Value {
        match self {
            Json::Scalar(v) => v,
            Json::Array(items) => Value::Array(items.into_iter().map(Json::into_value).collect()),
            Json::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k, v.into_value()))
                    .collect(),
            ),
        }
    }
}

/// A JSON value in which at most `levels` more arrays or objects may open.
#[derive(Clone, Copy)]
struct Bounded {
    levels: usize,
    doc: Doc,
}

impl Bounded {
    fn new(doc: Doc) -> Self {
        Bounded {
            levels: MAX_DEPTH,
            doc,
        }
    }

    /// The seed of the values inside an array or object that opens here.
    fn inner<E: de::Error>(self) -> Result<Self, E> {
        match self.levels.checked_sub(1) {
            Some(levels) => Ok(Bounded { levels, ..self }),
            None => Err(E::custom(too_deep_text(self.doc))),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Bounded {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Bounded {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Scalar(Value::Number(v.into())))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Scalar(Value::Number(v.into())))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        // Infinity and NaN are not JSON: null, as serde_json's own Value and JSON.stringify say.
        Ok(Json::Scalar(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Scalar(Value::String(v)))
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Scalar(Value::Null))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Scalar(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let inner = self.inner()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(inner)? {
            out.push(v);
        }
        Ok(Json::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let inner = self.inner()?;
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = map.next_value_seed(inner)?;
            out.push((key, v));
        }
        Ok(Json::Object(out))
    }
}

/// Where the first array or object opens past [`MAX_DEPTH`] levels in `json` (text that is
/// JSON), as a byte offset; `None` when it nests no deeper. A scan of the brackets outside
/// strings: the text of a settings file is checked for what [`settings_value`] refuses.
pub(crate) fn too_deep_at(json: &[u8]) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in json.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A whole number >= 0 as JavaScript gives one: an integer, or past 2^53 a float (which
/// serde-wasm-bindgen hands over as such, and napi as an integer saturated to i64), saturated
/// to `u64::MAX` (`1e300`); a fraction, a negative number or NaN is refused. The two bindings
/// read the same numbers the same way. `.0`: what the number is, for the error.
struct Whole(&'static str);

impl Visitor<'_> for Whole {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_u64<E>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        // `Infinity.fract()` is NaN: infinity is the largest number, not a fraction.
        if v >= 0.0 && (v.fract() == 0.0 || v.is_infinite()) {
            // `as` saturates: 1e300 and Infinity are u64::MAX.
            Ok(v as u64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }
}

/// `#[serde(with = "crate::de::millis")]`: a signing time in epoch milliseconds, read as
/// [`Whole`] reads it (a time past year 9999 is then the signer's `SIGNING_INPUT_INVALID`,
/// whichever binding passed it); written as it is.
pub(crate) mod millis {
    use serde::{Deserializer, Serialize, Serializer};

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_any(super::Whole("a whole number of milliseconds since 1970"))
    }

    pub(crate) fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        v.serialize(s)
    }
}

/// A `usize` byte limit with a default (the `deserialize` of a `#[serde(with = …)]` module):
/// a [`Whole`] number (a JS number is exact up to 2^53, beyond `usize` in wasm), saturated to
/// `usize::MAX`; `undefined` or `null` is `default`.
pub(crate) fn limit<'de, D: Deserializer<'de>>(d: D, default: usize) -> Result<usize, D::Error> {
    const BYTES: &str = "a whole number of bytes";
    struct OrDefault;
    impl<'de> Visitor<'de> for OrDefault {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(BYTES)
        }
        fn visit_none<E>(self) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Option<u64>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<u64>, D::Error> {
            d.deserialize_any(Whole(BYTES)).map(Some)
        }
    }
    Ok(match d.deserialize_option(OrDefault)? {
        Some(v) => usize::try_from(v).unwrap_or(usize::MAX),
        None => default,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// `n` arrays, one inside the other, the innermost empty.
    fn nested(n: usize) -> Value {
        let mut v = Value::Array(Vec::new());
        for _ in 1..n {
            v = Value::Array(vec![v]);
        }
        v
    }

    #[derive(Debug, Deserialize)]
    struct Doc {
        #[serde(with = "settings_value")]
        v: Value,
    }

    #[derive(Debug, Deserialize)]
    struct Time {
        #[serde(with = "millis")]
        ms: u64,
    }

    #[test]
    fn a_signing_time_is_any_whole_number_saturated_and_nothing_else() {
        let ms = |v: Value| serde_json::from_value::<Time>(serde_json::json!({ "ms": v }));
        assert_eq!(ms(serde_json::json!(5)).unwrap().ms, 5);
        // Past 2^53 serde-wasm-bindgen passes a float; 1e300 saturates (then the signer's
        // SIGNING_INPUT_INVALID, as napi's saturated integer gives).
        assert_eq!(ms(serde_json::json!(2f64.powi(60))).unwrap().ms, 1 << 60);
        assert_eq!(ms(serde_json::json!(1e300)).unwrap().ms, u64::MAX);
        let inf: Result<u64, serde::de::value::Error> = millis::deserialize(
            serde::de::value::F64Deserializer::<serde::de::value::Error>::new(f64::INFINITY),
        );
        assert_eq!(inf.unwrap(), u64::MAX);
        for bad in [
            serde_json::json!(1.5),
            serde_json::json!(-1),
            serde_json::json!("5"),
        ] {
            let e = ms(bad.clone()).unwrap_err().to_string();
            assert!(
                e.contains("a whole number of milliseconds since 1970"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn values_keep_their_shape_and_nest_up_to_the_limit() {
        let v = serde_json::json!({"env": {"A": "1", "N": 5, "F": 1.5, "B": true, "Z": null},
            "permissions": {"allow": ["Bash(ls)"]}, "neg": -3, "big": u64::MAX});
        let doc: Doc = serde_json::from_value(serde_json::json!({ "v": v })).unwrap();
        assert_eq!(doc.v, v);
        let doc: Doc =
            serde_json::from_value(serde_json::json!({ "v": nested(MAX_DEPTH) })).unwrap();
        assert_eq!(doc.v, nested(MAX_DEPTH));
    }

    #[test]
    fn deeper_is_refused_with_the_limit_and_no_value() {
        // from_value: serde_json's Value deserializer has no depth limit of its own.
        for n in [MAX_DEPTH + 1, 1_000] {
            let mut v = nested(n);
            if let Value::Array(inner) = &mut v {
                inner.push(Value::String("CANARY-secret".into()));
            }
            let e = serde_json::from_value::<Doc>(serde_json::json!({ "v": v })).unwrap_err();
            let text = e.to_string();
            assert!(text.contains("deeper than 128 levels"), "{text}");
            assert!(!text.contains("CANARY"), "{text}");
        }
    }

    #[test]
    fn text_scan_finds_what_the_deserializer_refuses() {
        let at = |n: usize| too_deep_at(serde_json::to_string(&nested(n)).unwrap().as_bytes());
        assert_eq!(at(MAX_DEPTH), None);
        assert_eq!(at(MAX_DEPTH + 1), Some(MAX_DEPTH));
        // Brackets in strings (and escaped quotes) are text.
        let s = format!("{{\"a\": \"{}\\\"{}\"}}", "[".repeat(500), "{".repeat(500));
        assert_eq!(too_deep_at(s.as_bytes()), None);
        let deep = format!("{{\"a\":{}1{}}}", "{\"b\":".repeat(200), "}".repeat(200));
        assert_eq!(too_deep_at(deep.as_bytes()), Some(5 + 5 * (MAX_DEPTH - 1)));
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Opt {
        #[serde(default, with = "absent")]
        list: Vec<String>,
        #[serde(default, with = "absent")]
        flag: bool,
    }

    #[test]
    fn null_is_absent() {
        let o: Opt = serde_json::from_str(r#"{"list": null, "flag": null}"#).unwrap();
        assert_eq!(o, Opt::default());
        let o: Opt = serde_json::from_str(r#"{"list": ["a"], "flag": true}"#).unwrap();
        assert_eq!((o.list, o.flag), (vec!["a".to_owned()], true));
        assert!(serde_json::from_str::<Opt>(r#"{"list": 5}"#).is_err());
    }

    #[derive(Debug, Deserialize)]
    struct Lim {
        #[serde(default = "seven", deserialize_with = "seven_or")]
        n: usize,
    }
    fn seven() -> usize {
        7
    }
    fn seven_or<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        limit(d, 7)
    }

    #[test]
    fn limits_saturate_and_null_is_the_default() {
        let n = |json: &str| serde_json::from_str::<Lim>(json).map(|l| l.n);
        assert_eq!(n("{}").unwrap(), 7);
        assert_eq!(n(r#"{"n": null}"#).unwrap(), 7);
        assert_eq!(n(r#"{"n": 0}"#).unwrap(), 0);
        assert_eq!(n(r#"{"n": 9007199254740991}"#).unwrap(), 9007199254740991);
        assert_eq!(n(r#"{"n": 18446744073709551615}"#).unwrap(), usize::MAX);
        assert_eq!(n(r#"{"n": 1e300}"#).unwrap(), usize::MAX);
        assert_eq!(n(r#"{"n": 4096.0}"#).unwrap(), 4096);
        for bad in [
            r#"{"n": -1}"#,
            r#"{"n": 1.5}"#,
            r#"{"n": "8"}"#,
            r#"{"n": -1e3}"#,
        ] {
            assert!(n(bad).is_err(), "{bad}");
        }
    }
}
