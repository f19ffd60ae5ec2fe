//! One metric of a trend as a chart: the points' labels and names, the tier bands, the notes as
//! markers, and the rows of its data table. The dashboard, the HTML report and the SVG files for
//! wikis draw their trend charts through this one function.

use super::annotations::{Annotation, markers};
use super::{Metric, fmt_bucket_label, point_name};
use crate::core::chart::{self, Band, LineChart, Palette};
use crate::core::metrics::{Bucket, Trend};

/// A chart's SVG for one metric of a trend, and its values as table rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    pub svg: String,
    /// (point name, formatted value).
    pub rows: Vec<(String, String)>,
    pub size: (u32, u32),
}

/// What a trend chart is drawn with, besides the trend.
pub struct ChartSpec<'a> {
    /// A DOM id prefix, unique in the page.
    pub id: &'a str,
    pub title: &'a str,
    pub metric: Metric,
    /// A shared top of the y axis (small multiples); `None`: from the data.
    pub y_max: Option<f64>,
    pub bands: &'a [Band],
    pub notes: &'a [Annotation],
    pub palette: &'a Palette,
    pub size: (u32, u32),
}

/// The points of a trend as tick labels and full names.
pub fn trend_labels(t: &Trend, bucket: Bucket) -> (Vec<String>, Vec<String>) {
    let labels = t.points.iter().map(|p| fmt_bucket_label(&p.start, bucket)).collect();
    let names = t.points.iter().map(|p| point_name(p, bucket)).collect();
    (labels, names)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => std::iter::once(f.to_ascii_uppercase()).chain(c).collect(),
        None => String::new(),
    }
}

/// The chart of `spec.metric` along `trend`.
pub fn metric_chart(spec: &ChartSpec, trend: &Trend) -> ChartData {
    let metric = spec.metric;
    let values = super::series(metric, trend);
    let (labels, names) = trend_labels(trend, trend.bucket);
    let partial: Vec<bool> = trend.points.iter().map(|p| p.is_partial(trend.bucket)).collect();
    let marks = markers(spec.notes, trend);
    let mut desc = format!(
        "{} by {}",
        capitalize(metric.point_unit(trend.bucket)),
        if trend.bucket == Bucket::Week { "week" } else { "month" }
    );
    if !marks.is_empty() {
        let labels: Vec<&str> = marks.iter().map(|m| m.label.as_str()).collect();
        desc.push_str(&format!("; marked: {}", labels.join("; ")));
    }
    let svg = chart::line_chart(&LineChart {
        id: spec.id,
        title: spec.title,
        desc: &desc,
        width: spec.size.0,
        height: spec.size.1,
        labels: &labels,
        names: &names,
        values: &values,
        partial: &partial,
        y_max: spec.y_max,
        bands: spec.bands,
        axis: &|v| metric.format_axis(v),
        value: &|v| metric.format_point(Some(v)),
        hours: metric.in_hours(),
        markers: &marks,
        palette: spec.palette,
    });
    let rows = names.into_iter().zip(values).map(|(n, v)| (n, metric.format_point(v))).collect();
    ChartData { svg, rows, size: spec.size }
}
