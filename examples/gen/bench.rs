//! `gen bench DIR …`: large canonical exports shaped like real ones, for the benchmarks.
//!
//! What makes them look like users' files rather than like our own code's output:
//! - rows in no particular order by default (`--order shuffled`); `sorted`, `newest-first` and
//!   `by-repo` (each service's rows newest-first, the services concatenated, as several
//!   repositories' API exports pasted together) as options;
//! - ids of the shapes vendors use: large integers (GitHub), UUIDs (Argo CD, Azure), `pipeline:N`
//!   (CI systems), small integers (GitLab); incident ids like PagerDuty's, Jira's and ServiceNow's;
//! - 40-hex shas, commit times on most rows and `lead_time_seconds` on a few;
//! - a skewed size of teams and services: a few busy, many quiet;
//! - ~5 % non-production rows (staging, dev, qa, test), failed and cancelled runs;
//! - some duplicate ids (a re-export: the same row twice), `caused_by` on about three incidents in four;
//! - one file per kind, or `--files N` per kind (split by service, as per-repository exports).

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::common::*;

pub(crate) const USAGE: &str = "       gen bench DIR [DEPLOYMENTS] [INCIDENTS] [--order shuffled|sorted|newest-first|by-repo]\n                 [--files N] [--teams N] [--services N] [--years N]";

/// The order rows are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    Shuffled,
    Sorted,
    NewestFirst,
    ByRepo,
}

impl Order {
    fn parse(s: &str) -> Result<Order, String> {
        match s {
            "shuffled" | "unordered" => Ok(Order::Shuffled),
            "sorted" => Ok(Order::Sorted),
            "newest-first" => Ok(Order::NewestFirst),
            "by-repo" => Ok(Order::ByRepo),
            _ => Err(format!("unknown order {s:?}")),
        }
    }
}

pub(crate) struct Config {
    deployments: usize,
    incidents: usize,
    order: Order,
    files: usize,
    teams: usize,
    services: usize,
    years: usize,
}

impl Config {
    pub(crate) fn parse(args: &[String]) -> Result<Config, String> {
        let mut c = Config {
            deployments: 1_000_000,
            incidents: 100_000,
            order: Order::Shuffled,
            files: 1,
            teams: 50,
            services: 200,
            years: 1,
        };
        let count = |s: &str| s.replace('_', "").parse::<usize>().map_err(|_| format!("{s:?} is not a count"));
        let mut positional = 0;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{a} needs a value"));
            match a.as_str() {
                "--order" => c.order = Order::parse(value()?)?,
                "--files" => c.files = count(value()?)?.max(1),
                "--teams" => c.teams = count(value()?)?.max(1),
                "--services" => c.services = count(value()?)?.max(1),
                "--years" => c.years = count(value()?)?.max(1),
                _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
                _ => {
                    match positional {
                        0 => c.deployments = count(a)?,
                        1 => c.incidents = count(a)?,
                        _ => return Err(format!("unexpected argument {a:?}")),
                    }
                    positional += 1;
                }
            }
        }
        c.services = c.services.max(c.teams);
        if c.services > u16::MAX as usize {
            return Err("at most 65535 services".into());
        }
        Ok(c)
    }
}

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
const KINDS: &[&str] = &["api", "worker", "web", "sync", "jobs", "edge"];

fn name(i: usize, suffix: &[&str]) -> String {
    let area = AREAS[i % AREAS.len()];
    let round = i / AREAS.len();
    match (suffix.is_empty(), round) {
        (true, 0) => format!("team-{area}"),
        (true, r) => format!("team-{area}-{}", r + 1),
        (false, _) => format!("{area}-{}", suffix[round % suffix.len()]) + &"-x".repeat(round / suffix.len()),
    }
}

/// How a service's deployment ids are spelled: the tool that deploys it.
#[derive(Clone, Copy)]
enum IdShape {
    GithubInt,
    Uuid,
    Pipeline,
    GitlabInt,
}

fn push_hex(out: &mut Vec<u8>, v: u64, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for i in (0..digits).rev() {
        out.push(HEX[(v >> (i * 4) & 15) as usize]);
    }
}

fn push_deploy_id(out: &mut Vec<u8>, shape: IdShape, i: u64) {
    match shape {
        IdShape::GithubInt => push_uint(out, 1_200_000_000 + i * 3),
        IdShape::GitlabInt => push_uint(out, 50_000_000 + i),
        IdShape::Pipeline => {
            out.extend_from_slice(b"pipeline:");
            push_uint(out, 400_000 + i);
        }
        IdShape::Uuid => {
            let mut r = Rng::new(i ^ 0x5eed_0000_0000);
            let (a, b) = (r.next_u64(), r.next_u64());
            push_hex(out, a >> 32, 8);
            out.push(b'-');
            push_hex(out, a >> 16 & 0xffff, 4);
            out.push(b'-');
            push_hex(out, 0x4000 | (a & 0x0fff), 4);
            out.push(b'-');
            push_hex(out, 0x8000 | (b >> 48 & 0x3fff), 4);
            out.push(b'-');
            push_hex(out, b & 0xffff_ffff_ffff, 12);
        }
    }
}

fn push_sha(out: &mut Vec<u8>, seed: u64) {
    let mut r = Rng::new(seed);
    let (a, b, c) = (r.next_u64(), r.next_u64(), r.next_u64());
    push_hex(out, a, 16);
    push_hex(out, b, 16);
    push_hex(out, c >> 32, 8);
}

fn push_incident_id(out: &mut Vec<u8>, n: u64) {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    match n % 3 {
        0 => {
            // PagerDuty: P or Q and 13 upper-case letters and digits.
            let mut r = Rng::new(n ^ 0x9a9e_d000);
            out.push(if n.is_multiple_of(2) { b'P' } else { b'Q' });
            for _ in 0..13 {
                out.push(ALNUM[r.below(ALNUM.len() as u64) as usize]);
            }
        }
        1 => {
            out.extend_from_slice(b"OPS-");
            push_uint(out, 1000 + n);
        }
        _ => {
            out.extend_from_slice(b"INC");
            let mut digits = Vec::new();
            push_uint(&mut digits, n);
            out.extend(std::iter::repeat_n(b'0', 7usize.saturating_sub(digits.len())));
            out.extend_from_slice(&digits);
        }
    }
}

/// A cumulative distribution over `weights`, for drawing indexes.
struct Cdf(Vec<f64>);

impl Cdf {
    fn new(weights: impl Iterator<Item = f64>) -> Cdf {
        let w: Vec<f64> = weights.collect();
        let total: f64 = w.iter().sum();
        let mut acc = 0.0;
        Cdf(w
            .iter()
            .map(|x| {
                acc += x / total;
                acc
            })
            .collect())
    }
    fn draw(&self, rng: &mut Rng) -> usize {
        let x = rng.f64();
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

/// Rows as bytes in one buffer, with the service and time of each (for ordering and splitting).
struct Rows {
    bytes: Vec<u8>,
    start: Vec<u64>,
    at: Vec<i64>,
    svc: Vec<u16>,
}

impl Rows {
    fn with_capacity(n: usize, bytes: usize) -> Rows {
        Rows {
            bytes: Vec::with_capacity(bytes),
            start: Vec::with_capacity(n + 1),
            at: Vec::with_capacity(n),
            svc: Vec::with_capacity(n),
        }
    }
    fn begin(&mut self, at: i64, svc: usize) {
        self.start.push(self.bytes.len() as u64);
        self.at.push(at);
        self.svc.push(svc as u16);
    }
    fn row(&self, i: usize) -> &[u8] {
        let end = self.start.get(i + 1).copied().unwrap_or(self.bytes.len() as u64);
        &self.bytes[self.start[i] as usize..end as usize]
    }
    fn len(&self) -> usize {
        self.at.len()
    }
    /// Row indexes in the order `order` writes them; `dups` rows appear twice.
    fn ordered(&self, order: Order, dups: &[u32], services: usize, rng: &mut Rng) -> Vec<u32> {
        let mut idx: Vec<u32> = (0..self.len() as u32).chain(dups.iter().copied()).collect();
        match order {
            Order::Sorted => idx.sort_by_key(|&i| (self.at[i as usize], i)),
            Order::NewestFirst => idx.sort_by_key(|&i| std::cmp::Reverse((self.at[i as usize], i))),
            Order::Shuffled => {
                for i in (1..idx.len()).rev() {
                    idx.swap(i, rng.below(i as u64 + 1) as usize);
                }
            }
            Order::ByRepo => {
                let mut rank: Vec<u32> = (0..services as u32).collect();
                for i in (1..rank.len()).rev() {
                    rank.swap(i, rng.below(i as u64 + 1) as usize);
                }
                idx.sort_by_key(|&i| {
                    let i = i as usize;
                    (rank[self.svc[i] as usize], std::cmp::Reverse(self.at[i]))
                });
            }
        }
        idx
    }
}

/// Writes `rows` in `order` into one file, or into `files` files split by service.
fn write_rows(
    dir: &Path,
    stem: &str,
    header: &str,
    rows: &Rows,
    order: &[u32],
    files: usize,
) -> Result<Vec<String>, String> {
    let names: Vec<String> =
        if files == 1 { vec![format!("{stem}.csv")] } else { (1..=files).map(|k| format!("{stem}-{k}.csv")).collect() };
    let mut writers = Vec::with_capacity(files);
    for n in &names {
        let path = dir.join(n);
        let f = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        w.write_all(header.as_bytes()).map_err(|e| e.to_string())?;
        writers.push(w);
    }
    for &i in order {
        let i = i as usize;
        writers[rows.svc[i] as usize % files].write_all(rows.row(i)).map_err(|e| e.to_string())?;
    }
    for mut w in writers {
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(names)
}

pub(crate) fn bench(dir: &Path, c: &Config) -> Result<(), String> {
    let t0 = std::time::Instant::now();
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let teams: Vec<String> = (0..c.teams).map(|t| name(t, &[])).collect();
    let services: Vec<String> = (0..c.services).map(|s| name(s, KINDS)).collect();
    let first_day = days_from_civil(2025, 1, 1);
    let days = (days_from_civil(2025 + c.years as i64, 1, 1) - first_day) as usize;
    let mut rng = Rng::new(2025);

    // Team sizes: Zipf-like, a few teams own many services, most own one or two.
    let team_cdf = Cdf::new((0..c.teams).map(|t| 1.0 / (1.0 + t as f64).powf(0.9)));
    let team_of: Vec<usize> = (0..c.services).map(|s| if s < c.teams { s } else { team_cdf.draw(&mut rng) }).collect();
    // Service activity: a long tail, shuffled so busy services sit in all kinds of teams.
    let mut activity: Vec<f64> = (0..c.services).map(|s| 1.0 / (1.0 + s as f64 * 0.08)).collect();
    for i in (1..activity.len()).rev() {
        activity.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let svc_cdf = Cdf::new(activity.iter().copied());
    let shape_of = |s: usize| [IdShape::GithubInt, IdShape::Uuid, IdShape::Pipeline, IdShape::GitlabInt][s % 4];

    // Deployments per day: weekdays busy, weekends quiet; whole counts summing to n.
    let weights: Vec<f64> = (0..days).map(|d| if weekday(first_day + d as i64) >= 5 { 0.12 } else { 1.0 }).collect();
    let total: f64 = weights.iter().sum();
    let mut per_day = Vec::with_capacity(days);
    let (mut acc, mut given) = (0.0, 0usize);
    for w in &weights {
        acc += w / total * c.deployments as f64;
        let upto = (acc.round() as usize).min(c.deployments);
        per_day.push(upto - given);
        given = upto;
    }
    if let Some(last) = per_day.last_mut() {
        *last += c.deployments - given;
    }

    let mut deps = Rows::with_capacity(c.deployments, c.deployments * 150);
    let mut good = Vec::with_capacity(c.deployments / 2);
    let mut n = 0u64;
    for (d, &k) in per_day.iter().enumerate() {
        let day_start = (first_day + d as i64) * DAY + 7 * HOUR;
        let step = 13 * HOUR / k.max(1) as i64;
        for j in 0..k {
            let t = day_start + j as i64 * step + rng.below(step.max(1) as u64) as i64;
            let s = svc_cdf.draw(&mut rng);
            let env: &[u8] = match rng.f64() {
                x if x < 0.95 => b"production",
                x if x < 0.975 => b"staging",
                x if x < 0.985 => b"dev",
                x if x < 0.995 => b"qa",
                _ => b"test",
            };
            let status: &[u8] = match rng.f64() {
                x if x < 0.975 => b"success",
                x if x < 0.995 => b"failure",
                _ => b"cancelled",
            };
            let kind: &[u8] = match rng.f64() {
                x if x < 0.01 => b"hotfix",
                x if x < 0.015 => b"rollback",
                x if x < 0.017 => b"revert",
                _ => b"deploy",
            };
            if env == b"production" && status == b"success" {
                good.push(n as u32);
            }
            deps.begin(t, s);
            let out = &mut deps.bytes;
            push_deploy_id(out, shape_of(s), n);
            out.push(b',');
            out.extend_from_slice(teams[team_of[s]].as_bytes());
            out.push(b',');
            out.extend_from_slice(services[s].as_bytes());
            out.push(b',');
            out.extend_from_slice(env);
            out.push(b',');
            out.extend_from_slice(status);
            out.push(b',');
            push_ts(out, t);
            out.push(b',');
            push_sha(out, n);
            out.push(b',');
            let lead = (rng.lognormal(20.0, 1.1) * HOUR as f64) as i64 + 5 * MIN;
            match rng.f64() {
                x if x < 0.02 => {
                    out.push(b',');
                    push_uint(out, (lead / SEC) as u64);
                }
                x if x < 0.05 => out.push(b','),
                _ => {
                    push_ts(out, t - lead);
                    out.push(b',');
                }
            }
            out.extend_from_slice(if rng.chance(0.01) { b",true," } else { b",false," });
            out.extend_from_slice(kind);
            out.extend_from_slice(if kind == b"deploy" { b",false\n" } else { b",true\n" });
            n += 1;
        }
    }

    // Incidents: each after a random production deployment of its service.
    let mut incs = Rows::with_capacity(c.incidents, c.incidents * 110);
    let mut causes: Vec<u32> = (0..c.incidents).map(|_| good[rng.below(good.len().max(1) as u64) as usize]).collect();
    causes.sort_unstable();
    const TITLES: &[&str] =
        &["Elevated error rate on ", "Latency above SLO on ", "Crash loop in ", "Failed health checks for "];
    for (k, &d) in causes.iter().enumerate() {
        let d = d as usize;
        let s = deps.svc[d] as usize;
        let started = deps.at[d] + (rng.lognormal(30.0, 1.0) * MIN as f64) as i64;
        incs.begin(started, s);
        let out = &mut incs.bytes;
        push_incident_id(out, k as u64 + 1);
        out.push(b',');
        if rng.chance(0.8) {
            out.extend_from_slice(teams[team_of[s]].as_bytes());
        }
        out.push(b',');
        out.extend_from_slice(services[s].as_bytes());
        out.push(b',');
        push_ts(out, started);
        out.push(b',');
        if rng.chance(0.995) {
            push_ts(out, started + (rng.lognormal(2.0, 1.2) * HOUR as f64) as i64 + 3 * MIN);
        }
        out.push(b',');
        out.extend_from_slice(["SEV1", "SEV2", "SEV3", "SEV4"][rng.weighted(&[0.05, 0.2, 0.5, 0.25])].as_bytes());
        out.push(b',');
        match rng.f64() {
            x if x < 0.35 => push_deploy_id(out, shape_of(s), d as u64),
            x if x < 0.7 => {
                let mut sha = Vec::with_capacity(40);
                push_sha(&mut sha, d as u64);
                out.extend_from_slice(&sha[..rng.range(7, 12) as usize]);
            }
            x if x < 0.75 => {
                out.extend_from_slice(b"CHG00");
                push_uint(out, rng.range(10_000, 99_999) as u64);
            }
            _ => {}
        }
        out.push(b',');
        out.extend_from_slice(rng.pick(TITLES).as_bytes());
        out.extend_from_slice(services[s].as_bytes());
        out.push(b'\n');
    }

    // A re-export here and there: the same row twice.
    let dups = |rows: &Rows, share: f64, rng: &mut Rng| -> Vec<u32> {
        (0..rows.len() as u32).filter(|_| rng.chance(share)).collect()
    };
    let dep_dups = dups(&deps, 0.004, &mut rng);
    let inc_dups = dups(&incs, 0.003, &mut rng);
    let dep_order = deps.ordered(c.order, &dep_dups, c.services, &mut rng);
    let inc_order = incs.ordered(c.order, &inc_dups, c.services, &mut rng);
    let dep_files = write_rows(dir, "deployments", DEPLOY_HEADER, &deps, &dep_order, c.files)?;
    let inc_files = write_rows(dir, "incidents", INCIDENT_HEADER, &incs, &inc_order, c.files)?;
    eprintln!(
        "bench: {} deployments (+{} duplicate rows) in {}, {} incidents (+{}) in {}, {} teams, {} services, {} year(s), order {:?}, in {} ({:.2}s)",
        deps.len(),
        dep_dups.len(),
        dep_files.join(" "),
        incs.len(),
        inc_dups.len(),
        inc_files.join(" "),
        c.teams,
        c.services,
        c.years,
        c.order,
        dir.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}
