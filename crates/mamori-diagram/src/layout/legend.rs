//! The legend: numbered lines with their protocols and ports, firewalls, vendors, notes.

use mamori_i18n::text;

use super::{
    Builder, DETAIL_SIZE, GROUP_PAD, LEGEND_LINES, LEGEND_MIN_W, LINE, MARGIN, PAD, Route, TRUNK,
    label, lane_height,
};
use crate::model::{LineStyle, Node, NodeKind, Rect};

/// One legend line with the style of its swatch, if any.
type LegendRow = (String, Option<LineStyle>);

impl Builder<'_> {
    /// The legend goes to the right of the rows of zones from the first row that leaves room
    /// (lines in a lane stay within the zones of the row below it), else under the zones.
    pub(super) fn legend_area(
        &self,
        lane_tops: &[i32],
        lane_tracks: &[usize],
        bottom: i32,
    ) -> Rect {
        for start in 0..self.shelves.len() {
            let right = self.shelves[start..]
                .iter()
                .flatten()
                .map(|&z| self.zones[z].rect.right() + GROUP_PAD)
                .max()
                .unwrap_or(0);
            let x = right + 24;
            let width = self.width - MARGIN - x;
            if width < LEGEND_MIN_W {
                continue;
            }
            // Lane 0 also carries the lines from the connection points, across the page.
            let top = if start == 0 {
                lane_tops[0] + lane_height(lane_tracks.first().copied().unwrap_or(0))
            } else {
                lane_tops[start]
            };
            return Rect::new(x, top, width, 0);
        }
        Rect::new(
            MARGIN + TRUNK,
            bottom + 24,
            self.width - 2 * MARGIN - TRUNK,
            0,
        )
    }

    /// Legend boxes at the bottom: the numbered lines, firewalls, vendors, overlays.
    pub(super) fn legend(&mut self, routes: &[Route], area: Rect) -> i32 {
        let lang = self.lang();
        let mut sections: Vec<(String, Vec<LegendRow>)> = Vec::new();
        let line_rows: Vec<LegendRow> = routes
            .iter()
            .map(|r| {
                let text = self.route_text(r, 6).replace('\n', " / ");
                (format!("{}. {text}", r.number), Some(r.style))
            })
            .collect();
        let heading = text(lang, "diagram-legend-lines", &[]);
        if line_rows.is_empty() {
            sections.push((
                heading.clone(),
                vec![(text(lang, "diagram-no-lines", &[]), None)],
            ));
        }
        for (i, chunk) in line_rows.chunks(LEGEND_LINES).enumerate() {
            let title = if i == 0 {
                heading.clone()
            } else {
                format!("{heading} ({})", i + 1)
            };
            sections.push((title, chunk.to_vec()));
        }
        let firewalls: Vec<LegendRow> = self
            .graph
            .firewalls
            .iter()
            .map(|(name, action, rules)| {
                (
                    text(
                        lang,
                        "diagram-legend-firewall",
                        &[
                            ("name", name),
                            ("default", action),
                            ("rules", &rules.to_string()),
                        ],
                    ),
                    None,
                )
            })
            .collect();
        for (i, chunk) in firewalls.chunks(LEGEND_LINES).enumerate() {
            let heading = text(lang, "diagram-legend-firewalls", &[]);
            sections.push((
                if i == 0 {
                    heading
                } else {
                    format!("{heading} ({})", i + 1)
                },
                chunk.to_vec(),
            ));
        }
        let vendors: Vec<LegendRow> = self
            .graph
            .vendors
            .iter()
            .map(|(name, kind, points)| {
                let mut row = format!("{name}（{kind}）");
                if !points.is_empty() {
                    row = format!("{row} — {}", points.join("、"));
                }
                (row, None)
            })
            .collect();
        for (i, chunk) in vendors.chunks(LEGEND_LINES).enumerate() {
            let heading = text(lang, "diagram-legend-vendors", &[]);
            sections.push((
                if i == 0 {
                    heading
                } else {
                    format!("{heading} ({})", i + 1)
                },
                chunk.to_vec(),
            ));
        }
        let mut notes = Vec::new();
        if self.graph.unzoned_assets > 0 {
            notes.push((
                text(
                    lang,
                    "diagram-unzoned",
                    &[("count", &self.graph.unzoned_assets.to_string())],
                ),
                None,
            ));
        }
        if self.graph.collapsed {
            notes.push((text(lang, "diagram-collapsed-note", &[]), None));
        }
        if !notes.is_empty() {
            sections.push((text(lang, "diagram-legend-notes", &[]), notes));
        }
        let left = area.x;
        let columns = ((area.w + 12) / (LEGEND_MIN_W + 12)).max(1);
        let column_w = (area.w - 12 * (columns - 1)) / columns;
        let (mut x, mut y, mut row_h) = (left, area.y, 0);
        for (i, (heading, rows)) in sections.into_iter().enumerate() {
            let h = PAD * 2 + 16 + LINE * i32::try_from(rows.len()).unwrap_or(0);
            if x + column_w > area.right() && x > left {
                x = left;
                y += row_h + 12;
                row_h = 0;
            }
            let rect = Rect::new(x, y, column_w, h);
            let inner = column_w - 2 * PAD;
            let mut labels = vec![label(
                &heading,
                x + PAD,
                y + PAD + 11,
                11,
                true,
                inner,
                "name",
            )];
            for (k, (row, color)) in rows.iter().enumerate() {
                let swatch = if color.is_some() { 22 } else { 0 };
                let ly = y + PAD + 16 + LINE * i32::try_from(k).unwrap_or(0) + 10;
                labels.push(label(
                    row,
                    x + PAD + swatch,
                    ly,
                    DETAIL_SIZE,
                    false,
                    inner - swatch,
                    "legend",
                ));
            }
            let swatches: Vec<Option<LineStyle>> = std::iter::once(None)
                .chain(rows.iter().map(|(_, c)| *c))
                .collect();
            let mut title = heading;
            for (row, _) in &rows {
                title.push('\n');
                title.push_str(row);
            }
            self.nodes.push(Node {
                id: format!("legend-{i}"),
                kind: NodeKind::Legend,
                rect,
                labels,
                title,
                record: None,
                classes: Vec::new(),
                swatches,
            });
            x += column_w + 12;
            row_h = row_h.max(h);
        }
        y + row_h + MARGIN
    }
}
