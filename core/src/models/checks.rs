//! Checks on model IDs someone wrote: another provider's form, Bedrock inference-profile and
//! region rules, Vertex's `@` date form, and whether the ID may go into a URL at all.

use super::bedrock::{self, is_mantle_form, parse_arn, split_geo};
use super::catalog::MODELS;
use super::lookup;
use super::resolver::{Origin, Resolver, SlotRegion};
use super::safety::{self, Route};
use super::schema::{form, CatalogModel};
use super::suggest::{self, Meant};
use super::vertex;
use crate::problem::{Code, Problem, Severity};
use crate::provider::ProviderId;
use crate::vars;
use std::borrow::Cow;
use std::ops::Bound;

impl<'a> Resolver<'_, 'a> {
    /// Where this provider puts `id`.
    pub(super) fn route(&self, id: &str) -> Route {
        match self.provider {
            ProviderId::Bedrock if self.mantle_alongside && is_mantle_form(id) => Route::Body,
            ProviderId::Bedrock => Route::BedrockPath,
            ProviderId::Vertex => Route::VertexPath,
            _ => Route::Body,
        }
    }

    /// Checks a value that is sent as written. Returns `true` when it must not be used
    /// because it would change the request URL. `mapped`: an Anthropic ID written where this
    /// value came from is mapped to the provider's ID (for the fix of a quoted value).
    pub(super) fn check_value(
        &self,
        id: &str,
        origin: Origin<'a>,
        mapped: bool,
        region: SlotRegion<'_>,
        out: &mut Vec<Problem>,
    ) -> bool {
        let route = self.route(id);
        // Quotes that are part of the value: that is the finding, whatever the ID inside.
        let form = match vars::inside_quotes(id) {
            Some(inner) => Some(self.quoted(id, inner, origin, mapped)),
            None => self.check_form(id, origin, region, route, out),
        };
        let bad = safety::check(id, route);
        // A Bedrock ID on Vertex (`…-v1:0`) is one mistake: its `:` is why it would change
        // the URL, and MODEL_ID_WRONG_PROVIDER already names the ID to use. Anything else
        // that would change the URL (`/..`, `?`…) is still reported as VALUE_UNSAFE.
        let same_cause = route == Route::VertexPath
            && bad == Some(safety::Unsafe::Char(':'))
            && form
                .as_ref()
                .is_some_and(|p| p.code == Code::ModelIdWrongProvider)
            && safety::check(&id.replace(':', ""), route).is_none();
        if let Some(p) = form {
            out.push(origin.point(p));
        }
        match bad {
            Some(_) if same_cause => true,
            Some(bad) => {
                let what = origin.label();
                let allowed = match route {
                    // `:` ends the model in Vertex's `…/models/{id}:streamRawPredict`.
                    Route::VertexPath => "letters, digits, '-', '.', and '@' before a version",
                    Route::BedrockPath => "letters, digits, '-', '.', ':', or an ARN",
                    Route::Body => "letters, digits, '-', '.', ':'",
                };
                out.push(origin.point(Problem::error(
                    Code::ValueUnsafe,
                    format!("{what} contains {}, which would change the request URL; the model ID is not used.", bad.describe()),
                    format!("Set {what} to a bare model ID ({allowed})."),
                )));
                true
            }
            None => false,
        }
    }

    /// The most specific finding about an ID in the wrong shape for this provider, if any
    /// (region checks push their own).
    fn check_form(
        &self,
        id: &str,
        origin: Origin<'a>,
        region: SlotRegion<'_>,
        route: Route,
        out: &mut Vec<Problem>,
    ) -> Option<Problem> {
        let what = origin.label();
        let p = self.provider.display_name();
        let vertex_like = id.contains('@') && lookup::recognize(id).is_some();
        match self.provider {
            ProviderId::Vertex => {
                if looks_bedrock(id) {
                    return Some(Problem::error(
                        Code::ModelIdWrongProvider,
                        format!("{what}={id:?} is an Amazon Bedrock model ID; Vertex AI answers 404 for it."),
                        self.use_instead(id, "Use the Vertex model version name, e.g. claude-sonnet-4-5@20250929."),
                    ));
                }
                if let Some((name, date)) = vertex::dash_dated(id) {
                    return Some(Problem::error(
                        Code::VertexModelIdDateForm,
                        format!("{what}={id:?} uses the Anthropic API's -YYYYMMDD date; Vertex AI names versions name@YYYYMMDD and answers 404 (\"Requested entity was not found\")."),
                        format!("Use {name}@{date}."),
                    ));
                }
                self.anthropic_id_sent_as_is(id, &what)
            }
            ProviderId::Bedrock => {
                if vertex_like {
                    return Some(Problem::error(
                        Code::ModelIdWrongProvider,
                        format!("{what}={id:?} is a Vertex AI model ID; Bedrock cannot serve it."),
                        self.use_instead(id, "Use a Bedrock inference profile ID such as us.anthropic.claude-sonnet-4-5-20250929-v1:0."),
                    ));
                }
                if parse_arn(id).is_some() || split_geo(id).is_some() {
                    self.check_bedrock_region(id, origin, region, out);
                    return None;
                }
                if let Some(name) = id.strip_prefix("anthropic.") {
                    if route == Route::Body {
                        return None; // Mantle-form with Mantle on: it goes to Mantle.
                    }
                    return self.bare_bedrock_id(id, name, &what);
                }
                self.anthropic_id_sent_as_is(id, &what)
            }
            ProviderId::Mantle => {
                let invoke_form = split_geo(id).is_some()
                    || parse_arn(id).is_some()
                    || (id.starts_with("anthropic.") && !is_mantle_form(id));
                if invoke_form || vertex_like {
                    let kind = if invoke_form {
                        "a Bedrock Invoke API"
                    } else {
                        "a Vertex AI"
                    };
                    return Some(Problem::warning(
                        Code::ModelIdWrongProvider,
                        format!("{what}={id:?} is {kind} model ID; Mantle has its own lineup of anthropic.<model> IDs and answers 400 for it."),
                        self.use_instead(id, "Use a Mantle model ID such as anthropic.claude-haiku-4-5, or also set CLAUDE_CODE_USE_BEDROCK=1 to send other IDs to the Invoke API."),
                    ));
                }
                None
            }
            ProviderId::Anthropic
            | ProviderId::Foundry
            | ProviderId::AnthropicAws
            | ProviderId::AnthropicGoogleCloud => {
                let kind = if looks_bedrock(id) {
                    "an Amazon Bedrock"
                } else if vertex_like {
                    "a Vertex AI"
                } else {
                    return None;
                };
                let severity = if self.gateway {
                    Severity::Info
                } else {
                    Severity::Warning
                };
                let note = if self.gateway {
                    " unless your gateway maps it"
                } else {
                    ""
                };
                Some(Problem::new(
                    Code::ModelIdWrongProvider,
                    severity,
                    format!("{what}={id:?} is {kind} model ID, but requests go to {p}, which will not find it{note}."),
                    self.use_instead(id, "Use this provider's model ID, or select the provider the ID belongs to (CLAUDE_CODE_USE_BEDROCK=1 / CLAUDE_CODE_USE_VERTEX=1)."),
                ))
            }
        }
    }

    /// A value wrapped in quotes that are part of it (`'us.anthropic…'` from a settings JSON
    /// string or a dotenv/compose file quoted twice): Claude Code sends it with its quotes.
    fn quoted(&self, id: &str, inner: &str, origin: Origin<'a>, mapped: bool) -> Problem {
        Problem::warning(
            Code::ModelUnrecognized,
            format!("{} is {id}, {}: Claude Code sends the quotes as part of the model ID, and {} has no model of that name.", origin.label(), vars::QUOTED, self.provider.display_name()),
            format!("Remove the quotes: {}.", origin.assign(&self.working_value(inner, mapped, origin.takes_aliases()))),
        )
    }

    /// What to write instead of `value` so that it works on this provider and region: the
    /// inference profile of a bare Bedrock foundation-model ID, the provider's ID of an
    /// Anthropic ID that is not mapped there (`mapped`: the slot maps Anthropic IDs), the
    /// catalog ID a near miss stands for (an alias's name where `aliases` are resolved); else
    /// `value` without quotes. `[1m]` is kept.
    pub(super) fn working_value(&self, value: &str, mapped: bool, aliases: bool) -> String {
        let value = value.trim();
        let value = vars::inside_quotes(value).unwrap_or(value).trim();
        let (base, had_1m) = super::aliases::strip_1m(value);
        let fixed: Cow<'_, str> = match lookup::exact(base) {
            Some((_, forms))
                if self.provider == ProviderId::Bedrock
                    && forms & form::BEDROCK != 0
                    && self.route(base) == Route::BedrockPath
                    && base.starts_with("anthropic.") =>
            {
                Cow::Owned(self.inference_profile(base))
            }
            Some((_, forms)) if forms & self.column.form() != 0 => Cow::Borrowed(base),
            Some((_, forms))
                if forms & form::ANTHROPIC != 0 && (mapped || !self.maps_anthropic_ids()) =>
            {
                Cow::Borrowed(base)
            }
            Some((m, _)) if m.provider_ids.get(self.column).is_some() => self.provider_id(m),
            Some(_) => Cow::Borrowed(base),
            None if lookup::recognize(base).is_some() || parse_arn(base).is_some() => {
                Cow::Borrowed(base)
            }
            None => match suggest::near_miss(base) {
                Some(Meant::Model(m)) if m.provider_ids.get(self.column).is_some() => {
                    self.provider_id(m)
                }
                Some(Meant::Alias(a)) if aliases => Cow::Borrowed(a),
                // Where aliases are not resolved (a pin, small/fast), the model it stands for.
                Some(Meant::Alias(a)) => {
                    let a = if a == "best" { super::catalog::BEST } else { a };
                    match lookup::alias(a) {
                        Some(alias) => self.provider_id(lookup::alias_model(alias, self.column)),
                        None => Cow::Borrowed(base),
                    }
                }
                _ => Cow::Borrowed(base),
            },
        };
        if had_1m {
            [&fixed, super::aliases::SUFFIX_1M].concat()
        } else {
            fixed.into_owned()
        }
    }

    /// The inference profile for a bare Bedrock foundation-model ID (`anthropic.…`) in the
    /// session's region.
    fn inference_profile(&self, id: &str) -> String {
        let name = id.strip_prefix("anthropic.").unwrap_or(id);
        format!("{}.anthropic.{name}", self.bedrock_prefix)
    }

    /// Whether the endpoint may define model names of its own (a gateway, a Foundry
    /// deployment), and what to call them. A value Claude Code does not know is then only a
    /// note.
    pub(super) fn custom_names(&self) -> Option<&'static str> {
        let (base_urls, skip): (&[&str], Option<&str>) = match self.provider {
            ProviderId::Anthropic => return self.gateway.then_some("gateway"),
            ProviderId::Foundry => return Some("deployment"),
            ProviderId::Bedrock => (
                &crate::resolve::aws::BEDROCK_BASE_URL_VARS,
                Some("CLAUDE_CODE_SKIP_BEDROCK_AUTH"),
            ),
            ProviderId::Vertex => (
                &["ANTHROPIC_VERTEX_BASE_URL"],
                Some("CLAUDE_CODE_SKIP_VERTEX_AUTH"),
            ),
            ProviderId::Mantle => (
                &["ANTHROPIC_BEDROCK_MANTLE_BASE_URL"],
                Some("CLAUDE_CODE_SKIP_MANTLE_AUTH"),
            ),
            ProviderId::AnthropicAws => (
                &["ANTHROPIC_AWS_BASE_URL"],
                Some("CLAUDE_CODE_SKIP_ANTHROPIC_AWS_AUTH"),
            ),
            ProviderId::AnthropicGoogleCloud => (&["ANTHROPIC_GOOGLE_CLOUD_BASE_URL"], None),
        };
        let gateway = base_urls.iter().any(|v| self.env.var(v).is_some())
            || skip.is_some_and(|v| self.env.var(v).is_some());
        gateway.then_some("gateway")
    }

    /// A model ID Claude Code does not recognize. A near miss of a catalog model or an alias
    /// (a dotted version, a typo) names what was meant, in this provider's form, and is a
    /// warning unless the endpoint may define names of its own; anything else is Claude Code's
    /// own note, with `modelOverrides` for a gateway's or deployment's name.
    pub(super) fn unrecognized(&self, id: &str, origin: Origin<'a>, mapped: bool) -> Problem {
        let Some(meant) = suggest::near_miss(id) else {
            return super::resolver::unrecognized(id);
        };
        let provider = self.provider.display_name();
        let what = origin.label();
        let (name, display, key) = match meant {
            Meant::Model(m) => (
                m.id,
                m.display_name,
                Some(m.provider_ids.first_party.unwrap_or(m.id)),
            ),
            Meant::Alias(a) => (a, a, None),
        };
        let fixed = self.working_value(id, mapped, origin.takes_aliases());
        let set = if fixed == id {
            // Not offered here (Mythos on Bedrock): no ID of it to give.
            format!("{display} is not offered on {provider}: pick a model it serves")
        } else {
            match meant {
                Meant::Model(_) if fixed != name => format!(
                    "Set {} (the {provider} ID of {display})",
                    origin.assign(&fixed)
                ),
                _ => format!("Set {}", origin.assign(&fixed)),
            }
        };
        let meant_text = match meant {
            Meant::Model(_) => format!("{name} ({display})"),
            Meant::Alias(a) => format!("the {a} alias"),
        };
        match self.custom_names() {
            None => Problem::warning(
                Code::ModelUnrecognized,
                format!("Claude Code doesn't recognize the model \"{id}\" ({what}): did you mean {meant_text}? It is sent as written, and {provider} has no model of that name."),
                format!("{set}."),
            ),
            Some(kind) => Problem::info(
                Code::ModelUnrecognized,
                format!("Claude Code doesn't recognize the model \"{id}\" ({what}): did you mean {meant_text}? Unless your {kind} defines \"{id}\", it rejects the request."),
                match key {
                    Some(key) => format!("{set}; or, if \"{id}\" is your {kind}'s name for {display}, map it in settings modelOverrides (\"{key}\": \"{id}\") so Claude Code knows which model it is."),
                    None => format!("{set}, unless \"{id}\" is a name your {kind} defines."),
                },
            ),
        }
    }

    /// `anthropic.…` on the Bedrock Invoke API (without Mantle).
    fn bare_bedrock_id(&self, id: &str, name: &str, what: &str) -> Option<Problem> {
        let (m, forms) = lookup::exact(id)?;
        let profile = self.inference_profile(id);
        if forms & form::BEDROCK != 0 {
            let mantle = if forms & form::MANTLE != 0 {
                " (or, if you meant Bedrock Mantle, set CLAUDE_CODE_USE_MANTLE=1)"
            } else {
                ""
            };
            return Some(Problem::error(
                Code::BedrockModelNeedsInferenceProfile,
                format!("{what}={id:?} is the bare foundation-model ID of {}; Bedrock serves it only through an inference profile and answers 400 \"on-demand throughput isn't supported\".", m.display_name),
                format!("Use the inference profile ID {profile:?} (or global.anthropic.{name} where AWS offers a global profile for it){mantle}."),
            ));
        }
        (forms & form::MANTLE != 0).then(|| {
            Problem::warning(
                Code::ModelIdWrongProvider,
                format!("{what}={id:?} is a Bedrock Mantle model ID, but Mantle is not on, so it goes to the Bedrock Invoke API, which does not serve it."),
                format!("Set CLAUDE_CODE_USE_MANTLE=1 to send Mantle-form IDs to Mantle, or use {:?}.", self.provider_id(m)),
            )
        })
    }

    /// A first-party ID that reaches Bedrock/Vertex unmapped (only `ANTHROPIC_SMALL_FAST_MODEL`
    /// is sent without mapping).
    fn anthropic_id_sent_as_is(&self, id: &str, what: &str) -> Option<Problem> {
        let Some((m, forms)) = lookup::exact(id) else {
            return self.latest_alias(id, what);
        };
        let native = m.provider_ids.get(self.column)?;
        (forms & form::ANTHROPIC != 0 && forms & self.column.form() == 0).then(|| {
            Problem::warning(
                Code::ModelIdWrongProvider,
                format!("{what}={id:?} is the Anthropic API ID of {}; it is sent to {} as is, which does not know it.", m.display_name, self.provider.display_name()),
                format!("Use {:?}{}.", self.provider_id(m), if native.contains('@') { ", the Vertex version name" } else { "" }),
            )
        })
    }

    /// A `-latest` ID (`claude-3-7-sonnet-latest`): Claude Code maps only exact IDs and its
    /// own aliases, so Bedrock and Vertex get it as is, and neither has IDs of that form. Behind
    /// a base URL or skip-auth (likely a gateway, which may map it) only a note.
    fn latest_alias(&self, id: &str, what: &str) -> Option<Problem> {
        id.strip_suffix("-latest")?;
        let m = lookup::recognize(id)?;
        let provider = self.provider.display_name();
        let instead = match m.provider_ids.get(self.column) {
            Some(_) => format!(
                "{:?} (the {provider} ID of {})",
                self.provider_id(m),
                m.display_name
            ),
            None => format!("a {provider} model ID"),
        };
        let (severity, note) = if self.custom_names().is_some() {
            (Severity::Info, " unless your gateway maps it")
        } else {
            (Severity::Warning, "")
        };
        Some(Problem::new(
            Code::ModelIdWrongProvider,
            severity,
            format!("{what}={id:?} is a -latest model ID; Claude Code sends it to {provider} as is, which has no IDs of that form and answers 400/404{note}."),
            format!("Use {instead}, or an alias Claude Code maps on every provider (opus, sonnet, haiku)."),
        ))
    }

    /// "Use X instead" when the ID names a known model that this provider offers.
    fn use_instead(&self, id: &str, otherwise: &str) -> String {
        match lookup::recognize(id).filter(|m| m.provider_ids.get(self.column).is_some()) {
            Some(m) => format!(
                "Use {:?}, the {} ID of {}.",
                self.provider_id(m),
                self.provider.display_name(),
                m.display_name
            ),
            None => otherwise.to_owned(),
        }
    }

    /// Bedrock: a geo-prefixed profile must match the region's family; an ARN's region must
    /// be the signing region.
    pub(super) fn check_bedrock_region(
        &self,
        id: &str,
        origin: Origin<'a>,
        region: SlotRegion<'_>,
        out: &mut Vec<Problem>,
    ) {
        let what = origin.label();
        let (r, label) = (region.region, region.label);
        if let Some(arn) = parse_arn(id) {
            if arn.service == "bedrock" && !arn.region.is_empty() && arn.region != r {
                out.push(origin.point(Problem::warning(
                    Code::BedrockArnRegionMismatch,
                    format!("{what} is an ARN in {}, but requests are signed for and sent to {r} ({label}); Bedrock rejects resources of another region.", arn.region),
                    if label == super::resolver::SMALL_FAST_REGION_VAR {
                        format!("Set {label}={} or use a profile ARN from {r}.", arn.region)
                    } else {
                        format!("Set AWS_REGION={} or use a profile ARN from {r}.", arn.region)
                    },
                )));
            }
            return;
        }
        let Some((geo, rest)) = split_geo(id) else {
            return;
        };
        if let Some(fixed) = geo_fixed(id, r) {
            out.push(origin.point(Problem::warning(
                Code::BedrockModelPrefixRegionMismatch,
                format!("{what}={id:?} is a {geo}. inference profile, but requests go to {r} ({label}); Bedrock answers 400 \"The provided model identifier is invalid\" for profiles of another geography."),
                format!("Use \"{fixed}\" (or \"global.{rest}\"), or send requests to a region {geo}. profiles serve."),
            )));
        }
    }

    /// A Bedrock inference-profile ID with the geo prefix of `region`, when its own prefix is
    /// another geography's (`us.anthropic.…` for eu-west-3: `eu.anthropic.…`); `None` when it
    /// fits, or is not such an ID.
    pub(super) fn bedrock_id_for_region(&self, id: &str, region: &str) -> Option<String> {
        (self.provider == ProviderId::Bedrock)
            .then(|| geo_fixed(id, region))
            .flatten()
    }

    /// Vertex: a `VERTEX_REGION_*` variable Claude Code does not read (the model part is
    /// written `CLAUDE_<version>_<family>` for most models, `CLAUDE_<family>_<version>` for
    /// Haiku 4.5+ and Fable: easy to get backwards).
    pub(super) fn check_vertex_region_names(&self, out: &mut Vec<Problem>) {
        const PREFIX: &str = "VERTEX_REGION_";
        let env = self.env;
        let mut names: Vec<&str> = env
            .input()
            .process_env
            .range::<str, _>((Bound::Included(PREFIX), Bound::Unbounded))
            .map(|(k, _)| k.as_str())
            .take_while(|k| k.starts_with(PREFIX))
            .collect();
        for layer in env.layers() {
            if let Some(obj) = layer.settings.get("env").and_then(|e| e.as_object()) {
                names.extend(
                    obj.keys()
                        .map(String::as_str)
                        .filter(|k| k.starts_with(PREFIX)),
                );
            }
        }
        names.sort_unstable();
        names.dedup();
        let known = || {
            MODELS
                .iter()
                .filter_map(|m: &CatalogModel| m.vertex_region_env_var)
        };
        for name in names {
            // Point at the effective value (settings beat the shell); a blank one is moot.
            let Some(var) = env.var(name) else { continue };
            if known().any(|k| k == name) {
                continue;
            }
            let mut tokens: Vec<&str> = name.split('_').collect();
            tokens.sort_unstable();
            // The same words in another order (`CLAUDE_4_5_HAIKU` for `CLAUDE_HAIKU_4_5`),
            // else the closest name within two edits (a typo): validate's generic near-miss
            // check leaves names reported here alone, so this is the one suggestion.
            let guess = known()
                .find(|k| {
                    let mut t: Vec<&str> = k.split('_').collect();
                    t.sort_unstable();
                    t == tokens
                })
                .or_else(|| {
                    known()
                        .map(|k| (crate::validate::distance(name, k, 2), k))
                        .filter(|(d, _)| *d <= 2)
                        .min_by_key(|(d, _)| *d)
                        .map(|(_, k)| k)
                });
            let help = match guess {
                Some(g) => format!("Rename it to {g}."),
                None => "Per-model region variables are VERTEX_REGION_CLAUDE_HAIKU_4_5, VERTEX_REGION_CLAUDE_4_5_SONNET, VERTEX_REGION_CLAUDE_5_5_OPUS, … (see the Claude Code env-vars reference).".to_owned(),
            };
            out.push(Origin::Var(var).point(Problem::warning(
                Code::EnvNameNearMiss,
                format!("{name} is not a variable Claude Code reads, so that model keeps the default location ({}).", self.vertex_location),
                help,
            )));
        }
    }
}

/// Bedrock's forms: a geo-prefixed profile, a Bedrock ARN, or `anthropic.claude…`.
fn looks_bedrock(id: &str) -> bool {
    split_geo(id).is_some()
        || parse_arn(id).is_some_and(|a| a.service == "bedrock")
        || id.starts_with("anthropic.claude")
}

/// `id` (a geo-prefixed Bedrock inference profile) with the prefix of `region`'s geography,
/// when its own prefix is another geography's.
fn geo_fixed(id: &str, region: &str) -> Option<String> {
    let (geo, rest) = split_geo(id)?;
    let (pf, rf) = (
        bedrock::prefix_family(geo)?,
        bedrock::region_family(region)?,
    );
    (pf != rf).then(|| format!("{}.{rest}", bedrock::family_prefix(rf)))
}
