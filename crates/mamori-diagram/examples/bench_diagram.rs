//! Times the diagram for generated hospitals: layout (ledger → model) and SVG text, with the
//! SVG's size. Best of three runs each; the ledger generation is not timed. Hospitals whose
//! zones are grouped by kind are also timed with one kind drawn zone by zone (the drill-down,
//! `--expand departmental`).
//!
//! `cargo run --release -p mamori-diagram --example bench_diagram -- 800 6000 50000`

use std::time::{Duration, Instant};

use mamori_core::{CodeList as _, ZoneKind};
use mamori_diagram::{
    NodeKind, Options, OverlayInput, OverlayKind, Paper, SvgOptions, layout, render_svg,
};
use mamori_i18n::Lang;

#[allow(clippy::print_stdout, reason = "a benchmark prints its table")]
fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![800, 6_000, 50_000]
    } else {
        sizes
    };
    println!(
        "| assets | zones | rules | expand | zone boxes | lines | layout | SVG | total | SVG size |"
    );
    println!("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
    for size in sizes {
        let ledger = mamori_demo::generate_hospital(size, mamori_demo::DEMO_SEED);
        let grouped = ledger.zones.len() > mamori_diagram::MAX_ZONE_NODES;
        let expands: &[Option<ZoneKind>] = if grouped {
            &[None, Some(ZoneKind::Departmental)]
        } else {
            &[None]
        };
        for &expand in expands {
            bench(&ledger, expand);
        }
    }
}

#[allow(clippy::print_stdout, reason = "a benchmark prints its table")]
fn bench(ledger: &mamori_core::Ledger, expand: Option<ZoneKind>) {
    {
        let options = Options {
            paper: Paper::A3,
            lang: Lang::Ja,
            subtitle: None,
            overlays: OverlayInput {
                owners: true,
                gaps: true,
                vulns: None,
                path: None,
            },
            expand,
        };
        let mut best: Option<(Duration, Duration)> = None;
        let mut last = None;
        for _ in 0..3 {
            let start = Instant::now();
            let diagram = layout(ledger, &options);
            let laid_out = start.elapsed();
            let svg = render_svg(
                &diagram,
                &SvgOptions {
                    visible: OverlayKind::ALL,
                    embed_style: true,
                    link: None,
                },
            );
            let rendered = start.elapsed() - laid_out;
            if best.is_none_or(|(a, b)| laid_out + rendered < a + b) {
                best = Some((laid_out, rendered));
            }
            last = Some((diagram, svg));
        }
        let (Some((diagram, svg)), Some(best)) = (last, best) else {
            return;
        };
        let boxes = diagram
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Zone)
            .count();
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.3} s | {:.3} s | {:.3} s | {} KiB |",
            ledger.assets.len(),
            ledger.zones.len(),
            ledger.firewall_rules.len(),
            expand.map_or("—", |k| k.code()),
            boxes,
            diagram.edges.len(),
            best.0.as_secs_f64(),
            best.1.as_secs_f64(),
            (best.0 + best.1).as_secs_f64(),
            svg.len() / 1024
        );
    }
}
