//! Durations and rates as the exports and the dashboard write them: 45m, 5.2h, 3.1d; 12.5%.

use crate::core::decimal::Fixed;

/// Hours as a short human duration: 45m, 5.2h, 3.1d.
pub fn hours(h: Option<f64>) -> String {
    match h {
        None => "–".into(),
        Some(h) if h < 1.0 => format!("{}m", Fixed(h * 60.0, 0)),
        Some(h) if h < 48.0 => format!("{}h", Fixed(h, 1)),
        Some(h) => format!("{}d", Fixed(h / 24.0, 1)),
    }
}

pub fn percent(r: Option<f64>) -> String {
    r.map_or("–".into(), |r| format!("{}%", Fixed(r * 100.0, 1)))
}
