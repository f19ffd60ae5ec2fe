//! The report as one self-contained HTML file for meetings, mail and file shares: the overview
//! cards, the teams table, the notes and a page of trend charts per metric. Inline CSS and SVG,
//! no script, no external request; light and dark by `prefers-color-scheme`; one section per
//! printed page. Every name from files is escaped ([`html_escape`]).

#[cfg(test)]
use crate::core::canvas::hex_rgb;
#[cfg(test)]
use crate::core::chart::DARK;
use crate::core::chart::{self, LIGHT, Palette};
use crate::core::metrics::{Report, Tier, Trend};
use crate::core::time::parse_date;
use crate::core::view::{
    self, Annotation, Card, ChartSpec, Metric, Verdict, fmt_day, fmt_range, metric_chart, shared_max,
    sorted_annotations, tier_bands,
};

/// Everything the HTML report shows.
pub struct ReportDoc<'a> {
    pub report: &'a Report,
    /// The trend of all selected teams together ([`Report::overall_trend`], or the dashboard's).
    pub overall: Option<&'a Trend>,
    /// Dated notes: marked on every trend chart and listed on the first page.
    pub notes: &'a [Annotation],
    /// The stylesheet inlined into the HTML report ([`STYLESHEET`]).
    pub stylesheet: &'a str,
}

impl<'a> ReportDoc<'a> {
    /// A report's document with its own overall trend, no notes and the built-in stylesheet.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn of(report: &'a Report) -> ReportDoc<'a> {
        ReportDoc { report, overall: report.overall_trend.as_ref(), notes: &[], stylesheet: STYLESHEET }
    }
}

/// Escapes text for HTML content and quoted attribute values.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The sizes charts are drawn at (the dashboard's): the overall chart, a team's, a card's
/// sparkline, a table cell's.
pub const WIDE: (u32, u32) = (960, 260);
pub const MULTIPLE: (u32, u32) = (460, 220);
const CARD_SPARK: (u32, u32) = (220, 40);
const CELL_SPARK: (u32, u32) = (96, 26);

/// "2 Aug – 30 Oct 2026 · 90 days · UTC · compared with 4 May – 1 Aug 2026 · DORA 2023 benchmark".
pub fn range_caption(r: &Report) -> String {
    let range = |from: &str, to: &str| match (parse_date(from), parse_date(to)) {
        (Ok(f), Ok(t)) => Some((fmt_range(f, t), t - f)),
        _ => None,
    };
    let (now, days) = range(&r.range.from, &r.range.to).unwrap_or_default();
    let prev = range(&r.overall.previous.from, &r.overall.previous.to).map(|p| p.0).unwrap_or_default();
    format!("{now} · {days} days · {} · compared with {prev} · DORA {} benchmark", r.range.tz, r.benchmark)
}

fn bucket_word(t: &Trend) -> &'static str {
    match t.bucket {
        crate::core::metrics::Bucket::Week => "week",
        crate::core::metrics::Bucket::Month => "month",
    }
}

fn tier_badge(tier: Option<Tier>, metric: Metric) -> String {
    match tier {
        Some(t) => format!("<span class=\"tier tier-{0}\">{1}</span>", t.label(), capitalize(t.label())),
        None if metric == Metric::ReworkRate => "<span class=\"tier tier-none\">no DORA tier</span>".into(),
        None => "<span class=\"tier tier-none\">no tier</span>".into(),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => std::iter::once(f.to_ascii_uppercase()).chain(c).collect(),
        None => String::new(),
    }
}

fn card_html(card: &Card, spark: Option<String>) -> String {
    let m = card.metric;
    let delta = card.delta.as_ref().map_or(String::new(), |d| {
        let word = match d.verdict {
            Verdict::Better => " · better",
            Verdict::Worse => " · worse",
            Verdict::Same => "",
        };
        format!(
            "<span class=\"delta {}\" title=\"{}\"><span aria-hidden=\"true\">{}</span> {}<span class=\"delta-word\">{word}</span></span>",
            d.verdict.class(),
            html_escape(&d.previous),
            d.arrow(),
            html_escape(&d.text)
        )
    });
    let empty = card.empty.map_or(String::new(), |e| format!("<p class=\"card-empty\">{}</p>", html_escape(e)));
    format!(
        "<article class=\"card metric-card\" data-metric=\"{id}\">\n<h3>{label}</h3>\n\
<div class=\"value-row\"><span class=\"value\">{value}</span> <span class=\"unit\">{unit}</span></div>\n\
<div class=\"badges\">{badge} {delta}</div>\n{spark}\n<p class=\"detail\">{detail}</p>{empty}\n</article>\n",
        id = m.id(),
        label = m.label(),
        value = html_escape(&card.value),
        unit = card.unit,
        badge = tier_badge(card.tier, m),
        spark = spark.map_or(String::new(), |s| format!("<div class=\"spark-wrap\">{s}</div>")),
        detail = html_escape(&card.detail),
    )
}

fn overview(d: &ReportDoc, p: &Palette) -> String {
    let r = d.report;
    let mut out = String::from("<div class=\"cards\">\n");
    for m in Metric::ALL {
        let spark = d.overall.map(|t| {
            let title = format!("{} trend by {}", m.label(), bucket_word(t));
            chart::sparkline(&format!("ov-{}", m.id()), &title, &view::spark_series(m, t), p, CARD_SPARK)
        });
        out.push_str(&card_html(&view::card(m, &r.overall), spark));
    }
    out.push_str("</div>\n");
    out
}

fn notes_list(notes: &[Annotation]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<div class=\"card notes\" id=\"notes\">\n<h2>Notes</h2>\n<p class=\"caption\">Marked on every trend chart as a dashed line.</p>\n<ul>\n",
    );
    for n in sorted_annotations(notes) {
        out.push_str(&format!(
            "<li><time datetime=\"{}\">{}</time> {}</li>\n",
            crate::core::time::format_date(n.day),
            fmt_day(n.day),
            html_escape(&n.text)
        ));
    }
    out.push_str("</ul>\n</div>\n");
    out
}

fn teams_table(d: &ReportDoc, p: &Palette) -> String {
    let r = d.report;
    let mut out = String::from(
        "<div class=\"card table-card\">\n<table class=\"teams-table\">\n<thead><tr><th scope=\"col\">Team</th>",
    );
    for m in Metric::ALL {
        out.push_str(&format!("<th scope=\"col\">{}</th>", m.short_label()));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    if r.teams.is_empty() {
        out.push_str(
            "<tr><td colspan=\"6\" class=\"empty-row\">No team has deployments or incidents in this range.</td></tr>\n",
        );
    }
    for (i, s) in r.teams.iter().enumerate() {
        let trend = r.trends.iter().find(|t| t.team == s.team);
        out.push_str(&format!("<tr><th scope=\"row\" class=\"team-name\">{}</th>", html_escape(&s.team)));
        for m in Metric::ALL {
            let badge = if m == Metric::ReworkRate { String::new() } else { tier_badge(m.tier(&s.numbers), m) };
            let spark = trend.map_or(String::new(), |t| {
                let title = format!("{} trend of {}", m.label(), s.team);
                chart::sparkline(&format!("tt-{i}-{}", m.id()), &title, &view::spark_series(m, t), p, CELL_SPARK)
            });
            out.push_str(&format!(
                "<td class=\"metric-cell\" data-metric=\"{}\"><div class=\"cell\"><span class=\"cell-value\">{}</span>{badge}</div><div class=\"cell-spark\">{spark}</div></td>",
                m.id(),
                html_escape(&m.format(m.value(&s.numbers)))
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

/// The trend charts of one metric: all selected teams, then one per team on one scale.
fn metric_page(d: &ReportDoc, m: Metric, p: &Palette) -> String {
    let r = d.report;
    let bench = crate::core::metrics::Benchmark::by_year(r.benchmark).unwrap_or(crate::core::metrics::DORA_2023);
    let bucket = d.overall.map_or(crate::core::metrics::Bucket::Week, |t| t.bucket);
    let bands = tier_bands(m, &bench, bucket);
    let series: Vec<Vec<Option<f64>>> = r.trends.iter().map(|t| view::series(m, t)).collect();
    let shared = shared_max(&series);
    let mut out = format!(
        "<section class=\"page trends\" id=\"trend-{id}\" aria-labelledby=\"trend-{id}-h\">\n<h2 id=\"trend-{id}-h\">{label}</h2>\n\
<p class=\"caption\">{unit} by {bucket}. One chart per team on the same scale; shaded bands are the benchmark's tiers; a hollow point is a {bucket} only partly inside the range.</p>\n",
        id = m.id(),
        label = m.label(),
        unit = capitalize(m.point_unit(bucket)),
        bucket = if bucket == crate::core::metrics::Bucket::Week { "week" } else { "month" },
    );
    if let Some(t) = d.overall {
        let title = format!("{} — all selected teams", m.label());
        let spec = ChartSpec {
            id: &format!("tr-{}-all", m.id()),
            title: &title,
            metric: m,
            y_max: None,
            bands: &bands,
            notes: d.notes,
            palette: p,
            size: WIDE,
        };
        let c = metric_chart(&spec, t);
        out.push_str(&format!(
            "<figure class=\"card wide-chart\"><figcaption>All selected teams</figcaption>{}</figure>\n",
            c.svg
        ));
    }
    out.push_str("<div class=\"multiples\">\n");
    for (i, t) in r.trends.iter().enumerate() {
        let title = format!("{} of team {}", m.label(), t.team);
        let spec = ChartSpec {
            id: &format!("tr-{}-{i}", m.id()),
            title: &title,
            metric: m,
            y_max: shared,
            bands: &bands,
            notes: d.notes,
            palette: p,
            size: MULTIPLE,
        };
        let c = metric_chart(&spec, t);
        out.push_str(&format!(
            "<figure class=\"card multiple\"><figcaption>{}</figcaption>{}</figure>\n",
            html_escape(&t.team),
            c.svg
        ));
    }
    out.push_str("</div>\n</section>\n");
    out
}

/// The report as one HTML document.
pub fn to_html(d: &ReportDoc) -> String {
    let r = d.report;
    let p = &LIGHT;
    let heading = "All selected teams";
    let caption = html_escape(&range_caption(r));
    let mut out = String::with_capacity(256 * 1024);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n\
<meta name=\"generator\" content=\"DORA Lens\">\n<title>DORA metrics, {title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n",
        title = html_escape(&fmt_range_of(r)),
        css = d.stylesheet,
    ));
    out.push_str(&format!(
        "<header class=\"doc-head\">\n<p class=\"brand\">DORA Lens</p>\n<h1>DORA metrics</h1>\n<p class=\"caption range\">{caption}</p>\n\
<dl class=\"facts\"><div><dt>Range</dt><dd>{range}</dd></div><div><dt>Time zone</dt><dd>{tz}</dd></div>\
<div><dt>Benchmark</dt><dd>DORA {bench}</dd></div><div><dt>Teams</dt><dd>{teams}</dd></div></dl>\n</header>\n<main>\n",
        range = html_escape(&fmt_range_of(r)),
        tz = html_escape(&r.range.tz),
        bench = r.benchmark,
        teams = r.teams.len(),
    ));
    out.push_str(&format!(
        "<section class=\"page\" id=\"overview\" aria-labelledby=\"overview-h\">\n<h2 id=\"overview-h\">{heading}</h2>\n"
    ));
    out.push_str(&overview(d, p));
    out.push_str(&notes_list(d.notes));
    out.push_str("</section>\n");
    out.push_str("<section class=\"page\" id=\"teams\" aria-labelledby=\"teams-h\">\n<h2 id=\"teams-h\">Teams</h2>\n");
    out.push_str(&teams_table(d, p));
    out.push_str("</section>\n");
    for m in Metric::ALL {
        out.push_str(&metric_page(d, m, p));
    }
    if !r.warnings.is_empty() {
        out.push_str("<section class=\"page\" id=\"warnings\" aria-labelledby=\"warnings-h\">\n<h2 id=\"warnings-h\">Warnings</h2>\n<ul class=\"warnings\">\n");
        for w in &r.warnings {
            out.push_str(&format!("<li>{}</li>\n", html_escape(w)));
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</main>\n<footer><p>Generated by DORA Lens. Definitions: DORA ");
    out.push_str(&r.benchmark.to_string());
    out.push_str(" benchmark; see docs/metrics.md.</p></footer>\n</body>\n</html>\n");
    out
}

fn fmt_range_of(r: &Report) -> String {
    match (parse_date(&r.range.from), parse_date(&r.range.to)) {
        (Ok(f), Ok(t)) => fmt_range(f, t),
        _ => format!("{} to {}", r.range.from, r.range.to),
    }
}

/// The stylesheet's last block: in a dark scheme, the charts' light colours become the dark
/// palette's (the SVG writes colours as attributes, and CSS overrides attributes; the SVG files
/// keep their own colours). Written out in style/report.css, checked against the palettes here.
#[cfg(test)]
fn dark_css() -> String {
    let pairs = |a: &Palette, b: &Palette| {
        [(a.background, b.background), (a.text, b.text), (a.muted, b.muted), (a.grid, b.grid), (a.line, b.line)]
    };
    let mut css = String::from(
        "@media screen and (prefers-color-scheme: dark) {\n:root {\ncolor-scheme: dark; --bg: #0e1217; --surface: #171c24; --surface-2: #1c222b; --border: #2b333e; \
--text: #e6eaf0; --muted: #a8b2bf; --faint: #8d98a6; --accent: #56b4e9; --better: #4fd1a5; --worse: #ff9d63; --same: #a8b2bf; \
--elite-bg: #0b3a2c; --elite-fg: #86e3c3; --high-bg: #0d3350; --high-fg: #a6d8f6; --medium-bg: #42300a; --medium-fg: #ffd27a; \
--low-bg: #4a1f08; --low-fg: #ffb48c; --none-bg: #252c36; --none-fg: #a8b2bf; --shadow: 0 1px 2px rgba(0, 0, 0, 0.3);\n}\n",
    );
    for (l, d) in pairs(&LIGHT, &DARK) {
        let (l, d) = (hex(l), hex(d));
        css.push_str(&format!("svg [fill=\"{l}\"] {{ fill: {d}; }} svg [stroke=\"{l}\"] {{ stroke: {d}; }}\n"));
    }
    css.push_str("}\n");
    css
}

#[cfg(test)]
fn hex(c: plotters::style::RGBColor) -> String {
    hex_rgb((c.0, c.1, c.2))
}

/// The report's look (style/report.css): the dashboard's colours, type and cards, for a page that
/// stands alone, a projector and print. Built into the CLI; the dashboard keeps it out of its wasm
/// (its download budget) and fetches the same file, next to the app, when a report is downloaded.
#[cfg(not(target_arch = "wasm32"))]
pub const STYLESHEET: &str = include_str!("../../../style/report.css");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_both_quotes() {
        assert_eq!(
            html_escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn dark_css_maps_every_chart_colour() {
        let css = dark_css();
        assert!(STYLESHEET.ends_with(&css), "style/report.css must end with the chart palettes' dark block:\n{css}");
        assert!(css.contains("svg [fill=\"#ffffff\"] { fill: #171c24; }"), "{css}");
        assert!(css.contains("svg [stroke=\"#0072b2\"] { stroke: #56b4e9; }"));
    }
}
