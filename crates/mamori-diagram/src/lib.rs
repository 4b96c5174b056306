//! The network diagram (全体構成図) drawn from the ledger.
//!
//! [`layout`] turns a [`mamori_core::Ledger`] into a [`Diagram`]: the outside parties on the
//! top edge, the connection points on the hospital boundary, zones as labelled boxes grouped
//! by kind the way Japanese hospital diagrams are drawn (DMZ and lines to the outside first,
//! then servers, backup and management, then 電子カルテ系, 部門系, 医療機器系), and lines
//! for the traffic the firewall rules allow between them. [`render_svg`] writes it as SVG text
//! with a CJK font stack. Overlays (vulnerabilities, an attack path, owners, data gaps) are
//! separate layers that can be shown or hidden.
//!
//! Architecture invariant: pure and deterministic — no IO, no clock, no fonts read. Text
//! widths are estimated (full-width characters 1 em) and every label is cut to its box, so
//! the same ledger always gives the same bytes and labels never overlap.

mod graph;
mod layout;
mod model;
mod overlay;
mod paths;
mod svg;
mod text;

pub use graph::MAX_ZONE_NODES;
pub use layout::{DASHES, Options, PALETTE, badge_box, layout};
pub use model::{
    Anchor, Diagram, Edge, EdgeKind, Label, LineStyle, Mark, Node, NodeKind, Overlay, OverlayKind,
    Paper, Rect,
};
pub use overlay::{OverlayInput, PathMark, Severity, Target, VulnMark};
pub use paths::{PathChoiceError, choose_path, path_marks, path_overlays};
pub use svg::{FONT_STACK, STYLE, SvgOptions, render_svg};
pub use text::{fit, text_width};
