//! PNG and PDF of an SVG drawn by `mamori-diagram`, in pure Rust (no browser, no Graphviz).
//! Fonts come from the system (fontconfig directories): Debian `fonts-noto-cjk` gives
//! "Noto Sans CJK JP". The PDF embeds the subset of the fonts it uses, so it prints the
//! same anywhere; the PNG is rasterised with them.
//!
//! Not pure: reading the font files is IO. The pure diagram crate never depends on this one.

use resvg::tiny_skia;
use resvg::usvg;

/// Why a picture could not be made. `code()` is the message-catalogue key.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the SVG could not be read: {0}")]
    Svg(String),
    #[error("the picture is too large: {0}x{1}")]
    Size(u32, u32),
    #[error("PNG encoding failed: {0}")]
    Png(String),
    #[error("PDF conversion failed: {0}")]
    Pdf(String),
}

impl RenderError {
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::Svg(_) => "diagram-error-svg",
            RenderError::Size(..) => "diagram-error-size",
            RenderError::Png(_) => "diagram-error-png",
            RenderError::Pdf(_) => "diagram-error-pdf",
        }
    }
}

/// The Japanese family the diagram names first.
pub const CJK_FAMILY: &str = "Noto Sans CJK JP";

/// Holds the font database, loaded once from the system.
pub struct Renderer {
    options: usvg::Options<'static>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("faces", &self.options.fontdb.len())
            .finish()
    }
}

/// The CJK font files are read into memory once. A system font is otherwise a file that is
/// opened and mapped again for every text run, which for a 20 MB collection and a
/// many-page checklist costs a minute of page faults.
fn keep_cjk_in_memory(db: &mut usvg::fontdb::Database) {
    use std::collections::BTreeSet;
    use usvg::fontdb::Source;
    let paths: BTreeSet<std::path::PathBuf> = db
        .faces()
        .filter(|face| {
            face.families
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(CJK_FAMILY))
        })
        .filter_map(|face| match &face.source {
            Source::File(path) => Some(path.clone()),
            _ => None,
        })
        .collect();
    for path in paths {
        // A file that cannot be read stays as it was (read on use).
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let ids: Vec<_> = db
            .faces()
            .filter(|face| matches!(&face.source, Source::File(p) if *p == path))
            .map(|face| face.id)
            .collect();
        for id in ids {
            db.remove_face(id);
        }
        db.load_font_data(bytes);
    }
}

impl Renderer {
    /// Loads the system's fonts; text in families not found falls back to the first CJK font.
    pub fn with_system_fonts() -> Renderer {
        let mut options = usvg::Options::default();
        options.fontdb_mut().load_system_fonts();
        keep_cjk_in_memory(options.fontdb_mut());
        options.font_family = CJK_FAMILY.to_owned();
        Renderer { options }
    }

    /// True when a font of this family is installed (so Japanese will not turn into boxes).
    pub fn has_family(&self, family: &str) -> bool {
        self.options.fontdb.faces().any(|face| {
            face.families
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(family))
        })
    }

    fn tree(&self, svg: &str) -> Result<usvg::Tree, RenderError> {
        usvg::Tree::from_str(svg, &self.options).map_err(|e| RenderError::Svg(e.to_string()))
    }

    /// The SVG as PNG, `scale` times its CSS pixel size, on a white background.
    pub fn png(&self, svg: &str, scale: f32) -> Result<Vec<u8>, RenderError> {
        let tree = self.tree(svg)?;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or(RenderError::Size(0, 0))?;
        let (width, height) = (size.width(), size.height());
        if u64::from(width) * u64::from(height) > 200_000_000 {
            return Err(RenderError::Size(width, height));
        }
        let mut pixmap =
            tiny_skia::Pixmap::new(width, height).ok_or(RenderError::Size(width, height))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap
            .encode_png()
            .map_err(|e| RenderError::Png(e.to_string()))
    }

    /// The SVG as a one-page PDF of the SVG's physical size (e.g. 420 mm wide for A3), with
    /// the fonts it uses embedded as subsets.
    pub fn pdf(&self, svg: &str) -> Result<Vec<u8>, RenderError> {
        let tree = self.tree(svg)?;
        let conversion = svg2pdf::ConversionOptions {
            embed_text: true,
            ..svg2pdf::ConversionOptions::default()
        };
        // usvg reads "420mm" as CSS pixels at 96 dpi.
        let page = svg2pdf::PageOptions { dpi: 96.0 };
        svg2pdf::to_pdf(&tree, conversion, page).map_err(|e| RenderError::Pdf(e.to_string()))
    }

    /// Several SVG pages as one PDF, each page the physical size of its SVG (the checklist's
    /// A4 pages). Each page is converted by svg2pdf into its own object chunk (fonts
    /// embedded as subsets) and placed on a page of one document.
    pub fn pdf_pages(&self, pages: &[String]) -> Result<Vec<u8>, RenderError> {
        use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
        let mut alloc = Ref::new(1);
        let catalog_id = alloc.bump();
        let tree_id = alloc.bump();
        let mut pdf = Pdf::new();
        let mut kids = Vec::new();
        let mut chunks = Vec::new();
        for svg in pages {
            let tree = self.tree(svg)?;
            let conversion = svg2pdf::ConversionOptions {
                embed_text: true,
                ..svg2pdf::ConversionOptions::default()
            };
            let (chunk, svg_ref) = svg2pdf::to_chunk(&tree, conversion)
                .map_err(|e| RenderError::Pdf(e.to_string()))?;
            let mut map = std::collections::HashMap::new();
            let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
            let svg_id = *map
                .get(&svg_ref)
                .ok_or_else(|| RenderError::Pdf("the page object is missing".into()))?;
            // CSS pixels (96 dpi) to PDF points (72 dpi).
            let width = tree.size().width() * 0.75;
            let height = tree.size().height() * 0.75;
            let page_id = alloc.bump();
            let content_id = alloc.bump();
            let name = Name(b"S1");
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, width, height));
            page.parent(tree_id);
            page.contents(content_id);
            page.resources().x_objects().pair(name, svg_id);
            page.finish();
            let mut content = Content::new();
            content
                .transform([width, 0.0, 0.0, height, 0.0, 0.0])
                .x_object(name);
            pdf.stream(content_id, &content.finish());
            kids.push(page_id);
            chunks.push(chunk);
        }
        pdf.catalog(catalog_id).pages(tree_id);
        let count =
            i32::try_from(kids.len()).map_err(|_| RenderError::Pdf("too many pages".into()))?;
        pdf.pages(tree_id).kids(kids).count(count);
        for chunk in &chunks {
            pdf.extend(chunk);
        }
        Ok(pdf.finish())
    }
}
