//! Every metric rule of docs/metrics.md, as data: input exports, options, and hand-computed
//! expectations at JSON paths of the report. One `check` helper runs them all.

use doralens::core::export;
use doralens::core::import::{Hint, ImportOptions, build_dataset, import_file};
use doralens::core::metrics::{AnalysisOptions, Bucket, DORA_2021, ReportOptions, analyze, report};
use doralens::core::time::{Zone, parse_date};
use serde_json::{Value, json};

mod common;
#[path = "metrics/sql_fixtures.rs"]
mod sql_fixtures;

struct Case {
    name: &'static str,
    deploys: &'static str,
    incidents: &'static str,
    tz: &'static str,
    from: Option<&'static str>,
    to: Option<&'static str>,
    bucket: Bucket,
    window: Option<f64>,
    expect: Vec<(&'static str, Value)>,
}

impl Default for Case {
    fn default() -> Self {
        Case {
            name: "",
            deploys: "",
            incidents: "",
            tz: "UTC",
            from: None,
            to: None,
            bucket: Bucket::Week,
            window: None,
            expect: vec![],
        }
    }
}

fn run(c: &Case) -> Value {
    let zone = Zone::named(c.tz).unwrap();
    let opts = ImportOptions { zone: zone.clone(), ..ImportOptions::default() };
    let mut files = Vec::new();
    if !c.deploys.is_empty() {
        files.push(
            import_file("d.csv", c.deploys.as_bytes(), 0, &ImportOptions { hint: Hint::Deployments, ..opts.clone() })
                .unwrap(),
        );
    }
    if !c.incidents.is_empty() {
        files.push(
            import_file("i.csv", c.incidents.as_bytes(), 1, &ImportOptions { hint: Hint::Incidents, ..opts.clone() })
                .unwrap(),
        );
    }
    let (data, _) = build_dataset(&files);
    let a = analyze(&data, &AnalysisOptions { zone, link_window_hours: c.window });
    let ro = ReportOptions {
        from: c.from.map(|d| parse_date(d).unwrap()),
        to: c.to.map(|d| parse_date(d).unwrap()),
        bucket: c.bucket,
        overall_trend: true,
        ..ReportOptions::default()
    };
    let r = report(&a, &ro, 0);
    common::assert_rollup_round_trip(&r, c.name);
    serde_json::from_str(&export::to_json(&r)).unwrap()
}

/// Follows `overall.lead_time.median_hours`, `teams[1].team`, `trends[0].points[2].deployments`;
/// a last `len` is the length of an array (`trends[0].points.len`). A key or index the report
/// does not have is a failure (a mistyped path never reads as `null`); a present `null` is a value.
fn at(v: &Value, path: &str) -> Result<Value, String> {
    let mut cur = v;
    for part in path.split('.') {
        if part == "len" {
            return cur.as_array().map(|a| json!(a.len())).ok_or_else(|| format!("{path}: not an array"));
        }
        let (key, idx) = match part.find('[') {
            Some(i) => {
                (&part[..i], Some(part[i + 1..part.len() - 1].parse::<usize>().map_err(|e| format!("{part}: {e}"))?))
            }
            None => (part, None),
        };
        if !key.is_empty() {
            cur = cur.get(key).ok_or_else(|| format!("{path}: no key {key:?} (keys: {:?})", keys(cur)))?;
        }
        if let Some(i) = idx {
            let len = cur.as_array().map_or(0, Vec::len);
            cur = cur.get(i).ok_or_else(|| format!("{path}: no index {i} (length {len})"))?;
        }
    }
    Ok(cur.clone())
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
}

#[test]
fn a_mistyped_path_fails() {
    let v = json!({"overall": {"lead_time": {"median_hours": null}}, "teams": [{"team": "a"}]});
    assert_eq!(at(&v, "overall.lead_time.median_hours"), Ok(Value::Null));
    assert_eq!(at(&v, "teams.len"), Ok(json!(1)));
    assert!(at(&v, "overall.lead_time.medain_hours").unwrap_err().contains("no key \"medain_hours\""));
    assert!(at(&v, "teams[1].team").unwrap_err().contains("no index 1"));
}

fn check(c: &Case) {
    let got = run(c);
    for (path, want) in &c.expect {
        let g = at(&got, path).unwrap_or_else(|e| panic!("[{}] {e}", c.name));
        let ok = match (g.as_f64(), want.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            _ => g == *want,
        };
        assert!(ok, "[{}] {path}: got {g}, want {want}\nreport: {got:#}", c.name);
    }
}

const H: f64 = 1.0;

#[test]
fn metric_rules() {
    for c in &cases() {
        check(c);
    }
}

/// The cases of [`metric_rules`]: also the datasets the warehouse SQL is tested on (tests/sql/).
fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "production and success filter; team falls back to service",
            deploys: "id,service,environment,status,deployed_at\n\
                      1,api,production,success,2025-03-03T10:00:00Z\n\
                      2,api,PROD,,2025-03-04T10:00:00Z\n\
                      3,api,staging,success,2025-03-05T10:00:00Z\n\
                      4,api,,failed,2025-03-05T11:00:00Z\n\
                      5,api,live,Deployed,2025-03-06T10:00:00Z\n",
            expect: vec![("overall.deployments", json!(3)), ("teams[0].team", json!("api"))],
            ..Case::default()
        },
        Case {
            name: "duplicate ids keep the latest deployed_at",
            deploys: "id,team,deployed_at\n\
                      a,t,2025-03-03T10:00:00Z\n\
                      a,t,2025-03-05T10:00:00Z\n\
                      b,t,2025-03-04T10:00:00Z\n",
            from: Some("2025-03-05"),
            to: Some("2025-03-06"),
            expect: vec![("overall.deployments", json!(1)), ("overall.previous.deployments", json!(1))],
            ..Case::default()
        },
        Case {
            name: "deployment frequency: ISO weeks from Monday, empty weeks count as zero",
            // Range 2025-03-03 (Mon) .. 2025-03-24: weeks of 03-03, 03-10, 03-17.
            // Week 1: days 03-03, 03-04 (2 deploys on 03-04) -> 2 days; week 2: none -> 0;
            // week 3: 03-17..03-21 five days -> 5. Median of [2, 0, 5] = 2.
            deploys: "id,team,deployed_at\n\
                      1,t,2025-03-03T09:00:00Z\n2,t,2025-03-04T09:00:00Z\n3,t,2025-03-04T15:00:00Z\n\
                      4,t,2025-03-17T09:00:00Z\n5,t,2025-03-18T09:00:00Z\n6,t,2025-03-19T09:00:00Z\n\
                      7,t,2025-03-20T09:00:00Z\n8,t,2025-03-21T09:00:00Z\n",
            from: Some("2025-03-03"),
            to: Some("2025-03-24"),
            expect: vec![
                ("overall.deployments", json!(8)),
                ("overall.deploy_days", json!(7)),
                ("overall.deploys_per_week", json!(8.0 / 3.0)),
                ("overall.median_deploy_days_per_week", json!(2.0)),
                ("overall.deployment_frequency_tier", json!("high")),
            ],
            ..Case::default()
        },
        Case {
            name: "a week that only partly overlaps the range still counts",
            // Range Wed 2025-03-05 .. Wed 2025-03-12: weeks of 03-03 and 03-10 intersect.
            // Deploy days: 03-05, 03-06 (week 1), none in 03-10..03-11 -> median of [2, 0] = 1.
            deploys: "id,team,deployed_at\n1,t,2025-03-05T09:00:00Z\n2,t,2025-03-06T09:00:00Z\n",
            from: Some("2025-03-05"),
            to: Some("2025-03-12"),
            expect: vec![
                ("overall.median_deploy_days_per_week", json!(1.0)),
                ("overall.deploys_per_week", json!(2.0)),
                ("overall.deployment_frequency_tier", json!("high")),
            ],
            ..Case::default()
        },
        Case {
            name: "medium and low frequency use the monthly median",
            // Jan..Apr 2025 (4 months): deploy days in Jan, Feb, Mar -> months [1,1,1,0] median 1 -> medium.
            deploys: "id,team,deployed_at\n1,t,2025-01-10T09:00:00Z\n2,t,2025-02-10T09:00:00Z\n3,t,2025-03-10T09:00:00Z\n",
            from: Some("2025-01-01"),
            to: Some("2025-05-01"),
            expect: vec![
                ("overall.deployment_frequency_tier", json!("medium")),
                ("overall.median_deploy_days_per_week", json!(0.0)),
            ],
            ..Case::default()
        },
        Case {
            name: "low frequency",
            // Months [1,0,0,0] -> median 0 -> low.
            deploys: "id,team,deployed_at\n1,t,2025-01-10T09:00:00Z\n",
            from: Some("2025-01-01"),
            to: Some("2025-05-01"),
            expect: vec![("overall.deployment_frequency_tier", json!("low"))],
            ..Case::default()
        },
        Case {
            name: "lead time: commits array, then first_commit_at, then lead_time_seconds; non-positive dropped",
            deploys: "id,team,deployed_at,first_commit_at,lead_time_seconds\n\
                      1,t,2025-03-03T12:00:00Z,2025-03-03T10:00:00Z,\n\
                      2,t,2025-03-03T13:00:00Z,,7200\n\
                      3,t,2025-03-03T14:00:00Z,2025-03-03T15:00:00Z,\n\
                      4,t,2025-03-03T15:00:00Z,,\n\
                      5,t,2025-03-03T16:00:00Z,2025-03-02T16:00:00Z,99\n",
            // Samples: 2h, 2h, (-1h dropped), 24h -> [2, 2, 24]: median 2, p75 = 2 + 0.5*22 = 13, p90 = 2 + 0.8*22 = 19.6
            expect: vec![
                ("overall.lead_time.samples", json!(3)),
                ("overall.lead_time.median_hours", json!(2.0 * H)),
                ("overall.lead_time.p75_hours", json!(13.0)),
                ("overall.lead_time.p90_hours", json!(19.6)),
                ("overall.lead_time.tier", json!("elite")),
                (
                    "warnings[0]",
                    json!(
                        "1 lead-time sample(s) in range were zero or negative (commit after deployment) and were dropped"
                    ),
                ),
            ],
            ..Case::default()
        },
        Case {
            name: "change failure: flag, linked incident, rollback of the previous deployment of the same service",
            deploys: "id,team,service,deployed_at,failed,kind\n\
                      1,t,api,2025-03-03T10:00:00Z,yes,\n\
                      2,t,api,2025-03-03T11:00:00Z,,\n\
                      3,t,web,2025-03-03T11:30:00Z,,\n\
                      4,t,api,2025-03-03T12:00:00Z,,rollback\n\
                      5,t,web,2025-03-03T13:00:00Z,,\n\
                      6,t,web,2025-03-03T14:00:00Z,,\n",
            // 1 flagged; 2 rolled back by 4 (previous api deployment, not web's 3);
            // incident linked by id to 5 -> failed. 3/6 = 0.5. Rework: 4 (rollback) -> 1/6.
            incidents: "id,started_at,resolved_at,caused_by\nI1,2025-03-03T13:30:00Z,2025-03-03T14:30:00Z,5\n",
            expect: vec![
                ("overall.change_failure_rate.failed_deployments", json!(3)),
                ("overall.change_failure_rate.rate", json!(0.5)),
                ("overall.change_failure_rate.tier", json!("low")),
                ("overall.rework_rate.rework_deployments", json!(2)),
            ],
            ..Case::default()
        },
        Case {
            name: "a rollback without a service undoes the previous deployment of its team",
            deploys: "id,team,service,deployed_at,kind\n\
                      1,t,api,2025-03-03T10:00:00Z,\n\
                      2,t,web,2025-03-03T11:00:00Z,\n\
                      3,t,,2025-03-03T12:00:00Z,revert\n",
            expect: vec![
                ("overall.change_failure_rate.failed_deployments", json!(1)),
                ("overall.rework_rate.rework_deployments", json!(1)),
            ],
            ..Case::default()
        },
        Case {
            name: "sha prefix link picks the earliest deployment with that commit; one failure counted once",
            deploys: "id,team,service,deployed_at,commit_sha\n\
                      1,t,api,2025-03-03T10:00:00Z,ABCDEF1234567890\n\
                      2,t,api,2025-03-04T10:00:00Z,abcdef1234567890\n\
                      3,t,api,2025-03-05T10:00:00Z,1111111111\n",
            incidents: "id,service,started_at,resolved_at,caused_by\n\
                        I1,api,2025-03-05T12:00:00Z,2025-03-05T14:00:00Z,abcdef1\n\
                        I2,api,2025-03-05T13:00:00Z,2025-03-05T13:30:00Z,ABCDEF12\n",
            // Both link by sha to deployment 1 (earliest) -> 1 failed of 3.
            expect: vec![
                ("overall.change_failure_rate.failed_deployments", json!(1)),
                ("overall.recovery_time.incidents", json!(2)),
                ("overall.recovery_time.median_hours", json!(1.25)),
                ("overall.recovery_time.p90_hours", json!(1.85)), // [0.5, 2]: 0.5 + 0.9 * 1.5
                ("overall.recovery_time.tier", json!("high")),
            ],
            ..Case::default()
        },
        Case {
            name: "inferred link: latest deployment of the service at or before the start, ties to the greater id",
            deploys: "id,team,service,deployed_at\n\
                      9,t,api,2025-03-03T10:00:00Z\n\
                      10,t,api,2025-03-03T10:00:00Z\n\
                      11,t,web,2025-03-03T11:00:00Z\n\
                      12,t,api,2025-03-03T12:00:01Z\n",
            incidents: "id,service,started_at,resolved_at,caused_by\nI1,api,2025-03-03T12:00:00Z,2025-03-03T12:30:00Z,nope\n",
            // caused_by matches nothing -> warning, then inference: 9 and 10 tie at 10:00 -> 10 (numeric greater).
            expect: vec![
                ("overall.change_failure_rate.failed_deployments", json!(1)),
                (
                    "warnings[0]",
                    json!(
                        "i.csv:2: 1 incident(s) have a caused_by that matches no deployment id or commit; linked by service/team instead (first: I1 caused_by \"nope\")"
                    ),
                ),
            ],
            ..Case::default()
        },
        Case {
            name: "link window: too old a deployment is not inferred, so no failure and no recovery sample",
            deploys: "id,team,service,deployed_at\n1,t,api,2025-03-01T10:00:00Z\n",
            incidents: "id,service,started_at,resolved_at\nI1,api,2025-03-03T12:00:00Z,2025-03-03T13:00:00Z\n",
            window: Some(24.0),
            expect: vec![
                ("overall.change_failure_rate.failed_deployments", json!(0)),
                ("overall.recovery_time.incidents", json!(0)),
                ("overall.recovery_time.median_hours", Value::Null),
                ("overall.recovery_time.tier", Value::Null),
                ("overall.recovery_time.unlinked_incidents", json!(1)),
            ],
            ..Case::default()
        },
        Case {
            name: "incident team falls back to its linked deployment's team; team-only incidents are listed",
            deploys: "id,team,service,deployed_at\n1,payments,api,2025-03-03T10:00:00Z\n",
            incidents: "id,team,service,started_at,resolved_at\n\
                        I1,,api,2025-03-03T12:00:00Z,2025-03-03T12:30:00Z\n\
                        I2,ops,,2025-03-03T12:00:00Z,\n",
            expect: vec![
                ("teams[0].team", json!("ops")),
                ("teams[0].deployments", json!(0)),
                ("teams[0].deployment_frequency_tier", Value::Null),
                ("teams[0].lead_time.tier", Value::Null),
                ("teams[0].change_failure_rate.rate", Value::Null),
                ("teams[0].change_failure_rate.tier", Value::Null),
                ("teams[0].recovery_time.open_incidents", json!(1)),
                ("teams[1].team", json!("payments")),
                ("teams[1].recovery_time.incidents", json!(1)),
                ("teams[1].recovery_time.median_hours", json!(0.5)),
                ("teams[1].recovery_time.tier", json!("elite")),
            ],
            ..Case::default()
        },
        Case {
            name: "open incidents are reported as open, never as recovered",
            deploys: "id,team,deployed_at\n1,t,2025-03-03T10:00:00Z\n",
            incidents: "id,team,started_at,resolved_at\nI1,t,2025-03-03T11:00:00Z,\nI2,t,2025-03-03T11:00:00Z,2025-03-03T10:00:00Z\n",
            expect: vec![
                ("overall.recovery_time.incidents", json!(0)),
                ("overall.recovery_time.open_incidents", json!(1)),
                ("overall.recovery_time.median_hours", Value::Null),
                ("overall.change_failure_rate.failed_deployments", json!(1)),
            ],
            ..Case::default()
        },
        Case {
            name: "rework during a resolved incident of the same service (half-open interval)",
            deploys: "id,team,service,deployed_at\n\
                      1,t,api,2025-03-03T09:00:00Z\n\
                      2,t,api,2025-03-03T10:00:00Z\n\
                      3,t,web,2025-03-03T10:30:00Z\n\
                      4,t,api,2025-03-03T11:00:00Z\n\
                      5,t,,2025-03-03T10:45:00Z\n",
            // Incident api [10:00, 11:00): deployment 2 (10:00) is inside, 4 (11:00) is not;
            // web's 3 differs by service; 5 has no service -> compared by team t -> inside.
            incidents: "id,team,service,started_at,resolved_at,caused_by\nI1,t,api,2025-03-03T10:00:00Z,2025-03-03T11:00:00Z,1\n",
            expect: vec![
                ("overall.rework_rate.rework_deployments", json!(2)),
                ("overall.rework_rate.rate", json!(0.4)),
            ],
            ..Case::default()
        },
        Case {
            name: "naive timestamps are local to the report zone; days bucket in that zone",
            // Europe/Berlin (UTC+1 in March before the 30th). 2025-03-03 23:30 local = 22:30Z.
            // 2025-03-04T23:30:00Z = 2025-03-05 00:30 local -> a different local day.
            deploys: "id,team,deployed_at\n1,t,2025-03-03 23:30\n2,t,2025-03-04T23:30:00Z\n3,t,2025-03-04 08:00\n",
            tz: "Europe/Berlin",
            from: Some("2025-03-04"),
            to: Some("2025-03-06"),
            // In range: 3 (03-04 local) and 2 (03-05 local) -> 2 deployments on 2 days; 1 is on 03-03.
            expect: vec![
                ("overall.deployments", json!(2)),
                ("overall.deploy_days", json!(2)),
                ("range.tz", json!("Europe/Berlin")),
                ("overall.previous.deployments", json!(1)),
            ],
            ..Case::default()
        },
        Case {
            name: "DST: a gap time moves forward, a fold time takes the earlier offset, days stay local",
            // Berlin 2025-03-30 02:30 does not exist -> 03:30 CEST = 01:30Z.
            // 2025-10-26 02:30 happens twice -> first (CEST) = 00:30Z.
            deploys: "id,team,deployed_at,first_commit_at\n\
                      1,t,2025-03-30 02:30,2025-03-30 01:30\n\
                      2,t,2025-10-26 02:30,2025-10-26 01:30\n",
            tz: "Europe/Berlin",
            // Lead times: 1: 01:30 CET = 00:30Z -> 1h. 2: 01:30 CEST = 23:30Z -> 1h.
            expect: vec![
                ("overall.lead_time.median_hours", json!(1.0)),
                ("range.from", json!("2025-03-30")),
                ("range.to", json!("2025-10-27")),
                ("overall.deploy_days", json!(2)),
            ],
            ..Case::default()
        },
        Case {
            name: "trends: every bucket in range in order, empty ones included; month buckets",
            deploys: "id,team,deployed_at,failed\n\
                      1,t,2025-01-15T10:00:00Z,\n2,t,2025-01-20T10:00:00Z,yes\n3,t,2025-03-02T10:00:00Z,\n",
            from: Some("2025-01-10"),
            to: Some("2025-03-10"),
            bucket: Bucket::Month,
            expect: vec![
                ("trends[0].bucket", json!("month")),
                ("trends[0].points[0].start", json!("2025-01-01")),
                ("trends[0].points[0].deployments", json!(2)),
                ("trends[0].points[0].change_failure_rate", json!(0.5)),
                ("trends[0].points[1].start", json!("2025-02-01")),
                ("trends[0].points[1].deployments", json!(0)),
                ("trends[0].points[1].change_failure_rate", Value::Null),
                ("trends[0].points[1].lead_time_median_hours", Value::Null),
                ("trends[0].points[2].start", json!("2025-03-01")),
                ("trends[0].points[2].deployments", json!(1)),
            ],
            ..Case::default()
        },
        Case {
            name: "week trend buckets start on Monday",
            deploys: "id,team,deployed_at\n1,t,2025-03-05T10:00:00Z\n2,t,2025-03-16T10:00:00Z\n",
            from: Some("2025-03-05"),
            to: Some("2025-03-17"),
            expect: vec![
                ("trends[0].points[0].start", json!("2025-03-03")),
                ("trends[0].points[1].start", json!("2025-03-10")),
                ("trends[0].points[1].deployments", json!(1)),
                ("trends[0].points.len", json!(2)),
            ],
            ..Case::default()
        },
        Case {
            name: "previous period is the range of equal length just before",
            deploys: "id,team,deployed_at\n1,t,2025-02-25T10:00:00Z\n2,t,2025-03-01T10:00:00Z\n3,t,2025-03-05T10:00:00Z\n",
            from: Some("2025-03-01"),
            to: Some("2025-03-08"),
            expect: vec![
                ("overall.deployments", json!(2)),
                ("overall.previous.from", json!("2025-02-22")),
                ("overall.previous.to", json!("2025-03-01")),
                ("overall.previous.deployments", json!(1)),
                ("teams[0].previous.deployments", json!(1)),
            ],
            ..Case::default()
        },
        Case {
            name: "empty data: nulls, not zeros",
            deploys: "id,team,deployed_at\n",
            from: Some("2025-03-01"),
            to: Some("2025-03-08"),
            expect: vec![
                ("overall.deployments", json!(0)),
                ("overall.lead_time.median_hours", Value::Null),
                ("overall.change_failure_rate.rate", Value::Null),
                ("overall.rework_rate.rate", Value::Null),
                ("overall.deployment_frequency_tier", Value::Null),
                ("teams", json!([])),
            ],
            ..Case::default()
        },
        Case {
            name: "incident links use all data, not only the range",
            deploys: "id,team,service,deployed_at\n1,t,api,2025-02-27T10:00:00Z\n2,t,api,2025-03-02T10:00:00Z\n",
            incidents: "id,service,started_at,resolved_at\nI1,api,2025-02-28T10:00:00Z,2025-02-28T11:00:00Z\n",
            from: Some("2025-02-27"),
            to: Some("2025-02-28"),
            // The incident starts after the range, but still makes deployment 1 failed.
            expect: vec![
                ("overall.change_failure_rate.failed_deployments", json!(1)),
                ("overall.recovery_time.incidents", json!(0)),
            ],
            ..Case::default()
        },
    ]
}

#[test]
fn benchmark_2021_is_selectable() {
    let deploys = "id,team,deployed_at,first_commit_at\n1,t,2025-03-03T10:00:00Z,2025-03-03T08:00:00Z\n";
    let f = import_file("d.csv", deploys.as_bytes(), 0, &ImportOptions::default()).unwrap();
    let (data, _) = build_dataset(&[f]);
    let a = analyze(&data, &AnalysisOptions::default());
    let r = report(&a, &ReportOptions { benchmark: DORA_2021, ..ReportOptions::default() }, 0);
    // 2h: elite needs < 1h in 2021, so high; in 2023 (< 24h) it is elite.
    assert_eq!(r.overall.numbers.lead_time.tier.map(|t| t.label()), Some("high"));
    assert_eq!(r.benchmark, 2021);
}

#[test]
fn the_overall_trend_counts_every_selected_team_and_stays_out_of_the_json() {
    let deploys = "id,team,deployed_at\n\
                   1,a,2025-03-03T10:00:00Z\n2,b,2025-03-04T10:00:00Z\n3,b,2025-03-11T10:00:00Z\n4,c,2025-03-12T10:00:00Z\n";
    let f = import_file("d.csv", deploys.as_bytes(), 0, &ImportOptions::default()).unwrap();
    let (data, _) = build_dataset(&[f]);
    let a = analyze(&data, &AnalysisOptions::default());
    let plain = report(&a, &ReportOptions::default(), 0);
    assert_eq!(plain.overall_trend, None);
    let o = ReportOptions { teams: vec!["a".into(), "b".into()], overall_trend: true, ..ReportOptions::default() };
    let r = report(&a, &o, 0);
    let overall = r.overall_trend.clone().expect("asked for");
    // Weeks of 3 and 10 March: a and b deploy twice in the first, b once in the second; c is not selected.
    let counts: Vec<u64> = overall.points.iter().map(|p| p.deployments).collect();
    assert_eq!(counts, [2, 1]);
    assert_eq!((overall.team.as_str(), overall.bucket), ("all", Bucket::Week));
    // Per-team trends add up to it, and the JSON report is the same either way.
    for (k, p) in overall.points.iter().enumerate() {
        assert_eq!(p.deployments, r.trends.iter().map(|t| t.points[k].deployments).sum::<u64>());
    }
    let without = report(&a, &ReportOptions { overall_trend: false, ..o }, 0);
    assert_eq!(export::to_json(&r), export::to_json(&without));
}

mod invariants {
    use super::*;
    use proptest::prelude::*;

    fn deploy_csv(rows: &[(u8, u8, u16, bool)]) -> String {
        let mut s = String::from("id,team,service,deployed_at,failed,first_commit_at\n");
        for (i, (team, svc, minute, failed)) in rows.iter().enumerate() {
            let t = 1_740_000_000 + i64::from(*minute) * 3600;
            s.push_str(&format!("{i},t{},s{},{t},{},{}\n", team % 4, svc % 6, failed, t - 1800 - i64::from(*minute)));
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn team_numbers_add_up_to_the_overall(rows in proptest::collection::vec((0u8..8, 0u8..8, 0u16..2000, any::<bool>()), 0..80)) {
            let csv = deploy_csv(&rows);
            let f = import_file("d.csv", csv.as_bytes(), 0, &ImportOptions::default()).unwrap();
            let (data, _) = build_dataset(&[f]);
            let a = analyze(&data, &AnalysisOptions::default());
            let r = report(&a, &ReportOptions::default(), 0);
            super::common::assert_rollup_round_trip(&r, "invariants");
            let o = &r.overall.numbers;
            let sum = |g: fn(&doralens::core::metrics::Numbers) -> u64| r.teams.iter().map(|t| g(&t.numbers)).sum::<u64>();
            prop_assert_eq!(o.deployments, rows.len() as u64);
            prop_assert_eq!(sum(|n| n.deployments), o.deployments);
            prop_assert_eq!(sum(|n| n.change_failure_rate.failed_deployments), o.change_failure_rate.failed_deployments);
            prop_assert_eq!(sum(|n| n.rework_rate.rework_deployments), o.rework_rate.rework_deployments);
            prop_assert!(o.deploy_days <= o.deployments);
            if let Some(rate) = o.change_failure_rate.rate {
                prop_assert!((0.0..=1.0).contains(&rate));
            }
            // Trend buckets partition the range: their deployments add up to the team's.
            for (t, tr) in r.teams.iter().zip(&r.trends) {
                prop_assert_eq!(tr.points.iter().map(|p| p.deployments).sum::<u64>(), t.numbers.deployments);
            }
        }
    }
}
