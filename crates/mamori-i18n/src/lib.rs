//! The message catalogue: every user-visible string of mamori, in Japanese first and
//! English second, as Fluent resources compiled into the binary.
//!
//! Keys are stable: error and problem codes are catalogue keys (`problem-<code>`),
//! code-list labels are `enum-<list>-<code>`, CLI help is `cli-…`.
//! A test proves that both languages define exactly the same keys.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// `ja`, `ja_JP.UTF-8`, `en-US` … anything not English is Japanese: mamori is Japanese first.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Ja
        }
    }

    /// The language of the environment (LC_ALL, LC_MESSAGES, LANG), Japanese when unset.
    pub fn from_env_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name))
            .find(|value| !value.is_empty() && value != "C" && value != "POSIX")
            .map_or(Lang::Ja, |value| Lang::from_tag(&value))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The Fluent sources, one file per area so that parts of the product add keys
/// without touching each other's files.
const SOURCES: &[(&str, &str, &str)] = &[
    (
        "core.ftl",
        include_str!("../locales/ja/core.ftl"),
        include_str!("../locales/en/core.ftl"),
    ),
    (
        "cli.ftl",
        include_str!("../locales/ja/cli.ftl"),
        include_str!("../locales/en/cli.ftl"),
    ),
    (
        "interchange.ftl",
        include_str!("../locales/ja/interchange.ftl"),
        include_str!("../locales/en/interchange.ftl"),
    ),
    (
        "web.ftl",
        include_str!("../locales/ja/web.ftl"),
        include_str!("../locales/en/web.ftl"),
    ),
    (
        "vuln.ftl",
        include_str!("../locales/ja/vuln.ftl"),
        include_str!("../locales/en/vuln.ftl"),
    ),
    (
        "paths.ftl",
        include_str!("../locales/ja/paths.ftl"),
        include_str!("../locales/en/paths.ftl"),
    ),
    (
        "checklist.ftl",
        include_str!("../locales/ja/checklist.ftl"),
        include_str!("../locales/en/checklist.ftl"),
    ),
    (
        "diagram.ftl",
        include_str!("../locales/ja/diagram.ftl"),
        include_str!("../locales/en/diagram.ftl"),
    ),
    (
        "kinds.ftl",
        include_str!("../locales/ja/kinds.ftl"),
        include_str!("../locales/en/kinds.ftl"),
    ),
    (
        "access.ftl",
        include_str!("../locales/ja/access.ftl"),
        include_str!("../locales/en/access.ftl"),
    ),
    (
        "findings.ftl",
        include_str!("../locales/ja/findings.ftl"),
        include_str!("../locales/en/findings.ftl"),
    ),
];

/// Both languages' bundles.
pub struct Catalogue {
    ja: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    keys_ja: BTreeSet<String>,
    keys_en: BTreeSet<String>,
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalogue")
            .field("keys", &self.keys_ja.len())
            .finish()
    }
}

/// The catalogue, built once. A broken resource is a build defect caught by the tests,
/// so at run time its messages simply fall back to their keys.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(Catalogue::build)
}

/// Shorthand for `catalogue().text(lang, key, args)`.
pub fn text(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    catalogue().text(lang, key, args)
}

impl Catalogue {
    fn build() -> Catalogue {
        let (ja, keys_ja) = bundle(Lang::Ja);
        let (en, keys_en) = bundle(Lang::En);
        Catalogue {
            ja,
            en,
            keys_ja,
            keys_en,
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    pub fn keys(&self, lang: Lang) -> &BTreeSet<String> {
        match lang {
            Lang::Ja => &self.keys_ja,
            Lang::En => &self.keys_en,
        }
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.keys(lang).contains(key)
    }

    /// The message for `key` with named arguments; the key itself when it is missing, so a
    /// missing translation is visible instead of silent.
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(key).and_then(|message| message.value()) else {
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(name.to_string(), value.to_string());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// Problems in the resources themselves (syntax errors, duplicate keys); empty when sound.
    pub fn resource_errors() -> Vec<String> {
        let mut errors = Vec::new();
        for (file, ja, en) in SOURCES {
            for (lang, source) in [(Lang::Ja, ja), (Lang::En, en)] {
                if let Err((_, parse_errors)) = FluentResource::try_new(source.to_string()) {
                    errors.push(format!("{lang}/{file}: {parse_errors:?}"));
                }
            }
        }
        errors
    }
}

fn bundle(lang: Lang) -> (FluentBundle<FluentResource>, BTreeSet<String>) {
    let langid = match lang {
        Lang::Ja => unic_langid::langid!("ja"),
        Lang::En => unic_langid::langid!("en"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    let mut keys = BTreeSet::new();
    for (_, ja, en) in SOURCES {
        let source = match lang {
            Lang::Ja => ja,
            Lang::En => en,
        };
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(resource) => resource,
            Err((resource, _)) => resource,
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(message) = entry {
                keys.insert(message.id.name.to_string());
            }
        }
        // Duplicate keys across files are reported by the tests via `resource_errors`.
        let _ = bundle.add_resource(resource);
    }
    (bundle, keys)
}

/// The catalogue key of a code-list label (`enum-<list>-<code>`; Fluent ids have no dots).
pub fn enum_key(list: &str, code: &str) -> String {
    format!("enum-{list}-{}", code.replace('.', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_parse_without_errors() {
        assert_eq!(Catalogue::resource_errors(), Vec::<String>::new());
    }

    #[test]
    fn both_languages_define_the_same_keys() {
        let catalogue = catalogue();
        let only_ja: Vec<_> = catalogue
            .keys(Lang::Ja)
            .difference(catalogue.keys(Lang::En))
            .collect();
        let only_en: Vec<_> = catalogue
            .keys(Lang::En)
            .difference(catalogue.keys(Lang::Ja))
            .collect();
        assert!(
            only_ja.is_empty() && only_en.is_empty(),
            "only ja: {only_ja:?}; only en: {only_en:?}"
        );
        assert!(catalogue.keys(Lang::Ja).len() > 50);
    }

    #[test]
    fn arguments_are_substituted_and_missing_keys_show_themselves() {
        let ja = text(
            Lang::Ja,
            "problem-ip_outside_zone",
            &[("value", "10.9.9.9"), ("zone", "Z-EMR")],
        );
        assert!(ja.contains("10.9.9.9") && ja.contains("Z-EMR"), "{ja}");
        assert_eq!(text(Lang::En, "no-such-key", &[]), "no-such-key");
    }

    #[test]
    fn language_from_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_env_vars(env(&[])), Lang::Ja);
        assert_eq!(
            Lang::from_env_vars(env(&[("LANG", "en_US.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_env_vars(env(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "ja_JP.UTF-8")])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_env_vars(env(&[("LC_ALL", "C"), ("LANG", "en")])),
            Lang::En
        );
    }
}
