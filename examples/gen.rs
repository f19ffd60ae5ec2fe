//! Test-data generator for DORA Lens.
//!
//! ```text
//! cargo run --release --example gen -- demo public/demo
//! cargo run --release --example gen -- bench DIR [DEPLOYMENTS] [INCIDENTS]
//! ```
//!
//! `demo` writes the small, realistic, deterministic company export the dashboard ships with
//! (deployments.csv, incidents.csv, teams.csv, README.md). `bench` writes a large canonical
//! deployments/incidents pair (default one million deployments, 100 000 incidents) for timing
//! the importer and the metrics engine. Both are deterministic: same arguments, same bytes.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") if args.len() == 2 => demo(Path::new(&args[1])),
        Some("bench") if (2..=4).contains(&args.len()) => {
            let num = |i: usize, default: usize| match args.get(i) {
                None => Ok(default),
                Some(s) => s.replace('_', "").parse::<usize>().map_err(|_| format!("{s:?} is not a count")),
            };
            match (num(2, 1_000_000), num(3, 100_000)) {
                (Ok(d), Ok(i)) => bench(Path::new(&args[1]), d, i),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("gen: {e}");
                    std::process::exit(2);
                }
            }
        }
        _ => {
            eprintln!("usage: gen demo DIR\n       gen bench DIR [DEPLOYMENTS] [INCIDENTS]");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}

// ------------------------------------------------------------------------------------------------
// Randomness and time
// ------------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, good enough for test data, and stable across platforms.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6a09_e667_f3bc_c908)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    fn normal(&mut self) -> f64 {
        let u1 = self.f64().max(1e-12);
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
    /// Log-normal with the given median.
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
    fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        let l = (-lambda).exp();
        let (mut k, mut p) = (0u32, 1.0);
        loop {
            p *= self.f64();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
    fn sha(&mut self) -> String {
        let mut s = String::with_capacity(40);
        for _ in 0..2 {
            s.push_str(&format!("{:016x}", self.next_u64()));
        }
        s.push_str(&format!("{:08x}", self.next_u64() >> 32));
        s
    }
}

const SEC: i64 = 1000;
const MIN: i64 = 60 * SEC;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// 0 = Monday … 6 = Sunday.
fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

fn push2(out: &mut Vec<u8>, n: i64) {
    out.push(b'0' + (n / 10) as u8);
    out.push(b'0' + (n % 10) as u8);
}

/// Appends `YYYY-MM-DDTHH:MM:SSZ`.
fn push_ts(out: &mut Vec<u8>, ms: i64) {
    let secs = ms.div_euclid(1000);
    let (day, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(day);
    push2(out, y / 100);
    push2(out, y % 100);
    out.push(b'-');
    push2(out, m);
    out.push(b'-');
    push2(out, d);
    out.push(b'T');
    push2(out, sod / 3600);
    out.push(b':');
    push2(out, sod / 60 % 60);
    out.push(b':');
    push2(out, sod % 60);
    out.push(b'Z');
}

fn push_uint(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends a CSV field, quoted when it needs to be.
fn push_field(out: &mut Vec<u8>, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

const DEPLOY_HEADER: &str =
    "id,team,service,environment,status,deployed_at,commit_sha,first_commit_at,lead_time_seconds,failed,kind,rework\n";
const INCIDENT_HEADER: &str = "id,team,service,started_at,resolved_at,severity,caused_by,title\n";

// ------------------------------------------------------------------------------------------------
// demo
// ------------------------------------------------------------------------------------------------

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

fn demo(dir: &Path) -> Result<(), String> {
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

// ------------------------------------------------------------------------------------------------
// bench
// ------------------------------------------------------------------------------------------------

const BENCH_TEAMS: usize = 50;
const BENCH_SERVICES: usize = 200;

fn bench_names() -> (Vec<String>, Vec<String>) {
    const AREAS: &[&str] = &[
        "orders",
        "billing",
        "catalog",
        "search",
        "accounts",
        "payments",
        "shipping",
        "inventory",
        "pricing",
        "reviews",
        "identity",
        "notifications",
        "checkout",
        "cart",
        "returns",
        "loyalty",
        "ads",
        "analytics",
        "media",
        "support",
        "partners",
        "tax",
        "fraud",
        "ledger",
        "booking",
        "maps",
        "chat",
        "feeds",
        "profiles",
        "settings",
        "gateway",
        "content",
        "offers",
        "coupons",
        "wallet",
        "invoices",
        "reports",
        "exports",
        "imports",
        "scheduler",
        "audit",
        "consent",
        "emails",
        "sms",
        "push",
        "web",
        "mobile",
        "sellers",
        "warehouse",
        "fleet",
    ];
    const KINDS: &[&str] = &["api", "worker", "web", "sync"];
    let teams = AREAS.iter().take(BENCH_TEAMS).map(|a| format!("team-{a}")).collect();
    let services =
        (0..BENCH_SERVICES).map(|s| format!("{}-{}", AREAS[s / KINDS.len()], KINDS[s % KINDS.len()])).collect();
    (teams, services)
}

fn push_sha(out: &mut Vec<u8>, seed: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut r = Rng::new(seed);
    let (a, b, c) = (r.next_u64(), r.next_u64(), r.next_u64());
    for w in [a, b] {
        for i in (0..16).rev() {
            out.push(HEX[(w >> (i * 4) & 15) as usize]);
        }
    }
    for i in (8..16).rev() {
        out.push(HEX[(c >> (i * 4) & 15) as usize]);
    }
}

fn bench(dir: &Path, n_deploys: usize, n_incidents: usize) -> Result<(), String> {
    let t0 = std::time::Instant::now();
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (teams, services) = bench_names();
    let first_day = days_from_civil(2025, 1, 1);
    let days = (days_from_civil(2026, 1, 1) - first_day) as usize;
    let mut rng = Rng::new(2025);

    // Deployments per day: weekdays busy, weekends quiet; whole counts summing to n.
    let weights: Vec<f64> = (0..days).map(|d| if weekday(first_day + d as i64) >= 5 { 0.12 } else { 1.0 }).collect();
    let total: f64 = weights.iter().sum();
    let mut per_day = Vec::with_capacity(days);
    let (mut acc, mut given) = (0.0, 0usize);
    for w in &weights {
        acc += w / total * n_deploys as f64;
        let upto = (acc.round() as usize).min(n_deploys);
        per_day.push(upto - given);
        given = upto;
    }
    *per_day.last_mut().expect("days") += n_deploys - given;

    // Service popularity: a few busy services, a long tail.
    let svc_weights: Vec<f64> = (0..BENCH_SERVICES).map(|s| 1.0 / (1.0 + s as f64 * 0.05)).collect();
    let svc_total: f64 = svc_weights.iter().sum();
    let mut svc_cdf = Vec::with_capacity(BENCH_SERVICES);
    let mut c = 0.0;
    for w in &svc_weights {
        c += w / svc_total;
        svc_cdf.push(c);
    }
    let pick_service = |rng: &mut Rng| svc_cdf.partition_point(|&c| c < rng.f64()).min(BENCH_SERVICES - 1);
    // Each service belongs to one team (four each), shuffled so teams mix busy and quiet services.
    let mut team_of: Vec<usize> = (0..BENCH_SERVICES).map(|s| s % BENCH_TEAMS).collect();
    for i in (1..team_of.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        team_of.swap(i, j);
    }

    let mut at = Vec::with_capacity(n_deploys);
    let mut svc = Vec::with_capacity(n_deploys);
    let mut prod = Vec::with_capacity(n_deploys);
    let file = File::create(dir.join("deployments.csv")).map_err(|e| e.to_string())?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut out: Vec<u8> = Vec::with_capacity(1 << 16);
    out.extend_from_slice(DEPLOY_HEADER.as_bytes());
    let mut id = 0u64;
    for (d, &k) in per_day.iter().enumerate() {
        let day_start = (first_day + d as i64) * DAY + 7 * HOUR;
        let step = 13 * HOUR / k.max(1) as i64;
        for j in 0..k {
            let t = day_start + j as i64 * step + rng.below(step.max(1) as u64) as i64;
            let s = pick_service(&mut rng);
            id += 1;
            let staging = rng.chance(0.05);
            let status = if rng.chance(0.985) {
                "success"
            } else if rng.chance(0.8) {
                "failure"
            } else {
                "cancelled"
            };
            let x = rng.f64();
            let kind = if x < 0.01 {
                "hotfix"
            } else if x < 0.015 {
                "rollback"
            } else if x < 0.017 {
                "revert"
            } else {
                "deploy"
            };
            at.push(t);
            svc.push(s as u8);
            prod.push(!staging && status == "success");

            out.push(b'd');
            push_uint(&mut out, id);
            out.push(b',');
            out.extend_from_slice(teams[team_of[s]].as_bytes());
            out.push(b',');
            out.extend_from_slice(services[s].as_bytes());
            out.extend_from_slice(if staging { b",staging," } else { b",production," });
            out.extend_from_slice(status.as_bytes());
            out.push(b',');
            push_ts(&mut out, t);
            out.push(b',');
            push_sha(&mut out, id);
            out.push(b',');
            let lead = (rng.lognormal(20.0, 1.1) * HOUR as f64) as i64 + 5 * MIN;
            if rng.chance(0.02) {
                out.push(b',');
                push_uint(&mut out, (lead / SEC) as u64);
            } else {
                push_ts(&mut out, t - lead);
                out.push(b',');
            }
            out.extend_from_slice(if rng.chance(0.01) { b",true," } else { b",false," });
            out.extend_from_slice(kind.as_bytes());
            out.extend_from_slice(if kind == "deploy" { b",false\n" } else { b",true\n" });
            if out.len() > (1 << 16) - 512 {
                w.write_all(&out).map_err(|e| e.to_string())?;
                out.clear();
            }
        }
    }
    w.write_all(&out).and_then(|_| w.flush()).map_err(|e: io::Error| e.to_string())?;

    // Incidents: each caused by a random production deployment, in time order.
    let prod_idx: Vec<u32> = (0..n_deploys as u32).filter(|&i| prod[i as usize]).collect();
    let mut causes: Vec<u32> =
        (0..n_incidents).map(|_| prod_idx[rng.below(prod_idx.len().max(1) as u64) as usize]).collect();
    causes.sort_unstable();
    let file = File::create(dir.join("incidents.csv")).map_err(|e| e.to_string())?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    out.clear();
    out.extend_from_slice(INCIDENT_HEADER.as_bytes());
    const TITLES: &[&str] =
        &["Elevated error rate on ", "Latency above SLO on ", "Crash loop in ", "Failed health checks for "];
    for (n, &d) in causes.iter().enumerate() {
        let d = d as usize;
        let s = svc[d] as usize;
        let started = at[d] + (rng.lognormal(30.0, 1.0) * MIN as f64) as i64;
        out.extend_from_slice(b"INC-");
        push_uint(&mut out, n as u64 + 1);
        out.push(b',');
        if rng.chance(0.8) {
            out.extend_from_slice(teams[team_of[s]].as_bytes());
        }
        out.push(b',');
        out.extend_from_slice(services[s].as_bytes());
        out.push(b',');
        push_ts(&mut out, started);
        out.push(b',');
        if rng.chance(0.995) {
            push_ts(&mut out, started + (rng.lognormal(2.0, 1.2) * HOUR as f64) as i64 + 3 * MIN);
        }
        out.push(b',');
        out.extend_from_slice(["SEV1", "SEV2", "SEV3", "SEV4"][rng.weighted(&[0.05, 0.2, 0.5, 0.25])].as_bytes());
        out.push(b',');
        let x = rng.f64();
        if x < 0.35 {
            out.push(b'd');
            push_uint(&mut out, d as u64 + 1);
        } else if x < 0.7 {
            let mut sha = Vec::with_capacity(40);
            push_sha(&mut sha, d as u64 + 1);
            out.extend_from_slice(&sha[..rng.range(7, 12) as usize]);
        } else if x < 0.75 {
            out.extend_from_slice(b"CHG00");
            push_uint(&mut out, rng.range(10_000, 99_999) as u64);
        }
        out.push(b',');
        out.extend_from_slice(rng.pick(TITLES).as_bytes());
        out.extend_from_slice(services[s].as_bytes());
        out.push(b'\n');
        if out.len() > (1 << 16) - 512 {
            w.write_all(&out).map_err(|e| e.to_string())?;
            out.clear();
        }
    }
    w.write_all(&out).and_then(|_| w.flush()).map_err(|e: io::Error| e.to_string())?;
    eprintln!(
        "bench: {n_deploys} deployments, {n_incidents} incidents, {} teams, {} services in {} ({:.2}s)",
        BENCH_TEAMS,
        BENCH_SERVICES,
        dir.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
