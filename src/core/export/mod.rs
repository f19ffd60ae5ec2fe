//! The report in every format a user takes it away in: JSON, Markdown (wikis), CSV and one HTML
//! file (meetings), and the trend charts as SVG files with a wiki page. Names from files are escaped
//! for each format.

mod charts;
mod csv;
mod html;
mod json;
mod markdown;
mod rollup;
mod units;

pub use charts::{ChartFile, chart_files, team_slugs};
pub use csv::{csv_field, to_csv};
#[cfg(not(target_arch = "wasm32"))]
pub use html::STYLESHEET;
pub use html::{MULTIPLE, ReportDoc, WIDE, html_escape, range_caption, to_html};
pub use json::to_json;
pub use markdown::{md_escape, to_markdown};
pub use rollup::{RollupFormat, rollup_csv, rollup_json};
pub use units::{hours, percent};

#[cfg(not(target_arch = "wasm32"))]
use crate::core::metrics::Report;

/// A format the report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Markdown,
    Csv,
    Html,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 4] =
        [ReportFormat::Json, ReportFormat::Markdown, ReportFormat::Csv, ReportFormat::Html];

    /// Its name in `--format` (`md` is read as Markdown too).
    pub fn id(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Markdown => "markdown",
            ReportFormat::Csv => "csv",
            ReportFormat::Html => "html",
        }
    }

    pub fn parse(s: &str) -> Option<ReportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" => Some(ReportFormat::Markdown),
            id => ReportFormat::ALL.into_iter().find(|f| f.id() == id),
        }
    }

    /// The file extension of a download.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Markdown => "md",
            ReportFormat::Csv => "csv",
            ReportFormat::Html => "html",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ReportFormat::Json => "application/json",
            ReportFormat::Markdown => "text/markdown",
            ReportFormat::Csv => "text/csv",
            ReportFormat::Html => "text/html",
        }
    }

    /// The report in this format.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn render(self, r: &Report) -> String {
        self.render_doc(&ReportDoc::of(r))
    }

    /// The report in this format, with the overall trend and notes the HTML report shows.
    pub fn render_doc(self, d: &ReportDoc) -> String {
        match self {
            ReportFormat::Json => to_json(d.report),
            ReportFormat::Markdown => to_markdown(d.report),
            ReportFormat::Csv => to_csv(d.report),
            ReportFormat::Html => to_html(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(md_escape("<img src=x onerror=alert(1)>|a"), "\\<img src=x onerror=alert(1)\\>\\|a");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(hours(Some(0.5)), "30m");
        assert_eq!(hours(Some(72.0)), "3.0d");
    }
}
