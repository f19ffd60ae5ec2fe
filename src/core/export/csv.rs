//! The report as CSV: one row per team, spreadsheet formulas defused.

use crate::core::metrics::{Report, Tier};

/// Escapes a CSV field and defuses spreadsheet formulas.
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// A number rounded to 6 decimals, without trailing zeros.
fn num(v: Option<f64>) -> String {
    let mut out = String::new();
    if let Some(v) = v {
        crate::core::decimal::push_trimmed(&mut out, (v * 1e6).round() / 1e6, 6);
    }
    out
}

/// One row per team (overall first), the numbers of the report JSON flattened.
pub fn to_csv(r: &Report) -> String {
    let mut out = String::from(
        "team,from,to,tz,deployments,deploy_days,deploys_per_week,median_deploy_days_per_week,deployment_frequency_tier,\
lead_time_samples,lead_time_median_hours,lead_time_p75_hours,lead_time_p90_hours,lead_time_tier,\
failed_deployments,change_failure_rate,change_failure_tier,recovery_incidents,recovery_median_hours,recovery_p90_hours,recovery_tier,open_incidents,\
rework_deployments,rework_rate\n",
    );
    for s in std::iter::once(&r.overall).chain(&r.teams) {
        let n = &s.numbers;
        let t = |t: Option<Tier>| t.map_or("", Tier::label);
        let cols = [
            csv_field(&s.team),
            r.range.from.clone(),
            r.range.to.clone(),
            csv_field(&r.range.tz),
            n.deployments.to_string(),
            n.deploy_days.to_string(),
            num(Some(n.deploys_per_week)),
            num(n.median_deploy_days_per_week),
            t(n.deployment_frequency_tier).into(),
            n.lead_time.samples.to_string(),
            num(n.lead_time.median_hours),
            num(n.lead_time.p75_hours),
            num(n.lead_time.p90_hours),
            t(n.lead_time.tier).into(),
            n.change_failure_rate.failed_deployments.to_string(),
            num(n.change_failure_rate.rate),
            t(n.change_failure_rate.tier).into(),
            n.recovery_time.incidents.to_string(),
            num(n.recovery_time.median_hours),
            num(n.recovery_time.p90_hours),
            t(n.recovery_time.tier).into(),
            n.recovery_time.open_incidents.to_string(),
            n.rework_rate.rework_deployments.to_string(),
            num(n.rework_rate.rate),
        ];
        out.push_str(&cols.join(","));
        out.push('\n');
    }
    out
}
