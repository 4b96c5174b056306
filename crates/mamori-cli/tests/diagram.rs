#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! `mamori diagram` on the demo hospital, through the real binary. The PNG is kept as an
//! artifact under the target directory (`artifacts/diagram-demo.png`) for people to look at.

#[allow(
    dead_code,
    reason = "the ledger tests use the rest of the support module"
)]
mod support;

use std::path::PathBuf;

use support::mamori;

fn artifacts() -> PathBuf {
    // CARGO_TARGET_DIR when set, else the workspace's target directory.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn demo_diagram_as_svg_png_and_pdf() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    mamori(&data, &["demo"]).ok();

    let svg = mamori(&data, &["diagram", "--overlay", "owners,gaps"])
        .ok()
        .stdout;
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(200)]);
    for name in [
        "電子カルテ系（本館）",
        "電子カルテベンダー リモート保守SSL-VPN",
        "DMZ",
        "病院境界",
    ] {
        assert!(svg.contains(name), "{name} missing from the SVG");
    }
    assert!(svg.contains("data-overlay=\"owners\""));
    assert!(!svg.contains("data-overlay=\"vuln\""));

    let png = artifacts().join("diagram-demo.png");
    mamori(
        &data,
        &["diagram", "--format", "png", "--out", png.to_str().unwrap()],
    )
    .ok();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, at bytes 16..24; A3 at 96 dpi × 2.
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert_eq!(width, 1587 * 2);

    let pdf = artifacts().join("diagram-demo-a4.pdf");
    let run = mamori(
        &data,
        &[
            "diagram",
            "--format",
            "pdf",
            "--paper",
            "a4",
            "--overlay",
            "paths",
            "--out",
            pdf.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(
        !run.stderr.contains("Noto Sans CJK JP"),
        "no CJK font: {}",
        run.stderr
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/FontFile") || text.contains("/FontFile2") || text.contains("/FontFile3"),
        "fonts are embedded"
    );
}

#[test]
fn an_unknown_overlay_is_invalid_input() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    mamori(&data, &["demo", "--assets", "300"]).ok();
    let run = mamori(&data, &["diagram", "--overlay", "owners,risk"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("risk") && run.stderr.contains("vuln, paths, owners, gaps"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

/// The demo with the NVD samples and the KEV catalogue loaded.
fn demo_with_feeds(dir: &std::path::Path) -> PathBuf {
    let data = dir.join("data");
    mamori(&data, &["demo"]).ok();
    let feeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/vuln");
    assert!(feeds.exists(), "{} is missing", feeds.display());
    let path = |relative: &str| feeds.join(relative).to_str().unwrap().to_owned();
    mamori(
        &data,
        &[
            "feed",
            "import",
            &path("nvd"),
            &path("kev/known_exploited_vulnerabilities.json"),
        ],
    )
    .ok();
    data
}

#[test]
fn the_vulnerability_overlay_marks_kev_on_points_and_assets() {
    let temp = tempfile::tempdir().unwrap();
    let data = demo_with_feeds(temp.path());
    let svg = mamori(&data, &["diagram", "--overlay", "vuln"]).ok().stdout;
    let document = roxmltree::Document::parse(&svg).unwrap();
    let layer = document
        .descendants()
        .find(|n| n.attribute("data-overlay") == Some("vuln"))
        .expect("a vuln layer");
    assert_eq!(layer.attribute("display"), None, "asked for, so shown");
    let marked = |class: &str| -> Vec<String> {
        layer
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .filter_map(|n| n.attribute("data-node").map(str::to_owned))
            .collect()
    };
    // The EMR vendor's SSL-VPN has CVE-2022-42475 (KEV) on its FortiOS.
    assert!(
        marked("mark vuln-kev").contains(&"point-cp-emr-sslvpn".to_owned()),
        "{:?}",
        marked("mark vuln-kev")
    );
    // A key asset with a finding has its band, naming it on hover.
    let bands: Vec<_> = layer
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("band vuln-"))
        })
        .collect();
    assert!(!bands.is_empty());
    assert!(svg.contains("KEV"));
}

#[test]
fn a_chosen_attack_path_is_highlighted_and_a_bad_one_refused() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    mamori(&data, &["demo"]).ok();
    let ledger = mamori_demo::demo_hospital();
    let paths = mamori_diagram::path_overlays(&ledger);
    let second = &paths[1];
    let spec = format!("{}:{}", second.entry, second.jewel);
    let run = mamori(&data, &["diagram", "--path", &spec]).ok();
    let document = roxmltree::Document::parse(&run.stdout).unwrap();
    let layer = document
        .descendants()
        .find(|n| n.attribute("data-overlay") == Some("paths"))
        .expect("--path implies the paths overlay");
    assert_eq!(layer.attribute("display"), None);
    let title = layer.children().find(|n| n.has_tag_name("title")).unwrap();
    assert!(
        title.text().unwrap().contains(&second.label),
        "{:?}",
        title.text()
    );

    let refused = |args: &[&str], wanted: &[&str]| {
        let run = mamori(&data, args);
        assert_eq!(run.code, 3, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        for text in wanted {
            assert!(run.stderr.contains(text), "{args:?}: {}", run.stderr);
        }
    };
    refused(
        &["diagram", "--path", "cp-nowhere:asset-x"],
        &["cp-nowhere", "外部接続点"],
    );
    refused(
        &["--lang", "en", "diagram", "--path", "cp-nowhere:asset-x"],
        &["No connection point \"cp-nowhere\""],
    );
    refused(
        &["--lang", "en", "diagram", "--path", "no-colon"],
        &["ENTRY:CROWN_JEWEL"],
    );
    let unreached = ledger
        .connection_points
        .iter()
        .find_map(|p| {
            ledger
                .assets
                .iter()
                .filter(|a| a.crown_jewel.is_some())
                .find(|a| {
                    !paths
                        .iter()
                        .any(|m| m.entry == p.id.as_str() && m.jewel == a.id.as_str())
                })
                .map(|a| format!("{}:{}", p.id, a.id))
        })
        .unwrap();
    refused(
        &["diagram", "--path", &unreached],
        &["届く組み合わせ", &spec],
    );
    let out = temp.path().join("never.svg");
    let run = mamori(
        &data,
        &[
            "diagram",
            "--path",
            &unreached,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 3);
    assert!(!out.exists(), "nothing written");
}

#[test]
fn expand_draws_one_grouped_kind_zone_by_zone() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    mamori(&data, &["demo", "--assets", "2500"]).ok();
    let ids = |svg: &str| -> Vec<String> {
        let document = roxmltree::Document::parse(svg).unwrap();
        document
            .descendants()
            .filter(|n| {
                n.attribute("class")
                    .is_some_and(|c| c.starts_with("node node-zone"))
            })
            .map(|n| n.attribute("id").unwrap().to_owned())
            .collect()
    };
    let grouped = ids(&mamori(&data, &["diagram"]).ok().stdout);
    assert!(
        grouped.iter().all(|id| id.starts_with("zone-kind-")),
        "{grouped:?}"
    );
    assert!(grouped.contains(&"zone-kind-departmental".to_owned()));
    let expanded = ids(&mamori(&data, &["diagram", "--expand", "departmental"])
        .ok()
        .stdout);
    assert!(!expanded.contains(&"zone-kind-departmental".to_owned()));
    assert!(expanded.contains(&"zone-kind-emr".to_owned()));
    let one_by_one = expanded
        .iter()
        .filter(|id| !id.starts_with("zone-kind-"))
        .count();
    assert!(one_by_one > 1, "{expanded:?}");
    assert_eq!(expanded.len(), grouped.len() - 1 + one_by_one);
    // The kind's label in Japanese works too; an unknown kind is refused.
    let by_label = ids(&mamori(&data, &["diagram", "--expand", "部門系"])
        .ok()
        .stdout);
    assert_eq!(by_label, expanded);
    let run = mamori(&data, &["--lang", "en", "diagram", "--expand", "wards"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("wards") && run.stderr.contains("departmental"),
        "{}",
        run.stderr
    );
}
