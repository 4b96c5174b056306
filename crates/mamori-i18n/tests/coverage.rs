//! Every code the ledger can produce has a message in both languages.

use mamori_core::*;
use mamori_i18n::{Lang, catalogue, enum_key};

fn missing_keys(keys: impl IntoIterator<Item = String>) -> Vec<(Lang, String)> {
    let keys: Vec<String> = keys.into_iter().collect();
    Lang::ALL
        .iter()
        .flat_map(|lang| {
            keys.iter()
                .filter(|key| !catalogue().has(*lang, key))
                .map(|key| (*lang, key.clone()))
        })
        .collect()
}

fn list_keys<T: CodeList>() -> Vec<String> {
    T::ALL
        .iter()
        .map(|item| enum_key(T::LIST, item.code()))
        .collect()
}

#[test]
fn every_problem_code_has_a_message() {
    let keys = ProblemCode::ALL
        .iter()
        .map(|code| format!("problem-{}", code.code()));
    assert_eq!(missing_keys(keys), vec![]);
}

#[test]
fn every_record_kind_has_a_name() {
    let keys = RecordKind::ALL
        .iter()
        .map(|kind| format!("kind-{}", kind.code()));
    assert_eq!(missing_keys(keys), vec![]);
}

#[test]
fn every_code_list_item_has_a_label() {
    let mut keys = Vec::new();
    keys.extend(list_keys::<ZoneKind>());
    keys.extend(list_keys::<AssetKind>());
    keys.extend(list_keys::<CrownJewelKind>());
    keys.extend(list_keys::<Criticality>());
    keys.extend(list_keys::<AvEdrState>());
    keys.extend(list_keys::<PatchState>());
    keys.extend(list_keys::<CpeState>());
    keys.extend(list_keys::<SystemKind>());
    keys.extend(list_keys::<VendorKind>());
    keys.extend(list_keys::<SecurityClause>());
    keys.extend(list_keys::<ConnectionPointKind>());
    keys.extend(list_keys::<FirewallAction>());
    keys.extend(list_keys::<RuleProtocol>());
    keys.extend(list_keys::<ServiceProtocol>());
    keys.extend(list_keys::<AccountKind>());
    keys.extend(list_keys::<PrivilegeLevel>());
    keys.extend(list_keys::<BackupMedium>());
    keys.extend(list_keys::<RestoreResult>());
    keys.extend(list_keys::<WifiEncryption>());
    keys.extend(list_keys::<WifiBand>());
    keys.extend(list_keys::<RemovableKind>());
    keys.extend(list_keys::<LogCategory>());
    keys.extend(list_keys::<VulnEffect>());
    assert_eq!(missing_keys(keys), vec![]);
    assert_eq!(
        mamori_i18n::text(Lang::Ja, &enum_key("zone_kind", "emr"), &[]),
        "電子カルテ系"
    );
    assert_eq!(
        mamori_i18n::text(Lang::En, &enum_key("wifi_band", "2.4ghz"), &[]),
        "2.4 GHz"
    );
}

#[test]
fn every_gap_has_a_message() {
    let keys = GapCode::ALL
        .iter()
        .map(|code| format!("gap-{}", code.code()));
    assert_eq!(missing_keys(keys), vec![]);
}
