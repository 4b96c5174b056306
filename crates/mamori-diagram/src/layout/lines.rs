//! Line styles (colour, then dash pattern) and the numbers drawn on the lines.

use super::Route;
use crate::model::{Anchor, Edge, Label, LineStyle, Node, NodeKind, Rect};
use crate::text::text_width;

/// Line colours; after these the dash patterns change, so the first
/// `PALETTE.len() * DASHES.len()` lines all look different, and every line carries its number.
pub const PALETTE: &[&str] = &[
    "#1f5fa8", "#2e7d32", "#8e44ad", "#d35400", "#00838f", "#6d4c41", "#ad1457", "#455a64",
    "#827717", "#283593", "#c0392b", "#212121",
];
pub const DASHES: &[&str] = &["", "9 3", "2 3"];
/// A connection point's landing in its zone with no rule naming the point.
pub(super) const LANDING: LineStyle = LineStyle {
    color: "#b3261e",
    dash: "6 3",
};
const BADGE_SIZE: i32 = 9;

/// The style of each route in number order: landings without rules have their own, the
/// other lines take the palette in turn, then the palette again with the next dash pattern.
pub(super) fn line_styles(routes: &[Route]) -> Vec<LineStyle> {
    let mut next = 0;
    routes
        .iter()
        .map(|r| {
            let t = &r.traffic;
            if t.landing && t.forward.is_empty() && t.backward.is_empty() {
                return LANDING;
            }
            let i = next;
            next += 1;
            LineStyle {
                color: PALETTE[i % PALETTE.len()],
                dash: DASHES[(i / PALETTE.len()) % DASHES.len()],
            }
        })
        .collect()
}

/// The box drawn behind a line number: its text box with a little room.
pub fn badge_box(label: &Label) -> Rect {
    let b = label.bbox();
    Rect::new(b.x - 3, b.y - 1, b.w + 6, b.h + 2)
}

fn badge_label(text: &str, cx: i32, cy: i32) -> Label {
    Label {
        text: text.to_owned(),
        x: cx,
        // Baseline so that the text box (ascent 0.9 em, descent 0.25 em) centres on the line.
        y: cy + (BADGE_SIZE * 9 / 10 - (BADGE_SIZE + 3) / 4) / 2,
        size: BADGE_SIZE,
        bold: true,
        anchor: Anchor::Middle,
        class: "line-number",
        record: None,
    }
}

/// Draws each line's legend number on one of its own segments, where its box is clear of
/// every box, every label and every number placed before it: the longest horizontal run
/// first, from its middle outwards, then the other runs.
pub(super) fn place_badges(edges: &mut [Edge], nodes: &[Node], headings: &[Label], canvas: Rect) {
    let mut taken: Vec<Rect> = headings.iter().map(Label::bbox).collect();
    for node in nodes {
        if !matches!(node.kind, NodeKind::Group | NodeKind::Boundary) {
            taken.push(node.rect);
        }
        taken.extend(node.labels.iter().map(Label::bbox));
    }
    for edge in edges.iter_mut() {
        let Some(number) = edge.number else {
            continue;
        };
        let text = number.to_string();
        let half = text_width(&text, BADGE_SIZE) / 2 + 4;
        let mut runs: Vec<((i32, i32), (i32, i32))> =
            edge.points.windows(2).map(|w| (w[0], w[1])).collect();
        runs.sort_by_key(|(a, b)| (a.1 != b.1, -((a.0 - b.0).abs() + (a.1 - b.1).abs())));
        'runs: for (a, b) in runs {
            let horizontal = a.1 == b.1;
            let len = (a.0 - b.0).abs() + (a.1 - b.1).abs();
            // Keep the number's centre on the run, away from its corners.
            let reach = if horizontal {
                len / 2 - half
            } else {
                len / 2 - 7
            };
            if reach < 0 {
                continue;
            }
            let mid = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
            let mut offset = 0;
            while offset <= reach {
                for signed in [offset, -offset] {
                    let (cx, cy) = if horizontal {
                        (mid.0 + signed, mid.1)
                    } else {
                        (mid.0, mid.1 + signed)
                    };
                    let label = badge_label(&text, cx, cy);
                    let rect = badge_box(&label);
                    if canvas.contains(&rect) && !taken.iter().any(|t| t.overlaps(&rect)) {
                        taken.push(rect);
                        edge.badge = Some(label);
                        break 'runs;
                    }
                }
                offset += 3;
            }
        }
    }
}
