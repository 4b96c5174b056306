#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use mamori_core::{CodeList as _, Ledger, ZoneKind};
use mamori_diagram::{
    Diagram, EdgeKind, Mark, NodeKind, Options, OverlayInput, OverlayKind, Paper, PathMark,
    Severity, SvgOptions, Target, VulnMark, layout, render_svg,
};
use mamori_i18n::Lang;

fn options(paper: Paper, overlays: OverlayInput) -> Options {
    Options {
        paper,
        lang: Lang::Ja,
        subtitle: None,
        overlays,
        expand: None,
    }
}

fn svg(diagram: &Diagram) -> String {
    render_svg(
        diagram,
        &SvgOptions {
            visible: OverlayKind::ALL,
            embed_style: true,
            link: None,
        },
    )
}

#[test]
fn demo_layout_model_snapshot() {
    let diagram = layout(
        &mamori_demo::demo_hospital(),
        &options(Paper::A3, OverlayInput::default()),
    );
    insta::assert_snapshot!("demo_a3", diagram.to_text());
}

/// Every text and title of the SVG, with entities decoded by the XML parser.
fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    document
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "text" | "title"))
        .filter_map(|n| n.text().map(str::to_owned))
        .collect()
}

#[test]
fn demo_svg_parses_and_names_every_zone_point_and_vendor() {
    let ledger = mamori_demo::demo_hospital();
    for paper in [Paper::A3, Paper::A4] {
        let diagram = layout(&ledger, &options(paper, OverlayInput::default()));
        let texts = svg_texts(&svg(&diagram));
        let shown = |name: &str| {
            texts
                .iter()
                .any(|t| t.lines().any(|line| line.contains(name)))
        };
        let mut missing: Vec<&str> = Vec::new();
        missing.extend(
            ledger
                .zones
                .iter()
                .map(|z| z.name.as_str())
                .filter(|n| !shown(n)),
        );
        missing.extend(
            ledger
                .connection_points
                .iter()
                .map(|p| p.name.as_str())
                .filter(|n| !shown(n)),
        );
        missing.extend(
            ledger
                .vendors
                .iter()
                .map(|v| v.name.as_str())
                .filter(|n| !shown(n)),
        );
        assert_eq!(missing, Vec::<&str>::new(), "{paper:?}");
        let zone_boxes = diagram
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Zone)
            .count();
        assert_eq!(zone_boxes, ledger.zones.len());
        let point_boxes = diagram
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::ConnectionPoint)
            .count();
        assert_eq!(point_boxes, ledger.connection_points.len());
    }
}

/// No two label boxes overlap, and each label stays inside its box (or the canvas).
fn assert_labels_apart(diagram: &Diagram) {
    let canvas = mamori_diagram::Rect::new(0, 0, diagram.width, diagram.height);
    for node in &diagram.nodes {
        for label in &node.labels {
            assert!(
                node.rect.contains(&label.bbox()),
                "{:?} leaves {}",
                label.text,
                node.id
            );
        }
    }
    let labels = diagram.all_labels();
    for label in &labels {
        assert!(
            canvas.contains(&label.bbox()),
            "{:?} leaves the canvas",
            label.text
        );
    }
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(
                !a.bbox().overlaps(&b.bbox()),
                "{:?} overlaps {:?}",
                a.text,
                b.text
            );
        }
    }
}

fn all_overlays(ledger: &Ledger) -> OverlayInput {
    let asset = ledger.assets[0].id.to_string();
    let point = ledger.connection_points[0].id.to_string();
    OverlayInput {
        owners: true,
        gaps: true,
        vulns: Some(vec![
            VulnMark {
                target: Target::ConnectionPoint(point.clone()),
                severity: Severity::Critical,
                kev: true,
            },
            VulnMark {
                target: Target::Asset(asset.clone()),
                severity: Severity::High,
                kev: false,
            },
        ]),
        path: Some(PathMark {
            entry: point.clone(),
            jewel: asset.clone(),
            label: "test".to_owned(),
            steps: vec![Target::ConnectionPoint(point), Target::Asset(asset)],
        }),
    }
}

#[test]
fn no_label_overlaps_another_at_a3_with_and_without_overlays() {
    let ledger = mamori_demo::demo_hospital();
    assert_labels_apart(&layout(
        &ledger,
        &options(Paper::A3, OverlayInput::default()),
    ));
    assert_labels_apart(&layout(&ledger, &options(Paper::A3, all_overlays(&ledger))));
    assert_labels_apart(&layout(&ledger, &options(Paper::A4, all_overlays(&ledger))));
}

/// (line index, from, to).
type Segment = (usize, (i32, i32), (i32, i32));

#[test]
fn boxes_do_not_overlap_and_lines_never_share_a_segment() {
    let ledger = mamori_demo::demo_hospital();
    let diagram = layout(&ledger, &options(Paper::A3, OverlayInput::default()));
    let boxes: Vec<_> = diagram
        .nodes
        .iter()
        .filter(|n| {
            matches!(
                n.kind,
                NodeKind::Zone | NodeKind::ConnectionPoint | NodeKind::Party | NodeKind::Legend
            )
        })
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.id, b.id);
        }
    }
    // Collinear overlapping segments of two different lines would make them unreadable.
    let segments: Vec<Segment> = diagram
        .edges
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.points.windows(2).map(move |w| (i, w[0], w[1])))
        .collect();
    for (k, (i, a1, a2)) in segments.iter().enumerate() {
        for (j, b1, b2) in &segments[k + 1..] {
            if i == j {
                continue;
            }
            let horizontal = a1.1 == a2.1 && b1.1 == b2.1 && a1.1 == b1.1;
            let vertical = a1.0 == a2.0 && b1.0 == b2.0 && a1.0 == b1.0;
            let (a_lo, a_hi, b_lo, b_hi) = if horizontal {
                (
                    a1.0.min(a2.0),
                    a1.0.max(a2.0),
                    b1.0.min(b2.0),
                    b1.0.max(b2.0),
                )
            } else if vertical {
                (
                    a1.1.min(a2.1),
                    a1.1.max(a2.1),
                    b1.1.min(b2.1),
                    b1.1.max(b2.1),
                )
            } else {
                continue;
            };
            assert!(
                a_hi <= b_lo || b_hi <= a_lo,
                "{} and {} share a segment at {a1:?}-{a2:?} / {b1:?}-{b2:?}",
                diagram.edges[*i].id,
                diagram.edges[*j].id
            );
        }
    }
}

#[test]
fn overlays_mark_the_records_they_name_and_hide_until_shown() {
    let ledger = mamori_demo::demo_hospital();
    let diagram = layout(&ledger, &options(Paper::A3, all_overlays(&ledger)));
    let kinds: Vec<OverlayKind> = diagram.overlays.iter().map(|o| o.kind).collect();
    assert_eq!(kinds, OverlayKind::ALL.to_vec());
    let point_node = format!("point-{}", ledger.connection_points[0].id);
    let vuln = &diagram.overlays[0];
    assert!(
        vuln.marks.iter().any(
            |m| matches!(m, Mark::Node { node, class: "vuln-kev", .. } if *node == point_node)
        )
    );
    let gaps = diagram
        .overlays
        .iter()
        .find(|o| o.kind == OverlayKind::Gaps)
        .unwrap();
    let gap_marks = gaps
        .marks
        .iter()
        .filter(|m| matches!(m, Mark::Node { class: "gap", .. }))
        .count();
    assert!(gap_marks > 0, "the demo has deliberate gaps");
    let hidden = render_svg(
        &diagram,
        &SvgOptions {
            visible: &[OverlayKind::Owners],
            embed_style: true,
            link: None,
        },
    );
    let document = roxmltree::Document::parse(&hidden).unwrap();
    let layers: Vec<(String, bool)> = document
        .descendants()
        .filter(|n| n.attribute("data-overlay").is_some())
        .map(|n| {
            (
                n.attribute("data-overlay").unwrap().to_owned(),
                n.attribute("display") == Some("none"),
            )
        })
        .collect();
    assert_eq!(
        layers,
        vec![
            ("vuln".to_owned(), true),
            ("paths".to_owned(), true),
            ("owners".to_owned(), false),
            ("gaps".to_owned(), true)
        ]
    );
}

#[test]
fn generated_hospitals_collapse_many_zones_to_kinds() {
    let ledger = mamori_demo::generate_hospital(6_000, 7);
    assert!(ledger.zones.len() > mamori_diagram::MAX_ZONE_NODES);
    let diagram = layout(&ledger, &options(Paper::A3, OverlayInput::default()));
    let zone_boxes: Vec<_> = diagram
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Zone)
        .collect();
    let kinds: std::collections::BTreeSet<_> = ledger.zones.iter().map(|z| z.kind).collect();
    assert_eq!(zone_boxes.len(), kinds.len());
    let counted: usize = zone_boxes
        .iter()
        .map(|n| {
            let line = &n.labels[1].text;
            line.trim_start_matches("資産 ")
                .split(' ')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    let zoned = ledger.assets.iter().filter(|a| a.zone_id.is_some()).count();
    assert_eq!(counted, zoned);
    assert_labels_apart(&diagram);
}

// ---- small ledgers: which lines the firewall rules give ----

fn small(zones: &str, points: &str, firewalls: &str, rules: &str, assets: &str) -> Ledger {
    let json = format!(
        r#"{{"hospital": {{"name": "テスト病院"}}, "zones": [{zones}], "connection_points": [{points}],
            "firewalls": [{firewalls}], "firewall_rules": [{rules}], "assets": [{assets}]}}"#
    );
    serde_json::from_str(&json).unwrap()
}

const ZONES: &str = r#"{"id": "z-a", "name": "電子カルテ系", "kind": "emr", "cidrs": ["10.1.0.0/16"]},
    {"id": "z-b", "name": "サーバ系", "kind": "server", "cidrs": ["10.2.0.0/16"]},
    {"id": "z-c", "name": "DMZ", "kind": "dmz", "cidrs": ["192.168.1.0/24"]}"#;
const FW: &str = r#"{"id": "fw", "name": "基幹FW", "zone_ids": ["z-a", "z-b", "z-c"], "default_action": "deny"}"#;

fn rule(
    position: u32,
    source: &str,
    destination: &str,
    protocol: &str,
    ports: &str,
    action: &str,
    enabled: bool,
) -> String {
    format!(
        r#"{{"id": "r{position}", "firewall_id": "fw", "position": {position}, "source": {source},
            "destination": {destination}, "protocol": "{protocol}", "ports": "{ports}", "action": "{action}", "enabled": {enabled}}}"#
    )
}

fn zone(id: &str) -> String {
    format!(r#"{{"kind": "zone", "zone_id": "{id}"}}"#)
}

fn check(ledger: Ledger, expected: &[&str]) {
    let diagram = layout(&ledger, &options(Paper::A4, OverlayInput::default()));
    let got: Vec<String> = diagram
        .edges
        .iter()
        .filter(|e| e.kind != EdgeKind::Outside)
        .map(|e| {
            let arrows = match (e.arrow_start, e.arrow_end) {
                (true, true) => "<->",
                (false, true) => "->",
                (true, false) => "<-",
                (false, false) => "--",
            };
            format!(
                "{} {arrows} {} | {}",
                e.from,
                e.to,
                e.title.replace('\n', " | ")
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert_labels_apart(&diagram);
}

#[test]
fn lines_follow_the_enabled_allow_rules() {
    let any = r#"{"kind": "any"}"#;
    let cidr = r#"{"kind": "cidr", "cidr": "10.2.3.0/24"}"#;
    let asset = r#"{"kind": "asset", "asset_id": "srv1"}"#;
    let srv = r#"{"id": "srv1", "name": "電子カルテサーバ", "kind": "server", "zone_id": "z-b"}"#;
    let cp = r#"{"id": "cp1", "name": "保守VPN", "kind": "ssl_vpn", "zone_ids": ["z-c"], "peer": "保守センター"}"#;
    check(small(ZONES, "", FW, "", ""), &[]);
    check(
        small(
            ZONES,
            "",
            FW,
            &rule(1, &zone("z-a"), &zone("z-b"), "tcp", "443", "allow", true),
            "",
        ),
        &["zone-z-b <- zone-z-a | 電子カルテ系 → サーバ系: TCP/443 | FW: 基幹FW"],
    );
    check(
        small(
            ZONES,
            "",
            FW,
            &[
                rule(1, &zone("z-a"), &zone("z-b"), "tcp", "443", "allow", true),
                rule(2, &zone("z-b"), &zone("z-a"), "udp", "514", "allow", true),
            ]
            .join(","),
            "",
        ),
        &[
            "zone-z-b <-> zone-z-a | サーバ系 → 電子カルテ系: UDP/514 | 電子カルテ系 → サーバ系: TCP/443 | FW: 基幹FW",
        ],
    );
    check(
        small(
            ZONES,
            "",
            FW,
            &[
                rule(1, &zone("z-a"), &zone("z-b"), "tcp", "443", "deny", true),
                rule(2, &zone("z-a"), &zone("z-b"), "tcp", "22", "allow", false),
            ]
            .join(","),
            "",
        ),
        &[],
    );
    check(
        small(
            ZONES,
            "",
            FW,
            &rule(1, any, cidr, "tcp", "1433", "allow", true),
            "",
        ),
        &[
            "zone-z-c -> zone-z-b | DMZ → サーバ系: TCP/1433 | FW: 基幹FW",
            "zone-z-b <- zone-z-a | 電子カルテ系 → サーバ系: TCP/1433 | FW: 基幹FW",
        ],
    );
    check(
        small(
            ZONES,
            cp,
            FW,
            &rule(
                1,
                r#"{"kind": "connection_point", "connection_point_id": "cp1"}"#,
                asset,
                "tcp",
                "3389",
                "allow",
                true,
            ),
            srv,
        ),
        &[
            "point-cp1 -> zone-z-c | 保守VPN → DMZ（着信）",
            "point-cp1 -> zone-z-b | 保守VPN → サーバ系: TCP/3389 | FW: 基幹FW",
        ],
    );
}

// ---- numbers on lines, line styles ----

#[test]
fn every_line_carries_its_legend_number_clear_of_every_label() {
    let demo = mamori_demo::demo_hospital();
    let generated = mamori_demo::generate_hospital(6_000, 7);
    for (ledger, paper) in [
        (&demo, Paper::A3),
        (&demo, Paper::A4),
        (&generated, Paper::A3),
    ] {
        let diagram = layout(ledger, &options(paper, all_overlays(ledger)));
        let legend: String = diagram
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Legend)
            .flat_map(|n| n.labels.iter().map(|l| format!("{}\n", l.text)))
            .collect();
        let mut numbered = 0;
        for edge in &diagram.edges {
            let Some(number) = edge.number else {
                assert!(edge.badge.is_none());
                continue;
            };
            numbered += 1;
            let badge = edge
                .badge
                .as_ref()
                .unwrap_or_else(|| panic!("{} has no number drawn ({paper:?})", edge.id));
            assert_eq!(badge.text, number.to_string());
            assert!(
                legend
                    .lines()
                    .any(|l| l.starts_with(&format!("{number}. "))),
                "line {number} is not in the legend"
            );
            // The number sits on its own line.
            let (cx, cy) = (badge.x, badge.bbox().y + badge.bbox().h / 2);
            let on_line = edge.points.windows(2).any(|w| {
                let ((x1, y1), (x2, y2)) = (w[0], w[1]);
                (y1 == y2 && (cy - y1).abs() <= 1 && x1.min(x2) <= cx && cx <= x1.max(x2))
                    || (x1 == x2 && cx == x1 && y1.min(y2) <= cy && cy <= y1.max(y2))
            });
            assert!(on_line, "the number of {} is off its line", edge.id);
            // Its white box covers no box of the diagram.
            let r = mamori_diagram::badge_box(badge);
            for node in &diagram.nodes {
                if !matches!(node.kind, NodeKind::Group | NodeKind::Boundary) {
                    assert!(!node.rect.overlaps(&r), "{} covers {}", edge.id, node.id);
                }
            }
        }
        assert!(numbered > 5, "{numbered}");
        assert_labels_apart(&diagram);
    }
}

#[test]
fn line_styles_do_not_repeat_before_colours_times_dashes() {
    let distinct = mamori_diagram::PALETTE.len() * mamori_diagram::DASHES.len();
    assert!(distinct >= 30);
    let ledger = mamori_demo::generate_hospital(6_000, 7);
    let diagram = layout(&ledger, &options(Paper::A3, OverlayInput::default()));
    let mut seen = std::collections::HashMap::new();
    let mut landing = None;
    for edge in diagram.edges.iter().filter(|e| e.number.is_some()) {
        let number = edge.number.unwrap();
        if edge.style.dash == "6 3" {
            // The landing style is its own: a colour no traffic line has.
            assert!(!mamori_diagram::PALETTE.contains(&edge.style.color));
            landing.get_or_insert(edge.style);
            assert_eq!(Some(edge.style), landing);
            continue;
        }
        if number <= distinct {
            let style = (edge.style.color, edge.style.dash);
            if let Some(other) = seen.insert(style, number) {
                panic!("lines {other} and {number} look the same: {style:?}");
            }
        }
    }
    assert!(seen.len() > mamori_diagram::PALETTE.len(), "{}", seen.len());
    // The SVG strokes dashed lines as dashed, in the legend too.
    let text = svg(&diagram);
    assert!(text.contains("stroke-dasharray=\"9 3\""));
    let document = roxmltree::Document::parse(&text).unwrap();
    let numbers = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("line-number") && n.tag_name().name() == "g")
        .count();
    assert_eq!(
        numbers,
        diagram.edges.iter().filter(|e| e.number.is_some()).count()
    );
}

// ---- drill-down from collapsed groups ----

#[test]
fn expanding_a_kind_draws_its_zones_one_by_one() {
    let ledger = mamori_demo::generate_hospital(6_000, 7);
    let kinds: std::collections::BTreeSet<_> = ledger.zones.iter().map(|z| z.kind).collect();
    for kind in [ZoneKind::Emr, ZoneKind::Departmental] {
        let of_kind: Vec<_> = ledger.zones.iter().filter(|z| z.kind == kind).collect();
        assert!(of_kind.len() > 1, "{kind:?}");
        let mut opts = options(Paper::A3, all_overlays(&ledger));
        opts.expand = Some(kind);
        let diagram = layout(&ledger, &opts);
        let zones: Vec<_> = diagram
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Zone)
            .collect();
        assert_eq!(zones.len(), kinds.len() - 1 + of_kind.len());
        for zone in &of_kind {
            let node = zones
                .iter()
                .find(|n| n.id == format!("zone-{}", zone.id))
                .unwrap_or_else(|| panic!("zone {} not drawn", zone.id));
            assert_eq!(node.record, Some(("zones", zone.id.to_string())));
        }
        // The other kinds stay grouped and open their own drill-down.
        let grouped: Vec<_> = zones
            .iter()
            .filter(|n| n.id.starts_with("zone-kind-"))
            .collect();
        assert_eq!(grouped.len(), kinds.len() - 1);
        for node in grouped {
            let (what, code) = node.record.clone().unwrap();
            assert_eq!(what, "zone_kind");
            assert_eq!(node.id, format!("zone-kind-{code}"));
            assert_ne!(ZoneKind::from_code(&code), Some(kind));
        }
        assert_labels_apart(&diagram);
        assert!(
            diagram
                .edges
                .iter()
                .all(|e| e.number.is_none() || e.badge.is_some())
        );
    }
    // Below the limit nothing is grouped, so expanding changes nothing.
    let demo = mamori_demo::demo_hospital();
    let mut opts = options(Paper::A3, OverlayInput::default());
    let plain = layout(&demo, &opts).to_text();
    opts.expand = Some(ZoneKind::Emr);
    assert_eq!(layout(&demo, &opts).to_text(), plain);
}

// ---- vulnerabilities on key assets ----

#[test]
fn vulnerable_key_assets_get_a_band_and_zones_name_them() {
    let ledger = mamori_demo::demo_hospital();
    let jewel = ledger
        .assets
        .iter()
        .find(|a| a.crown_jewel.is_some())
        .unwrap();
    let input = OverlayInput {
        vulns: Some(vec![
            VulnMark {
                target: Target::Asset(jewel.id.to_string()),
                severity: Severity::Critical,
                kev: true,
            },
            VulnMark {
                target: Target::Asset(jewel.id.to_string()),
                severity: Severity::Medium,
                kev: false,
            },
        ]),
        ..OverlayInput::default()
    };
    let diagram = layout(&ledger, &options(Paper::A3, input));
    let vuln = &diagram.overlays[0];
    assert_eq!(vuln.kind, OverlayKind::Vuln);
    let zone = format!("zone-{}", jewel.zone_id.as_ref().unwrap());
    let band = vuln
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Highlight {
                node, class, title, ..
            } if *node == zone => Some((*class, title.clone())),
            _ => None,
        })
        .expect("a band on the crown jewel's line");
    assert_eq!(band.0, "vuln-kev");
    assert!(band.1.starts_with(&jewel.name), "{}", band.1);
    assert!(
        band.1.contains("2 件") && band.1.contains("緊急") && band.1.contains("KEV 1"),
        "{}",
        band.1
    );
    let zone_note = vuln
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Node { node, class, title } if *node == zone => Some((*class, title.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(zone_note.0, "vuln-kev");
    assert!(zone_note.1.contains(&jewel.name), "{}", zone_note.1);
    let clean: Vec<_> = vuln
        .marks
        .iter()
        .filter(|m| {
            matches!(
                m,
                Mark::Node {
                    class: "vuln-none",
                    ..
                }
            )
        })
        .collect();
    assert!(!clean.is_empty());
    let texts = svg_texts(&svg(&diagram));
    assert!(texts.iter().any(|t| t.contains("脆弱性なし")));
}

// ---- choosing the attack path ----

#[test]
fn a_path_is_chosen_by_ids_or_names() {
    let ledger = mamori_demo::demo_hospital();
    let paths = mamori_diagram::path_overlays(&ledger);
    assert!(paths.len() > 1, "the demo reaches several pairs");
    let name_of_point = |id: &str| {
        ledger
            .connection_points
            .iter()
            .find(|p| p.id.as_str() == id)
            .unwrap()
            .name
            .clone()
    };
    let name_of_asset = |id: &str| {
        ledger
            .assets
            .iter()
            .find(|a| a.id.as_str() == id)
            .unwrap()
            .name
            .clone()
    };
    let second = &paths[1];
    let check = |spec: &str, expected: Result<&str, &str>| {
        let got = mamori_diagram::choose_path(&ledger, &paths, spec)
            .map(|p| format!("{}:{}", p.entry, p.jewel))
            .map_err(|e| e.code());
        assert_eq!(got, expected.map(str::to_owned), "{spec}");
    };
    let ids = format!("{}:{}", second.entry, second.jewel);
    check(&ids, Ok(&ids));
    check(
        &format!(
            "{}:{}",
            name_of_point(&second.entry),
            name_of_asset(&second.jewel)
        ),
        Ok(&ids),
    );
    check(&format!(" {} : {} ", second.entry, second.jewel), Ok(&ids));
    check("nothing", Err("diagram-path-spec"));
    check(":x", Err("diagram-path-spec"));
    check(
        &format!("cp-nowhere:{}", second.jewel),
        Err("diagram-path-unknown-entry"),
    );
    check(
        &format!("{}:asset-nowhere", second.entry),
        Err("diagram-path-unknown-jewel"),
    );
    let plain = ledger
        .assets
        .iter()
        .find(|a| a.crown_jewel.is_none())
        .unwrap();
    check(
        &format!("{}:{}", second.entry, plain.id),
        Err("diagram-path-not-jewel"),
    );
    // A crown jewel no path reaches from this entry.
    let unreached = ledger.connection_points.iter().find_map(|p| {
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
    });
    let unreached = unreached.expect("some pair is not reached");
    check(&unreached, Err("diagram-path-not-reached"));
    let error = mamori_diagram::choose_path(&ledger, &paths, &unreached).unwrap_err();
    let pairs = &error.args()[2].1;
    assert!(pairs.contains(&ids), "{pairs}");
    // The chosen path is the one drawn.
    let input = OverlayInput {
        path: Some(second.clone()),
        ..OverlayInput::default()
    };
    let diagram = layout(&ledger, &options(Paper::A3, input));
    let paths_overlay = diagram
        .overlays
        .iter()
        .find(|o| o.kind == OverlayKind::Paths)
        .unwrap();
    assert!(paths_overlay.legend.contains(&second.label));
    let marked = format!("point-{}", second.entry);
    assert!(
        paths_overlay
            .marks
            .iter()
            .any(|m| matches!(m, Mark::Node { node, class: "on-path", .. } if *node == marked))
    );
}
