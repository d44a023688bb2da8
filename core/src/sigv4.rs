//! AWS SigV4 signing for Bedrock (`bedrock`), Mantle (`bedrock-mantle`) and Claude Platform on
//! AWS (`aws-external-anthropic`), with the `aws-sigv4` crate. The signing time is an input.
//! (Interface; implemented by the SigV4 work.)

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

/// AWS credentials, as resolved by the runtime (env keys, profile, SSO, `awsCredentialExport`…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<Secret>,
    /// Expiry as Unix seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
}

/// What to sign. Every header in `headers` is signed except the ones SigV4 never signs
/// (`user-agent`, `authorization`, hop-by-hop headers), as the AWS JS SDK does.
#[derive(Debug)]
pub struct SignRequest<'a> {
    pub method: &'a str,
    /// Absolute URL exactly as it goes on the wire (path already percent-encoded).
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub service: &'a str,
    pub region: &'a str,
    pub time: SystemTime,
    pub credentials: &'a AwsCredentials,
}

/// Headers to add to the request: `x-amz-date`, `x-amz-content-sha256`,
/// `x-amz-security-token` (with a session token) and `authorization`, in that order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    pub headers: Vec<(String, String)>,
    pub signature: String,
}

/// Signs `req`.
pub fn sign(req: &SignRequest<'_>) -> crate::Result<Signed> {
    let _ = req;
    Err(crate::problem::Problem::error(
        crate::problem::Code::CredentialsMissing,
        "SigV4 signing is not implemented yet",
        "",
    )
    .into())
}
