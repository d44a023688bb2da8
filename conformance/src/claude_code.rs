//! Mode `claude-code DIR`: every Claude Code capture in DIR, replayed through the core.
//!
//! For each capture the runner plays the JS runtime's part (credential chain emulation from
//! the env, home files and `echo` helper commands; the recorder's fixed OAuth token), builds
//! the main inference request with the core, and compares it with what Claude Code sent:
//! method, scheme, host, path and query; auth header names, schemes and values (SigV4:
//! credential scope, and the captured request re-signed byte for byte); `anthropic-version`;
//! betas; the body rewrite (model, `anthropic_version`, `stream`, `max_tokens`, body betas,
//! `context_management`, extra body); custom and provider headers. Captures where Claude Code
//! exited with an error before sending anything must produce an error-severity problem.

use crate::capture::{self, Capture, CapturedRequest};
use crate::report::CaseResult;
use crate::util::{split_csv, split_url};
use claude_provider_core::api::RequestSpec;
use claude_provider_core::auth::{AuthMethod, AwsCredentialSource, CredentialCheck, Credentials};
use claude_provider_core::aws_files::{profile_credentials, ProfileCredentials};
use claude_provider_core::request::{
    build_with, HttpRequest, RequestKind, RequestOptions, WireVersion,
};
use claude_provider_core::sigv4::AwsCredentials;
use claude_provider_core::{validate, ConfigInput, ProviderId, Secret, Severity, ValidateOptions};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// The token the capture recorder's fake OAuth/Entra endpoints issue.
const RECORDER_TOKEN: &str = "FAKE-ACCESS-TOKEN-from-recorder";
/// The `project_id` of the capture harness's service-account key (`certs/sa.json`, written by
/// its `gen_certs.sh`), which the captures name in GOOGLE_APPLICATION_CREDENTIALS.
const RECORDER_SA_PROJECT: &str = "fake-gcp-project";
/// Claude Code's standard context-management block, put back into the input body so the
/// runner checks that the core strips it where Claude Code does not send it.
fn context_management() -> Value {
    json!({"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]})
}

pub fn run(dir: &Path, json_out: bool) -> Vec<CaseResult> {
    capture::load_dir(dir)
        .into_iter()
        .map(|c| run_case(&c, json_out))
        .collect()
}

fn run_case(c: &Capture, json_out: bool) -> CaseResult {
    let input = c.config_input();
    let (creds, check) = emulate_runtime(c, &input);
    let resolution = validate(
        &input,
        &ValidateOptions {
            credentials: check,
            google_project_id: creds.google_project_id.clone(),
        },
    );
    let main = c.main_request();
    let (mut result, built, spec) = match main {
        None => (expect_error(c, &resolution), None, None),
        Some(req) => compare(c, &input, &resolution, req, &creds),
    };
    result.emit = Some(crate::emit::record(&c.name, &input, check, spec.as_ref()));
    if json_out {
        result.json =
            Some(json!({"resolution": resolution, "request": built.map(|b| b.redacted())}));
    }
    result
}

fn expect_error(c: &Capture, r: &claude_provider_core::Resolution) -> CaseResult {
    if c.exit_code == 0 {
        return CaseResult::fail(
            &c.name,
            "no inference request found in a capture that exited 0",
        );
    }
    match r.problems.iter().find(|p| p.severity == Severity::Error) {
        Some(_) => CaseResult::pass(&c.name),
        None => CaseResult::fail(
            &c.name,
            format!(
                "Claude Code failed before sending ({:?}) but the core reports no error",
                c.first_output_line()
            ),
        ),
    }
}

/// Plays the runtime: env/profile/export AWS keys, the recorder's Google/Azure token.
fn emulate_runtime(c: &Capture, input: &ConfigInput) -> (Credentials, CredentialCheck) {
    let r = claude_provider_core::resolve(input);
    let mut creds = Credentials::default();
    if let Some(cmd) = c.settings_str("apiKeyHelper") {
        creds.api_key_helper = capture::echo_output(cmd).map(|s| Secret::new(s.trim()));
    }
    // What Claude Code's process sees: settings `env` over the process env, as the runtime
    // gives its credential libraries (an empty value unsets).
    let effective = claude_provider_core::api::effective_env(input);
    let env = |k: &str| {
        effective
            .get(k)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let check = match &r.auth.method {
        AuthMethod::SigV4 { credentials, .. } => {
            creds.aws = match credentials {
                AwsCredentialSource::CredentialExport { command } => {
                    capture::echo_output(command).and_then(|out| aws_export(&out))
                }
                AwsCredentialSource::Profile { profile, .. } => {
                    let home = &input.home;
                    match profile_credentials(
                        home.aws_config.as_ref().map(|f| f.text.as_str()),
                        home.aws_credentials.as_ref().map(|f| f.text.as_str()),
                        profile,
                    ) {
                        ProfileCredentials::Static(k) => Some(k),
                        _ => None,
                    }
                }
                AwsCredentialSource::EnvKeys => None,
                AwsCredentialSource::DefaultChain => None,
            };
            if creds.aws.is_some() || matches!(credentials, AwsCredentialSource::EnvKeys) {
                CredentialCheck::Found
            } else {
                CredentialCheck::NotFound
            }
        }
        AuthMethod::GoogleOAuth => {
            if let Some(file) = env("GOOGLE_APPLICATION_CREDENTIALS") {
                creds.google_access_token = Some(Secret::new(RECORDER_TOKEN));
                // google-auth's getProjectId() reads the key file's `project_id`.
                if file.ends_with("/certs/sa.json") {
                    creds.google_project_id = Some(RECORDER_SA_PROJECT.to_owned());
                }
                CredentialCheck::Found
            } else {
                CredentialCheck::NotFound
            }
        }
        AuthMethod::AzureEntraId { .. } => {
            if env("AZURE_CLIENT_SECRET").is_some()
                && env("AZURE_TENANT_ID").is_some()
                && env("AZURE_CLIENT_ID").is_some()
            {
                creds.azure_access_token = Some(Secret::new(RECORDER_TOKEN));
                CredentialCheck::Found
            } else {
                CredentialCheck::NotFound
            }
        }
        AuthMethod::ApiKeyHelper { .. } => {
            if creds.api_key_helper.is_some() {
                CredentialCheck::Found
            } else {
                CredentialCheck::NotFound
            }
        }
        _ => CredentialCheck::NotChecked,
    };
    (creds, check)
}

/// `awsCredentialExport` output: `{"Credentials":{…}}` or the flat `credential_process` shape.
fn aws_export(out: &str) -> Option<AwsCredentials> {
    let v: Value = serde_json::from_str(out.trim()).ok()?;
    let c = v.get("Credentials").unwrap_or(&v);
    Some(AwsCredentials {
        access_key_id: c.get("AccessKeyId")?.as_str()?.to_owned(),
        secret_access_key: Secret::new(c.get("SecretAccessKey")?.as_str()?),
        session_token: c
            .get("SessionToken")
            .and_then(Value::as_str)
            .map(Secret::new),
        expires_at: None,
    })
}

fn compare(
    c: &Capture,
    input: &ConfigInput,
    r: &claude_provider_core::Resolution,
    req: &CapturedRequest,
    creds: &Credentials,
) -> (CaseResult, Option<HttpRequest>, Option<RequestSpec>) {
    let mut diffs: Vec<String> = Vec::new();
    let captured_body: Value = serde_json::from_str(&req.body_text).unwrap_or(Value::Null);
    let extra_keys: BTreeSet<String> = r
        .knobs
        .extra_body
        .as_ref()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();

    // The input body: Claude Code's body in Anthropic shape, without what the core decides.
    let mut body = captured_body.as_object().cloned().unwrap_or_default();
    for k in [
        "model",
        "anthropic_version",
        "anthropic_beta",
        "stream",
        "max_tokens",
    ] {
        body.remove(k);
    }
    for k in &extra_keys {
        body.remove(k);
    }
    body.entry("context_management")
        .or_insert_with(context_management);
    let body_bytes = serde_json::to_vec(&Value::Object(body)).unwrap_or_default();

    // The caller's betas: what Claude Code sent, minus what comes from configuration.
    let configured: BTreeSet<String> = configured_betas(input, r);
    let mut caller: Vec<String> = Vec::new();
    for b in req
        .header_betas()
        .into_iter()
        .chain(req.body_betas(&captured_body))
    {
        if !configured.contains(&b) && !caller.contains(&b) {
            caller.push(b);
        }
    }
    let stream = req.is_streaming(&captured_body);
    let now = req
        .amz_date()
        .and_then(|d| claude_provider_core::sigv4::parse_amz_date(&d).ok())
        .unwrap_or(std::time::UNIX_EPOCH);
    let opts = RequestOptions {
        kind: if req.path.contains("count") {
            RequestKind::CountTokens
        } else {
            RequestKind::Messages
        },
        stream,
        body: &body_bytes,
        betas: &caller,
        wire: WireVersion::V2023_06_01,
        sdk_conventions: false,
        sdk_family: Default::default(),
        now,
        credentials: creds,
        signer: claude_provider_core::sigv4::Signer::DEFAULT,
    };
    let spec = RequestSpec {
        kind: opts.kind,
        stream: opts.stream,
        body: Some(String::from_utf8_lossy(&body_bytes).into_owned()),
        betas: caller.clone(),
        wire: opts.wire,
        sdk_conventions: false,
        sdk_family: Default::default(),
        now_ms: now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64),
        credentials: creds.clone(),
    };
    let order = claude_provider_core::env::EnvOrder::new(input);
    let built = match build_with(&order.env(), r, &opts, None) {
        Ok(b) => b,
        Err(e) => {
            return (
                CaseResult::fail(
                    &c.name,
                    format!(
                        "the core could not build the request: {} ({})",
                        e.message(),
                        e.code()
                    ),
                ),
                None,
                Some(spec),
            )
        }
    };

    // URL
    let want = req.absolute_url();
    let (got_origin, got_target) = split_url(&built.url);
    let (want_origin, want_target) = split_url(&want);
    if got_origin != want_origin {
        diffs.push(format!(
            "origin: core {got_origin} vs Claude Code {want_origin}"
        ));
    }
    if got_target != want_target {
        diffs.push(format!(
            "path: core {got_target} vs Claude Code {want_target}"
        ));
    }
    // Auth and versions
    for name in [
        "x-api-key",
        "anthropic-version",
        "anthropic-workspace-id",
        "x-amzn-bedrock-service-tier",
        "x-amz-security-token",
    ] {
        cmp_header(&mut diffs, name, built.header(name), req.header(name));
    }
    // The payload hash covers our body, which is not Claude Code's byte for byte: check it is
    // present exactly when Claude Code sent one, and that it hashes what we send.
    match (
        built.header("x-amz-content-sha256"),
        req.header("x-amz-content-sha256"),
    ) {
        (Some(g), Some(_)) => {
            use sha2::Digest;
            if g != hex::encode(sha2::Sha256::digest(&built.body)) {
                diffs.push("x-amz-content-sha256 is not the SHA-256 of the body sent".to_owned());
            }
        }
        (None, None) => {}
        (g, w) => diffs.push(format!(
            "x-amz-content-sha256: core {} vs Claude Code {}",
            g.is_some(),
            w.is_some()
        )),
    }
    let got_auth = built.header("authorization");
    let want_auth = req.header("authorization");
    match (got_auth, want_auth) {
        (Some(g), Some(w)) if w.starts_with("AWS4-HMAC-SHA256") => {
            if scope(g) != scope(w) {
                diffs.push(format!(
                    "SigV4 credential scope: core {:?} vs Claude Code {:?}",
                    scope(g),
                    scope(w)
                ));
            }
            for (label, res) in crate::resign::resign_capture_requests(&c.raw) {
                if let Err(e) = res {
                    diffs.push(format!("re-signing {label}: {e}"));
                }
            }
        }
        (g, w) => cmp_header(&mut diffs, "authorization", g, w),
    }
    // Betas
    let got_hdr: BTreeSet<String> = split_csv(built.header("anthropic-beta"))
        .into_iter()
        .collect();
    let want_hdr: BTreeSet<String> = req.header_betas().into_iter().collect();
    if got_hdr != want_hdr {
        diffs.push(format!(
            "anthropic-beta header: core {got_hdr:?} vs Claude Code {want_hdr:?}"
        ));
    }
    // Custom headers
    for (n, v) in c.custom_headers() {
        if built.header(&n) != Some(v.as_str()) {
            diffs.push(format!("custom header {n} not sent as configured"));
        }
    }
    // Body
    let got_body: Value = serde_json::from_slice(&built.body).unwrap_or(Value::Null);
    for k in ["model", "anthropic_version", "stream", "max_tokens"] {
        if got_body.get(k) != captured_body.get(k) {
            diffs.push(format!(
                "body.{k}: core {} vs Claude Code {}",
                show(got_body.get(k)),
                show(captured_body.get(k))
            ));
        }
    }
    for k in &extra_keys {
        if k != "anthropic_beta" && got_body.get(k) != captured_body.get(k) {
            diffs.push(format!("body.{k} (CLAUDE_CODE_EXTRA_BODY) differs"));
        }
    }
    if got_body.get("context_management").is_some()
        != captured_body.get("context_management").is_some()
    {
        diffs.push(format!(
            "body.context_management: core {} vs Claude Code {}",
            got_body.get("context_management").is_some(),
            captured_body.get("context_management").is_some()
        ));
    }
    let got_bb: BTreeSet<String> = req_body_betas(&got_body);
    let want_bb: BTreeSet<String> = req_body_betas(&captured_body);
    if got_bb != want_bb {
        diffs.push(format!(
            "body.anthropic_beta: core {got_bb:?} vs Claude Code {want_bb:?}"
        ));
    }
    // The startup probes use the resolved opus/sonnet/haiku IDs.
    let slots: BTreeSet<&str> = [
        &r.models.opus,
        &r.models.sonnet,
        &r.models.haiku,
        &r.models.main,
    ]
    .iter()
    .map(|m| m.id.as_ref())
    .collect();
    for probe in c.probe_model_ids() {
        if !slots.contains(probe.as_str()) {
            diffs.push(format!("startup probe model {probe} is none of the resolved opus/sonnet/haiku IDs {slots:?}"));
        }
    }
    if r.provider == ProviderId::Anthropic
        && c.exit_code != 0
        && !r.problems.iter().any(|p| p.severity == Severity::Error)
    {
        diffs.push("Claude Code exited with an error but the core reports none".to_owned());
    }
    (
        CaseResult::from_diffs(&c.name, diffs),
        Some(built),
        Some(spec),
    )
}

/// The betas the configuration asks for, read from the capture's environment itself (not from
/// the core's resolution, which would hide a configured beta the core wrongly drops):
/// `ANTHROPIC_BETAS`, `CLAUDE_CODE_EXTRA_BODY`'s `anthropic_beta`, and the 1M beta of a `[1m]`
/// model.
fn configured_betas(input: &ConfigInput, r: &claude_provider_core::Resolution) -> BTreeSet<String> {
    let env = claude_provider_core::api::effective_env(input);
    let mut s: BTreeSet<String> = env
        .get("ANTHROPIC_BETAS")
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    if r.models.main.context_1m {
        s.insert("context-1m-2025-08-07".to_owned());
    }
    let extra = env
        .get("CLAUDE_CODE_EXTRA_BODY")
        .and_then(|v| serde_json::from_str::<Value>(v).ok());
    if let Some(list) = extra
        .as_ref()
        .and_then(|e| e.get("anthropic_beta"))
        .and_then(Value::as_array)
    {
        s.extend(list.iter().filter_map(|v| v.as_str().map(str::to_owned)));
    }
    s
}

fn req_body_betas(v: &Value) -> BTreeSet<String> {
    v.get("anthropic_beta")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|b| b.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn scope(auth: &str) -> Option<&str> {
    auth.split("Credential=").nth(1)?.split(',').next()
}

fn cmp_header(diffs: &mut Vec<String>, name: &str, got: Option<&str>, want: Option<&str>) {
    if got != want {
        let show = |v: Option<&str>| {
            v.map_or("absent".to_owned(), |s| {
                if name == "anthropic-version"
                    || name.starts_with("anthropic-w")
                    || name.starts_with("x-amzn")
                {
                    s.to_owned()
                } else {
                    format!("present ({} chars)", s.len())
                }
            })
        };
        let same_len = got.map(str::len) == want.map(str::len);
        diffs.push(format!(
            "{name}: core {} vs Claude Code {}{}",
            show(got),
            show(want),
            if same_len && got.is_some() {
                " (different value)"
            } else {
                ""
            }
        ));
    }
}

fn show(v: Option<&Value>) -> String {
    v.map_or("absent".to_owned(), |v| v.to_string())
}
