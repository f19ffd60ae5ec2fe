//! `gen demo DIR`: the small, realistic, deterministic company export the dashboard ships with.

use std::fs;
use std::path::Path;

use crate::common::*;

/// A straight line from `a` (start of the data) to `b` (end), bent by `shape`.
#[derive(Clone, Copy)]
enum Curve {
    Flat(f64),
    /// From `a` to `b`, the change happening between the two progress points.
    Shift {
        a: f64,
        b: f64,
        from: f64,
        to: f64,
    },
}

impl Curve {
    fn at(self, p: f64) -> f64 {
        match self {
            Curve::Flat(x) => x,
            Curve::Shift { a, b, from, to } => {
                let x = ((p - from) / (to - from)).clamp(0.0, 1.0);
                let s = x * x * (3.0 - 2.0 * x);
                a + (b - a) * s
            }
        }
    }
}

/// How an incident's `caused_by` is written: share of deployment ids, sha prefixes, empty, other.
#[derive(Clone, Copy)]
struct LinkMix {
    id: f64,
    sha: f64,
    empty: f64,
    other: f64,
}

struct Team {
    name: &'static str,
    /// Local time = UTC + this many hours (working hours are local).
    utc_offset: i64,
    /// Service name, share of the team's deployments, incident titles specific to it.
    services: &'static [(&'static str, f64, &'static [&'static str])],
    /// Production deployments per working day, whole team.
    rate: Curve,
    /// Weekend rate as a fraction of a weekday's.
    weekend: f64,
    /// Median lead time in working hours (see [`before_working_time`]) and its spread.
    lead_hours: Curve,
    lead_sigma: f64,
    /// Probability a deployment causes an incident.
    incident_rate: Curve,
    /// Probability a deployment is caught by the canary and rolled back without an incident.
    canary_rollback: f64,
    /// Median time to restore (hours) and its spread.
    recovery_hours: Curve,
    recovery_sigma: f64,
    /// Median minutes from a bad deployment to the incident being opened.
    detect_minutes: f64,
    /// Share of deployments that went to staging first (written, skipped by the importer).
    staging: f64,
    /// Share of pipeline runs that failed before the successful one (written, skipped).
    failed_runs: f64,
    links: LinkMix,
    /// Unmatched `caused_by` values look like this (a change ticket, a release name…).
    other_ref: &'static str,
    /// Share of incidents whose export names only the service, not the team.
    incident_team_blank: f64,
    /// Releases ship on a bi-weekly train instead of continuously.
    train: bool,
}

const GENERIC_TITLES: &[&str] = &[
    "Elevated 5xx error rate on {s}",
    "{s} p99 latency above SLO",
    "{s} pods crash-looping after deploy",
    "Error budget burn alert for {s}",
    "Timeouts from {s} to downstream services",
    "Memory leak in {s} after release",
    "{s} failing health checks in eu-west-1",
    "Spike in 4xx responses from {s}",
];

const TEAMS: &[Team] = &[
    Team {
        name: "Payments",
        utc_offset: 1,
        services: &[
            (
                "payments-api",
                0.42,
                &[
                    "Card authorisations failing for Visa debit",
                    "payments-api returning 502 on /v2/charges",
                    "Duplicate charge attempts after retry change",
                    "3-D Secure challenge not shown on some cards",
                ],
            ),
            (
                "ledger",
                0.24,
                &[
                    "Ledger balance mismatch after migration",
                    "Ledger write latency above 2s",
                    "Journal entries stuck in pending",
                ],
            ),
            (
                "fraud-scoring",
                0.19,
                &[
                    "Fraud model rejecting valid orders",
                    "fraud-scoring timeouts blocking checkout",
                    "Risk score cache cold after deploy",
                ],
            ),
            (
                "payouts-worker",
                0.15,
                &["Merchant payouts delayed", "Payout batch failed for SEPA", "payouts-worker queue backlog growing"],
            ),
        ],
        rate: Curve::Shift { a: 6.5, b: 8.0, from: 0.0, to: 1.0 },
        weekend: 0.04,
        lead_hours: Curve::Flat(2.5),
        lead_sigma: 0.9,
        incident_rate: Curve::Flat(0.024),
        canary_rollback: 0.012,
        recovery_hours: Curve::Flat(0.55),
        recovery_sigma: 0.6,
        detect_minutes: 12.0,
        staging: 0.0,
        failed_runs: 0.012,
        links: LinkMix { id: 0.7, sha: 0.2, empty: 0.1, other: 0.0 },
        other_ref: "",
        incident_team_blank: 0.0,
        train: false,
    },
    Team {
        name: "Checkout",
        utc_offset: 1,
        services: &[
            (
                "checkout-web",
                0.5,
                &[
                    "Checkout page blank on Safari",
                    "Pay button disabled for guest users",
                    "Checkout conversion dropped 30%",
                ],
            ),
            (
                "cart-service",
                0.3,
                &[
                    "Cart items disappearing on login",
                    "cart-service Redis connection errors",
                    "Cart totals wrong with promo codes",
                ],
            ),
            (
                "pricing-engine",
                0.2,
                &[
                    "Wrong VAT applied for Austrian orders",
                    "pricing-engine stale price cache",
                    "Discounts not applied at checkout",
                ],
            ),
        ],
        // Checkout adopts trunk-based development and canary releases over the summer.
        rate: Curve::Shift { a: 0.9, b: 3.4, from: 0.25, to: 0.8 },
        weekend: 0.0,
        lead_hours: Curve::Shift { a: 32.0, b: 4.0, from: 0.25, to: 0.8 },
        lead_sigma: 0.8,
        incident_rate: Curve::Shift { a: 0.16, b: 0.04, from: 0.25, to: 0.8 },
        canary_rollback: 0.0,
        recovery_hours: Curve::Shift { a: 9.0, b: 1.2, from: 0.25, to: 0.8 },
        recovery_sigma: 0.8,
        detect_minutes: 40.0,
        staging: 0.35,
        failed_runs: 0.02,
        links: LinkMix { id: 0.3, sha: 0.5, empty: 0.2, other: 0.0 },
        other_ref: "",
        incident_team_blank: 0.2,
        train: false,
    },
    Team {
        name: "Search",
        utc_offset: -5,
        services: &[
            (
                "search-api",
                0.45,
                &[
                    "Search returning no results for some locales",
                    "search-api 500s on faceted queries",
                    "Autocomplete suggestions empty",
                ],
            ),
            (
                "indexer",
                0.3,
                &[
                    "Catalog index lagging 6 hours",
                    "indexer OOM during full reindex",
                    "New products missing from search",
                ],
            ),
            (
                "recommendations",
                0.25,
                &["Recommendations widget showing out-of-stock items", "Recommendation latency above 800ms"],
            ),
        ],
        rate: Curve::Flat(0.75),
        weekend: 0.0,
        lead_hours: Curve::Flat(70.0),
        lead_sigma: 0.6,
        incident_rate: Curve::Flat(0.16),
        canary_rollback: 0.0,
        recovery_hours: Curve::Flat(30.0),
        recovery_sigma: 0.75,
        detect_minutes: 180.0,
        staging: 0.6,
        failed_runs: 0.03,
        links: LinkMix { id: 0.0, sha: 0.3, empty: 0.55, other: 0.15 },
        other_ref: "SRCH-",
        incident_team_blank: 0.5,
        train: false,
    },
    Team {
        name: "Mobile",
        utc_offset: 1,
        services: &[
            (
                "ios-app",
                0.35,
                &[
                    "iOS app crash on launch for iOS 17 users",
                    "Login loop in iOS app",
                    "Push notifications not delivered on iOS",
                ],
            ),
            (
                "android-app",
                0.35,
                &[
                    "Android crash rate above 2%",
                    "Android app stuck on splash screen",
                    "Payment sheet not opening on Android 14",
                ],
            ),
            (
                "mobile-bff",
                0.3,
                &[
                    "mobile-bff breaking change for old app versions",
                    "Home feed empty in mobile apps",
                    "mobile-bff 503s during release",
                ],
            ),
        ],
        rate: Curve::Flat(0.0),
        weekend: 0.0,
        lead_hours: Curve::Flat(115.0),
        lead_sigma: 0.35,
        incident_rate: Curve::Flat(0.36),
        canary_rollback: 0.0,
        recovery_hours: Curve::Flat(60.0),
        recovery_sigma: 0.7,
        detect_minutes: 900.0,
        staging: 0.0,
        failed_runs: 0.04,
        links: LinkMix { id: 0.0, sha: 0.15, empty: 0.55, other: 0.3 },
        other_ref: "release/",
        incident_team_blank: 0.0,
        train: true,
    },
    Team {
        name: "Platform",
        utc_offset: 1,
        services: &[
            (
                "identity",
                0.3,
                &[
                    "Login failures after identity deploy",
                    "Token refresh returning 401",
                    "SSO redirect loop for enterprise customers",
                ],
            ),
            (
                "api-gateway",
                0.3,
                &[
                    "api-gateway dropping requests under load",
                    "Rate limiter blocking internal traffic",
                    "TLS handshake errors at the edge",
                ],
            ),
            (
                "notifications",
                0.2,
                &[
                    "Order confirmation emails delayed",
                    "SMS provider failover not triggered",
                    "Duplicate push notifications",
                ],
            ),
            (
                "infra-config",
                0.2,
                &[
                    "DNS change broke internal service discovery",
                    "Autoscaling misconfigured for web tier",
                    "Expired certificate on internal load balancer",
                ],
            ),
        ],
        // Platform takes on the Kubernetes migration in the autumn and starts breaking things.
        rate: Curve::Shift { a: 2.6, b: 1.6, from: 0.45, to: 0.95 },
        weekend: 0.02,
        lead_hours: Curve::Shift { a: 5.0, b: 30.0, from: 0.45, to: 0.95 },
        lead_sigma: 0.8,
        incident_rate: Curve::Shift { a: 0.05, b: 0.30, from: 0.45, to: 0.95 },
        canary_rollback: 0.01,
        recovery_hours: Curve::Shift { a: 1.5, b: 16.0, from: 0.45, to: 0.95 },
        recovery_sigma: 0.8,
        detect_minutes: 30.0,
        staging: 0.3,
        failed_runs: 0.02,
        links: LinkMix { id: 0.35, sha: 0.25, empty: 0.15, other: 0.25 },
        other_ref: "CHG00",
        incident_team_blank: 0.3,
        train: false,
    },
    Team {
        name: "Growth",
        utc_offset: -5,
        services: &[
            (
                "growth-web",
                0.5,
                &["Landing page A/B test broke signup form", "Referral banner covering checkout button"],
            ),
            ("experiments", 0.3, &["Experiment assignment skewed 90/10", "Feature flag service returning defaults"]),
            ("email-campaigns", 0.2, &["Campaign emails sent twice", "Unsubscribe link broken in newsletter"]),
        ],
        rate: Curve::Flat(3.2),
        weekend: 0.0,
        lead_hours: Curve::Flat(3.5),
        lead_sigma: 0.9,
        incident_rate: Curve::Flat(0.16),
        canary_rollback: 0.02,
        recovery_hours: Curve::Flat(0.45),
        recovery_sigma: 0.7,
        detect_minutes: 25.0,
        staging: 0.0,
        failed_runs: 0.02,
        links: LinkMix { id: 0.5, sha: 0.3, empty: 0.2, other: 0.0 },
        other_ref: "",
        incident_team_blank: 0.0,
        train: false,
    },
];

/// The service whose pipeline does not report a team (only teams.csv knows it).
const TEAMLESS_SERVICE: &str = "infra-config";

/// Incidents that are still open when the data was exported: (service, not before this day).
const STILL_OPEN: &[(&str, (i64, i64, i64))] =
    &[("api-gateway", (2026, 11, 18)), ("indexer", (2026, 11, 16)), ("android-app", (2026, 11, 11))];

struct DemoDeploy {
    key: usize,
    at: i64,
    team: usize,
    service: &'static str,
    environment: &'static str,
    status: &'static str,
    sha: String,
    first_commit_at: Option<i64>,
    lead_seconds: Option<i64>,
    failed: bool,
    kind: &'static str,
}

enum Cause {
    None,
    Id(usize),
    Sha(usize, usize),
    Other(String),
}

struct DemoIncident {
    started: i64,
    resolved: Option<i64>,
    team: Option<usize>,
    service: &'static str,
    severity: &'static str,
    cause: Cause,
    title: String,
}

struct Demo {
    deploys: Vec<DemoDeploy>,
    incidents: Vec<DemoIncident>,
}

impl Demo {
    fn deploy(&mut self, d: DemoDeploy) -> usize {
        let key = self.deploys.len();
        self.deploys.push(DemoDeploy { key, ..d });
        key
    }
}

pub(crate) fn demo(dir: &Path) -> Result<(), String> {
    let start_day = days_from_civil(2026, 5, 1);
    let end_day = days_from_civil(2026, 11, 20);
    let (start, export) = (start_day * DAY, (end_day + 1) * DAY);
    let progress = |t: i64| ((t - start) as f64 / (export - start) as f64).clamp(0.0, 1.0);
    let mut demo = Demo { deploys: Vec::new(), incidents: Vec::new() };

    for (ti, team) in TEAMS.iter().enumerate() {
        let mut rng = Rng::new(0xd0_7a_1e_25 + ti as u64 * 7919);
        // Local working-hours time on a local day, as UTC.
        let work_time = |rng: &mut Rng, day: i64| -> i64 {
            let h = if rng.chance(0.5) { 10.5 + 1.1 * rng.normal() } else { 15.0 + 1.4 * rng.normal() };
            let local = day * DAY + (h.clamp(7.6, 19.4) * HOUR as f64) as i64 + rng.range(0, 59) * SEC;
            local - team.utc_offset * HOUR
        };
        // The bi-weekly release train: every other Wednesday, sometimes a day late.
        let mut trains = Vec::new();
        if team.train {
            let mut day = days_from_civil(2026, 5, 6);
            while day <= end_day {
                trains.push(if rng.chance(0.2) { day + 1 } else { day });
                day += 14;
            }
        }
        for (si, &(service, share, titles)) in team.services.iter().enumerate() {
            let mut rng = Rng::new(0x5e_41_ce + ti as u64 * 7919 + si as u64 * 104_729);
            let mut times = Vec::new();
            if team.train {
                for &day in &trains {
                    let base = day * DAY + (9 * HOUR + si as i64 * 2 * HOUR) - team.utc_offset * HOUR;
                    times.push(base + rng.range(0, 90) * MIN + rng.range(0, 59) * SEC);
                }
            } else {
                for day in start_day..=end_day {
                    let (_, m, d) = civil_from_days(day);
                    let wd = weekday(day);
                    let mut f = [0.95, 1.1, 1.1, 1.0, 0.7, 0.0, 0.0][wd as usize];
                    if wd >= 5 {
                        f = team.weekend;
                    }
                    if m == 8 && d <= 28 {
                        f *= 0.7; // summer holidays
                    }
                    let mid_day = (day * DAY + 12 * HOUR).max(start);
                    let n = rng.poisson(team.rate.at(progress(mid_day)) * share * f);
                    for _ in 0..n {
                        times.push(work_time(&mut rng, day));
                    }
                }
            }
            times.sort_unstable();
            times.retain(|&t| t >= start && t < export);

            let mut prev_sha = rng.sha();
            let mut frozen_until = i64::MIN;
            let mut last_at = i64::MIN;
            let open = STILL_OPEN.iter().find(|o| o.0 == service).map(|o| days_from_civil(o.1.0, o.1.1, o.1.2) * DAY);
            let mut open_done = false;
            for &t in &times {
                if t < frozen_until || t <= last_at + 5 * MIN {
                    continue;
                }
                let p = progress(t);
                let sha = rng.sha();
                let lead_ms = (rng.lognormal(team.lead_hours.at(p), team.lead_sigma) * HOUR as f64) as i64;
                let first = before_working_time(t, lead_ms.max(4 * MIN), team.utc_offset).min(t - 3 * MIN);
                if rng.chance(team.staging) {
                    let at = t - rng.range(25, 240) * MIN;
                    demo.deploy(DemoDeploy {
                        key: 0,
                        at,
                        team: ti,
                        service,
                        environment: "staging",
                        status: "success",
                        sha: sha.clone(),
                        first_commit_at: Some(first.min(at - MIN)),
                        lead_seconds: None,
                        failed: false,
                        kind: "deploy",
                    });
                }
                if rng.chance(team.failed_runs) {
                    demo.deploy(DemoDeploy {
                        key: 0,
                        at: t - rng.range(12, 50) * MIN,
                        team: ti,
                        service,
                        environment: "production",
                        status: if rng.chance(0.8) { "failure" } else { "cancelled" },
                        sha: sha.clone(),
                        first_commit_at: None,
                        lead_seconds: None,
                        failed: false,
                        kind: "deploy",
                    });
                }
                let lead_only = rng.chance(0.03);
                let key = demo.deploy(DemoDeploy {
                    key: 0,
                    at: t,
                    team: ti,
                    service,
                    environment: "production",
                    status: "success",
                    sha: sha.clone(),
                    first_commit_at: (!lead_only).then_some(first),
                    lead_seconds: lead_only.then_some((t - first) / SEC),
                    failed: false,
                    kind: "deploy",
                });
                last_at = t;
                let release = match trains.first() {
                    Some(&d0) => format!("5.{}.0", 8 + (t - d0 * DAY).div_euclid(14 * DAY)),
                    None => String::new(),
                };

                let force_open = !open_done && open.is_some_and(|o| t >= o);
                if !force_open && rng.chance(team.canary_rollback) {
                    // The canary caught it: flagged failed and rolled back, no incident.
                    demo.deploys[key].failed = true;
                    let at = t + rng.range(6, 25) * MIN;
                    demo.deploy(rollback(ti, service, at, &prev_sha, &mut rng));
                    frozen_until = at + 30 * MIN;
                    last_at = at;
                    continue;
                }
                if !force_open && !rng.chance(team.incident_rate.at(p)) {
                    prev_sha = sha;
                    continue;
                }
                // This deployment causes an incident.
                let started =
                    t + (rng.lognormal(team.detect_minutes, 0.7) * MIN as f64) as i64 + rng.range(0, 59) * SEC;
                let mut duration = (rng.lognormal(team.recovery_hours.at(p), team.recovery_sigma) * HOUR as f64) as i64;
                duration = duration.clamp(6 * MIN, 8 * DAY);
                let mut resolved = Some(started + duration);
                if force_open || started + duration >= export {
                    open_done |= force_open;
                    resolved = None;
                    frozen_until = i64::MAX;
                } else if duration < 2 * HOUR && !team.train && rng.chance(0.75) {
                    // Rolled back (or reverted), then resolved once the graphs recover.
                    demo.deploys[key].failed = rng.chance(0.6);
                    let at = started + duration * rng.range(55, 85) / 100;
                    demo.deploy(rollback(ti, service, at, &prev_sha, &mut rng));
                    frozen_until = started + duration;
                    last_at = at;
                } else if rng.chance(if team.train { 0.8 } else { 0.45 }) {
                    // Fixed forward with a hotfix.
                    let at = started + duration * rng.range(70, 92) / 100;
                    let hotfix_sha = rng.sha();
                    let first = started + (at - started) * rng.range(10, 50) / 100;
                    demo.deploy(DemoDeploy {
                        key: 0,
                        at,
                        team: ti,
                        service,
                        environment: "production",
                        status: "success",
                        sha: hotfix_sha.clone(),
                        first_commit_at: Some(first),
                        lead_seconds: None,
                        failed: false,
                        kind: "hotfix",
                    });
                    prev_sha = hotfix_sha;
                    frozen_until = started + duration;
                    last_at = at;
                } else {
                    // Mitigated without a deployment (flag, config, scaling).
                    prev_sha = sha;
                    frozen_until = started + duration;
                }
                let cause = {
                    let m = team.links;
                    match rng.weighted(&[m.id, m.sha, m.empty, m.other]) {
                        0 => Cause::Id(key),
                        1 => Cause::Sha(key, rng.range(7, 12) as usize),
                        2 => Cause::None,
                        _ if team.train => Cause::Other(format!("{}{release}", team.other_ref)),
                        _ if team.other_ref == "CHG00" => Cause::Other(format!("CHG00{}", rng.range(41_000, 49_999))),
                        _ => Cause::Other(format!("{}{}", team.other_ref, rng.range(1200, 2400))),
                    }
                };
                let mut title = if rng.chance(0.6) {
                    rng.pick(titles).to_string()
                } else {
                    rng.pick(GENERIC_TITLES).replace("{s}", service)
                };
                if team.train && service != "mobile-bff" {
                    title = format!("{title} ({release})");
                }
                let severity = ["SEV1", "SEV2", "SEV3", "SEV4"][rng.weighted(&[0.05, 0.22, 0.5, 0.23])];
                let team_blank = rng.chance(team.incident_team_blank);
                demo.incidents.push(DemoIncident {
                    started,
                    resolved,
                    team: (!team_blank).then_some(ti),
                    service,
                    severity,
                    cause,
                    title,
                });
            }
        }
    }

    write_demo(dir, demo)
}

/// The instant `work_ms` of working time (08:00–19:00 local, Monday to Friday) before `t`:
/// lead times are mostly working time, with nights and weekends in between.
fn before_working_time(t: i64, mut work_ms: i64, utc_offset: i64) -> i64 {
    let (open, close) = (8 * HOUR, 19 * HOUR);
    let local = t + utc_offset * HOUR;
    let (mut day, mut tod) = (local.div_euclid(DAY), local.rem_euclid(DAY).min(close));
    loop {
        if weekday(day) < 5 && tod > open {
            if work_ms <= tod - open {
                return day * DAY + tod - work_ms - utc_offset * HOUR;
            }
            work_ms -= tod - open;
        }
        day -= 1;
        tod = close;
    }
}

fn rollback(team: usize, service: &'static str, at: i64, prev_sha: &str, rng: &mut Rng) -> DemoDeploy {
    let revert = rng.chance(0.4);
    DemoDeploy {
        key: 0,
        at,
        team,
        service,
        environment: "production",
        status: "success",
        // A rollback redeploys the previous build; a revert ships a new commit undoing the change.
        sha: if revert { rng.sha() } else { prev_sha.to_string() },
        first_commit_at: revert.then(|| at - rng.range(8, 30) * MIN),
        lead_seconds: None,
        failed: false,
        kind: if revert { "revert" } else { "rollback" },
    }
}

fn write_demo(dir: &Path, mut demo: Demo) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    demo.deploys.sort_by_key(|d| (d.at, d.key));
    let mut ids = vec![String::new(); demo.deploys.len()];
    let mut rng = Rng::new(42);
    let mut next_id = 418_230u64;
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(DEPLOY_HEADER.as_bytes());
    let (mut prod, mut skipped) = (0, 0);
    for d in &demo.deploys {
        next_id += 1 + rng.below(3);
        ids[d.key] = next_id.to_string();
        let team = TEAMS[d.team].name;
        push_uint(&mut out, next_id);
        out.push(b',');
        if d.service != TEAMLESS_SERVICE {
            push_field(&mut out, team);
        }
        out.push(b',');
        for s in [d.service, d.environment, d.status] {
            push_field(&mut out, s);
            out.push(b',');
        }
        push_ts(&mut out, d.at);
        out.push(b',');
        out.extend_from_slice(d.sha.as_bytes());
        out.push(b',');
        if let Some(f) = d.first_commit_at {
            push_ts(&mut out, f);
        }
        out.push(b',');
        if let Some(s) = d.lead_seconds {
            push_uint(&mut out, s as u64);
        }
        out.push(b',');
        out.extend_from_slice(if d.failed { b"true" } else { b"false" });
        out.push(b',');
        out.extend_from_slice(d.kind.as_bytes());
        out.push(b',');
        out.extend_from_slice(if d.kind == "deploy" { b"false" } else { b"true" });
        out.push(b'\n');
        if d.environment == "production" && d.status == "success" {
            prod += 1;
        } else {
            skipped += 1;
        }
    }
    write_file(&dir.join("deployments.csv"), &out)?;

    demo.incidents.sort_by_key(|i| i.started);
    let sha_of = |k: usize| &demo.deploys.iter().find(|d| d.key == k).expect("deployment").sha;
    out.clear();
    out.extend_from_slice(INCIDENT_HEADER.as_bytes());
    let mut open = 0;
    for (n, i) in demo.incidents.iter().enumerate() {
        out.extend_from_slice(format!("INC-{},", 1042 + n * 3 + (n % 2)).as_bytes());
        if let Some(t) = i.team {
            push_field(&mut out, TEAMS[t].name);
        }
        out.push(b',');
        push_field(&mut out, i.service);
        out.push(b',');
        push_ts(&mut out, i.started);
        out.push(b',');
        match i.resolved {
            Some(r) => push_ts(&mut out, r),
            None => open += 1,
        }
        out.push(b',');
        push_field(&mut out, i.severity);
        out.push(b',');
        match &i.cause {
            Cause::None => {}
            Cause::Id(k) => out.extend_from_slice(ids[*k].as_bytes()),
            Cause::Sha(k, len) => out.extend_from_slice(&sha_of(*k).as_bytes()[..*len]),
            Cause::Other(s) => push_field(&mut out, s),
        }
        out.push(b',');
        push_field(&mut out, &i.title);
        out.push(b'\n');
    }
    write_file(&dir.join("incidents.csv"), &out)?;

    out.clear();
    out.extend_from_slice(b"service,team\n");
    for t in TEAMS {
        for (s, _, _) in t.services {
            out.extend_from_slice(format!("{s},{}\n", t.name).as_bytes());
        }
    }
    write_file(&dir.join("teams.csv"), &out)?;

    let readme = "# Demo data\n\n\
        A fictional online shop's exports, 2026-05-01 to 2026-11-20: `deployments.csv` and `incidents.csv` in the \
        canonical CSV format, and `teams.csv` mapping each service to its team.\n\
        Six teams work at clearly different paces; Checkout improves over the period and Platform gets worse. \
        Staging and failed pipeline runs are included on purpose, so the importer's skip report has something to show.\n\n\
        Generated (deterministically) by `cargo run --release --example gen -- demo public/demo`; do not edit by hand.\n";
    write_file(&dir.join("README.md"), readme.as_bytes())?;

    eprintln!(
        "demo: {} deployment rows ({prod} production successes, {skipped} staging/failed), {} incidents ({open} open) in {}",
        demo.deploys.len(),
        demo.incidents.len(),
        dir.display()
    );
    Ok(())
}
