//! One-page PDF documents with text in any language the embedded font covers (DejaVu Sans: every
//! Kazakh and Russian letter), for the results of services. Pure: text in, bytes out.
//!
//! Built on `pdf-writer` (low-level, maintained by the Typst project, no further dependencies)
//! with the font subset by `subsetter` to the glyphs used and written as a CID font with a
//! `ToUnicode` map, so the text can be searched and copied out of the PDF, not only seen.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

/// DejaVu Sans (static/fonts, licence beside it).
const FONT: &[u8] = include_bytes!("../../static/fonts/DejaVuSans.ttf");

const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;

/// What a page holds, top to bottom: lines of text at a size, and filled squares (a QR code's
/// modules) at positions in points from the page's bottom-left corner.
#[derive(Debug, Default, Clone)]
pub struct Page {
    pub lines: Vec<Line>,
    pub squares: Vec<(f32, f32, f32)>,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub size: f32,
}

impl Page {
    pub fn line(&mut self, text: impl Into<String>, size: f32) -> &mut Self {
        self.lines.push(Line {
            text: text.into(),
            size,
        });
        self
    }
}

/// The font's glyphs of the characters used, remapped for the subset.
struct Glyphs {
    remapper: subsetter::GlyphRemapper,
    /// char → (new glyph id, advance width in thousandths of the size)
    chars: BTreeMap<char, (u16, f32)>,
}

fn glyphs(face: &ttf_parser::Face<'_>, text: impl Iterator<Item = char>) -> Glyphs {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut chars = BTreeMap::new();
    let per_em = f32::from(face.units_per_em());
    for c in text {
        if chars.contains_key(&c) {
            continue;
        }
        // A character the font lacks is drawn as its ".notdef" box, never dropped silently.
        let old = face.glyph_index(c).map_or(0, |g| g.0);
        let advance = face
            .glyph_hor_advance(ttf_parser::GlyphId(old))
            .map_or(0.0, |a| f32::from(a) * 1000.0 / per_em);
        chars.insert(c, (remapper.remap(old), advance));
    }
    Glyphs { remapper, chars }
}

/// Lays the text out (wrapping long lines at spaces within the page's width) and writes the PDF.
pub fn render(page: &Page) -> Result<Vec<u8>, String> {
    let face = ttf_parser::Face::parse(FONT, 0).map_err(|e| e.to_string())?;
    let wrapped: Vec<Line> = page.lines.iter().flat_map(|l| wrap(&face, l)).collect();
    let glyphs = glyphs(&face, wrapped.iter().flat_map(|l| l.text.chars()));
    let subset = subsetter::subset(FONT, 0, &glyphs.remapper).map_err(|e| e.to_string())?;

    let (catalog, tree, page_id, contents) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let (type0, cid, descriptor, to_unicode, file) = (
        Ref::new(5),
        Ref::new(6),
        Ref::new(7),
        Ref::new(8),
        Ref::new(9),
    );
    let font_name = Name(b"F1");
    let base_font = Name(b"EGOVAA+DejaVuSans");
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    let mut p = pdf.page(page_id);
    p.media_box(Rect::new(0.0, 0.0, A4.0, A4.1))
        .parent(tree)
        .contents(contents);
    p.resources().fonts().pair(font_name, type0);
    p.finish();

    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(base_font)
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut by_gid: Vec<(u16, f32)> = glyphs.chars.values().copied().collect();
    by_gid.sort_by_key(|(g, _)| *g);
    let mut widths = cid_font.widths();
    for (gid, width) in &by_gid {
        widths.consecutive(*gid, [*width]);
    }
    widths.finish();
    cid_font.finish();

    let scale = |v: i16| f32::from(v) * 1000.0 / f32::from(face.units_per_em());
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor)
        .name(base_font)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file2(file);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
    for (c, (gid, _)) in &glyphs.chars {
        cmap.pair(*gid, *c);
    }
    let cmap = cmap.finish();
    pdf.cmap(to_unicode, &cmap);
    pdf.stream(file, &subset)
        .pair(Name(b"Length1"), subset.len() as i32);

    let mut content = Content::new();
    let mut y = A4.1 - MARGIN;
    for line in &wrapped {
        y -= line.size * 1.35;
        let encoded: Vec<u8> = line
            .text
            .chars()
            .flat_map(|c| glyphs.chars[&c].0.to_be_bytes())
            .collect();
        content
            .begin_text()
            .set_font(font_name, line.size)
            .next_line(MARGIN, y)
            .show(Str(&encoded))
            .end_text();
    }
    if !page.squares.is_empty() {
        content.set_fill_rgb(0.0, 0.0, 0.0);
        for (x, y, side) in &page.squares {
            content.rect(*x, *y, *side, *side);
        }
        content.fill_nonzero();
    }
    // Left uncompressed: a result's page is a few kilobytes of text operators.
    pdf.stream(contents, &content.finish());
    Ok(pdf.finish())
}

/// Breaks a line at spaces so that it fits the text width at its size.
fn wrap(face: &ttf_parser::Face<'_>, line: &Line) -> Vec<Line> {
    let per_em = f32::from(face.units_per_em());
    let width_of = |s: &str| -> f32 {
        s.chars()
            .map(|c| {
                let g = face.glyph_index(c).map_or(0, |g| g.0);
                face.glyph_hor_advance(ttf_parser::GlyphId(g))
                    .map_or(0.0, f32::from)
                    * line.size
                    / per_em
            })
            .sum()
    };
    let room = A4.0 - 2.0 * MARGIN;
    let mut out: Vec<Line> = vec![];
    let mut current = String::new();
    for word in line.text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width_of(&candidate) > room && !current.is_empty() {
            out.push(Line {
                text: std::mem::take(&mut current),
                size: line.size,
            });
            current = word.to_string();
        } else {
            current = candidate;
        }
    }
    out.push(Line {
        text: current,
        size: line.size,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_letter_of_both_languages_has_a_glyph() {
        let face = ttf_parser::Face::parse(FONT, 0).unwrap();
        for c in "ӘәҒғҚқҢңӨөҰұҮүҺһІі АаБбЁёЖжЩщЪъЫыЭэЮюЯя №«»—".chars()
        {
            if c != ' ' {
                assert!(face.glyph_index(c).is_some(), "{c}");
            }
        }
    }

    /// Text as a PDF reader extracts it: `pdftotext` of poppler-utils, which `scripts/setup`
    /// installs (a reader of our own would only prove the writer agrees with itself).
    fn extracted(bytes: &[u8]) -> String {
        let dir = std::env::temp_dir().join(format!("egov-pdf-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{}.pdf", bytes.len()));
        std::fs::write(&file, bytes).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args([file.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils, installed by scripts/setup)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn the_text_reads_back_in_kazakh_and_russian() {
        let mut page = Page::default();
        page.line("Қазақстан Республикасы", 16.0)
            .line("Білім беру ұйымы: әңгіме, өңір, үміт, һәм, ғылым", 12.0)
            .line(
                "Республика Казахстан, организация образования № 7 «Балдырган»",
                12.0,
            );
        let text = extracted(&render(&page).unwrap());
        for expected in [
            "Қазақстан Республикасы",
            "ұйымы",
            "әңгіме, өңір, үміт, һәм, ғылым",
            "организация образования № 7 «Балдырган»",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text:?}");
        }
    }

    #[test]
    fn a_page_is_a_pdf_with_the_font_subset() {
        let mut page = Page::default();
        page.line("Қазақстан Республикасы", 16.0)
            .line("Государственная услуга", 12.0);
        let bytes = render(&page).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(
            bytes.len() < 60_000,
            "subset, not the whole font: {}",
            bytes.len()
        );
        let long = "сөз ".repeat(200);
        let mut page = Page::default();
        page.line(long, 12.0);
        assert!(render(&page).is_ok());
    }
}
