//! The plotters drawing backend the charts draw on: it writes SVG elements into a string.
//!
//! It does what plotters' own SVG backend does for the shapes the charts use (lines, rectangles,
//! polylines, polygons, circles, text), with two differences: numbers are written by
//! [`crate::core::decimal`] rather than the standard library's float formatting (which alone was
//! about as large as the whole chart code in the wasm), and text is escaped by [`escape`] like every
//! other string in a chart. A pixel is a 1×1 rectangle; bitmaps are not supported (no chart draws one).

use crate::core::decimal::push_trimmed;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};
use std::fmt;
use std::fmt::Write as _;

/// An SVG document being drawn: `<svg …>` on creation, `</svg>` on [`DrawingBackend::present`].
pub struct SvgCanvas<'a> {
    out: &'a mut String,
    size: (u32, u32),
    closed: bool,
}

/// Drawing into a string cannot fail; plotters' trait still asks for an error type.
#[derive(Debug)]
pub struct NoError;

impl fmt::Display for NoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("drawing failed")
    }
}

impl std::error::Error for NoError {}

type Drawn = Result<(), DrawingErrorKind<NoError>>;

impl<'a> SvgCanvas<'a> {
    pub fn new(out: &'a mut String, (w, h): (u32, u32)) -> Self {
        let _ = writeln!(
            out,
            "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        SvgCanvas { out, size: (w, h), closed: false }
    }

    /// Opens an element: `<name`, then attributes are pushed with [`Self::attr`].
    fn open(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
    }

    fn attr(&mut self, key: &str, value: &str) {
        let _ = write!(self.out, " {key}=\"{value}\"");
    }

    fn int(&mut self, key: &str, value: i64) {
        let _ = write!(self.out, " {key}=\"{value}\"");
    }

    fn num(&mut self, key: &str, value: f64) {
        let _ = write!(self.out, " {key}=\"");
        push_trimmed(self.out, value, 3);
        self.out.push('"');
    }

    /// `opacity` and `fill` or `stroke` (with its width) of a style.
    fn paint(&mut self, color: BackendColor, fill: bool, stroke_width: Option<u32>) {
        self.num("opacity", color.alpha);
        let hex = hex_rgb(color.rgb);
        if fill {
            self.attr("fill", &hex);
        } else {
            self.attr("fill", "none");
            self.attr("stroke", &hex);
        }
        if let Some(w) = stroke_width {
            self.int("stroke-width", w.into());
        }
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (x, y) in path {
            let _ = write!(self.out, "{x},{y} ");
        }
        self.out.push('"');
    }

    fn end(&mut self) {
        self.out.push_str("/>\n");
    }
}

impl DrawingBackend for SvgCanvas<'_> {
    type ErrorType = NoError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        if !self.closed {
            self.out.push_str("</svg>\n");
            self.closed = true;
        }
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha > 0.0 {
            self.open("rect");
            self.int("x", x.into());
            self.int("y", y.into());
            self.attr("width", "1");
            self.attr("height", "1");
            self.paint(color, true, None);
            self.end();
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, (x0, y0): BackendCoord, (x1, y1): BackendCoord, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            self.open("line");
            self.paint(style.color(), false, Some(style.stroke_width()));
            self.int("x1", x0.into());
            self.int("y1", y0.into());
            self.int("x2", x1.into());
            self.int("y2", y1.into());
            self.end();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            self.open("rect");
            self.int("x", x0.into());
            self.int("y", y0.into());
            self.int("width", i64::from(x1) - i64::from(x0));
            self.int("height", i64::from(y1) - i64::from(y0));
            self.paint(style.color(), fill, (!fill).then(|| style.stroke_width()));
            self.end();
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            self.open("polyline");
            self.paint(style.color(), false, Some(style.stroke_width()));
            self.points(path);
            self.end();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, (x, y): BackendCoord, radius: u32, style: &S, fill: bool) -> Drawn {
        if style.color().alpha > 0.0 {
            self.open("circle");
            self.int("cx", x.into());
            self.int("cy", y.into());
            self.int("r", radius.into());
            self.paint(style.color(), fill, (!fill).then(|| style.stroke_width()));
            self.end();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        if style.color().alpha > 0.0 {
            self.open("polygon");
            self.paint(style.color(), true, None);
            self.points(path);
            self.end();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, (x, y): BackendCoord) -> Drawn {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        let anchor = style.anchor();
        self.open("text");
        self.int("x", x.into());
        self.int("y", y.into());
        self.attr(
            "dy",
            match anchor.v_pos {
                VPos::Top => "0.76em",
                VPos::Center => "0.5ex",
                VPos::Bottom => "-0.5ex",
            },
        );
        self.attr(
            "text-anchor",
            match anchor.h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "middle",
            },
        );
        self.attr("font-family", &escape(style.family().as_str()));
        self.num("font-size", style.size());
        self.paint(style.color(), true, None);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.attr("font-weight", "bold"),
            other => self.attr("font-style", other.as_str()),
        }
        let turn = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
            FontTransform::None => 0,
        };
        if turn != 0 {
            self.attr("transform", &format!("rotate({turn}, {x}, {y})"));
        }
        self.out.push_str(">\n");
        self.out.push_str(&escape(text));
        self.out.push_str("\n</text>\n");
        Ok(())
    }

    /// Text is placed by anchors, never measured; this rough box (0.6 em per character) only
    /// serves plotters' own layout, which the charts do not use.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<NoError>> {
        let size = style.size().max(0.0);
        Ok(((text.chars().count() as f64 * size * 0.6) as u32, size as u32))
    }

    fn blit_bitmap(&mut self, _pos: BackendCoord, _size: (u32, u32), _src: &[u8]) -> Drawn {
        Ok(())
    }
}

/// A colour as `#rrggbb`.
pub(crate) fn hex_rgb((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::SvgCanvas;
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos as H, Pos, VPos as V};
    use std::collections::BTreeMap;

    /// Every kind of element the charts draw, in the styles they use.
    fn scene<DB: DrawingBackend>(root: &DrawingArea<DB, plotters::coord::Shift>) {
        let blue = RGBColor(0x00, 0x72, 0xb2);
        let bands = RGBColor(0x00, 0x9e, 0x73).mix(0.12);
        root.draw(&Rectangle::new([(10, 10), (200, 60)], bands.filled())).ok();
        root.draw(&Rectangle::new([(10, 70), (200, 90)], blue.stroke_width(2))).ok();
        root.draw(&PathElement::new(vec![(10, 100), (60, 140), (120, 110), (200, 150)], blue.stroke_width(3))).ok();
        root.draw(&Polygon::new(vec![(10, 160), (60, 150), (120, 170)], blue.mix(0.25).filled())).ok();
        root.draw(&Circle::new((60, 140), 4, blue.filled())).ok();
        root.draw(&Circle::new((120, 110), 4, WHITE.stroke_width(2))).ok();
        let font = FontDesc::new(FontFamily::SansSerif, 12.5, FontStyle::Normal);
        for (i, (h, v)) in [(H::Left, V::Top), (H::Center, V::Center), (H::Right, V::Bottom)].into_iter().enumerate() {
            let style = TextStyle::from(font.clone()).color(&BLACK).pos(Pos::new(h, v));
            root.draw(&Text::new(format!("tick {i} <&>"), (40 + 60 * i as i32, 190), style)).ok();
        }
        let bold = TextStyle::from(FontDesc::new(FontFamily::Serif, 14.0, FontStyle::Bold)).color(&blue);
        root.draw(&Text::new("Payments & Co", (100, 205), bold)).ok();
    }

    /// The elements of an SVG document: name, attributes, text.
    fn elements(svg: &str) -> Vec<(String, BTreeMap<String, String>, String)> {
        let mut out = Vec::new();
        for part in svg.split('<').skip(1) {
            let (tag, text) = part.split_once('>').unwrap_or((part, ""));
            if tag.starts_with('/') || tag.starts_with('?') {
                continue;
            }
            let name = tag.split_whitespace().next().unwrap_or("").trim_end_matches('/').to_string();
            let mut attrs = BTreeMap::new();
            let mut rest = tag[name.len()..].trim();
            while let Some(eq) = rest.find("=\"") {
                let key = rest[..eq].trim().to_string();
                let after = &rest[eq + 2..];
                let end = after.find('"').unwrap();
                attrs.insert(key, after[..end].to_string());
                rest = after[end + 1..].trim();
            }
            out.push((name, attrs, text.trim().to_string()));
        }
        out
    }

    /// Numbers compared as numbers, colours without case, and three known differences, all
    /// rendering the same or as the chart asks:
    /// - on a filled shape plotters writes `stroke="none"` (and a circle `stroke-width="1"`),
    ///   SVG's defaults, which ours leaves out;
    /// - plotters writes no `stroke-width` on an outlined rectangle (so SVG's 1 applies), ours the
    ///   width the style asks for;
    /// - plotters divides font sizes by 1.24 (its guess of points per pixel), ours writes the size
    ///   the chart asks for.
    fn same(name: &str, ours: &BTreeMap<String, String>, theirs: &BTreeMap<String, String>) -> Result<(), String> {
        let (mut ours, mut theirs) = (ours.clone(), theirs.clone());
        if theirs.get("fill").is_some_and(|f| f != "none") && theirs.get("stroke").is_some_and(|s| s == "none") {
            theirs.remove("stroke");
            theirs.remove("stroke-width");
        }
        if name == "rect" && theirs.get("fill").is_some_and(|f| f == "none") && !theirs.contains_key("stroke-width") {
            ours.remove("stroke-width");
        }
        if let Some(size) = ours.get_mut("font-size") {
            *size = (size.parse::<f64>().unwrap() / 1.24).to_string();
        }
        let keys: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
        for k in keys {
            let (a, b) = (ours.get(k.as_str()), theirs.get(k.as_str()));
            let equal = match (a, b) {
                (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
                    (Ok(x), Ok(y)) => (x - y).abs() < 1e-3,
                    _ => a.eq_ignore_ascii_case(b) || a.replace(' ', "") == b.replace(' ', ""),
                },
                _ => false,
            };
            if !equal {
                return Err(format!("<{name}> {k}: ours {a:?}, plotters' {b:?}"));
            }
        }
        Ok(())
    }

    /// The canvas draws what plotters' own SVG backend draws, element by element and attribute
    /// by attribute, for every kind of element and style the charts use.
    #[test]
    fn the_canvas_draws_what_plotters_svg_backend_draws() {
        let mut ours = String::new();
        {
            let root = SvgCanvas::new(&mut ours, (240, 220)).into_drawing_area();
            scene(&root);
            root.present().unwrap();
        }
        let mut theirs = String::new();
        {
            let root = plotters_svg::SVGBackend::with_string(&mut theirs, (240, 220)).into_drawing_area();
            scene(&root);
            root.present().unwrap();
        }
        let (a, b) = (elements(&ours), elements(&theirs));
        assert_eq!(a.len(), 11, "{ours}");
        assert_eq!(
            a.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
            b.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
            "the same elements in the same order\nours:\n{ours}\nplotters':\n{theirs}"
        );
        for ((name, x, text_a), (_, y, text_b)) in a.iter().zip(&b) {
            same(name, x, y).unwrap_or_else(|e| panic!("{e}\nours:\n{ours}\nplotters':\n{theirs}"));
            assert_eq!(text_a, text_b, "<{name}> text");
        }
    }
}
