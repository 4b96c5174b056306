#!/usr/bin/env python3
"""Derives mamori's checklist data (data/checklists.json) from the shared YAML files.

Run once per change of the shared data:
    python3 crates/mamori-checklist/tools/convert_checklists.py [SHARED_DIR]

The shared YAML stays the research record; checklists.json is mamori's own, canonical file
(embedded with include_str! and validated by a test). What this script adds is the `rules`
of each item: the evidence rules (crates/mamori-checklist/src/rules.rs) that answer it
from the ledger. An item without rules is answered by hand. A new edition is a new block of
items here and in the YAML, never a code change, as long as it reuses existing rule ids.
"""

import json
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared"))

# Evidence rules per item id. Items not listed are answered by hand ("manual").
# Rule ids may carry a scope after a colon (device class).
RULES = {
    "R6-H-0-gate": ["medical_systems"],
    # R5 / R6
    **{f"{v}-H-1-1": ["security_officer"] for v in ("R5", "R6")},
    **{f"{v}-H-2-1": ["inventory"] for v in ("R5", "R6")},
    **{f"{v}-H-2-2": ["connection_points"] for v in ("R5", "R6")},
    **{f"{v}-H-2-6-server": ["access_logs"] for v in ("R5", "R6")},
    **{f"{v}-H-2-7-server": ["patches:server"] for v in ("R5", "R6")},
    **{f"{v}-H-2-7-pc": ["patches:pc"] for v in ("R5", "R6")},
    **{f"{v}-H-2-7-nw": ["patches:network"] for v in ("R5", "R6")},
    **{f"{v}-H-2-8-nw": ["source_restriction"] for v in ("R5", "R6")},
    **{f"{v}-H-3-2": ["backups"] for v in ("R5", "R6")},
    # R7
    "R7-H-1-1": ["security_officer"],
    "R7-H-2-1": ["inventory"],
    "R7-H-2-2": ["connection_points"],
    "R7-H-2-4": ["admin_not_shared"],
    "R7-H-2-6": ["patches"],
    "R7-H-2-7": ["password_policy"],
    "R7-H-2-8": ["admin_not_shared"],
    "R7-H-2-9": ["removable_media"],
    "R7-H-2-10": ["two_factor"],
    "R7-H-2-11": ["access_logs"],
    "R7-H-2-13": ["source_restriction"],
    "R7-H-3-2": ["backups"],
    # Guideline 6.0 checks
    "GL6-KIK-09-ledger": ["inventory"],
    "MHLW-ALERT-2022-assets": ["inventory"],
    "GL6-KIK-09-2-firmware": ["patches"],
    "MHLW-ALERT-2022-vpn": ["connection_points"],
    "MHLW-ALERT-2022-supply": ["connection_points"],
    "MHLW-BCP-guide-extlog": ["connection_point_log_review"],
    "MHLW-SURVEY-2022-vpnlog": ["connection_point_log_review"],
    "GL6-QA-KIK-Q39": ["removable_media"],
    "GL6-SYS-14-02": ["admin_not_shared"],
    "GL6-SYS-14-06": ["password_policy"],
    "GL6-QA-SYS-Q54": ["password_policy"],
    "GL6-SYS-14-2fa": ["two_factor"],
    "GL6-SYS-13-13": ["wireless"],
    "GL6-SYS-11-01f": ["backups"],
    "MHLW-SURVEY-2022-offline": ["backups"],
    "GL52-backup-3gen": ["backup_generations"],
    "MHLW-CHK-accesslog": ["access_logs"],
}

EDITION_TITLES = {
    "R5": "医療機関におけるサイバーセキュリティ対策チェックリスト(令和5年6月)",
    "R6": "医療機関におけるサイバーセキュリティ対策チェックリスト(令和6年度版)",
    "R7": "医療機関等におけるサイバーセキュリティ対策チェックリスト(令和7年度版)",
    "GL6": "医療情報システムの安全管理に関するガイドライン 第6.0版 確認事項",
}

GUIDELINE_CATEGORIES = [
    # (id prefix or exact, category) — the guideline checks grouped like the YAML's comments.
    ("GL6-SYS-02", "文書・台帳"), ("GL6-KIK-09", "文書・台帳"), ("GL6-QA-KIK-Q39", "文書・台帳"),
    ("MHLW-BCP-1-1", "文書・台帳"), ("MHLW-ALERT-2022-assets", "文書・台帳"),
    ("GL6-SYS-03", "事業者・保守"), ("GL6-SYS-10", "事業者・保守"), ("GL6-QA-SYS-Q23", "事業者・保守"),
    ("GL52-remote", "事業者・保守"), ("MHLW-BCP-guide-extlog", "事業者・保守"),
    ("MHLW-ALERT-2022-supply", "事業者・保守"), ("MHLW-SURVEY-2022-vpnlog", "事業者・保守"),
    ("GL6-SYS-08", "脆弱性・パッチ"), ("MHLW-ALERT-2022-vpn", "脆弱性・パッチ"),
    ("GL6-SYS-14", "アカウント・認証"), ("GL6-QA-SYS-Q54", "アカウント・認証"), ("GL6-KIK-13", "アカウント・認証"),
    ("MHLW-2023-10-accounts", "アカウント・認証"), ("MHLW-ALERT-2022-pw", "アカウント・認証"),
    ("GL6-SYS-11-01e", "ネットワーク"), ("GL6-SYS-13", "ネットワーク"),
    ("GL52-log", "ログ"), ("MHLW-CHK-accesslog", "ログ"),
    ("GL6-SYS-11", "非常時・バックアップ"), ("GL6-SYS-18", "非常時・バックアップ"), ("GL6-OVW", "非常時・バックアップ"),
    ("GL52-backup", "非常時・バックアップ"), ("MHLW-SURVEY-2022-offline", "非常時・バックアップ"),
    ("MHLW-BCP-guide-backup", "非常時・バックアップ"),
    ("GL6-SYS-12", "物理的安全"), ("GL6-KIK-15", "物理的安全"),
    ("GL6-KEI", "インシデント対応"), ("MHLW-BCP-1-2", "インシデント対応"), ("MHLW-BCP-tmpl", "インシデント対応"),
    ("MHLW-2023-10-contacts", "インシデント対応"),
]


def guideline_category(check_id):
    for prefix, category in GUIDELINE_CATEGORIES:
        if check_id.startswith(prefix):
            return category
    raise SystemExit(f"no category for guideline check {check_id}")


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def checklist_item(raw):
    return {
        "id": raw["id"],
        "audience": raw["audience"],
        "category": raw["category"],
        "number": raw.get("item_no"),
        "number_inferred": bool(raw.get("item_no_inferred", False)),
        "device_scope": raw.get("device_scope"),
        "text_ja": raw.get("text_ja"),
        "text_en": raw["text_en"],
        "verbatim": raw["verification"] == "verbatim",
        "verification": raw["verification"],
        "status": raw["status"],
        "due": raw.get("due"),
        "guideline_refs": as_list(raw.get("guideline_refs")),
        "sources": as_list(raw.get("source")),
        "notes": raw.get("notes"),
        "rules": RULES.get(raw["id"], []),
    }


def guideline_item(raw):
    return {
        "id": raw["id"],
        "audience": "hospital",
        "category": guideline_category(raw["id"]),
        "number": raw["section"],
        "number_inferred": "(order)" in raw["section"],
        "device_scope": None,
        "text_ja": raw.get("text_ja"),
        "text_en": raw["text_en"],
        "verbatim": raw["verification"] == "verbatim",
        "verification": raw["verification"],
        "status": "required",
        "due": None,
        "guideline_refs": [],
        "sources": [raw["source"]],
        "notes": raw.get("kind"),
        "rules": RULES.get(raw["id"], []),
    }


def sources_used(all_sources, items):
    keys = sorted({key for item in items for key in item["sources"] if key in all_sources})
    return {key: {k: str(v) for k, v in all_sources[key].items()} for key in keys}


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SHARED
    with open(os.path.join(shared, "data/checklists/mhlw-checklist.yaml"), encoding="utf-8") as f:
        checklist = yaml.safe_load(f)
    with open(os.path.join(shared, "data/checklists/mhlw-guideline-6.0-checks.yaml"), encoding="utf-8") as f:
        guideline = yaml.safe_load(f)

    editions = []
    for version in ("R5", "R6", "R7"):
        raw_items = [i for i in checklist["items"] if i["version"] == version]
        items = [checklist_item(i) for i in raw_items]
        editions.append({
            "id": version,
            "kind": "checklist",
            "title_ja": EDITION_TITLES[version],
            "fiscal_year": raw_items[0]["fiscal_year"],
            "items": items,
            "sources": sources_used(checklist["sources"], items),
            "gaps": checklist["gaps"],
        })
    gl_items = [guideline_item(c) for c in guideline["checks"]]
    editions.append({
        "id": "GL6",
        "kind": "guideline",
        "title_ja": EDITION_TITLES["GL6"],
        "fiscal_year": None,
        "items": gl_items,
        # Guideline sources are "key page" strings; keep the whole table.
        "sources": {k: {kk: str(vv) for kk, vv in v.items()} for k, v in guideline["sources"].items()},
        "gaps": guideline["gaps"],
    })
    unknown = set(RULES) - {i["id"] for e in editions for i in e["items"]}
    if unknown:
        raise SystemExit(f"rules for unknown items: {sorted(unknown)}")
    document = {
        "format": "mamori-checklists/1",
        "derived_from": [
            "shared/data/checklists/mhlw-checklist.yaml",
            "shared/data/checklists/mhlw-guideline-6.0-checks.yaml",
        ],
        "editions": editions,
    }
    out = os.path.join(HERE, "..", "data", "checklists.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
