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

/// Parses an `x-amz-date` value (`20261126T082313Z`) into a time. Pure arithmetic, no clock.
pub fn parse_amz_date(s: &str) -> crate::Result<SystemTime> {
    let bad = || {
        crate::Error::from(crate::problem::Problem::error(
            crate::problem::Code::NumberInvalid,
            format!("{s:?} is not an x-amz-date (YYYYMMDDTHHMMSSZ)."),
            "Use the form 20260115T120000Z.",
        ))
    };
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return Err(bad());
    }
    let num =
        |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i64>().ok()).ok_or_else(bad);
    let (y, m, d, hh, mm, ss) = (
        num(0..4)?,
        num(4..6)?,
        num(6..8)?,
        num(9..11)?,
        num(11..13)?,
        num(13..15)?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return Err(bad());
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days * 86_400 + hh * 3600 + mm * 60 + ss).map_err(|_| bad())?;
    Ok(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
}
