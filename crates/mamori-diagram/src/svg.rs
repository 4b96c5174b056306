//! SVG text of a laid-out diagram. Overlays are `<g class="overlay" data-overlay=…>` layers,
//! hidden unless asked for, so the web page can toggle them without a new drawing.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::layout::badge_box;
use crate::model::{Anchor, Diagram, Edge, Label, LineStyle, Mark, Node, NodeKind, OverlayKind};

/// Font families in order; the first two are the Debian packages `fonts-noto-cjk` and
/// `fonts-ipafont-gothic`, so printed Japanese never falls back to boxes where they exist.
pub const FONT_STACK: &str = "'Noto Sans CJK JP', 'IPAGothic', sans-serif";

/// The diagram's stylesheet: inside the SVG file, or served beside a page whose content
/// security policy forbids inline styles.
pub const STYLE: &str = "\
.node-party rect{fill:#f3f3f3;stroke:#666}\
.node-point rect{fill:#fff7e6;stroke:#b26a00}\
.node-point.vendor rect{fill:#fff0e0}\
.node-zone rect{fill:#ffffff;stroke:#37474f}\
.node-group>rect{fill:#eef3f8;stroke:#90a4ae;stroke-dasharray:4 2}\
.node-group.kind-dmz>rect,.node-group.kind-maintenance>rect,.node-group.kind-guest>rect{fill:#fdf1ec}\
.node-group.kind-emr>rect{fill:#e8f4ea}\
.node-group.kind-medical_device>rect{fill:#f3ecf8}\
.node-group.kind-server>rect,.node-group.kind-backup>rect{fill:#eaf0fb}\
.node-boundary>rect{fill:none;stroke:#b3261e;stroke-width:1.5;stroke-dasharray:8 4}\
.node-legend>rect{fill:#fafafa;stroke:#9e9e9e}\
text{fill:#212121}\
text.detail,text.legend{fill:#424242}\
text.group{fill:#37474f}\
text.boundary{fill:#b3261e}\
.edge polyline{fill:none;stroke-width:1.4}\
.edge-landing polyline{stroke-width:2}\
.edge-outside polyline{stroke-width:1.2}\
.line-number rect{fill:#ffffff;stroke-width:1}\
.node-zone.grouped rect{stroke-width:2;stroke-dasharray:5 2}\
.overlay rect.mark{fill:none;stroke-width:3}\
rect.owner-vendor{stroke:#e65100}rect.owner-hospital{stroke:#2e7d32;stroke-width:1.5}\
rect.gap{stroke:#f9a825}rect.gap-none{stroke:none}\
rect.vuln-kev{stroke:#b71c1c;stroke-width:3}rect.vuln-critical{stroke:#d32f2f}\
rect.vuln-high{stroke:#f57c00}rect.vuln-other{stroke:#fbc02d}rect.vuln-none{stroke:none}\
rect.on-path{stroke:#d50000;stroke-width:3}\
rect.band{stroke:none;fill-opacity:.22}rect.band.vuln-kev{fill:#b71c1c;fill-opacity:.3}\
rect.band.vuln-critical{fill:#d32f2f}rect.band.vuln-high{fill:#f57c00}rect.band.vuln-other{fill:#fbc02d}\
polyline.on-path{fill:none;stroke:#d50000;stroke-width:5;stroke-opacity:.55}\
text.owner-vendor{fill:#e65100}text.gap{fill:#8d6e00}\
text.vuln-kev,text.vuln-critical{fill:#b71c1c}text.vuln-high{fill:#e65100}\
";

/// `(record kind, id)` → the page of that record.
pub type RecordLink = dyn Fn(&str, &str) -> Option<String>;

/// How to draw: which overlays start visible, and where records link to (the web page
/// passes a function giving `/assets/ID` …; files pass none).
pub struct SvgOptions<'a> {
    pub visible: &'a [OverlayKind],
    /// Put [`STYLE`] inside the SVG (files); pages link it instead.
    pub embed_style: bool,
    pub link: Option<&'a RecordLink>,
}

impl std::fmt::Debug for SvgOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SvgOptions")
            .field("visible", &self.visible)
            .finish()
    }
}

/// The diagram as a standalone SVG document.
pub fn render_svg(diagram: &Diagram, options: &SvgOptions<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let (paper_w, _) = diagram.paper.millimetres();
    let height_mm = f64::from(paper_w) * f64::from(diagram.height) / f64::from(diagram.width);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mamori-diagram\" data-paper=\"{}\" \
         width=\"{paper_w}mm\" height=\"{height_mm:.1}mm\" viewBox=\"0 0 {} {}\" \
         font-family=\"{}\">",
        diagram.paper.code(),
        diagram.width,
        diagram.height,
        FONT_STACK.replace('\'', "&apos;")
    );
    if options.embed_style {
        let _ = write!(out, "<style>{STYLE}</style>");
    }
    markers(&mut out, &diagram.edges);
    let _ = write!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        diagram.width, diagram.height
    );
    out.push_str("<g class=\"headings\">");
    for label in &diagram.headings {
        text(&mut out, label);
    }
    out.push_str("</g>");
    for node in layer(diagram, &[NodeKind::Boundary, NodeKind::Group]) {
        node_svg(&mut out, node, options);
    }
    out.push_str("<g class=\"edges\">");
    for edge in &diagram.edges {
        edge_svg(&mut out, edge);
    }
    out.push_str("</g><g class=\"line-numbers\">");
    for edge in &diagram.edges {
        if let Some(badge) = &edge.badge {
            badge_svg(&mut out, edge, badge);
        }
    }
    out.push_str("</g>");
    for node in layer(
        diagram,
        &[
            NodeKind::Party,
            NodeKind::ConnectionPoint,
            NodeKind::Zone,
            NodeKind::Legend,
        ],
    ) {
        node_svg(&mut out, node, options);
    }
    overlays_svg(&mut out, diagram, options);
    out.push_str("</svg>\n");
    out
}

fn layer<'d>(diagram: &'d Diagram, kinds: &'d [NodeKind]) -> impl Iterator<Item = &'d Node> {
    diagram
        .nodes
        .iter()
        .filter(move |n| kinds.contains(&n.kind))
}

fn markers(out: &mut String, edges: &[Edge]) {
    let colors: BTreeSet<&str> = edges.iter().map(|e| e.style.color).collect();
    out.push_str("<defs>");
    for color in colors {
        let id = color.trim_start_matches('#');
        for (end, path) in [("e", "M0,0 L8,4 L0,8 z"), ("s", "M8,0 L0,4 L8,8 z")] {
            let _ = write!(
                out,
                "<marker id=\"arrow-{end}-{id}\" viewBox=\"0 0 8 8\" refX=\"{}\" refY=\"4\" \
                 markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\" markerUnits=\"userSpaceOnUse\">\
                 <path d=\"{path}\" fill=\"{color}\"/></marker>",
                if end == "e" { 8 } else { 0 }
            );
        }
    }
    out.push_str("</defs>");
}

fn node_svg(out: &mut String, node: &Node, options: &SvgOptions<'_>) {
    let classes = node.classes.join(" ");
    let _ = write!(
        out,
        "<g id=\"{}\" class=\"node node-{} {}\"",
        escape(&node.id),
        node.kind.code(),
        escape(&classes)
    );
    if let Some((kind, id)) = &node.record {
        let _ = write!(out, " data-record=\"{}/{}\"", kind, escape(id));
    }
    out.push('>');
    let _ = write!(out, "<title>{}</title>", escape(&node.title));
    let link = node
        .record
        .as_ref()
        .and_then(|(kind, id)| options.link.and_then(|f| f(kind, id)));
    if let Some(href) = &link {
        let _ = write!(out, "<a href=\"{}\">", escape(href));
    }
    let r = node.rect;
    let radius = if node.kind == NodeKind::Group { 8 } else { 3 };
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{radius}\"/>",
        r.x, r.y, r.w, r.h
    );
    for (i, label) in node.labels.iter().enumerate() {
        if let Some(Some(style)) = node.swatches.get(i) {
            swatch(out, *style, label);
        }
        let asset_link = label
            .record
            .as_ref()
            .filter(|_| link.is_none())
            .and_then(|(kind, id)| options.link.and_then(|f| f(kind, id)));
        match asset_link {
            Some(href) => {
                let _ = write!(out, "<a href=\"{}\">", escape(&href));
                text(out, label);
                out.push_str("</a>");
            }
            None => text(out, label),
        }
    }
    if link.is_some() {
        out.push_str("</a>");
    }
    out.push_str("</g>");
}

fn swatch(out: &mut String, style: LineStyle, label: &Label) {
    let y = label.y - label.size / 2 + 1;
    let _ = write!(
        out,
        "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"2.5\"{}/>",
        label.x - 21,
        label.x - 3,
        style.color,
        dash_attribute(style.dash)
    );
}

fn dash_attribute(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    }
}

/// The line's number in a white box outlined in the line's colour.
fn badge_svg(out: &mut String, edge: &Edge, badge: &Label) {
    let r = badge_box(badge);
    let _ = write!(
        out,
        "<g class=\"line-number\" data-edge=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" stroke=\"{}\"/>\
         <text class=\"line-number\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text></g>",
        escape(&edge.id),
        r.x,
        r.y,
        r.w,
        r.h,
        edge.style.color,
        badge.x,
        badge.y,
        badge.size,
        escape(&badge.text)
    );
}

fn edge_svg(out: &mut String, edge: &Edge) {
    let points: Vec<String> = edge
        .points
        .iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect();
    let id = edge.style.color.trim_start_matches('#');
    let _ = write!(
        out,
        "<g id=\"{}\" class=\"edge edge-{}\" data-from=\"{}\" data-to=\"{}\"><title>{}</title>\
         <polyline points=\"{}\" stroke=\"{}\"",
        escape(&edge.id),
        edge.kind.code(),
        escape(&edge.from),
        escape(&edge.to),
        escape(&edge.title),
        points.join(" "),
        edge.style.color
    );
    out.push_str(&dash_attribute(edge.style.dash));
    if edge.arrow_end {
        let _ = write!(out, " marker-end=\"url(#arrow-e-{id})\"");
    }
    if edge.arrow_start {
        let _ = write!(out, " marker-start=\"url(#arrow-s-{id})\"");
    }
    out.push_str("/></g>");
}

fn overlays_svg(out: &mut String, diagram: &Diagram, options: &SvgOptions<'_>) {
    for overlay in &diagram.overlays {
        let hidden = if options.visible.contains(&overlay.kind) {
            ""
        } else {
            " display=\"none\""
        };
        let _ = write!(
            out,
            "<g class=\"overlay\" data-overlay=\"{}\"{hidden}><title>{}</title>",
            overlay.kind.code(),
            escape(&overlay.legend)
        );
        for mark in &overlay.marks {
            match mark {
                Mark::Node { node, class, title } => {
                    if let Some(found) = diagram.nodes.iter().find(|n| &n.id == node) {
                        let r = found.rect;
                        // The path outline sits outside the others so both stay visible.
                        let m = if *class == "on-path" { 4 } else { 1 };
                        let _ = write!(
                            out,
                            "<rect class=\"mark {class}\" data-node=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"><title>{}</title></rect>",
                            escape(node),
                            r.x - m,
                            r.y - m,
                            r.w + 2 * m,
                            r.h + 2 * m,
                            escape(title)
                        );
                    }
                }
                Mark::Text { label, .. } => text(out, label),
                Mark::Highlight {
                    node,
                    rect,
                    class,
                    title,
                } => {
                    let _ = write!(
                        out,
                        "<rect class=\"band {class}\" data-node=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
                        escape(node),
                        rect.x,
                        rect.y,
                        rect.w,
                        rect.h,
                        escape(title)
                    );
                }
                Mark::Edge { edge, class } => {
                    if let Some(found) = diagram.edges.iter().find(|e| &e.id == edge) {
                        let points: Vec<String> = found
                            .points
                            .iter()
                            .map(|(x, y)| format!("{x},{y}"))
                            .collect();
                        let _ = write!(
                            out,
                            "<polyline class=\"{class}\" data-edge=\"{}\" points=\"{}\"/>",
                            escape(edge),
                            points.join(" ")
                        );
                    }
                }
            }
        }
        out.push_str("</g>");
    }
}

fn text(out: &mut String, label: &Label) {
    let anchor = match label.anchor {
        Anchor::Start => "",
        Anchor::Middle => " text-anchor=\"middle\"",
    };
    let weight = if label.bold {
        " font-weight=\"bold\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<text class=\"{}\" x=\"{}\" y=\"{}\" font-size=\"{}\"{anchor}{weight}>{}</text>",
        label.class,
        label.x,
        label.y,
        label.size,
        escape(&label.text)
    );
}

/// XML text and attribute escaping.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}
