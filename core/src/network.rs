//! The network plan (proxy, `NO_PROXY`, extra CAs, mTLS) as data for the JS transport.
//! (Interface; implemented by the network work.)

use crate::env::Env;
use crate::problem::Problem;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// A proxy setting, with any credentials in it kept secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProxySetting {
    /// The URL with `user:password@` replaced by `***@`, safe to show.
    pub display_url: String,
    /// The URL as configured (may hold credentials).
    pub url: Secret,
    /// The variable it came from (`HTTPS_PROXY`, `https_proxy`, …).
    pub env_var: String,
}

/// A file path taken from a variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PathSetting {
    pub path: String,
    pub env_var: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPlan {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_proxy: Option<ProxySetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_proxy: Option<ProxySetting>,
    /// `NO_PROXY` entries, as written (hosts, `.suffix`, IPs, CIDRs, `*`).
    #[serde(default)]
    pub no_proxy: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_ca_certs: Option<PathSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert: Option<PathSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<PathSetting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key_passphrase: Option<Secret>,
}

/// How one URL is reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ProxyDecision {
    Direct,
    Proxy { proxy: ProxySetting },
}

/// Reads the network variables.
pub fn plan(env: &Env<'_>, problems: &mut Vec<Problem>) -> NetworkPlan {
    let _ = (env, problems);
    NetworkPlan::default()
}

/// Decides whether `url` goes through a proxy.
pub fn proxy_for(plan: &NetworkPlan, url: &str) -> ProxyDecision {
    let _ = (plan, url);
    ProxyDecision::Direct
}
