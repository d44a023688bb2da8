//! The core's error as a JS `Error`: `name` `ClaudeProviderError`, the core's message, and the
//! properties `code`, `help`, `envVar` and `file` (the last two only when the core set them).

use claude_provider_core::api::ErrorInfo;
use napi::bindgen_prelude::JsObjectValue;
use napi::{Env, Error, JsValue, Status};

pub fn to_js(env: &Env, info: &ErrorInfo) -> Error {
    match build(env, info) {
        Ok(e) => e,
        // Could not even create the object: a plain error with the same text.
        Err(_) => Error::new(
            Status::GenericFailure,
            format!("{}: {}", info.code, info.message),
        ),
    }
}

fn build(env: &Env, info: &ErrorInfo) -> napi::Result<Error> {
    let mut obj = env.create_error(Error::new(Status::GenericFailure, info.message.as_str()))?;
    obj.set_named_property("name", "ClaudeProviderError")?;
    obj.set_named_property("code", info.code.as_str())?;
    obj.set_named_property("help", info.help.as_str())?;
    if let Some(v) = &info.env_var {
        obj.set_named_property("envVar", v.as_str())?;
    }
    if let Some(f) = &info.file {
        obj.set_named_property("file", f.as_str())?;
    }
    Ok(Error::from(obj.to_unknown()))
}
