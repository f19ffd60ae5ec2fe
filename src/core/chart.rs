//! Charts as SVG strings: plotters draws (on [`SvgCanvas`]) the bands, grid, line and points; then the
//! markup is made accessible — a `<title>` and `<desc>`, `role="img"`, a viewBox that scales, and a
//! focusable hit target per point whose `<title>` and tooltip give the exact value.
//!
//! Text never goes through plotters' layout (which measures in the DOM on wasm): labels are placed
//! with explicit anchors. Every string that comes from data is escaped here.

use crate::core::canvas::{SvgCanvas, escape, hex_rgb};
use crate::core::metrics::Tier;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DynElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colours of one theme. Tier colours and the line come from the Okabe-Ito palette (colour-blind safe).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    pub line: RGBColor,
    /// Elite, high, medium, low.
    pub tiers: [RGBColor; 4],
    pub band_alpha: f64,
}

impl Palette {
    pub fn tier(&self, t: Tier) -> RGBColor {
        self.tiers[match t {
            Tier::Elite => 0,
            Tier::High => 1,
            Tier::Medium => 2,
            Tier::Low => 3,
        }]
    }

    pub fn background_hex(&self) -> String {
        hex(self.background)
    }
}

const OKABE_ITO_TIERS: [RGBColor; 4] =
    [RGBColor(0x00, 0x9E, 0x73), RGBColor(0x56, 0xB4, 0xE9), RGBColor(0xE6, 0x9F, 0x00), RGBColor(0xD5, 0x5E, 0x00)];

pub const LIGHT: Palette = Palette {
    background: RGBColor(0xFF, 0xFF, 0xFF),
    text: RGBColor(0x1B, 0x23, 0x30),
    muted: RGBColor(0x4F, 0x5B, 0x6B),
    grid: RGBColor(0xE3, 0xE7, 0xED),
    line: RGBColor(0x00, 0x72, 0xB2),
    tiers: OKABE_ITO_TIERS,
    band_alpha: 0.14,
};

pub const DARK: Palette = Palette {
    background: RGBColor(0x17, 0x1C, 0x24),
    text: RGBColor(0xE6, 0xEA, 0xF0),
    muted: RGBColor(0xA3, 0xAE, 0xBC),
    grid: RGBColor(0x2E, 0x36, 0x42),
    line: RGBColor(0x56, 0xB4, 0xE9),
    tiers: OKABE_ITO_TIERS,
    band_alpha: 0.2,
};

const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

// Drawing fails only if plotters does (the canvas writes to a string and never fails): a failed step
// leaves the chart as drawn so far (`Option`, not plotters' error types, whose messages no user
// could act on).

/// The chart font at `px` pixels. (Built from a `FontFamily` rather than a name: plotters lower-cases
/// names, which would ship the standard library's Unicode case tables.)
fn font(px: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT), px, FontStyle::Normal)
}

/// Keeps an id to `[A-Za-z0-9_-]` so it is safe in attributes and unique-ish as given.
fn clean_id(id: &str) -> String {
    let s: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if s.is_empty() { "chart".into() } else { s }
}

fn hex(c: RGBColor) -> String {
    hex_rgb((c.0, c.1, c.2))
}

/// A horizontal band of a chart: values in `[lo, hi)` fall in `tier`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub lo: f64,
    pub hi: f64,
    pub tier: Tier,
}

/// A line chart of one series over buckets.
pub struct LineChart<'a> {
    /// A DOM id prefix, unique in the page (for `aria-labelledby`).
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub width: u32,
    pub height: u32,
    /// Tick labels, one per point ("3 Mar").
    pub labels: &'a [String],
    /// Full point names for the exact-value titles ("week of 3 Mar 2025").
    pub names: &'a [String],
    pub values: &'a [Option<f64>],
    /// Points whose bucket lies only partly in the range (empty: none). They are drawn hollow, on
    /// dashed segments, so a short first or last week does not read as a dip.
    pub partial: &'a [bool],
    /// A fixed top of the y axis (small multiples share one); `None`: from the data.
    pub y_max: Option<f64>,
    /// Tier bands shaded behind the line.
    pub bands: &'a [Band],
    /// Formats a y tick.
    pub axis: &'a dyn Fn(f64) -> String,
    /// Formats an exact point value.
    pub value: &'a dyn Fn(f64) -> String,
    /// Values are hours: above two days the ticks fall on whole days.
    pub hours: bool,
    /// Dated notes: a vertical marker with its label at each (see [`Marker`]).
    pub markers: &'a [Marker],
    pub palette: &'a Palette,
}

/// A note on a chart: a dashed vertical line at `at` (in point positions: point `i` is at `i`,
/// its bucket spans `i - 0.5 .. i + 0.5`) with `label` at its top.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub at: f64,
    pub label: String,
}

/// The smallest "nice" number (1, 2, 2.5, 5 × 10^k) at or above `v`.
pub fn nice_ceil(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let e = decade(v);
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| scaled(m, e))
        .find(|c| *c >= v * (1.0 - 1e-9))
        .unwrap_or(scaled(10.0, e))
}

/// The `e` with 10^e ≤ `v` < 10^(e+1), for a positive finite `v` (a loop over powers of ten, not a
/// logarithm: `log10` would add libm's to the wasm for two calls).
fn decade(v: f64) -> i32 {
    let mut e = 0;
    while e < 308 && scaled(1.0, e + 1) <= v {
        e += 1;
    }
    while e > -323 && scaled(1.0, e) > v {
        e -= 1;
    }
    e
}

/// `m × 10^e`, exact for negative `e` too (0.15, not 0.15000000000000002).
fn scaled(m: f64, e: i32) -> f64 {
    if e >= 0 { m * 10f64.powi(e) } else { m / 10f64.powi(-e) }
}

/// About `count` evenly spaced ticks from 0 to `top` at a nice step.
pub fn ticks(top: f64, count: usize) -> Vec<f64> {
    if top <= 0.0 || !top.is_finite() {
        return vec![0.0];
    }
    let raw = top / count.max(1) as f64;
    let e = decade(raw);
    let m = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|m| scaled(*m, e) >= raw * (1.0 - 1e-9)).unwrap_or(10.0);
    // Step = m × 10^e; tick k = k·m × 10^e, computed exactly.
    (0..).map(|k| scaled(k as f64 * m, e)).take_while(|t| *t <= top * (1.0 + 1e-9)).collect()
}

/// The top of the y axis and the tick unit: the data's maximum (or the shared maximum), stretched
/// to show the next tier edge when it is near, plus headroom, rounded up to a nice number. Hours
/// above two days tick in whole days (unit 24).
pub fn y_scale(values: &[Option<f64>], y_max: Option<f64>, bands: &[Band], hours: bool) -> (f64, f64) {
    let data = y_max.unwrap_or_else(|| values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0, f64::max));
    let mut top = data;
    let next_edge = bands.iter().flat_map(|b| [b.lo, b.hi]).filter(|e| e.is_finite() && *e > data).reduce(f64::min);
    if let Some(edge) = next_edge
        && (data == 0.0 || edge <= data * 2.5)
    {
        top = edge;
    }
    let unit = if hours && top * 1.08 >= 48.0 { 24.0 } else { 1.0 };
    (nice_ceil(top * 1.08 / unit) * unit, unit)
}

/// The top of the y axis (see [`y_scale`]).
pub fn y_top(values: &[Option<f64>], y_max: Option<f64>, bands: &[Band]) -> f64 {
    y_scale(values, y_max, bands, false).0
}

/// The plotting area: `root` less `margins` (top, bottom, left, right), in data coordinates with
/// y upwards. This is what plotters' `ChartBuilder::build_cartesian_2d` makes when there are no label
/// areas, built directly: the builder's layout code (which sorts its breakpoints) is another copy of
/// the standard sort in the wasm.
fn plot_area<'a>(
    root: &DrawingArea<SvgCanvas<'a>, Shift>,
    [top, bottom, left, right]: [i32; 4],
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
) -> Plot<'a> {
    let area = root.margin(top, bottom, left, right);
    let (xs, ys) = area.get_pixel_range();
    area.apply_coord_spec(Cartesian2d::new(x, y, (xs.start..xs.end - 1, ys.end - 1..ys.start)))
}

type Plot<'a> = DrawingArea<SvgCanvas<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draws each element of a series (a line, a dashed line, an area).
fn draw_all<'a>(
    chart: &Plot<'a>,
    series: impl IntoIterator<Item = DynElement<'static, SvgCanvas<'a>, (f64, f64)>>,
) -> Option<()> {
    for element in series {
        chart.draw(&element).ok()?;
    }
    Some(())
}

/// Draws a line chart. Never fails: a drawing error yields a chart with just its title.
pub fn line_chart(c: &LineChart) -> String {
    let id = clean_id(c.id);
    let (w, h) = (c.width.max(120), c.height.max(80));
    let n = c.values.len();
    let (top, unit) = y_scale(c.values, c.y_max, c.bands, c.hours);
    let mut svg = String::new();
    let mut points: Vec<(i32, i32, usize, f64)> = Vec::new();
    let _ = draw_line_chart(c, &mut svg, (w, h), (top, unit), &mut points);
    let mut extra = String::new();
    if n == 0 || points.is_empty() {
        extra.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{}\" font-size=\"13\" fill=\"{}\">No data in this range</text>\n",
            w / 2 + 20,
            h / 2,
            escape(FONT),
            hex(c.palette.muted)
        ));
    }
    extra.push_str("<g class=\"pts\">\n");
    for (x, y, i, v) in &points {
        let name = c.names.get(*i).or(c.labels.get(*i)).map(String::as_str).unwrap_or("");
        let value = (c.value)(*v);
        let label = escape(&format!("{name}: {value}"));
        let tip = escape(&value);
        let tw = (value.chars().count() as i32 * 7 + 16).max(28);
        let tx = (*x - tw / 2).clamp(2, w as i32 - tw - 2);
        let ty = if *y - 34 < 2 { *y + 12 } else { *y - 34 };
        extra.push_str(&format!(
            "<g class=\"pt\" tabindex=\"0\" role=\"img\" aria-label=\"{label}\"><title>{label}</title>\
<circle class=\"hit\" cx=\"{x}\" cy=\"{y}\" r=\"11\" fill=\"#000000\" fill-opacity=\"0\"/>\
<g class=\"tip\" visibility=\"hidden\"><rect x=\"{tx}\" y=\"{ty}\" width=\"{tw}\" height=\"22\" rx=\"4\" fill=\"{bg}\" stroke=\"{line}\"/>\
<text x=\"{cx}\" y=\"{ly}\" text-anchor=\"middle\" font-family=\"{font}\" font-size=\"12\" font-weight=\"600\" fill=\"{fg}\">{tip}</text></g></g>\n",
            bg = hex(c.palette.background),
            line = hex(c.palette.line),
            cx = tx + tw / 2,
            ly = ty + 15,
            font = escape(FONT),
            fg = hex(c.palette.text),
        ));
    }
    extra.push_str("</g>\n");
    finish(&svg, &id, c.title, c.desc, (w, h), "chart", &extra)
}

fn draw_line_chart(
    c: &LineChart,
    svg: &mut String,
    (w, h): (u32, u32),
    (top, unit): (f64, f64),
    points: &mut Vec<(i32, i32, usize, f64)>,
) -> Option<()> {
    let p = c.palette;
    let n = c.values.len().max(1);
    let x_range = -0.5f64..(n as f64 - 0.5);
    let root = SvgCanvas::new(svg, (w, h)).into_drawing_area();
    let chart = plot_area(&root, [12, 28, 52, 14], x_range.clone(), 0f64..top);

    // Tier bands, then their names at the right edge.
    let visible: Vec<Band> = c.bands.iter().copied().filter(|b| b.lo < top).collect();
    for b in &visible {
        let band = [(x_range.start, b.lo), (x_range.end, b.hi.min(top))];
        chart.draw(&Rectangle::new(band, p.tier(b.tier).mix(p.band_alpha).filled())).ok()?;
    }
    let small = TextStyle::from(font(10.5)).color(&p.muted);
    for b in &visible {
        let (px, py) = chart.map_coordinate(&(x_range.end, b.hi.min(top)));
        let (_, py_lo) = chart.map_coordinate(&(x_range.end, b.lo));
        if py_lo - py >= 14 {
            root.draw_text(b.tier.label(), &small.pos(Pos::new(HPos::Right, VPos::Top)), (px - 4, py + 3)).ok()?;
        }
    }

    // Horizontal grid and y ticks.
    let label = TextStyle::from(font(11.5)).color(&p.muted);
    for t in ticks(top / unit, if h < 160 { 3 } else { 5 }).into_iter().map(|t| t * unit) {
        chart.draw(&PathElement::new(vec![(x_range.start, t), (x_range.end, t)], p.grid.stroke_width(1))).ok()?;
        let (px, py) = chart.map_coordinate(&(x_range.start, t));
        root.draw_text(&(c.axis)(t), &label.pos(Pos::new(HPos::Right, VPos::Center)), (px - 8, py)).ok()?;
    }
    // X labels: at most one per ~64 px.
    let (x0, _) = chart.map_coordinate(&(x_range.start, 0.0));
    let (x1, y0) = chart.map_coordinate(&(x_range.end, 0.0));
    let every = ((n as f64 * 64.0) / f64::from((x1 - x0).max(1))).ceil().max(1.0) as usize;
    chart.draw(&PathElement::new(vec![(x_range.start, 0.0), (x_range.end, 0.0)], p.muted.stroke_width(1))).ok()?;
    for (i, l) in c.labels.iter().enumerate() {
        if (n - 1 - i).is_multiple_of(every) {
            let (px, _) = chart.map_coordinate(&(i as f64, 0.0));
            root.draw_text(l, &label.pos(Pos::new(HPos::Center, VPos::Top)), (px, y0 + 7)).ok()?;
        }
    }

    // The line, broken where a bucket has no value, dashed to and from partial buckets; its points.
    let stroke = p.line.stroke_width(2);
    let partial = |i: usize| c.partial.get(i).copied().unwrap_or(false);
    let at: Vec<Option<(f64, f64)>> =
        c.values.iter().enumerate().map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i as f64, v.min(top)))).collect();
    let mut solid: Vec<(f64, f64)> = Vec::new();
    for i in 0..at.len() {
        let Some(here) = at[i] else {
            if solid.len() > 1 {
                draw_all(&chart, LineSeries::new(solid.drain(..), stroke))?;
            }
            solid.clear();
            continue;
        };
        let (px, py) = chart.map_coordinate(&here);
        points.push((px, py, i, c.values[i].unwrap_or(here.1)));
        let prev = if i > 0 { at[i - 1] } else { None };
        match prev {
            Some(before) if partial(i - 1) || partial(i) => {
                if solid.len() > 1 {
                    draw_all(&chart, LineSeries::new(solid.drain(..), stroke))?;
                }
                solid.clear();
                for dashes in DashedLineSeries::new([before, here], 5, 4, stroke) {
                    chart.draw(&dashes).ok()?;
                }
            }
            _ => {}
        }
        if !partial(i) {
            solid.push(here);
        }
    }
    if solid.len() > 1 {
        draw_all(&chart, LineSeries::new(solid.drain(..), stroke))?;
    }
    draw_markers(c, &root, &chart, (x_range.clone(), top), w)?;
    let dot = if n > 40 { 2 } else { 3 };
    for (i, pt) in at.iter().enumerate() {
        let Some(pt) = *pt else { continue };
        if partial(i) {
            chart.draw(&Circle::new(pt, dot + 1, p.background.filled())).ok()?;
            chart.draw(&Circle::new(pt, dot + 1, p.line.stroke_width(2))).ok()?;
        } else {
            chart.draw(&Circle::new(pt, dot, p.line.filled())).ok()?;
        }
    }
    root.present().ok()?;
    Some(())
}

/// The notes: a dashed line from the axis to the top, its label beside it (left of the line when
/// the line is in the right half), on a background so it reads over the bands.
fn draw_markers<'a>(
    c: &LineChart,
    root: &DrawingArea<SvgCanvas<'a>, Shift>,
    chart: &Plot<'a>,
    (x_range, top): (std::ops::Range<f64>, f64),
    w: u32,
) -> Option<()> {
    let p = c.palette;
    let text = TextStyle::from(font(11.0)).color(&p.text);
    for (k, m) in c.markers.iter().enumerate() {
        if !(m.at >= x_range.start && m.at <= x_range.end) {
            continue;
        }
        for dashes in DashedLineSeries::new([(m.at, 0.0), (m.at, top)], 4, 3, p.text.stroke_width(1)) {
            chart.draw(&dashes).ok()?;
        }
        let (px, py) = chart.map_coordinate(&(m.at, top));
        // Labels of close notes step down a line each, so they do not overlap.
        let y = py + 2 + (k % 3) as i32 * 14;
        let label: String = m.label.chars().take(40).collect();
        let width = label.chars().count() as i32 * 11 / 2 + 8;
        let right = px + width + 4 > w as i32;
        let (x0, anchor) = if right { (px - 4, HPos::Right) } else { (px + 4, HPos::Left) };
        let bx = if right { x0 - width } else { x0 - 2 };
        root.draw(&Rectangle::new([(bx, y), (bx + width, y + 13)], p.background.mix(0.85).filled())).ok()?;
        root.draw_text(&label, &text.pos(Pos::new(anchor, VPos::Top)), (x0, y + 1)).ok()?;
    }
    Some(())
}

/// A small line without axes for cards and table cells.
pub fn sparkline(id: &str, title: &str, values: &[Option<f64>], palette: &Palette, (w, h): (u32, u32)) -> String {
    let id = clean_id(id);
    let mut svg = String::new();
    let _ = draw_sparkline(&mut svg, values, palette, (w, h));
    finish(&svg, &id, title, "", (w, h), "spark", "")
}

fn draw_sparkline(svg: &mut String, values: &[Option<f64>], p: &Palette, (w, h): (u32, u32)) -> Option<()> {
    let n = values.len().max(2);
    let max = values.iter().flatten().copied().filter(|v| v.is_finite()).fold(0.0, f64::max);
    let top = if max > 0.0 { max * 1.1 } else { 1.0 };
    let root = SvgCanvas::new(svg, (w, h)).into_drawing_area();
    let chart = plot_area(&root, [3; 4], 0f64..(n - 1) as f64, 0f64..top);
    let pts: Vec<(f64, f64)> =
        values.iter().enumerate().filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i as f64, v))).collect();
    if pts.len() > 1 {
        draw_all(&chart, AreaSeries::new(pts.iter().copied(), 0.0, p.line.mix(0.12)))?;
        draw_all(&chart, LineSeries::new(pts.iter().copied(), p.line.stroke_width(2)))?;
    }
    if let Some(&last) = pts.last() {
        chart.draw(&Circle::new(last, 2, p.line.filled())).ok()?;
    } else {
        chart.draw(&PathElement::new(vec![(0.0, 0.0), ((n - 1) as f64, 0.0)], p.grid.stroke_width(1))).ok()?;
    }
    root.present().ok()?;
    Some(())
}

/// A chart on an opaque background of its palette (after its title and description, before the
/// drawing), for files shown on pages of any colour.
pub fn opaque(svg: &str, p: &Palette) -> String {
    let rect = format!("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"{}\"/>\n", hex(p.background));
    let at = svg.find("</desc>\n").map(|i| i + 8).or_else(|| svg.find("</title>\n").map(|i| i + 9));
    match at {
        Some(i) => format!("{}{rect}{}", &svg[..i], &svg[i..]),
        None => svg.to_string(),
    }
}

/// Replaces plotters' `<svg …>` with an accessible, scalable one and appends `extra` before `</svg>`.
fn finish(svg: &str, id: &str, title: &str, desc: &str, (w, h): (u32, u32), class: &str, extra: &str) -> String {
    let body = match (svg.find('>'), svg.rfind("</svg>")) {
        (Some(open), Some(close)) if open < close => &svg[open + 1..close],
        _ => "",
    };
    let labelled = if desc.is_empty() { format!("{id}-t") } else { format!("{id}-t {id}-d") };
    let mut out = String::with_capacity(body.len() + extra.len() + 400);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"{labelled}\">\n<title id=\"{id}-t\">{}</title>\n",
        escape(title)
    ));
    if !desc.is_empty() {
        out.push_str(&format!("<desc id=\"{id}-d\">{}</desc>\n", escape(desc)));
    }
    out.push_str(body.trim_start_matches('\n'));
    out.push_str(extra);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::{Bucket, DORA_2023};
    use crate::core::view::{Metric, tier_bands};

    /// Partial buckets (a range's cut first or last week) are hollow points on dashed segments;
    /// whole ones are filled points on one solid line.
    #[test]
    fn partial_buckets_are_hollow_and_dashed() {
        let values = [Some(2.0), Some(10.0), Some(12.0), Some(11.0), Some(3.0)];
        let draw = |partial: &[bool]| chart_with(&values, "t", partial);
        let hollow = |svg: &str| {
            let tags = svg.split("<circle").skip(1).map(|c| &c[..c.find('>').unwrap_or(c.len())]);
            tags.filter(|t| t.contains("fill=\"none\"")).count()
        };
        let lines = |svg: &str| svg.matches("<polyline").count();
        let whole = draw(&[]);
        assert_eq!(hollow(&whole), 0);
        let cut = draw(&[true, false, false, false, true]);
        assert_eq!(hollow(&cut), 2, "the first and last points are hollow");
        // Grid and axis lines are polylines too: the cut chart adds the dashes of two segments.
        assert!(lines(&cut) >= lines(&whole) + 4, "dashes: {} vs {}", lines(&cut), lines(&whole));
        assert_eq!(cut.matches("class=\"pt\"").count(), 5, "every point keeps its exact value");
    }

    fn chart(values: &[Option<f64>], title: &str) -> String {
        chart_with(values, title, &[])
    }

    fn chart_with(values: &[Option<f64>], title: &str, partial: &[bool]) -> String {
        let labels: Vec<String> = (0..values.len()).map(|i| format!("w{i}")).collect();
        let names: Vec<String> = (0..values.len()).map(|i| format!("week {i} <b>")).collect();
        let bands = tier_bands(Metric::LeadTime, &DORA_2023, Bucket::Week);
        line_chart(&LineChart {
            id: "c1",
            title,
            desc: "median lead time per week",
            width: 600,
            height: 240,
            labels: &labels,
            names: &names,
            values,
            partial,
            y_max: None,
            bands: &bands,
            axis: &|v| Metric::LeadTime.format_axis(v),
            value: &|v| Metric::LeadTime.format(Some(v)),
            hours: true,
            markers: &[Marker { at: 1.5, label: "Moved to <trunk>".into() }],
            palette: &LIGHT,
        })
    }

    #[test]
    fn a_chart_is_accessible_scalable_svg_with_exact_values() {
        let svg = chart(&[Some(10.0), Some(30.0), None, Some(5.5)], "Lead time of <img src=x onerror=alert(1)>");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", &svg[..100]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("viewBox=\"0 0 600 240\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-t c1-d\""));
        assert!(svg.contains("<title id=\"c1-t\">Lead time of &lt;img src=x onerror=alert(1)&gt;</title>"));
        assert!(!svg.contains("<img"));
        // One focusable point per value, with the exact value; no point for the gap.
        assert_eq!(svg.matches("class=\"pt\" tabindex=\"0\"").count(), 3);
        assert!(svg.contains("<title>week 1 &lt;b&gt;: 30.0h</title>"));
        assert!(svg.contains("<title>week 3 &lt;b&gt;: 5.5h</title>"));
        // Tier bands are shaded and named; the line is drawn.
        assert!(svg.contains("\nelite\n</text>"), "band labels");
        assert!(svg.contains("<polyline"));
        assert_eq!(svg.matches("<svg").count(), 1);
        // The note is drawn with its label, escaped.
        assert!(svg.contains("Moved to &lt;trunk&gt;"), "marker label");
    }

    #[test]
    fn decades_are_those_of_the_logarithm() {
        for v in [1e-5, 0.0099, 0.01, 0.15, 1.0, 9.99, 10.0, 11.0, 99.5, 100.0, 1234.5, 1e6, 3.7e9] {
            assert_eq!(decade(v), v.log10().floor() as i32, "{v}");
        }
    }

    #[test]
    fn an_empty_chart_says_so() {
        let svg = chart(&[None, None], "Empty");
        assert!(svg.contains("No data in this range"));
        assert!(!svg.contains("class=\"pt\""));
        let svg = chart(&[], "Nothing");
        assert!(svg.contains("No data in this range"));
    }

    #[test]
    fn sparklines_are_small_titled_svgs() {
        let s = sparkline("s1", "Trend & more", &[Some(1.0), Some(3.0), None, Some(2.0)], &DARK, (120, 32));
        assert!(s.contains("<title id=\"s1-t\">Trend &amp; more</title>"));
        assert!(s.contains("class=\"spark\""));
        assert!(s.contains("<polyline"));
        let e = sparkline("s2", "none", &[], &LIGHT, (120, 32));
        assert!(e.starts_with("<svg"));
    }

    #[test]
    fn scales_are_nice() {
        assert_eq!(nice_ceil(7.3), 8.0);
        assert_eq!(nice_ceil(0.13), 0.15);
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(ticks(10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(ticks(0.15, 3), vec![0.0, 0.05, 0.1, 0.15]);
        // The next tier edge is shown when near: lead 20h → the 24h edge is in view.
        let bands = tier_bands(Metric::LeadTime, &DORA_2023, Bucket::Week);
        assert!(y_top(&[Some(20.0)], None, &bands) >= 24.0);
        assert!(y_top(&[Some(2.0)], None, &bands) < 24.0);
        assert_eq!(y_top(&[Some(2.0)], Some(50.0), &[]), 60.0);
        // Hours above two days tick in days: 100 h → top 5 days, unit 24.
        assert_eq!(y_scale(&[Some(100.0)], None, &[], true), (120.0, 24.0));
        assert_eq!(y_scale(&[Some(10.0)], None, &[], true), (12.0, 1.0));
    }
}
