//! Building every model slot: family aliases (with their pins), the main model, small/fast.

use super::aliases::{classify, ignored_as_default_model, strip_1m, Requested};
use super::bedrock::{self, parse_arn};
use super::catalog::{ALIASES, LATEST_PER_FAMILY, MAIN_DEFAULT, MAIN_DEFAULT_OTHERWISE, MODELS};
use super::lookup;
use super::overrides::{Entry, Overrides};
use super::schema::{Alias, CatalogModel, Column};
use super::vertex;
use super::{MaxOutputTokens, ModelChoice, ModelContext, ModelSet};
use crate::env::{Env, SettingsLayer, Source, Var};
use crate::problem::{Code, Problem};
use crate::provider::ProviderId;
use crate::vars;
use std::borrow::Cow;

pub(super) const SMALL_FAST_VAR: &str = "ANTHROPIC_SMALL_FAST_MODEL";
pub(super) const SMALL_FAST_REGION_VAR: &str = "ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION";
const PREFIX_VAR: &str = "ANTHROPIC_BEDROCK_REGION_PREFIX";
const SUBAGENT_VAR: &str = "CLAUDE_CODE_SUBAGENT_MODEL";

/// Where a model value came from, for provenance and for pointing problems at it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Origin<'a> {
    Var(Var<'a>),
    /// A top-level settings key (`model`).
    Setting(&'a SettingsLayer, &'static str),
    Override(Entry<'a>),
    Default,
    /// The `model` of a request body.
    Request,
}

impl<'a> Origin<'a> {
    pub fn source(&self) -> Source {
        match self {
            Origin::Var(v) => v.source.to_source(),
            Origin::Setting(l, _) | Origin::Override(Entry { layer: l, .. }) => l.source(),
            Origin::Default | Origin::Request => Source::Default,
        }
    }

    pub fn env_var(&self) -> Option<&'a str> {
        match self {
            Origin::Var(v) => Some(v.name),
            _ => None,
        }
    }

    /// How to name the value in a message (borrowed for a variable: checks ask for it on
    /// every value, and most values have nothing to report).
    pub fn label(&self) -> Cow<'a, str> {
        match self {
            Origin::Var(v) => Cow::Borrowed(v.name),
            Origin::Setting(l, key) => {
                format!("the `{key}` setting ({} settings)", l.scope.as_str()).into()
            }
            Origin::Override(e) => format!("modelOverrides[{:?}]", e.key).into(),
            Origin::Default => Cow::Borrowed("the built-in default"),
            Origin::Request => Cow::Borrowed("the request body's model"),
        }
    }

    /// How to write `value` where this one came from, for a fix (`ANTHROPIC_MODEL=x`,
    /// `"model": "x"`).
    pub fn assign(&self, value: &str) -> String {
        match self {
            Origin::Var(v) => format!("{}={value}", v.name),
            Origin::Setting(_, key) => format!("\"{key}\": \"{value}\""),
            Origin::Override(e) => format!("\"{}\": \"{value}\" in modelOverrides", e.key),
            Origin::Default => value.to_owned(),
            Origin::Request => format!("\"model\": \"{value}\" in the request body"),
        }
    }

    /// Is an alias (`sonnet`) resolved where this value came from? The main model's sources,
    /// `CLAUDE_CODE_SUBAGENT_MODEL` and a request's `model` are; pins, small/fast and override values are sent as written.
    pub fn takes_aliases(&self) -> bool {
        match self {
            Origin::Var(v) => matches!(
                v.name,
                "ANTHROPIC_MODEL" | "ANTHROPIC_DEFAULT_MODEL" | SUBAGENT_VAR
            ),
            Origin::Setting(..) | Origin::Request | Origin::Default => true,
            Origin::Override(_) => false,
        }
    }

    /// Attaches the variable and file at fault.
    pub fn point(&self, p: Problem) -> Problem {
        let p = match self.env_var() {
            Some(v) => p.with_var(v),
            None => p,
        };
        let file = match self {
            Origin::Var(v) => v.file(),
            Origin::Setting(l, _) | Origin::Override(Entry { layer: l, .. }) => l.path.as_deref(),
            Origin::Default | Origin::Request => None,
        };
        p.with_file(file)
    }
}

/// The AWS region a slot's requests go to, and what set it (for messages).
#[derive(Clone, Copy, Debug)]
pub(super) struct SlotRegion<'r> {
    pub region: &'r str,
    pub label: &'static str,
}

/// A family alias's slot.
struct Slot<'a> {
    alias: &'static Alias,
    choice: ModelChoice,
    pin: Option<Var<'a>>,
}

pub(super) struct Resolver<'e, 'a> {
    pub env: &'e Env<'a>,
    pub provider: ProviderId,
    pub column: Column,
    pub disable_1m: bool,
    pub overrides: Overrides<'a>,
    /// The signing region of Bedrock/Mantle (`us-east-1` when the caller has none).
    pub aws_region: &'e str,
    /// The geo prefix built-in Bedrock IDs get.
    pub bedrock_prefix: &'a str,
    pub vertex_location: &'e str,
    pub vertex_location_var: Option<&'static str>,
    /// Bedrock and Mantle both on: Mantle-form IDs go to Mantle's body, not a Bedrock path.
    pub mantle_alongside: bool,
    /// First-party with `ANTHROPIC_BASE_URL`: the gateway may accept any model name.
    pub gateway: bool,
    /// `VERTEX_REGION_*` variables already reported, so each is reported once.
    pub reported_region_vars: Vec<&'static str>,
}

impl<'e, 'a> Resolver<'e, 'a> {
    pub fn new(env: &'e Env<'a>, ctx: ModelContext<'e>, out: &mut Vec<Problem>) -> Self {
        let provider = ctx.provider;
        let aws_region = ctx.aws_region.unwrap_or("us-east-1");
        let prefix_var = env.var(PREFIX_VAR);
        let prefix_override = prefix_var.map(|v| v.raw.trim());
        if provider == ProviderId::Bedrock {
            if let (Some(var), Some(p)) = (prefix_var, prefix_override) {
                if !bedrock::PREFIX_OVERRIDES.contains(&p) {
                    let derived = bedrock::builtin_prefix(aws_region, None);
                    out.push(Origin::Var(var).point(Problem::warning(
                        Code::BedrockRegionPrefixInvalid,
                        format!("{PREFIX_VAR}={p:?} is not one of us, eu, apac, jp, au, global, so Claude Code derives the prefix from the region ({derived}.)."),
                        format!("Set {PREFIX_VAR} to one of us, eu, apac, jp, au, global (lowercase), or unset it."),
                    )));
                }
            }
        }
        let vertex_location = ctx.vertex_region.unwrap_or(vertex::DEFAULT_LOCATION);
        let vertex_location_var = env
            .get("CLOUD_ML_REGION")
            .filter(|v| v.trim() == vertex_location)
            .map(|_| "CLOUD_ML_REGION");
        Self {
            env,
            provider,
            column: Column::of(provider),
            disable_1m: env.flag("CLAUDE_CODE_DISABLE_1M_CONTEXT"),
            overrides: Overrides::read(env, out),
            aws_region,
            bedrock_prefix: bedrock::builtin_prefix(aws_region, prefix_override),
            vertex_location,
            vertex_location_var,
            mantle_alongside: provider == ProviderId::Bedrock && env.flag("CLAUDE_CODE_USE_MANTLE"),
            gateway: provider == ProviderId::Anthropic && env.var("ANTHROPIC_BASE_URL").is_some(),
            reported_region_vars: Vec::new(),
        }
    }

    pub fn session_region(&self) -> SlotRegion<'e> {
        SlotRegion {
            region: self.aws_region,
            label: "AWS region",
        }
    }

    pub fn resolve(mut self, out: &mut Vec<Problem>) -> ModelSet {
        if self.provider == ProviderId::Vertex {
            self.check_vertex_region_names(out);
        }
        // One slot per alias, on the stack (as a `Vec` it was `resolve`'s largest allocation),
        // filled in place: an array adaptor moved each ~300-byte slot several times.
        let mut slots: [Option<Slot<'a>>; ALIASES.len()] = [const { None }; ALIASES.len()];
        for (slot, a) in slots.iter_mut().zip(&ALIASES) {
            *slot = Some(self.family(a, out));
        }
        let (main, opusplan, selected) = self.main(&slots, out);
        let small_fast = self.small_fast(&slots, &main, selected, out);
        let subagent = self.subagent(&slots, out);
        // Move each slot's choice out instead of cloning it (a measurable share of `resolve`).
        let mut take = |name: &str| {
            let slot = slots
                .iter_mut()
                .find(|s| s.as_ref().is_some_and(|s| s.alias.name == name));
            match slot.and_then(Option::take) {
                Some(s) => s.choice,
                None => main.clone(),
            }
        };
        let (opus, sonnet, haiku, fable) =
            (take("opus"), take("sonnet"), take("haiku"), take("fable"));
        ModelSet {
            opus,
            sonnet,
            haiku,
            fable,
            main,
            small_fast,
            subagent,
            opusplan,
        }
    }

    /// An alias's slot: its `ANTHROPIC_DEFAULT_*_MODEL` pin, else the catalog's model.
    fn family(&mut self, alias: &'static Alias, out: &mut Vec<Problem>) -> Slot<'a> {
        match self.env.var(alias.pin_var) {
            Some(pin) => {
                let mut choice =
                    self.user_choice(pin.raw, Origin::Var(pin), true, self.session_region(), out);
                choice.pin_var = Some(Cow::Borrowed(alias.pin_var));
                Slot {
                    alias,
                    choice,
                    pin: Some(pin),
                }
            }
            None => {
                let m = lookup::alias_model(alias, self.column);
                Slot {
                    alias,
                    choice: self.catalog_choice(m, alias.name.into(), Origin::Default, out),
                    pin: None,
                }
            }
        }
    }

    /// `ANTHROPIC_MODEL` > `model` setting > `ANTHROPIC_DEFAULT_MODEL` > provider default.
    /// Returns the choice, whether it is `opusplan`, and whether a primary model was selected.
    fn main(
        &mut self,
        slots: &[Option<Slot<'a>>],
        out: &mut Vec<Problem>,
    ) -> (ModelChoice, bool, bool) {
        let picked = self.main_value(out);
        let defaulted = picked.is_none();
        let (raw, origin) = picked.unwrap_or(("default", Origin::Default));
        let explicit = matches!(origin, Origin::Var(v) if v.name == "ANTHROPIC_MODEL")
            || matches!(origin, Origin::Setting(..));
        let selected = explicit && !matches!(classify(strip_1m(raw.trim()).0), Requested::Default);
        let (c, opusplan) = self.alias_or_id(slots, raw, origin, defaulted, out);
        (c, opusplan, selected)
    }

    /// `CLAUDE_CODE_SUBAGENT_MODEL`, read as the main model's value is (aliases, pins, IDs
    /// mapped to the provider's); `None` when unset or `inherit` (subagents use the main model).
    fn subagent(
        &mut self,
        slots: &[Option<Slot<'a>>],
        out: &mut Vec<Problem>,
    ) -> Option<ModelChoice> {
        let v = self.env.var(SUBAGENT_VAR)?;
        if v.raw.trim().eq_ignore_ascii_case("inherit") {
            return None;
        }
        Some(self.alias_or_id(slots, v.raw, Origin::Var(v), false, out).0)
    }

    /// A value that may be an alias (`sonnet[1m]`, `default`, `opusplan`) or a model ID: the
    /// alias's slot with this value's provenance, else the ID as [`Self::user_choice`] makes
    /// it. Returns the choice and whether it is `opusplan`.
    fn alias_or_id(
        &mut self,
        slots: &[Option<Slot<'a>>],
        raw: &'a str,
        origin: Origin<'a>,
        defaulted: bool,
        out: &mut Vec<Problem>,
    ) -> (ModelChoice, bool) {
        let requested = raw.trim();
        let (base, had_1m) = strip_1m(requested);
        let (slot, opusplan) = match classify(base) {
            Requested::Id => {
                let c = self.user_choice(raw, origin, true, self.session_region(), out);
                return (c, false);
            }
            Requested::Default => (self.default_slot(slots), false),
            Requested::Family(a) => (
                slots.iter().flatten().find(|s| std::ptr::eq(s.alias, a)),
                false,
            ),
            Requested::Opusplan => (
                slots.iter().flatten().find(|s| s.alias.name == "sonnet"),
                true,
            ),
        };
        let Some(slot) = slot else {
            // Only reachable if a future catalog drops `sonnet` (for `opusplan`); the generator
            // guarantees at least one alias, since `best` must name one.
            let m = lookup::alias_model(&ALIASES[0], self.column);
            return (
                self.catalog_choice(m, requested.to_owned().into(), origin, out),
                opusplan,
            );
        };
        let mut c = slot.choice.clone();
        // An alias as written is the alias's own name: borrowed, not copied.
        c.requested = if defaulted || requested == "default" {
            Cow::Borrowed("default")
        } else if requested == slot.alias.name {
            Cow::Borrowed(slot.alias.name)
        } else {
            Cow::Owned(requested.to_owned())
        };
        // Nothing asked for a model and a pin supplies the default's ID: that pin is where it
        // comes from (the slot's choice has its source), not "default".
        if !(defaulted && slot.pin.is_some()) {
            c.source = origin.source();
            c.env_var = origin.env_var().map(vars::static_name);
        }
        c.pin_var = slot.pin.map(|_| Cow::Borrowed(slot.alias.pin_var));
        c.context_1m = (had_1m || c.context_1m) && !self.disable_1m;
        (c, opusplan)
    }

    fn main_value(&self, out: &mut Vec<Problem>) -> Option<(&'a str, Origin<'a>)> {
        if let Some(v) = self.env.var("ANTHROPIC_MODEL") {
            return Some((v.raw, Origin::Var(v)));
        }
        if let Some((value, layer)) = self.env.setting("model") {
            if let Some(s) = value.as_str() {
                // A pasted credential counts as unset, as in `Env::var`.
                if !s.trim().is_empty()
                    && crate::resolve::pasted_credentials::pasted_shape("model", s).is_none()
                {
                    return Some((s, Origin::Setting(layer, "model")));
                }
            } else if !value.is_null() {
                out.push(
                    Problem::warning(
                        Code::SettingsInvalid,
                        format!("The `model` setting in {} settings is not a string, so Claude Code ignores it.", layer.scope.as_str()),
                        "Set \"model\" to an alias such as \"opus\" or a model ID, as a string.",
                    )
                    .with_file(layer.path.as_deref()),
                );
            }
        }
        let v = self.env.var("ANTHROPIC_DEFAULT_MODEL")?;
        let (base, _) = strip_1m(v.raw.trim());
        (!ignored_as_default_model(base)).then_some((v.raw, Origin::Var(v)))
    }

    /// The slot the provider's default main model comes from.
    fn default_slot<'s>(&self, slots: &'s [Option<Slot<'a>>]) -> Option<&'s Slot<'a>> {
        let mut name = MAIN_DEFAULT
            .iter()
            .find(|(c, _)| *c == self.column)
            .map_or(MAIN_DEFAULT_OTHERWISE, |(_, a)| *a);
        let pinned = |n: &str| {
            slots
                .iter()
                .flatten()
                .any(|s| s.alias.name == n && s.pin.is_some())
        };
        // Bedrock/Vertex docs (v2.1.207+): a deployment that steers Sonnet and not Opus keeps
        // its steered Sonnet as the default.
        if matches!(self.provider, ProviderId::Bedrock | ProviderId::Vertex)
            && name == "opus"
            && pinned("sonnet")
            && !pinned("opus")
        {
            name = "sonnet";
        }
        slots.iter().flatten().find(|s| s.alias.name == name)
    }

    /// The background (small/fast) model, SPEC §5.2 last column and the provider docs.
    fn small_fast(
        &mut self,
        slots: &[Option<Slot<'a>>],
        main: &ModelChoice,
        selected: bool,
        out: &mut Vec<Problem>,
    ) -> ModelChoice {
        let slot = |n: &str| slots.iter().flatten().find(|s| s.alias.name == n);
        let pinned = |n: &str| slot(n).is_some_and(|s| s.pin.is_some());
        let sf_var = self.env.var(SMALL_FAST_VAR);
        let region = self.small_fast_region(pinned("haiku") || sf_var.is_some(), out);
        let slot_region = region.map_or(self.session_region(), |r| SlotRegion {
            region: r,
            label: SMALL_FAST_REGION_VAR,
        });
        let mut c = match sf_var {
            Some(v) => {
                // The value to move over, with the geo prefix of the region it runs in when its
                // own is another geography's (BEDROCK_MODEL_PREFIX_REGION_MISMATCH says so): the
                // fix never names the value just flagged.
                let working = self.working_value(v.raw, true, false);
                let suggested = self
                    .bedrock_id_for_region(&working, slot_region.region)
                    .unwrap_or(working);
                out.push(Origin::Var(v).point(Problem::info(
                    Code::VarDeprecated,
                    format!("{SMALL_FAST_VAR} is deprecated; Claude Code still uses it for background tasks."),
                    format!("Set ANTHROPIC_DEFAULT_HAIKU_MODEL={suggested} instead (it also sets what the haiku alias resolves to)."),
                )));
                // Sent as given: neither modelOverrides nor ID mapping applies to it.
                self.user_choice(v.raw, Origin::Var(v), false, slot_region, out)
            }
            None => {
                let from = match self.provider {
                    // Docs: Haiku may not be enabled, so background tasks use the default
                    // Sonnet, or the primary model once one is selected (an Opus pin without
                    // a Sonnet pin counts as a selection).
                    ProviderId::Bedrock | ProviderId::Vertex => {
                        if pinned("haiku") {
                            slot("haiku")
                        } else if selected || (pinned("opus") && !pinned("sonnet")) {
                            None
                        } else {
                            slot("sonnet")
                        }
                    }
                    ProviderId::Foundry => slot("haiku").filter(|s| s.pin.is_some()),
                    _ => slot("haiku"),
                };
                let c = from.map_or_else(|| main.clone(), |s| s.choice.clone());
                if let (Some(_), Some(pin)) = (region, from.and_then(|s| s.pin)) {
                    if self.provider == ProviderId::Bedrock && !c.unusable {
                        self.check_bedrock_region(&c.id, Origin::Var(pin), slot_region, out);
                    }
                }
                c
            }
        };
        if let Some(r) = region {
            c.region = Some(Cow::Owned(r.to_owned()));
            c.region_var = Some(Cow::Borrowed(SMALL_FAST_REGION_VAR));
        }
        c
    }

    /// `ANTHROPIC_SMALL_FAST_MODEL_AWS_REGION` when it applies and is usable.
    fn small_fast_region(&self, haiku_configured: bool, out: &mut Vec<Problem>) -> Option<&'a str> {
        let var = self.env.var(SMALL_FAST_REGION_VAR)?;
        let origin = Origin::Var(var);
        let v = var.raw.trim();
        let effective = match self.provider {
            ProviderId::Bedrock => haiku_configured,
            ProviderId::Mantle => true,
            _ => {
                out.push(origin.point(Problem::info(
                    Code::BedrockSmallFastRegionUnused,
                    format!("{SMALL_FAST_REGION_VAR} is only read on Amazon Bedrock and Bedrock Mantle; {} ignores it.", self.provider.display_name()),
                    format!("Unset {SMALL_FAST_REGION_VAR}."),
                )));
                return None;
            }
        };
        if !effective {
            out.push(origin.point(Problem::info(
                Code::BedrockSmallFastRegionUnused,
                format!("{SMALL_FAST_REGION_VAR}={v:?} has no effect on Bedrock without ANTHROPIC_DEFAULT_HAIKU_MODEL (or the deprecated {SMALL_FAST_VAR}): background tasks run in {}.", self.aws_region),
                format!("Set ANTHROPIC_DEFAULT_HAIKU_MODEL to a Haiku model ID enabled in {v}, or unset {SMALL_FAST_REGION_VAR}."),
            )));
            return None;
        }
        let quoted = vars::inside_quotes(v).is_some_and(|r| bedrock::region_shaped(r.trim()));
        if let Some(bad) = super::safety::check_label(v).filter(|_| !quoted) {
            out.push(origin.point(Problem::warning(
                Code::ValueUnsafe,
                format!("{SMALL_FAST_REGION_VAR} contains {}, which would change the request URL; it is not used, so background tasks run in {}.", bad.describe(), self.aws_region),
                format!("Set {SMALL_FAST_REGION_VAR} to a bare region code such as us-west-2."),
            )));
            return None;
        }
        if !bedrock::region_shaped(v) {
            let consequence = format!(
                "it is not used; background tasks run in {}",
                self.aws_region
            );
            out.push(origin.point(crate::resolve::aws::region_invalid(
                SMALL_FAST_REGION_VAR,
                v,
                &consequence,
                "us-west-2",
            )));
            return None;
        }
        Some(v)
    }

    /// A catalog model for this provider, through `modelOverrides` when it maps the model.
    fn catalog_choice(
        &mut self,
        m: &'static CatalogModel,
        requested: Cow<'static, str>,
        origin: Origin<'a>,
        out: &mut Vec<Problem>,
    ) -> ModelChoice {
        let key = m.provider_ids.first_party.unwrap_or(m.id);
        if let Some(e) = self.overrides.get(key).copied() {
            return self.override_choice(
                e,
                m,
                requested,
                false,
                origin,
                self.session_region(),
                out,
            );
        }
        let id = self.provider_id(m);
        self.make(id, Some(m), requested, false, origin, false, out)
    }

    /// The provider's ID for a catalog model; built-in Bedrock IDs get the region's prefix.
    pub fn provider_id(&self, m: &'static CatalogModel) -> Cow<'static, str> {
        let id = m
            .provider_ids
            .get(self.column)
            .or(m.provider_ids.first_party)
            .unwrap_or(m.id);
        if self.column == Column::Bedrock {
            bedrock::with_prefix(id, self.bedrock_prefix)
        } else {
            Cow::Borrowed(id)
        }
    }

    /// A value someone wrote (a pin, `ANTHROPIC_MODEL`, the `model` setting…). Anthropic IDs go
    /// through `modelOverrides` and, on Bedrock/Vertex/Mantle, map to the provider's ID when
    /// `map_ids`; everything else is sent as is.
    pub fn user_choice(
        &mut self,
        raw: &str,
        origin: Origin<'a>,
        map_ids: bool,
        region: SlotRegion<'_>,
        out: &mut Vec<Problem>,
    ) -> ModelChoice {
        let requested = raw.trim();
        let (base, had_1m) = strip_1m(requested);
        if map_ids {
            if let Some(m) = lookup::anthropic_model(base) {
                let key = m.provider_ids.first_party.unwrap_or(m.id);
                if let Some(e) = self.overrides.get(key).copied() {
                    let requested = requested.to_owned().into();
                    return self.override_choice(e, m, requested, had_1m, origin, region, out);
                }
                if self.maps_anthropic_ids() {
                    if m.provider_ids.get(self.column).is_some() {
                        let id = self.provider_id(m);
                        let requested = requested.to_owned().into();
                        return self.make(id, Some(m), requested, had_1m, origin, false, out);
                    }
                    out.push(origin.point(Problem::warning(
                        Code::ModelIdWrongProvider,
                        format!("{}={base:?} is {}, which Claude Code's catalog does not offer on {}; it is sent as is and will likely be rejected.", origin.label(), m.display_name, self.provider.display_name()),
                        format!("Pick a model {} serves, or map {key:?} to a model ID your account has with settings modelOverrides.", self.provider.display_name()),
                    )));
                }
            }
        }
        let unusable = self.check_value(base, origin, map_ids, region, out);
        let model = if unusable {
            None
        } else {
            lookup::recognize(base).or_else(|| {
                self.overrides
                    .by_value(base)
                    .and_then(|e| lookup::anthropic_model(e.key))
            })
        };
        // Claude Code learns an ARN's model from Bedrock (GetInferenceProfile) and prints no
        // warning for it; every other unknown ID gets one.
        // A quoted value was reported as such by `check_value`.
        if model.is_none()
            && !unusable
            && parse_arn(base).is_none()
            && vars::inside_quotes(base).is_none()
        {
            out.push(origin.point(self.unrecognized(base, origin, map_ids)));
        }
        self.make(
            base.to_owned().into(),
            model,
            requested.to_owned().into(),
            had_1m,
            origin,
            unusable,
            out,
        )
    }

    /// A `modelOverrides` value standing in for catalog model `m`.
    #[allow(clippy::too_many_arguments)]
    fn override_choice(
        &mut self,
        e: Entry<'a>,
        m: &'static CatalogModel,
        requested: Cow<'static, str>,
        had_1m: bool,
        origin: Origin<'a>,
        region: SlotRegion<'_>,
        out: &mut Vec<Problem>,
    ) -> ModelChoice {
        let unusable = self.check_value(e.value, Origin::Override(e), false, region, out);
        let mut c = self.make(
            e.value.to_owned().into(),
            (!unusable).then_some(m),
            requested,
            had_1m,
            origin,
            unusable,
            out,
        );
        c.override_key = Some(e.key.to_owned());
        c
    }

    /// Providers where an Anthropic model ID is translated to the provider's ID (docs:
    /// "On Amazon Bedrock, Google Cloud's Agent Platform, and Mantle, an Anthropic model ID …
    /// resolves to the same provider-specific ID as the /model picker row").
    pub(super) fn maps_anthropic_ids(&self) -> bool {
        matches!(
            self.provider,
            ProviderId::Bedrock | ProviderId::Vertex | ProviderId::Mantle
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn make(
        &mut self,
        id: Cow<'static, str>,
        model: Option<&'static CatalogModel>,
        requested: Cow<'static, str>,
        had_1m: bool,
        origin: Origin<'a>,
        unusable: bool,
        out: &mut Vec<Problem>,
    ) -> ModelChoice {
        let (region, region_var) = if self.provider == ProviderId::Vertex && !unusable {
            let (r, v) = self.vertex_region(&id, model, out);
            (Some(r), v)
        } else {
            (None, None)
        };
        ModelChoice {
            requested,
            id: if unusable { Cow::Borrowed("") } else { id },
            catalog_id: model.map(|m| Cow::Borrowed(m.id)),
            context_1m: had_1m && !self.disable_1m,
            source: origin.source(),
            env_var: origin.env_var().map(vars::static_name),
            region,
            region_var,
            max_output_tokens: model.map_or(MaxOutputTokens::UNRECOGNIZED, |m| m.max_output_tokens),
            pin_var: None,
            override_key: None,
            unusable,
        }
    }

    /// The Vertex location for a model: its `VERTEX_REGION_*` variable when set and
    /// location-shaped, else `CLOUD_ML_REGION`, else `us-east5`.
    fn vertex_region(
        &mut self,
        id: &str,
        model: Option<&'static CatalogModel>,
        out: &mut Vec<Problem>,
    ) -> (Cow<'static, str>, Option<Cow<'static, str>>) {
        let name =
            vertex::region_var_for(id).or_else(|| model.and_then(|m| m.vertex_region_env_var));
        if let Some(name) = name {
            if let Some(var) = self.env.var(name) {
                let v = var.raw.trim();
                if vertex::location_shaped(v) {
                    return (Cow::Owned(v.to_owned()), Some(Cow::Borrowed(name)));
                }
                if !self.reported_region_vars.contains(&name) {
                    self.reported_region_vars.push(name);
                    out.push(Origin::Var(var).point(self.bad_location(name, v)));
                }
            }
        }
        (
            Cow::Owned(self.vertex_location.to_owned()),
            self.vertex_location_var.map(Cow::Borrowed),
        )
    }

    fn bad_location(&self, name: &str, v: &str) -> Problem {
        let fallback = self.vertex_location;
        if let Some(inner) = vars::inside_quotes(v).filter(|l| vertex::location_shaped(l.trim())) {
            return vertex::quoted_location(
                name,
                v,
                inner.trim(),
                &format!("Claude Code ignores it and uses {fallback}"),
            );
        }
        match super::safety::check_label(v) {
            Some(bad) => Problem::warning(
                Code::ValueUnsafe,
                format!("{name} contains {}, which would change the request URL; Claude Code ignores it and uses {fallback}.", bad.describe()),
                format!("Set {name} to a bare location such as us-east5, europe-west1, us, eu or global."),
            ),
            None => Problem::warning(
                Code::VertexRegionInvalid,
                format!("{name}={v:?} is not a Vertex location, so Claude Code ignores it and uses {fallback}."),
                format!("Set {name} to a location such as us-east5, europe-west1, us, eu or global."),
            ),
        }
    }
}

pub(super) fn unrecognized(id: &str) -> Problem {
    let m = MaxOutputTokens::UNRECOGNIZED;
    Problem::info(
        Code::ModelUnrecognized,
        format!(
            "Claude Code doesn't recognize the model \"{id}\", so it assumes a context window of 1m tokens and {} max output tokens.",
            m.default
        ),
        format!("If \"{id}\" is a Claude model behind a gateway or a deployment name, map it in settings modelOverrides ({}) so Claude Code knows which model it is, or set CLAUDE_CODE_MAX_CONTEXT_TOKENS to its real window.", override_example(id)),
    )
}

/// A `modelOverrides` entry for `id`, keyed by the newest model of the family its name says
/// (`claude-haiku-litellm` → Haiku), so that following it does not call a Haiku deployment Opus.
fn override_example(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    let family = LATEST_PER_FAMILY
        .iter()
        .find(|(family, _)| lower.contains(family));
    match family {
        Some(&(_, i)) => {
            let m = &MODELS[usize::from(i)];
            format!("\"{}\": \"{id}\" if it serves {}", m.id, m.display_name)
        }
        None => {
            let sonnet = LATEST_PER_FAMILY
                .iter()
                .find(|(family, _)| *family == "sonnet")
                .map_or("", |&(_, i)| MODELS[usize::from(i)].id);
            format!("\"<the Claude model ID it serves, such as {sonnet}>\": \"{id}\"")
        }
    }
}
