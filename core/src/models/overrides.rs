//! The `modelOverrides` setting: Anthropic model ID → the provider's ID (an ARN, a Vertex
//! version name, a Foundry deployment). Settings objects merge across scopes, so each key is
//! taken from the highest-precedence file that sets it.

use super::lookup;
use super::schema::form;
use crate::env::{Env, SettingsLayer};
use crate::problem::{Code, Problem};

pub const KEY: &str = "modelOverrides";

#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub layer: &'a SettingsLayer,
}

#[derive(Debug, Default)]
pub struct Overrides<'a> {
    entries: Vec<Entry<'a>>,
}

impl<'a> Overrides<'a> {
    /// Reads and checks every layer's `modelOverrides`.
    pub fn read(env: &Env<'a>, problems: &mut Vec<Problem>) -> Self {
        let mut entries: Vec<Entry<'a>> = Vec::new();
        for layer in env.layers() {
            let Some(v) = layer.settings.get(KEY) else {
                continue;
            };
            let file = layer.path.as_deref();
            let Some(map) = v.as_object() else {
                problems.push(
                    Problem::warning(
                        Code::SettingsInvalid,
                        format!(
                            "{KEY} in {} settings is not an object, so Claude Code ignores it.",
                            layer.scope.as_str()
                        ),
                        format!("Write {KEY} as {{\"claude-opus-4-6\": \"<provider model ID>\"}}."),
                    )
                    .with_file(file),
                );
                continue;
            };
            for (key, value) in map {
                let Some(value) = value.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
                    problems.push(
                        Problem::warning(
                            Code::SettingsInvalid,
                            format!("{KEY}[{key:?}] is not a non-empty string, so it is ignored."),
                            format!("Set {KEY}[{key:?}] to the provider's model ID as a string."),
                        )
                        .with_file(file),
                    );
                    continue;
                };
                if entries.iter().any(|e| e.key == key) {
                    continue; // a higher-precedence file already set it
                }
                match lookup::exact(key) {
                    Some((_, f)) if f & form::FIRST_PARTY != 0 => {
                        entries.push(Entry { key, value, layer })
                    }
                    found => problems.push(unknown_key(key, found.map(|(m, _)| m), file)),
                }
            }
        }
        Self { entries }
    }

    /// The override for an Anthropic (first-party) model ID.
    pub fn get(&self, anthropic_id: &str) -> Option<&Entry<'a>> {
        self.entries.iter().find(|e| e.key == anthropic_id)
    }

    /// The entry whose value is `id`: Claude Code then knows which model `id` is.
    pub fn by_value(&self, id: &str) -> Option<&Entry<'a>> {
        self.entries.iter().find(|e| e.value == id)
    }
}

fn unknown_key(
    key: &str,
    model: Option<&'static super::schema::CatalogModel>,
    file: Option<&str>,
) -> Problem {
    let model = model.or_else(|| lookup::recognize(key));
    let help = match model.and_then(|m| m.provider_ids.first_party) {
        Some(fp) => format!("Use the Anthropic model ID as the key: \"{fp}\" (dated IDs need their date suffix)."),
        None => "Keys must be Anthropic model IDs as listed in the Models overview, e.g. \"claude-opus-4-6\" or \"claude-sonnet-4-5-20250929\".".to_owned(),
    };
    Problem::info(
        Code::ModelUnrecognized,
        format!(
            "{KEY} key {key:?} is not an Anthropic model ID, so Claude Code ignores this entry."
        ),
        help,
    )
    .with_file(file)
}
