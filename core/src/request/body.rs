//! The body rewrite per provider: `model` in the path or the body, `anthropic_version` in the
//! body (Bedrock, Vertex), `stream`, body betas, `context_management`, `max_tokens`, and
//! `CLAUDE_CODE_EXTRA_BODY`.

use super::json_object::TopLevel;
use super::{RequestKind, RequestOptions, WireVersion};
use crate::models::ModelChoice;
use crate::problem::{Code, Problem, Result};
use crate::provider::ProviderId;
use crate::resolve::Resolution;
use base64::Engine as _;

pub const BEDROCK_VERSION: &str = "bedrock-2023-05-31";
pub const VERTEX_VERSION: &str = "vertex-2023-10-16";

/// The caller's betas: the option plus any `anthropic_beta` array already in the body.
pub fn caller_betas(parsed: &TopLevel<'_>, extra: &[String]) -> Vec<String> {
    let mut out: Vec<String> = match parsed.get::<Vec<String>>("anthropic_beta") {
        Some(Ok(list)) => list,
        _ => Vec::new(),
    };
    out.extend(extra.iter().cloned());
    out
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

pub fn rewrite(
    parsed: &TopLevel<'_>,
    provider: ProviderId,
    r: &Resolution,
    model: &ModelChoice,
    opts: &RequestOptions<'_>,
    body_betas: &[String],
) -> Result<Vec<u8>> {
    let count = opts.kind == RequestKind::CountTokens;
    let mut drop: Vec<&str> = vec!["anthropic_beta"];
    let mut set: Vec<(&str, Vec<u8>)> = Vec::with_capacity(6);

    let model_in_path =
        matches!(provider, ProviderId::Bedrock) || (provider == ProviderId::Vertex && !count);
    if model_in_path {
        drop.push("model");
    } else {
        set.push(("model", json(&model.id)));
    }
    // Bedrock and Vertex reject context management; the experimental switch strips it everywhere.
    if matches!(provider, ProviderId::Bedrock | ProviderId::Vertex)
        || r.knobs.disable_experimental_betas
    {
        drop.push("context_management");
    }
    match provider {
        ProviderId::Bedrock => {
            drop.push("stream");
            set.push((
                "anthropic_version",
                json(if opts.wire == WireVersion::V2026_10_21 {
                    "2026-10-21"
                } else {
                    BEDROCK_VERSION
                }),
            ));
        }
        ProviderId::Vertex => {
            set.push((
                "anthropic_version",
                json(if opts.wire == WireVersion::V2026_10_21 {
                    "2026-10-21"
                } else {
                    VERTEX_VERSION
                }),
            ));
        }
        _ => {}
    }
    if provider != ProviderId::Bedrock {
        if opts.stream && !count {
            set.push(("stream", b"true".to_vec()));
        } else {
            drop.push("stream");
        }
    }
    // Bedrock's CountTokens counts a whole InvokeModel body, which requires `max_tokens`
    // (botocore `CountTokens` vectors); the Anthropic-shaped count_tokens APIs take none.
    let wants_max_tokens = !count || provider == ProviderId::Bedrock;
    if wants_max_tokens && !parsed.has("max_tokens") {
        set.push((
            "max_tokens",
            json(&crate::models::max_tokens_for(
                model,
                r.knobs.max_output_tokens,
            )),
        ));
    }
    if !wants_max_tokens {
        drop.push("max_tokens");
    }

    // CLAUDE_CODE_EXTRA_BODY: top-level keys replace the body's; its anthropic_beta goes first.
    let mut betas: Vec<String> = Vec::new();
    if let Some(extra) = &r.knobs.extra_body {
        for (k, v) in extra {
            if k == "anthropic_beta" {
                if let Some(list) = v.as_array() {
                    betas.extend(list.iter().filter_map(|b| b.as_str().map(str::to_owned)));
                }
                continue;
            }
            if let Some(i) = set.iter().position(|(key, _)| key == k) {
                set.remove(i);
            }
            drop.retain(|d| d != k);
            set.push((extra_key(extra, k), json(v)));
        }
    }
    for b in body_betas {
        if !betas.contains(b) {
            betas.push(b.clone());
        }
    }
    if provider == ProviderId::Bedrock && !betas.is_empty() {
        set.push(("anthropic_beta", json(&betas)));
    }
    let out = parsed.rewrite(&drop, &set);
    if provider == ProviderId::Bedrock && count {
        // Bedrock's CountTokens API wraps the InvokeModel body, base64-encoded.
        let b64 = base64::engine::general_purpose::STANDARD.encode(&out);
        return Ok(json(
            &serde_json::json!({"input": {"invokeModel": {"body": b64}}}),
        ));
    }
    if out.len() > MAX_BODY {
        return Err(Problem::error(
            Code::BodyInvalid,
            "The request body is larger than 256 MiB.",
            "Send a smaller request.",
        )
        .into());
    }
    Ok(out)
}

const MAX_BODY: usize = 256 << 20;

/// The key as stored in the extra-body map (borrowed for the rewrite).
fn extra_key<'a>(extra: &'a serde_json::Map<String, serde_json::Value>, k: &str) -> &'a str {
    extra.get_key_value(k).map_or("", |(key, _)| key.as_str())
}
