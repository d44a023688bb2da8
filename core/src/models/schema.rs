//! The shapes of the generated catalog (`catalog.rs`). Only `xtask gen-catalog` writes values
//! of these types; the rules that read them live in the sibling modules.

use super::MaxOutputTokens;
use crate::provider::ProviderId;

/// A provider column of the catalog (`provider_ids.*`, `aliases.*.per_provider.*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// Anthropic API, also behind an `ANTHROPIC_BASE_URL` gateway (the wire shows the same IDs).
    FirstParty,
    Bedrock,
    Vertex,
    Foundry,
    AnthropicAws,
    AnthropicGoogleCloud,
    Mantle,
    /// The Claude apps gateway sign-in route, which this library does not model.
    Gateway,
}

/// Bits of [`IdEntry::forms`]: which spellings an exact ID is.
pub mod form {
    pub const CATALOG_ID: u16 = 1;
    pub const FIRST_PARTY: u16 = 1 << 1;
    /// Bedrock IDs are indexed without their geo prefix (`anthropic.claude-…`).
    pub const BEDROCK: u16 = 1 << 2;
    pub const VERTEX: u16 = 1 << 3;
    pub const FOUNDRY: u16 = 1 << 4;
    pub const ANTHROPIC_AWS: u16 = 1 << 5;
    pub const ANTHROPIC_GOOGLE_CLOUD: u16 = 1 << 6;
    pub const MANTLE: u16 = 1 << 7;
    pub const GATEWAY: u16 = 1 << 8;
    /// The spellings that count as "an Anthropic model ID" (what `modelOverrides` keys and
    /// `--model`/`ANTHROPIC_MODEL` mapping accept).
    pub const ANTHROPIC: u16 = CATALOG_ID | FIRST_PARTY;
}

impl Column {
    /// The catalog's key for this column.
    pub fn key(self) -> &'static str {
        match self {
            Column::FirstParty => "first_party",
            Column::Bedrock => "bedrock",
            Column::Vertex => "vertex",
            Column::Foundry => "foundry",
            Column::AnthropicAws => "anthropic_aws",
            Column::AnthropicGoogleCloud => "anthropic_google_cloud",
            Column::Mantle => "mantle",
            Column::Gateway => "gateway",
        }
    }

    /// The [`form`] bit of this column.
    pub fn form(self) -> u16 {
        match self {
            Column::FirstParty => form::FIRST_PARTY,
            Column::Bedrock => form::BEDROCK,
            Column::Vertex => form::VERTEX,
            Column::Foundry => form::FOUNDRY,
            Column::AnthropicAws => form::ANTHROPIC_AWS,
            Column::AnthropicGoogleCloud => form::ANTHROPIC_GOOGLE_CLOUD,
            Column::Mantle => form::MANTLE,
            Column::Gateway => form::GATEWAY,
        }
    }

    /// The column a provider reads. First-party covers gateways too: captures with a local
    /// `ANTHROPIC_BASE_URL` and with api.anthropic.com send the same IDs.
    pub fn of(provider: ProviderId) -> Column {
        match provider {
            ProviderId::Anthropic => Column::FirstParty,
            ProviderId::Bedrock => Column::Bedrock,
            ProviderId::Vertex => Column::Vertex,
            ProviderId::Foundry => Column::Foundry,
            ProviderId::Mantle => Column::Mantle,
            ProviderId::AnthropicAws => Column::AnthropicAws,
            ProviderId::AnthropicGoogleCloud => Column::AnthropicGoogleCloud,
        }
    }
}

/// A model's ID per provider column (`None`: not offered there).
#[derive(Debug)]
pub struct ProviderIds {
    pub first_party: Option<&'static str>,
    /// Stored with the `us.` prefix; rewritten per region.
    pub bedrock: Option<&'static str>,
    pub vertex: Option<&'static str>,
    pub foundry: Option<&'static str>,
    pub anthropic_aws: Option<&'static str>,
    pub anthropic_google_cloud: Option<&'static str>,
    pub mantle: Option<&'static str>,
    pub gateway: Option<&'static str>,
}

impl ProviderIds {
    pub fn get(&self, c: Column) -> Option<&'static str> {
        match c {
            Column::FirstParty => self.first_party,
            Column::Bedrock => self.bedrock,
            Column::Vertex => self.vertex,
            Column::Foundry => self.foundry,
            Column::AnthropicAws => self.anthropic_aws,
            Column::AnthropicGoogleCloud => self.anthropic_google_cloud,
            Column::Mantle => self.mantle,
            Column::Gateway => self.gateway,
        }
    }
}

/// Context-window facts of a model.
#[derive(Debug)]
pub struct ContextWindow {
    pub window: Option<u32>,
    pub maximum_window: Option<u32>,
    /// Runs with 1M tokens without any suffix or beta.
    pub native_1m: bool,
    /// Accepts the `context-1m-2025-08-07` beta.
    pub supports_1m_beta: bool,
    /// `[1m]` is offered for it in the picker.
    pub supports_1m_suffix: bool,
    pub clamp_long_context_without_beta: bool,
}

/// One model of the catalog.
#[derive(Debug)]
pub struct CatalogModel {
    pub id: &'static str,
    pub family: &'static str,
    pub display_name: &'static str,
    pub knowledge_cutoff: Option<&'static str>,
    pub provider_ids: ProviderIds,
    pub vertex_region_env_var: Option<&'static str>,
    /// The previous model the startup check falls back to on 3P providers.
    pub fallback_3p: Option<&'static str>,
    pub context: ContextWindow,
    pub max_output_tokens: MaxOutputTokens,
    pub eager_input_streaming: &'static [Column],
    pub capabilities: &'static [&'static str],
    pub default_effort: Option<&'static str>,
}

impl CatalogModel {
    pub fn has_capability(&self, cap: &str) -> bool {
        self.capabilities.contains(&cap)
    }
}

/// A model alias (`opus`, `sonnet`, …) and what it resolves to.
#[derive(Debug)]
pub struct Alias {
    pub name: &'static str,
    /// `ANTHROPIC_DEFAULT_<NAME>_MODEL`.
    pub pin_var: &'static str,
    /// Index into `MODELS` for providers without their own entry.
    pub default: u16,
    pub per_provider: &'static [(Column, u16)],
}

/// One exact spelling of a model.
#[derive(Debug)]
pub struct IdEntry {
    pub id: &'static str,
    pub model: u16,
    /// [`form`] bits.
    pub forms: u16,
}
