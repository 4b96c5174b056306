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
