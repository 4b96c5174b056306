//! The layout model: every box, label and line with integer pixel positions. It is what the
//! SVG renderer draws and what the tests look at (positions and edges as text).

use std::fmt::Write as _;

/// Landscape paper sizes; the drawing is laid out at 96 px per inch of the paper's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A3,
    A4,
}

impl Paper {
    /// (width, height) in millimetres, landscape.
    pub fn millimetres(self) -> (i32, i32) {
        match self {
            Paper::A3 => (420, 297),
            Paper::A4 => (297, 210),
        }
    }

    /// (width, height) in CSS pixels at 96 dpi.
    pub fn pixels(self) -> (i32, i32) {
        let (w, h) = self.millimetres();
        (w * 96 * 10 / 254, h * 96 * 10 / 254)
    }

    pub fn code(self) -> &'static str {
        match self {
            Paper::A3 => "a3",
            Paper::A4 => "a4",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn new(x: i32, y: i32, w: i32, h: i32) -> Self {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
    /// True when the two rectangles share interior area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

/// One line of text. `x`/`y` is the anchor point on the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    pub x: i32,
    pub y: i32,
    pub size: i32,
    pub bold: bool,
    pub anchor: Anchor,
    /// CSS class (`name`, `detail`, `legend` …).
    pub class: &'static str,
    /// The ledger record this line names (a key asset), for click-through.
    pub record: Option<(&'static str, String)>,
}

impl Label {
    /// The box the text occupies, from the estimated width; ascent 0.9 em, descent 0.25 em.
    pub fn bbox(&self) -> Rect {
        let width = crate::text::text_width(&self.text, self.size);
        let x = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - width / 2,
        };
        let ascent = self.size * 9 / 10;
        let descent = (self.size + 3) / 4;
        Rect::new(x, self.y - ascent, width, ascent + descent)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Party,
    ConnectionPoint,
    Zone,
    /// A labelled area around the zones of one kind on one row.
    Group,
    Boundary,
    Legend,
}

impl NodeKind {
    pub fn code(self) -> &'static str {
        match self {
            NodeKind::Party => "party",
            NodeKind::ConnectionPoint => "point",
            NodeKind::Zone => "zone",
            NodeKind::Group => "group",
            NodeKind::Boundary => "boundary",
            NodeKind::Legend => "legend",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Unique SVG id, e.g. `zone-zone-emr`, `point-cp-internet`.
    pub id: String,
    pub kind: NodeKind,
    pub rect: Rect,
    pub labels: Vec<Label>,
    /// Full text shown on hover.
    pub title: String,
    /// The ledger record behind it, for click-through (`assets`, `connection_points`, `zones`).
    pub record: Option<(&'static str, String)>,
    /// Extra CSS classes (owner, zone kind).
    pub classes: Vec<String>,
    /// Legend boxes: the line style drawn before each label (none for the heading).
    pub swatches: Vec<Option<LineStyle>>,
}

/// How a line is stroked: its colour and dash pattern (empty = solid). Lines are told
/// apart by colour, then dash, then the number drawn on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStyle {
    pub color: &'static str,
    pub dash: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Outside party to its connection point.
    Outside,
    /// A connection point to the zone it lands in (with or without rules).
    Landing,
    /// Traffic allowed by firewall rules between two zones (or a point and a zone).
    Traffic,
}

impl EdgeKind {
    pub fn code(self) -> &'static str {
        match self {
            EdgeKind::Outside => "outside",
            EdgeKind::Landing => "landing",
            EdgeKind::Traffic => "traffic",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub id: String,
    pub kind: EdgeKind,
    pub from: String,
    pub to: String,
    /// Orthogonal polyline.
    pub points: Vec<(i32, i32)>,
    pub arrow_start: bool,
    pub arrow_end: bool,
    /// Number in the legend (traffic lines only).
    pub number: Option<usize>,
    pub style: LineStyle,
    pub title: String,
    /// The number drawn on the line, placed clear of every other label.
    pub badge: Option<Label>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OverlayKind {
    Vuln,
    Paths,
    Owners,
    Gaps,
}

impl OverlayKind {
    pub const ALL: &'static [OverlayKind] = &[
        OverlayKind::Vuln,
        OverlayKind::Paths,
        OverlayKind::Owners,
        OverlayKind::Gaps,
    ];
    pub fn code(self) -> &'static str {
        match self {
            OverlayKind::Vuln => "vuln",
            OverlayKind::Paths => "paths",
            OverlayKind::Owners => "owners",
            OverlayKind::Gaps => "gaps",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.code() == code)
    }
}

/// What an overlay adds: a mark on a node (outline/fill class), a text line reserved in the
/// node's box, or a highlighted line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Node {
        node: String,
        class: &'static str,
        title: String,
    },
    Text {
        node: String,
        label: Label,
        class: &'static str,
    },
    Edge {
        edge: String,
        class: &'static str,
    },
    /// A band behind one line of a box (a key asset with findings).
    Highlight {
        node: String,
        rect: Rect,
        class: &'static str,
        title: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub kind: OverlayKind,
    pub marks: Vec<Mark>,
    /// One line for the legend.
    pub legend: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagram {
    pub paper: Paper,
    pub width: i32,
    pub height: i32,
    /// Title and subtitle lines at the top.
    pub headings: Vec<Label>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub overlays: Vec<Overlay>,
}

impl Diagram {
    /// Every label with the box it must stay inside (the node's rect, or the canvas).
    pub fn all_labels(&self) -> Vec<&Label> {
        let mut labels: Vec<&Label> = self.headings.iter().collect();
        for node in &self.nodes {
            labels.extend(node.labels.iter());
        }
        labels.extend(self.edges.iter().filter_map(|e| e.badge.as_ref()));
        for overlay in &self.overlays {
            for mark in &overlay.marks {
                if let Mark::Text { label, .. } = mark {
                    labels.push(label);
                }
            }
        }
        labels
    }

    /// The model as stable text: one line per node, label and edge.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "paper {} {}x{}",
            self.paper.code(),
            self.width,
            self.height
        );
        for label in &self.headings {
            let _ = writeln!(out, "heading {}", label_text(label));
        }
        for node in &self.nodes {
            let r = node.rect;
            let _ = writeln!(
                out,
                "{} {} @{},{} {}x{}",
                node.kind.code(),
                node.id,
                r.x,
                r.y,
                r.w,
                r.h
            );
            for label in &node.labels {
                let _ = writeln!(out, "  {}", label_text(label));
            }
        }
        for edge in &self.edges {
            let points: Vec<String> = edge
                .points
                .iter()
                .map(|(x, y)| format!("{x},{y}"))
                .collect();
            let arrows = match (edge.arrow_start, edge.arrow_end) {
                (true, true) => "<->",
                (false, true) => "->",
                (true, false) => "<-",
                (false, false) => "--",
            };
            let number = edge.number.map(|n| format!(" #{n}")).unwrap_or_default();
            let dash = if edge.style.dash.is_empty() {
                String::new()
            } else {
                format!(" dash {}", edge.style.dash.replace(' ', "/"))
            };
            let _ = writeln!(
                out,
                "edge {} {}{number} {} {arrows} {} [{}] {}{dash} {}",
                edge.id,
                edge.kind.code(),
                edge.from,
                edge.to,
                points.join(" "),
                edge.style.color,
                edge.title.replace('\n', " | ")
            );
            if let Some(badge) = &edge.badge {
                let _ = writeln!(out, "  badge {}", label_text(badge));
            }
        }
        for overlay in &self.overlays {
            let _ = writeln!(out, "overlay {} {}", overlay.kind.code(), overlay.legend);
            for mark in &overlay.marks {
                let _ = match mark {
                    Mark::Node { node, class, .. } => writeln!(out, "  node {node} {class}"),
                    Mark::Text { node, label, .. } => {
                        writeln!(out, "  text {node} {}", label_text(label))
                    }
                    Mark::Edge { edge, class } => writeln!(out, "  edge {edge} {class}"),
                    Mark::Highlight {
                        node, rect, class, ..
                    } => writeln!(
                        out,
                        "  band {node} {class} @{},{} {}x{}",
                        rect.x, rect.y, rect.w, rect.h
                    ),
                };
            }
        }
        out
    }
}

fn label_text(label: &Label) -> String {
    format!(
        "\"{}\" @{},{} {}{}",
        label.text,
        label.x,
        label.y,
        label.size,
        if label.bold { "b" } else { "" }
    )
}
