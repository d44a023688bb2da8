//! Runs `conformance sdk` over the vendored SDK vectors (`tests/fixtures/sdk/vectors`).
//!
//! Every case must pass or be an expected failure listed with its reason; only batches and
//! models-list vectors may be skipped. While the core's SigV4 signer is not implemented
//! (`sigv4::sign` errors), SigV4 cases may fail with exactly that error; once it exists they
//! are held to the same bar as the rest.

use claude_provider_core::sigv4::{sign, AwsCredentials, SignRequest};
use claude_provider_core::Secret;
use std::path::Path;
use std::process::Command;

fn signer_missing() -> bool {
    let creds = AwsCredentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: None,
        expires_at: None,
    };
    let r = sign(&SignRequest {
        method: "POST",
        url: "https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke",
        headers: &[],
        body: b"{}",
        service: "bedrock",
        region: "us-east-1",
        time: std::time::UNIX_EPOCH,
        credentials: &creds,
    });
    matches!(r, Err(e) if e.message().contains("not implemented"))
}

#[test]
fn sdk_vectors_pass_or_are_expected_failures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/sdk/vectors");
    let out = Command::new(env!("CARGO_BIN_EXE_conformance"))
        .arg("sdk")
        .arg(&dir)
        .output()
        .expect("runner starts");
    let text = String::from_utf8_lossy(&out.stdout);
    let signer_missing = signer_missing();
    let mut passed = 0;
    let mut unexpected = Vec::new();
    for line in text.lines() {
        if line.starts_with("PASS ") {
            passed += 1;
            if line.contains("listed as an expected failure") {
                unexpected.push(line.to_owned());
            }
        } else if let Some(rest) = line.strip_prefix("SKIP ") {
            let name = rest.split(':').next().unwrap_or_default();
            if !(name.ends_with("-batches") || name.ends_with("-models-list")) {
                unexpected.push(line.to_owned());
            }
        } else if line.starts_with("FAIL ") {
            let sigv4_pending = signer_missing && line.contains("SigV4 signing is not implemented");
            if !sigv4_pending {
                unexpected.push(line.to_owned());
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "unexpected results:\n{}",
        unexpected.join("\n")
    );
    // Anthropic, Vertex, Foundry, API-key and constructor cases pass without SigV4.
    assert!(passed >= 120, "only {passed} cases passed:\n{text}");
    assert!(text.lines().last().unwrap_or_default().ends_with("failed"));
    if !signer_missing {
        assert!(out.status.success(), "{text}");
    }
}
