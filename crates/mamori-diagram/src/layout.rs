//! Geometry. Top to bottom: the outside parties, the hospital boundary with its connection
//! points, then rows ("shelves") of zone boxes grouped by kind, each shelf with a lane of
//! horizontal tracks above it; lines between rows run through a trunk on the left. Each
//! line gets its own track in every lane and in the trunk, and its own port on every box,
//! so no two lines share a segment; every label is cut to its box so no two labels overlap.

use std::collections::BTreeMap;

use mamori_core::{Ledger, ZoneKind};
use mamori_i18n::{Lang, text};

use crate::graph::{End, Graph, Traffic, build_graph, kind_label, kind_rank};
use crate::model::{
    Anchor, Diagram, Edge, EdgeKind, Label, LineStyle, Mark, Node, NodeKind, Overlay, OverlayKind,
    Paper, Rect,
};
use crate::overlay::{Notes, OverlayInput, Target, notes};
use crate::text::fit;

mod legend;
mod lines;

pub use lines::{DASHES, PALETTE, badge_box};
use lines::{LANDING, line_styles, place_badges};

/// What to draw.
#[derive(Debug, Clone)]
pub struct Options {
    pub paper: Paper,
    pub lang: Lang,
    /// A line under the title (the date the diagram shows, the source).
    pub subtitle: Option<String>,
    pub overlays: OverlayInput,
    /// When zones collapse by kind (more than [`crate::MAX_ZONE_NODES`]), draw the zones of
    /// this kind one by one: the drill-down from a collapsed group.
    pub expand: Option<ZoneKind>,
}

const MARGIN: i32 = 20;
const TRUNK: i32 = 60;
const ZONE_W: i32 = 196;
const ZONE_GAP: i32 = 10;
const GROUP_GAP: i32 = 18;
const GROUP_PAD: i32 = 6;
const GROUP_LABEL: i32 = 18;
const POINT_GAP: i32 = 12;
const POINT_MAX_W: i32 = 176;
const PARTY_H: i32 = 40;
const PARTY_TOP: i32 = 56;
const NAME_SIZE: i32 = 12;
const DETAIL_SIZE: i32 = 10;
const LINE: i32 = 14;
const PAD: i32 = 7;
const TRACK: i32 = 6;
const LANE_PAD: i32 = 12;
const LEGEND_MIN_W: i32 = 420;
const LEGEND_LINES: usize = 32;

/// Lays out the diagram of `ledger`.
pub fn layout(ledger: &Ledger, options: &Options) -> Diagram {
    let graph = build_graph(ledger, options.lang, options.expand);
    let notes = notes(ledger, &graph, &options.overlays, options.lang);
    Builder::new(&graph, &notes, options).build()
}

struct Placed {
    id: String,
    rect: Rect,
    /// Lane the node's lines leave through (0 for points, shelf index for zones).
    lane: usize,
    /// Lines leave from the bottom (points) or the top (zones).
    bottom: bool,
}

struct Route {
    a: End,
    b: End,
    number: usize,
    traffic: Traffic,
    style: LineStyle,
    port_a: i32,
    port_b: i32,
    track_a: usize,
    track_b: usize,
    trunk: Option<usize>,
}

struct Builder<'g> {
    graph: &'g Graph,
    notes: &'g Notes,
    options: &'g Options,
    width: i32,
    text_kinds: Vec<OverlayKind>,
    nodes: Vec<Node>,
    points: Vec<Placed>,
    zones: Vec<Placed>,
    /// Per shelf: (zone indices) and groups (kind label, first, last zone index).
    shelves: Vec<Vec<usize>>,
    marks: BTreeMap<OverlayKind, Vec<Mark>>,
}

impl<'g> Builder<'g> {
    fn new(graph: &'g Graph, notes: &'g Notes, options: &'g Options) -> Self {
        Builder {
            graph,
            notes,
            options,
            width: options.paper.pixels().0,
            text_kinds: options.overlays.text_kinds(),
            nodes: Vec::new(),
            points: Vec::new(),
            zones: Vec::new(),
            shelves: Vec::new(),
            marks: BTreeMap::new(),
        }
    }

    fn lang(&self) -> Lang {
        self.options.lang
    }

    fn build(mut self) -> Diagram {
        let headings = self.headings();
        let boundary_top = self.outside_and_points(PARTY_TOP);
        let zone_heights = self.zone_heights();
        self.place_zones_horizontally();
        let mut routes = self.routes();
        self.assign_ports(&mut routes);
        let lane_tracks = assign_lane_tracks(&mut routes, &self.zones, &self.points);
        // Vertical placement: lane 0 under the boundary, then shelf, lane, shelf …
        let mut y = boundary_top;
        let mut lane_tops = Vec::new();
        for (shelf, members) in self.shelves.clone().iter().enumerate() {
            lane_tops.push(y);
            y += lane_height(lane_tracks.get(shelf).copied().unwrap_or(0));
            let height = members.iter().map(|&z| zone_heights[z]).max().unwrap_or(0);
            for &z in members {
                self.zones[z].rect.y = y + GROUP_PAD;
                self.zones[z].rect.h = height;
            }
            y += height + GROUP_PAD + GROUP_LABEL;
        }
        if lane_tops.is_empty() {
            lane_tops.push(y);
            y += lane_height(lane_tracks.first().copied().unwrap_or(0));
        }
        let edges = self.edges(&mut routes, &lane_tops);
        self.zone_and_group_nodes();
        let area = self.legend_area(&lane_tops, &lane_tracks, y);
        let bottom = self.legend(&routes, area).max(y + MARGIN);
        self.path_marks(&edges);
        let overlays = self.overlays();
        let height = bottom.max(self.options.paper.pixels().1);
        let mut edges = edges;
        place_badges(
            &mut edges,
            &self.nodes,
            &headings,
            Rect::new(0, 0, self.width, height),
        );
        Diagram {
            paper: self.options.paper,
            width: self.width,
            height,
            headings,
            nodes: self.nodes,
            edges,
            overlays,
        }
    }

    fn headings(&self) -> Vec<Label> {
        let title = text(
            self.lang(),
            "diagram-title",
            &[("hospital", &self.graph.title)],
        );
        let max = self.width - 2 * MARGIN;
        let mut labels = vec![label(&title, MARGIN, MARGIN + 16, 18, true, max, "title")];
        let mut sub = text(self.lang(), "diagram-subtitle", &[]);
        if let Some(extra) = &self.options.subtitle {
            sub = format!("{sub} · {extra}");
        }
        labels.push(label(
            &sub,
            MARGIN,
            MARGIN + 32,
            DETAIL_SIZE,
            false,
            max,
            "detail",
        ));
        labels
    }

    /// Parties on top, points on the boundary below them; returns the boundary's bottom.
    fn outside_and_points(&mut self, top: i32) -> i32 {
        let count = i32::try_from(self.graph.points.len())
            .unwrap_or(i32::MAX)
            .max(1);
        let left = MARGIN + TRUNK;
        let avail = self.width - left - MARGIN;
        let column = ((avail + POINT_GAP) / count).clamp(40, POINT_MAX_W + POINT_GAP);
        let point_w = column - POINT_GAP;
        let party_y = top;
        let boundary_y = party_y + PARTY_H + 22;
        let point_y = boundary_y + 18;
        let lines = 3 + self.text_kinds.len();
        let point_h = PAD * 2 + 16 + LINE * (i32::try_from(lines).unwrap_or(0) - 1);
        let boundary = Rect::new(MARGIN, boundary_y, self.width - 2 * MARGIN, point_h + 24);
        let boundary_label = text(self.lang(), "diagram-boundary", &[]);
        self.nodes.push(Node {
            id: "boundary".to_owned(),
            kind: NodeKind::Boundary,
            rect: boundary,
            labels: vec![label(
                &boundary_label,
                MARGIN + 6,
                boundary_y + 13,
                DETAIL_SIZE,
                true,
                TRUNK + column / 2 - 12,
                "boundary",
            )],
            title: boundary_label,
            record: None,
            classes: Vec::new(),
            swatches: Vec::new(),
        });
        for (index, point) in self.graph.points.iter().enumerate() {
            let x = left + column * i32::try_from(index).unwrap_or(0);
            let rect = Rect::new(x, point_y, point_w, point_h);
            let id = format!("point-{}", point.id);
            let inner = point_w - 2 * PAD;
            let mut labels = vec![
                label(
                    &point.name,
                    x + PAD,
                    point_y + PAD + 11,
                    11,
                    true,
                    inner,
                    "name",
                ),
                label(
                    &point.kind,
                    x + PAD,
                    point_y + PAD + 16 + LINE - 3,
                    DETAIL_SIZE,
                    false,
                    inner,
                    "detail",
                ),
            ];
            if let Some(vendor) = &point.vendor {
                labels.push(label(
                    vendor,
                    x + PAD,
                    point_y + PAD + 16 + 2 * LINE - 3,
                    DETAIL_SIZE,
                    false,
                    inner,
                    "detail",
                ));
            }
            self.note_marks(
                &id,
                &self.notes.points[index].clone(),
                x + PAD,
                point_y + PAD + 16 + 3 * LINE - 3,
                inner,
            );
            let title = [
                Some(point.name.as_str()),
                Some(point.kind.as_str()),
                point.vendor.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n");
            self.nodes.push(Node {
                id: id.clone(),
                kind: NodeKind::ConnectionPoint,
                rect,
                labels,
                title,
                record: Some(("connection_points", point.id.clone())),
                classes: vec![
                    if point.owner_vendor.is_some() {
                        "vendor"
                    } else {
                        "hospital"
                    }
                    .to_owned(),
                ],
                swatches: Vec::new(),
            });
            self.points.push(Placed {
                id,
                rect,
                lane: 0,
                bottom: true,
            });
        }
        for party in &self.graph.parties {
            let (Some(&first), Some(&last)) = (party.points.first(), party.points.last()) else {
                continue;
            };
            let x = self.points[first].rect.x;
            let w = self.points[last].rect.right() - x;
            let rect = Rect::new(x, party_y, w, PARTY_H);
            let inner = w - 2 * PAD;
            let mut labels = vec![label(
                &party.name,
                x + PAD,
                party_y + 16,
                11,
                true,
                inner,
                "name",
            )];
            if !party.detail.is_empty() {
                labels.push(label(
                    &party.detail,
                    x + PAD,
                    party_y + 31,
                    9,
                    false,
                    inner,
                    "detail",
                ));
            }
            self.nodes.push(Node {
                id: format!("party-{}", self.graph.points[first].id),
                kind: NodeKind::Party,
                rect,
                labels,
                title: format!("{}\n{}", party.name, party.detail)
                    .trim()
                    .to_owned(),
                record: None,
                classes: Vec::new(),
                swatches: Vec::new(),
            });
        }
        boundary.bottom() + 6
    }

    /// Writes the overlay lines of one box into their reserved slots.
    fn note_marks(
        &mut self,
        node: &str,
        notes: &BTreeMap<OverlayKind, crate::overlay::Note>,
        x: i32,
        first_y: i32,
        width: i32,
    ) {
        for (slot, kind) in self.text_kinds.clone().iter().enumerate() {
            let Some(note) = notes.get(kind) else {
                continue;
            };
            let y = first_y + LINE * i32::try_from(slot).unwrap_or(0);
            let marks = self.marks.entry(*kind).or_default();
            marks.push(Mark::Node {
                node: node.to_owned(),
                class: note.class,
                title: note.title.clone(),
            });
            marks.push(Mark::Text {
                node: node.to_owned(),
                label: label(&note.text, x, y, DETAIL_SIZE, false, width, note.class),
                class: note.class,
            });
        }
    }

    fn zone_lines(&self, zone: usize) -> Vec<(String, bool, Option<String>)> {
        let z = &self.graph.zones[zone];
        let lang = self.lang();
        let mut lines = vec![(z.name.clone(), true, None)];
        if !z.network.is_empty() {
            lines.push((z.network.clone(), false, None));
        }
        let mut count = text(
            lang,
            "diagram-assets",
            &[("count", &z.asset_count.to_string())],
        );
        if z.grouped {
            count = format!("{count} · {}", kind_label(lang, z.kind));
        }
        lines.push((count, false, None));
        for (name, n) in &z.systems {
            lines.push((
                text(
                    lang,
                    "diagram-system",
                    &[("name", name), ("count", &n.to_string())],
                ),
                false,
                None,
            ));
        }
        if z.more_systems > 0 {
            lines.push((
                text(
                    lang,
                    "diagram-more-systems",
                    &[("count", &z.more_systems.to_string())],
                ),
                false,
                None,
            ));
        }
        for (id, name) in &z.key_assets {
            lines.push((
                text(lang, "diagram-key-asset", &[("name", name)]),
                false,
                Some(id.clone()),
            ));
        }
        if let Some(first) = z.firewalls.first() {
            let mut line = text(lang, "diagram-firewall", &[("name", first)]);
            if z.firewalls.len() > 1 {
                line = format!("{line} +{}", z.firewalls.len() - 1);
            }
            lines.push((line, false, None));
        }
        lines
    }

    fn zone_heights(&self) -> Vec<i32> {
        (0..self.graph.zones.len())
            .map(|z| {
                let lines = self.zone_lines(z).len() + self.text_kinds.len();
                PAD * 2 + 16 + LINE * (i32::try_from(lines).unwrap_or(1) - 1)
            })
            .collect()
    }

    /// Zones flow left to right in kind order; each layer starts a new shelf, and a shelf
    /// wraps when the next zone does not fit.
    fn place_zones_horizontally(&mut self) {
        let left = MARGIN + TRUNK;
        let right = self.width - MARGIN;
        let mut x = left;
        let mut shelf: Vec<usize> = Vec::new();
        let mut previous: Option<(u8, ZoneKind)> = None;
        for (index, zone) in self.graph.zones.iter().enumerate() {
            let (layer, _) = kind_rank(zone.kind);
            let new_group = previous.is_none_or(|(_, kind)| kind != zone.kind);
            let gap = if new_group { GROUP_GAP } else { ZONE_GAP };
            let start = if shelf.is_empty() {
                x + GROUP_PAD
            } else {
                x + gap + 2 * GROUP_PAD * i32::from(new_group)
            };
            let new_layer = previous.is_some_and(|(l, _)| l != layer);
            if !shelf.is_empty() && (new_layer || start + ZONE_W + GROUP_PAD > right) {
                self.shelves.push(std::mem::take(&mut shelf));
                x = left;
            }
            let start = if shelf.is_empty() {
                x + GROUP_PAD
            } else {
                start
            };
            let rect = Rect::new(start, 0, ZONE_W, 0);
            let id = format!(
                "zone-{}",
                zone.zone_ids.first().map_or("none", |s| s.as_str())
            );
            let id = if zone.grouped {
                format!("zone-kind-{}", mamori_core::CodeList::code(zone.kind))
            } else {
                id
            };
            self.zones.push(Placed {
                id,
                rect,
                lane: self.shelves.len(),
                bottom: false,
            });
            shelf.push(index);
            x = start + ZONE_W;
            previous = Some((layer, zone.kind));
        }
        if !shelf.is_empty() {
            self.shelves.push(shelf);
        }
    }

    fn placed(&self, end: End) -> &Placed {
        match end {
            End::Point(p) => &self.points[p],
            End::Zone(z) => &self.zones[z],
        }
    }

    fn routes(&self) -> Vec<Route> {
        let mut routes: Vec<Route> = self
            .graph
            .traffic
            .iter()
            .enumerate()
            .map(|(i, (&(a, b), traffic))| Route {
                a,
                b,
                number: i + 1,
                traffic: traffic.clone(),
                style: LANDING,
                port_a: 0,
                port_b: 0,
                track_a: 0,
                track_b: 0,
                trunk: None,
            })
            .collect();
        let styles = line_styles(&routes);
        for (route, style) in routes.iter_mut().zip(styles) {
            route.style = style;
        }
        routes
    }

    /// Spreads the ports of each box evenly along its side, ordered by where the other end
    /// lies, so lines leave a box without sharing a vertical segment.
    fn assign_ports(&self, routes: &mut [Route]) {
        let mut ends: BTreeMap<End, Vec<(i32, usize, bool)>> = BTreeMap::new();
        for (i, route) in routes.iter().enumerate() {
            let (pa, pb) = (self.placed(route.a), self.placed(route.b));
            let key = |p: &Placed, other: &Placed| {
                if p.lane == other.lane {
                    other.rect.x
                } else {
                    i32::MIN / 2 + other.rect.x
                }
            };
            ends.entry(route.a)
                .or_default()
                .push((key(pa, pb), i, true));
            ends.entry(route.b)
                .or_default()
                .push((key(pb, pa), i, false));
        }
        for (end, mut list) in ends {
            list.sort();
            let rect = self.placed(end).rect;
            let n = i32::try_from(list.len()).unwrap_or(1);
            for (k, (_, route, is_a)) in list.into_iter().enumerate() {
                let x = rect.x + (i32::try_from(k).unwrap_or(0) + 1) * rect.w / (n + 1);
                if is_a {
                    routes[route].port_a = x;
                } else {
                    routes[route].port_b = x;
                }
            }
        }
    }

    fn edges(&self, routes: &mut [Route], lane_tops: &[i32]) -> Vec<Edge> {
        let track_y = |lane: usize, track: usize| {
            lane_tops.get(lane).copied().unwrap_or(0)
                + LANE_PAD
                + TRACK * i32::try_from(track).unwrap_or(0)
        };
        // Trunk tracks: greedy over the vertical extents of lines that change lanes.
        let mut spans: Vec<(i32, i32, usize)> = Vec::new();
        for (i, r) in routes.iter().enumerate() {
            let (la, lb) = (self.placed(r.a).lane, self.placed(r.b).lane);
            if la != lb {
                let (ya, yb) = (track_y(la, r.track_a), track_y(lb, r.track_b));
                spans.push((ya.min(yb), ya.max(yb), i));
            }
        }
        for (i, track) in greedy_tracks(&mut spans) {
            routes[i].trunk = Some(track);
        }
        let mut edges = Vec::new();
        for party in &self.graph.parties {
            for &p in &party.points {
                let placed = &self.points[p];
                let x = placed.rect.x + placed.rect.w / 2;
                edges.push(Edge {
                    id: format!("outside-{}", self.graph.points[p].id),
                    kind: EdgeKind::Outside,
                    from: format!("party-{}", self.graph.points[party.points[0]].id),
                    to: placed.id.clone(),
                    points: vec![(x, PARTY_TOP + PARTY_H), (x, placed.rect.y)],
                    arrow_start: false,
                    arrow_end: false,
                    number: None,
                    style: LineStyle {
                        color: "#555555",
                        dash: "2 2",
                    },
                    title: party.name.clone(),
                    badge: None,
                });
            }
        }
        for r in routes.iter() {
            let (pa, pb) = (self.placed(r.a), self.placed(r.b));
            let side = |p: &Placed| if p.bottom { p.rect.bottom() } else { p.rect.y };
            let ya = track_y(pa.lane, r.track_a);
            let mut points = vec![(r.port_a, side(pa)), (r.port_a, ya)];
            if pa.lane == pb.lane {
                points.push((r.port_b, ya));
            } else {
                let step = trunk_step(routes);
                let x =
                    MARGIN + TRUNK - 10 - step * i32::try_from(r.trunk.unwrap_or(0)).unwrap_or(0);
                let yb = track_y(pb.lane, r.track_b);
                points.extend([(x, ya), (x, yb), (r.port_b, yb)]);
            }
            points.push((r.port_b, side(pb)));
            let kind = if r.traffic.landing {
                EdgeKind::Landing
            } else {
                EdgeKind::Traffic
            };
            edges.push(Edge {
                id: format!("line-{}", r.number),
                kind,
                from: pa.id.clone(),
                to: pb.id.clone(),
                points,
                arrow_start: !r.traffic.backward.is_empty(),
                arrow_end: r.traffic.landing || !r.traffic.forward.is_empty(),
                number: Some(r.number),
                style: r.style,
                title: self.route_text(r, 40),
                badge: None,
            });
        }
        edges
    }

    fn end_name(&self, end: End) -> &str {
        match end {
            End::Point(p) => &self.graph.points[p].name,
            End::Zone(z) => &self.graph.zones[z].name,
        }
    }

    /// "name → name: TCP/443, … (FW)" for the legend and the hover title.
    fn route_text(&self, r: &Route, max_services: usize) -> String {
        let (a, b) = (self.end_name(r.a), self.end_name(r.b));
        let lang = self.lang();
        let list = |set: &std::collections::BTreeSet<String>| {
            let mut items: Vec<&str> = set.iter().map(String::as_str).take(max_services).collect();
            let more = set.len().saturating_sub(max_services);
            let more_text = text(
                lang,
                "diagram-more-services",
                &[("count", &more.to_string())],
            );
            if more > 0 {
                items.push(&more_text);
                return items.join(", ");
            }
            items.join(", ")
        };
        let mut parts = Vec::new();
        if r.traffic.landing {
            parts.push(text(lang, "diagram-landing", &[("from", a), ("to", b)]));
        }
        if !r.traffic.forward.is_empty() {
            parts.push(format!("{a} → {b}: {}", list(&r.traffic.forward)));
        }
        if !r.traffic.backward.is_empty() {
            parts.push(format!("{b} → {a}: {}", list(&r.traffic.backward)));
        }
        if !r.traffic.firewalls.is_empty() {
            let names: Vec<&str> = r.traffic.firewalls.iter().map(String::as_str).collect();
            parts.push(format!("FW: {}", names.join(", ")));
        }
        parts.join("\n")
    }

    fn zone_and_group_nodes(&mut self) {
        let lang = self.lang();
        for shelf in self.shelves.clone() {
            let mut start = 0;
            while start < shelf.len() {
                let kind = self.graph.zones[shelf[start]].kind;
                let mut end = start;
                while end + 1 < shelf.len() && self.graph.zones[shelf[end + 1]].kind == kind {
                    end += 1;
                }
                let (first, last) = (self.zones[shelf[start]].rect, self.zones[shelf[end]].rect);
                let rect = Rect::new(
                    first.x - GROUP_PAD,
                    first.y - GROUP_PAD,
                    last.right() - first.x + 2 * GROUP_PAD,
                    first.h + 2 * GROUP_PAD + GROUP_LABEL - 4,
                );
                let name = kind_label(lang, kind);
                self.nodes.push(Node {
                    id: format!(
                        "group-{}-{}",
                        mamori_core::CodeList::code(kind),
                        shelf[start]
                    ),
                    kind: NodeKind::Group,
                    rect,
                    labels: vec![label(
                        &name,
                        rect.x + 6,
                        rect.bottom() - 4,
                        11,
                        true,
                        rect.w - 12,
                        "group",
                    )],
                    title: name,
                    record: None,
                    classes: vec![format!("kind-{}", mamori_core::CodeList::code(kind))],
                    swatches: Vec::new(),
                });
                start = end + 1;
            }
        }
        for z in 0..self.graph.zones.len() {
            let rect = self.zones[z].rect;
            let inner = rect.w - 2 * PAD;
            let mut labels = Vec::new();
            let mut y = rect.y + PAD + 12;
            for (i, (line, bold, asset)) in self.zone_lines(z).into_iter().enumerate() {
                let size = if bold { NAME_SIZE } else { DETAIL_SIZE };
                let mut line = label(
                    &line,
                    rect.x + PAD,
                    y,
                    size,
                    bold,
                    inner,
                    if i == 0 { "name" } else { "detail" },
                );
                line.record = asset.map(|id| ("assets", id));
                labels.push(line);
                y += if i == 0 { 16 } else { LINE };
            }
            let zone = &self.graph.zones[z];
            let id = self.zones[z].id.clone();
            self.note_marks(&id, &self.notes.zones[z].clone(), rect.x + PAD, y, inner);
            self.asset_bands(&id, &labels);
            // A collapsed group opens its kind (the drill-down); a zone opens its record.
            let record = if zone.grouped {
                Some((
                    "zone_kind",
                    mamori_core::CodeList::code(zone.kind).to_owned(),
                ))
            } else {
                zone.zone_ids.first().map(|id| ("zones", id.clone()))
            };
            let title = labels
                .iter()
                .map(|l| l.text.clone())
                .collect::<Vec<_>>()
                .join("\n");
            let title = if zone.zone_ids.len() == 1 {
                title.replace('…', "")
            } else {
                title
            };
            self.nodes.push(Node {
                id,
                kind: NodeKind::Zone,
                rect,
                labels,
                title: format!(
                    "{}\n{}",
                    zone.name,
                    title.lines().skip(1).collect::<Vec<_>>().join("\n")
                ),
                record,
                classes: std::iter::once(format!(
                    "kind-{}",
                    mamori_core::CodeList::code(zone.kind)
                ))
                .chain(zone.grouped.then(|| "grouped".to_owned()))
                .collect(),
                swatches: Vec::new(),
            });
        }
    }

    /// The vulnerability overlay's band behind each listed key asset with findings.
    fn asset_bands(&mut self, node: &str, labels: &[Label]) {
        if self.options.overlays.vulns.is_none() {
            return;
        }
        for label in labels {
            let Some((_, asset)) = &label.record else {
                continue;
            };
            if let Some(note) = self.notes.assets.get(asset) {
                self.marks
                    .entry(OverlayKind::Vuln)
                    .or_default()
                    .push(Mark::Highlight {
                        node: node.to_owned(),
                        rect: label.bbox(),
                        class: note.class,
                        title: note.title.clone(),
                    });
            }
        }
    }

    fn path_marks(&mut self, edges: &[Edge]) {
        let Some(path) = &self.options.overlays.path else {
            return;
        };
        let mut nodes: Vec<String> = Vec::new();
        for step in &path.steps {
            let node = match step {
                Target::Asset(id) => self
                    .graph
                    .asset_node
                    .get(id)
                    .map(|&z| self.zones[z].id.clone()),
                Target::ConnectionPoint(id) => self
                    .graph
                    .point_index
                    .get(id)
                    .map(|&p| self.points[p].id.clone()),
            };
            if let Some(node) = node
                && nodes.last() != Some(&node)
            {
                nodes.push(node);
            }
        }
        let marks = self.marks.entry(OverlayKind::Paths).or_default();
        for node in &nodes {
            marks.push(Mark::Node {
                node: node.clone(),
                class: "on-path",
                title: path.label.clone(),
            });
        }
        for pair in nodes.windows(2) {
            let hit = edges.iter().find(|e| {
                (e.from == pair[0] && e.to == pair[1]) || (e.from == pair[1] && e.to == pair[0])
            });
            if let Some(edge) = hit {
                marks.push(Mark::Edge {
                    edge: edge.id.clone(),
                    class: "on-path",
                });
            }
        }
    }

    fn overlays(&mut self) -> Vec<Overlay> {
        let lang = self.lang();
        let marks = std::mem::take(&mut self.marks);
        marks
            .into_iter()
            .map(|(kind, marks)| {
                let legend = match (kind, &self.options.overlays.path) {
                    (OverlayKind::Paths, Some(path)) => {
                        text(lang, "diagram-overlay-paths", &[("path", &path.label)])
                    }
                    _ => text(lang, &format!("diagram-overlay-{}", kind.code()), &[]),
                };
                Overlay {
                    kind,
                    marks,
                    legend,
                }
            })
            .collect()
    }
}

fn label(
    text: &str,
    x: i32,
    y: i32,
    size: i32,
    bold: bool,
    max_width: i32,
    class: &'static str,
) -> Label {
    Label {
        text: fit(text, size, max_width.max(size)),
        x,
        y,
        size,
        bold,
        anchor: Anchor::Start,
        class,
        record: None,
    }
}

fn lane_height(tracks: usize) -> i32 {
    2 * LANE_PAD + TRACK * i32::try_from(tracks.saturating_sub(1)).unwrap_or(0)
}

fn trunk_step(routes: &[Route]) -> i32 {
    let tracks = routes
        .iter()
        .filter_map(|r| r.trunk)
        .max()
        .map_or(1, |t| t + 1);
    ((TRUNK - 16) / i32::try_from(tracks).unwrap_or(1).max(1)).clamp(1, TRACK)
}

/// Interval-graph colouring: each span gets the lowest track whose last span ended before it.
fn greedy_tracks(spans: &mut [(i32, i32, usize)]) -> Vec<(usize, usize)> {
    spans.sort();
    let mut ends: Vec<i32> = Vec::new();
    let mut out = Vec::new();
    for &(start, end, id) in spans.iter() {
        let track = match ends.iter().position(|&e| e + 8 < start) {
            Some(t) => t,
            None => {
                ends.push(i32::MIN);
                ends.len() - 1
            }
        };
        ends[track] = end;
        out.push((id, track));
    }
    out
}

/// Gives each line a track in the lane(s) it runs through; returns the track count per lane.
fn assign_lane_tracks(routes: &mut [Route], zones: &[Placed], points: &[Placed]) -> Vec<usize> {
    let placed = |end: End| match end {
        End::Point(p) => &points[p],
        End::Zone(z) => &zones[z],
    };
    let mut per_lane: BTreeMap<usize, Vec<(i32, i32, usize)>> = BTreeMap::new();
    for (i, r) in routes.iter().enumerate() {
        let (la, lb) = (placed(r.a).lane, placed(r.b).lane);
        if la == lb {
            let span = (r.port_a.min(r.port_b), r.port_a.max(r.port_b), 2 * i);
            per_lane.entry(la).or_default().push(span);
        } else {
            // Both halves run to the trunk on the left.
            per_lane
                .entry(la)
                .or_default()
                .push((MARGIN, r.port_a, 2 * i));
            per_lane
                .entry(lb)
                .or_default()
                .push((MARGIN, r.port_b, 2 * i + 1));
        }
    }
    let mut counts = Vec::new();
    for (lane, mut spans) in per_lane {
        let mut used = 0;
        for (id, track) in greedy_tracks(&mut spans) {
            used = used.max(track + 1);
            if id % 2 == 0 {
                routes[id / 2].track_a = track;
            } else {
                routes[id / 2].track_b = track;
            }
        }
        if counts.len() <= lane {
            counts.resize(lane + 1, 0);
        }
        counts[lane] = used;
    }
    counts
}
