//! Auth headers from the plan, then the SigV4 signature over everything else.

use super::{Header, RequestOptions, SdkFamily, WireVersion};
use crate::auth::{AuthMethod, AwsCredentialSource};
use crate::env::Env;
use crate::problem::{Code, Problem, Result};
use crate::provider::ProviderId;
use crate::resolve::Resolution;
use crate::secret::Secret;
use crate::sigv4::{self, AwsCredentials, SignRequest};

fn secret(name: &str, value: String) -> Header {
    Header {
        name: name.to_owned(),
        value,
        secret: true,
    }
}

/// A credential from `var`, checked as Claude Code checks it before sending it as `header`.
fn env_secret(env: &Env<'_>, var: &str, header: &str) -> Result<String> {
    let v = env.get(var).ok_or_else(|| {
        Problem::error(
            Code::CredentialsMissing,
            format!("{var} is not set."),
            format!("Set {var}."),
        )
        .with_var(var)
    })?;
    let v = v.trim();
    crate::headers::check_env_header_value(header, v, var)?;
    Ok(v.to_owned())
}

/// An optional credential from `var` that becomes header `header`: unset (or blank) is `None`;
/// set, it is checked as [`env_secret`] checks it, with the settings file it came from.
fn env_optional_secret(env: &Env<'_>, var: &str, header: &str) -> Result<Option<Secret>> {
    let Some(v) = env.var(var) else {
        return Ok(None);
    };
    let value = v.raw.trim();
    crate::headers::check_env_header_value(header, value, var)
        .map_err(|p| p.with_file(v.file()))?;
    Ok(Some(Secret::new(value)))
}

fn runtime<'a>(v: Option<&'a Secret>, what: &str, help: &str) -> Result<&'a str> {
    v.map(Secret::expose).ok_or_else(|| {
        Problem::error(
            Code::CredentialsMissing,
            format!("No {what} was supplied."),
            help.to_owned(),
        )
        .into()
    })
}

/// The API-key header: `x-api-key`, or a bearer token with the 2026 SDKs on first-party.
fn api_key_header(provider: ProviderId, opts: &RequestOptions<'_>, key: String) -> Header {
    if opts.wire == WireVersion::V2026_10_21
        && matches!(
            provider,
            ProviderId::Anthropic | ProviderId::AnthropicAws | ProviderId::Mantle
        )
    {
        secret("authorization", format!("Bearer {key}"))
    } else {
        secret("x-api-key", key)
    }
}

/// An auth header from the client's credentials (the SDK's `authHeaders`): a custom header of
/// the same name (`ANTHROPIC_CUSTOM_HEADERS`, merged after them) replaces it.
fn push_client_auth(headers: &mut Vec<Header>, h: Header) {
    if !headers.iter().any(|b| b.name.eq_ignore_ascii_case(&h.name)) {
        headers.push(h);
    }
}

/// An auth header set per request (a Google or Entra ID token, the SigV4 signature): it
/// replaces a custom header of the same name.
fn push_request_auth(headers: &mut Vec<Header>, h: Header) {
    headers.retain(|b| !b.name.eq_ignore_ascii_case(&h.name));
    headers.push(h);
}

pub fn apply(
    env: &Env<'_>,
    r: &Resolution,
    provider: ProviderId,
    opts: &RequestOptions<'_>,
    url: &str,
    body: &[u8],
    headers: &mut Vec<Header>,
) -> Result<()> {
    let custom_has = |n: &str| {
        r.knobs
            .custom_headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(n))
    };
    match &r.auth.method {
        AuthMethod::ApiKey { env_var } => {
            let key = env_secret(env, env_var, "x-api-key")?;
            push_client_auth(headers, api_key_header(provider, opts, key.clone()));
            // The Python SDK sends a Foundry key twice: `x-api-key` and Azure's `api-key`
            // (`anthropic/lib/foundry.py`; vectors `py-1.x-foundry-apikey-*`).
            if provider == ProviderId::Foundry
                && opts.sdk_conventions
                && opts.sdk_family == SdkFamily::Python
            {
                headers.push(secret("api-key", key));
            }
        }
        AuthMethod::Bearer { env_var } => push_client_auth(
            headers,
            secret(
                "authorization",
                format!("Bearer {}", env_secret(env, env_var, "authorization")?),
            ),
        ),
        AuthMethod::ApiKeyAndBearer { key_var, token_var } => {
            push_client_auth(
                headers,
                secret("x-api-key", env_secret(env, key_var, "x-api-key")?),
            );
            push_client_auth(
                headers,
                secret(
                    "authorization",
                    format!("Bearer {}", env_secret(env, token_var, "authorization")?),
                ),
            );
        }
        AuthMethod::ApiKeyHelper { api_key_var, .. } => {
            let helper = runtime(
                opts.credentials.api_key_helper.as_ref(),
                "apiKeyHelper output",
                "Run the apiKeyHelper command and pass its output as credentials.apiKeyHelper.",
            )?;
            crate::headers::check_header_value("apiKeyHelper", helper)?;
            let key = match api_key_var {
                Some(var) => env_secret(env, var, "x-api-key")?,
                None => helper.trim().to_owned(),
            };
            push_client_auth(headers, secret("x-api-key", key));
            push_client_auth(
                headers,
                secret("authorization", format!("Bearer {}", helper.trim())),
            );
        }
        AuthMethod::GoogleOAuth => {
            let t = runtime(opts.credentials.google_access_token.as_ref(), "Google access token", "Obtain one with Application Default Credentials (gcloud auth application-default login) and pass it as credentials.googleAccessToken.")?;
            crate::headers::check_runtime_header_value(
                "Authorization",
                t,
                "the Google access token supplied at run time (credentials.googleAccessToken)",
                "Check what obtained it (Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud auth application-default login, the metadata server) for text added to the token, and obtain a new one.",
            )?;
            push_request_auth(headers, secret("authorization", format!("Bearer {t}")));
        }
        AuthMethod::AzureEntraId { .. } => {
            let t = runtime(opts.credentials.azure_access_token.as_ref(), "Microsoft Entra ID token", "Obtain one with DefaultAzureCredential (az login) for https://cognitiveservices.azure.com/.default and pass it as credentials.azureAccessToken.")?;
            crate::headers::check_runtime_header_value(
                "Authorization",
                t,
                "the Microsoft Entra ID token supplied at run time (credentials.azureAccessToken)",
                "Check what obtained it (DefaultAzureCredential: AZURE_CLIENT_SECRET and the other AZURE_* variables, managed identity, az login) for text added to the token, and obtain a new one.",
            )?;
            push_request_auth(headers, secret("authorization", format!("Bearer {t}")));
        }
        AuthMethod::Skip {
            bearer_var,
            placeholder,
            ..
        } => {
            if let Some(var) = bearer_var {
                push_client_auth(
                    headers,
                    secret(
                        "authorization",
                        format!("Bearer {}", env_secret(env, var, "authorization")?),
                    ),
                );
            } else if let Some(p) = placeholder {
                if !custom_has("authorization") {
                    headers.push(Header {
                        name: "authorization".to_owned(),
                        value: format!("Bearer {p}"),
                        secret: false,
                    });
                }
            }
        }
        AuthMethod::None => {
            return Err(r
                .problems
                .iter()
                .find(|p| p.code == Code::AnthropicNoCredentials)
                .cloned()
                .unwrap_or_else(|| {
                    Problem::error(
                        Code::CredentialsMissing,
                        "No credentials are configured.",
                        "Configure credentials for the provider.",
                    )
                })
                .into())
        }
        AuthMethod::SigV4 {
            service,
            region,
            credentials,
        } => {
            let creds = match credentials {
                AwsCredentialSource::EnvKeys => {
                    let id = env_secret(env, "AWS_ACCESS_KEY_ID", "x-amz-credential")?;
                    let secret = env_secret(env, "AWS_SECRET_ACCESS_KEY", "x-amz-credential")?;
                    // A key ID the signer refuses: the problem `validate` reports for it (the
                    // keys swapped, or the character that is wrong), not the signer's own.
                    if sigv4::access_key_id_is_malformed(&id) {
                        if let Some(p) = crate::validate::aws_key_id_problem(&id, Some(&secret), true) {
                            let file = env.var("AWS_ACCESS_KEY_ID").and_then(|v| v.file());
                            return Err(p.with_file(file).into());
                        }
                    }
                    AwsCredentials {
                        access_key_id: id,
                        secret_access_key: Secret::new(secret),
                        session_token: env_optional_secret(
                            env,
                            "AWS_SESSION_TOKEN",
                            "x-amz-security-token",
                        )?,
                        expires_at: None,
                    }
                }
                // None supplied: the resolution's problem that explains why (half a key pair,
                // a profile that is not there) names the variable to fix; else the generic one.
                _ => opts.credentials.aws.clone().ok_or_else(|| {
                    r.problems
                        .iter()
                        .find(|p| matches!(p.code, Code::AwsKeysIncomplete | Code::AwsProfileNotFound))
                        .cloned()
                        .unwrap_or_else(|| Problem::error(
                            Code::CredentialsMissing,
                            "Could not load AWS credentials: none were supplied for the profile, SSO, awsCredentialExport or default chain.",
                            "Resolve them with the AWS SDK's credential providers (or run `aws sso login`) and pass them as credentials.aws.",
                        ))
                })?,
            };
            if !matches!(credentials, AwsCredentialSource::EnvKeys) {
                if let Some(t) = &creds.session_token {
                    crate::headers::check_runtime_header_value(
                        "x-amz-security-token",
                        t.expose(),
                        "the session token of the AWS credentials found at run time (credentials.aws.sessionToken)",
                        "Check where the credentials come from (the profile's aws_session_token, or what SSO, credential_process or awsCredentialExport returns) for characters added to the token, and obtain new credentials.",
                    )?;
                }
            }
            // The signature's Authorization replaces a custom one (it is never signed).
            headers.retain(|h| !h.name.eq_ignore_ascii_case("authorization"));
            // Mantle alongside Bedrock signs for its own service.
            let service = if provider == ProviderId::Mantle && r.provider == ProviderId::Bedrock {
                "bedrock-mantle"
            } else {
                service.as_ref()
            };
            let signed = sigv4::sign_header_iter(
                opts.signer,
                &SignRequest {
                    method: "POST",
                    url,
                    headers: &[],
                    body,
                    service,
                    region,
                    time: opts.now,
                    credentials: &creds,
                },
                headers.iter().map(|h| (h.name.as_str(), h.value.as_str())),
            )?;
            // Each replaces a header of its name: a custom `x-amz-content-sha256` is signed as
            // the payload hash and comes back here, and must not go out twice.
            for (n, v) in signed.headers {
                let is_secret = n.eq_ignore_ascii_case("authorization")
                    || n.eq_ignore_ascii_case("x-amz-security-token");
                push_request_auth(
                    headers,
                    Header {
                        name: n,
                        value: v,
                        secret: is_secret,
                    },
                );
            }
        }
    }
    Ok(())
}
