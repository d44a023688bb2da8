//! The body rewrite per provider: `model` in the path or the body, `anthropic_version` in the
//! body (Bedrock, Vertex), `stream`, body betas, `context_management`, `max_tokens`, and
//! `CLAUDE_CODE_EXTRA_BODY`.

use super::json_edits::{Edits, SetMember};
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
    let out = parsed.rewrite(&edits(provider, r, model, opts, body_betas));
    if provider == ProviderId::Bedrock && opts.kind == RequestKind::CountTokens {
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

/// The members to drop and write for `provider` (a default such as `max_tokens` only when the
/// body has none).
fn edits<'r>(
    provider: ProviderId,
    r: &'r Resolution,
    model: &ModelChoice,
    opts: &RequestOptions<'_>,
    body_betas: &[String],
) -> Edits<'r> {
    let count = opts.kind == RequestKind::CountTokens;
    let mut drop: Vec<&'r str> = vec!["anthropic_beta"];
    let mut set: Vec<SetMember<'r>> = Vec::with_capacity(6);
    let put = |key: &'r str, value: Vec<u8>| SetMember {
        key,
        value,
        if_absent: false,
    };

    let model_in_path =
        matches!(provider, ProviderId::Bedrock) || (provider == ProviderId::Vertex && !count);
    if model_in_path {
        drop.push("model");
    } else {
        set.push(put("model", json(&model.id)));
    }
    // Bedrock and Vertex reject context management; the experimental switch strips it everywhere.
    if matches!(provider, ProviderId::Bedrock | ProviderId::Vertex)
        || r.knobs.disable_experimental_betas
    {
        drop.push("context_management");
    }
    let version = |v1: &str| {
        json(if opts.wire == WireVersion::V2026_10_21 {
            "2026-10-21"
        } else {
            v1
        })
    };
    match provider {
        ProviderId::Bedrock => {
            drop.push("stream");
            set.push(put("anthropic_version", version(BEDROCK_VERSION)));
        }
        ProviderId::Vertex => set.push(put("anthropic_version", version(VERTEX_VERSION))),
        _ => {}
    }
    if provider != ProviderId::Bedrock {
        if opts.stream && !count {
            set.push(put("stream", b"true".to_vec()));
        } else {
            drop.push("stream");
        }
    }
    // Bedrock's CountTokens counts a whole InvokeModel body, which requires `max_tokens`
    // (botocore `CountTokens` vectors); the Anthropic-shaped count_tokens APIs take none.
    let wants_max_tokens = !count || provider == ProviderId::Bedrock;
    if wants_max_tokens {
        set.push(SetMember {
            key: "max_tokens",
            value: json(&crate::models::max_tokens_for(
                model,
                r.knobs.max_output_tokens,
            )),
            if_absent: true,
        });
    } else {
        drop.push("max_tokens");
    }

    // CLAUDE_CODE_EXTRA_BODY: top-level keys replace the body's. On Bedrock its anthropic_beta
    // goes first in the body's list (capture bedrock_extra_body); elsewhere it is a body field
    // like any other (SPEC §6: merged into the body on every provider).
    let mut betas: Vec<String> = Vec::new();
    if let Some(extra) = &r.knobs.extra_body {
        for (k, v) in extra {
            if k == "anthropic_beta" && provider == ProviderId::Bedrock {
                if let Some(list) = v.as_array() {
                    betas.extend(list.iter().filter_map(|b| b.as_str().map(str::to_owned)));
                }
                continue;
            }
            set.retain(|m| m.key != k);
            drop.retain(|d| d != k);
            set.push(put(k.as_str(), json(v)));
        }
    }
    for b in body_betas {
        if !betas.contains(b) {
            betas.push(b.clone());
        }
    }
    if provider == ProviderId::Bedrock && !betas.is_empty() {
        set.push(put("anthropic_beta", json(&betas)));
    }
    Edits { drop, set }
}

const MAX_BODY: usize = 256 << 20;
