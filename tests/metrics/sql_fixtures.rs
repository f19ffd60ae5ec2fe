//! The datasets the warehouse SQL is tested on (tests/sql/engines.py): every case of
//! `metric_rules` and a few more, as canonical CSV with UTC timestamps, the flags of the run, and
//! the core's rollup of them, in tests/fixtures/sql/NN-name/. The test checks the committed files
//! are current; `DORALENS_WRITE_SQL_FIXTURES=1 cargo test --test metrics sql_fixtures` rewrites them.

use super::{Case, cases};
use doralens::core::export::RollupFormat;
use doralens::core::import::{Hint, ImportOptions, build_dataset, import_file};
use doralens::core::metrics::{
    AnalysisOptions, Benchmark, Bucket, DORA_2021, DORA_2023, ReportOptions, analyze, report,
};
use doralens::core::time::{Zone, format_instant, parse_date, parse_timestamp};
use std::path::{Path, PathBuf};

const DEPLOY_COLS: [&str; 12] = [
    "id",
    "team",
    "service",
    "environment",
    "status",
    "deployed_at",
    "commit_sha",
    "first_commit_at",
    "lead_time_seconds",
    "failed",
    "kind",
    "rework",
];
const INCIDENT_COLS: [&str; 8] =
    ["id", "team", "service", "started_at", "resolved_at", "severity", "caused_by", "title"];
const TIMES: [&str; 4] = ["deployed_at", "first_commit_at", "started_at", "resolved_at"];

/// One dataset and the options of its run.
struct Set {
    name: String,
    deploys: String,
    incidents: String,
    tz: String,
    from: Option<String>,
    to: Option<String>,
    bucket: Bucket,
    window: Option<f64>,
    benchmark: Benchmark,
    teams: Vec<String>,
    services: Vec<String>,
}

impl Set {
    fn of(c: &Case) -> Set {
        Set {
            name: c.name.to_string(),
            deploys: c.deploys.to_string(),
            incidents: c.incidents.to_string(),
            tz: c.tz.to_string(),
            from: c.from.map(String::from),
            to: c.to.map(String::from),
            bucket: c.bucket,
            window: c.window,
            benchmark: DORA_2023,
            teams: vec![],
            services: vec![],
        }
    }

    /// The flags of `doralens sql` and `doralens report`, one `--flag value` a line.
    fn args(&self) -> String {
        let mut a = format!("--tz {}\n", self.tz);
        for (flag, v) in [("from", &self.from), ("to", &self.to)] {
            if let Some(v) = v {
                a.push_str(&format!("--{flag} {v}\n"));
            }
        }
        if self.bucket == Bucket::Month {
            a.push_str("--bucket month\n");
        }
        if let Some(h) = self.window {
            a.push_str(&format!("--link-window-hours {h}\n"));
        }
        if self.benchmark.year != 2023 {
            a.push_str(&format!("--benchmark {}\n", self.benchmark.year));
        }
        for t in &self.teams {
            a.push_str(&format!("--team {t}\n"));
        }
        for s in &self.services {
            a.push_str(&format!("--service {s}\n"));
        }
        a
    }

    /// The core's rollup of these files, as `doralens report --format rollup` writes it.
    fn rollup(&self, deploys: &str, incidents: &str) -> String {
        let zone = Zone::named(&self.tz).unwrap();
        let opts = ImportOptions { zone: zone.clone(), ..ImportOptions::default() };
        let mut files = Vec::new();
        for (k, (text, hint)) in [(deploys, Hint::Deployments), (incidents, Hint::Incidents)].into_iter().enumerate() {
            if !text.is_empty() {
                files.push(
                    import_file("f.csv", text.as_bytes(), k as u32, &ImportOptions { hint, ..opts.clone() }).unwrap(),
                );
            }
        }
        let (data, _) = build_dataset(&files);
        let a = analyze(&data, &AnalysisOptions { zone, link_window_hours: self.window });
        let day = |d: &Option<String>| d.as_deref().map(|d| parse_date(d).unwrap());
        let ro = ReportOptions {
            from: day(&self.from),
            to: day(&self.to),
            bucket: self.bucket,
            benchmark: self.benchmark,
            teams: self.teams.clone(),
            services: self.services.clone(),
            overall_trend: true,
            ..ReportOptions::default()
        };
        RollupFormat::Csv.render(&report(&a, &ro, day(&self.from).unwrap_or(0)))
    }
}

/// A case's CSV in the canonical columns, its times as UTC instants (as a warehouse holds them).
fn canonical(text: &str, cols: &[&str], zone: &Zone) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(cols).unwrap();
    if !text.trim().is_empty() {
        let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let headers: Vec<String> = r.headers().unwrap().iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        for rec in r.records() {
            let rec = rec.unwrap();
            let row: Vec<String> = cols
                .iter()
                .map(|c| {
                    let v = headers.iter().position(|h| h == c).and_then(|i| rec.get(i)).unwrap_or("");
                    if TIMES.contains(c) {
                        match parse_timestamp(v, zone).unwrap() {
                            Some(ms) => format_instant(ms),
                            None => String::new(),
                        }
                    } else {
                        v.to_string()
                    }
                })
                .collect();
            out.write_record(&row).unwrap();
        }
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

/// A seeded source of numbers (the same data every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Generated: naive local times across New York's DST change, numeric and text ids, ties at one
/// time, duplicates, staging and failed rows, rollbacks, sha prefixes in any case, open and
/// backwards incidents, incidents of one id merged.
fn generated() -> (String, String) {
    let mut g = Lcg(18);
    let services = ["api", "web", "db", ""];
    let teams = ["a", "b", "c, d", ""];
    let mut d = String::from(
        "id,team,service,environment,status,deployed_at,commit_sha,first_commit_at,lead_time_seconds,failed,kind,rework\n",
    );
    let mut shas = Vec::new();
    let mut ids = Vec::new();
    let base = 1_740_000_000_000i64; // 2025-02-19T21:20Z
    for k in 0..400 {
        let id = if k % 3 == 0 { format!("dep-{}", k * 7 % 101) } else { format!("{}", 1000 + k * 13 % 997) };
        // Minutes since base, rounded to 10 so that some deployments share a time.
        let t = base + (g.next(50 * 24 * 6) as i64) * 600_000;
        let local = if k % 4 == 0 {
            format_instant(t)
        } else {
            let z = Zone::named("America/New_York").unwrap();
            let day = z.day_of(t);
            let secs = (t - z.day_start(day)) / 1000;
            format!("{} {:02}:{:02}", doralens::core::time::format_date(day), secs / 3600 % 24, secs / 60 % 60)
        };
        let sha: String = (0..40).map(|_| char::from_digit(g.next(16) as u32, 16).unwrap()).collect();
        let env = ["production", "", "prod", "staging", "PRODUCTION"][g.next(5) as usize];
        let status = ["success", "", "failed", "Succeeded", "success"][g.next(5) as usize];
        let kind = ["", "", "", "", "", "", "rollback", "hotfix", "revert", "deploy"][g.next(10) as usize];
        let failed = ["", "", "", "", "", "", "", "", "yes", "true"][g.next(10) as usize];
        let rework = ["", "", "", "", "", "", "", "", "", "1"][g.next(10) as usize];
        let first = if g.next(3) == 0 {
            format_instant(t - g.next(72 * 3600) as i64 * 1000 + 3_600_000)
        } else {
            String::new()
        };
        let lead = if first.is_empty() && g.next(2) == 0 { format!("{}", g.next(100_000)) } else { String::new() };
        let team = teams[g.next(4) as usize];
        let service = services[g.next(4) as usize];
        d.push_str(&format!(
            "{id},\"{team}\",{service},{env},{status},{local},{sha},{first},{lead},{failed},{kind},{rework}\n"
        ));
        shas.push(sha);
        ids.push(id);
    }
    let mut i = String::from("id,team,service,started_at,resolved_at,severity,caused_by,title\n");
    for k in 0..90 {
        let t = base + (g.next(50 * 24 * 60) as i64) * 60_000 + 30_000;
        let caused = match g.next(6) {
            0 => ids[g.next(400) as usize].clone(),
            1 => shas[g.next(400) as usize][..7 + g.next(6) as usize].to_string(),
            2 => shas[g.next(400) as usize][..9].to_ascii_uppercase(),
            3 => "nope".to_string(),
            _ => String::new(),
        };
        let resolved = match g.next(10) {
            0 | 1 => String::new(),
            2 => format_instant(t - 600_000),
            _ => format_instant(t + g.next(48 * 60) as i64 * 60_000 + 1000),
        };
        let team = teams[g.next(4) as usize];
        let service = services[g.next(4) as usize];
        let row = format!("INC-{k},\"{team}\",{service},{},{resolved},SEV2,{caused},\n", format_instant(t));
        i.push_str(&row);
        if k % 15 == 0 {
            // The same incident again, resolved later (the merge keeps the latest resolution).
            i.push_str(&row.replace(&format!(",{resolved},"), &format!(",{},", format_instant(t + 9_000_000))));
        }
    }
    (d, i)
}

fn sets() -> Vec<Set> {
    let mut v: Vec<Set> = cases().iter().map(Set::of).collect();
    let dir = std::env::temp_dir().join(format!("doralens-sql-fixtures-{}", std::process::id()));
    let files = super::common::fixture_files(dir.to_str().unwrap());
    let read = |k: usize| std::fs::read_to_string(&files[k].0).unwrap();
    let three = Set {
        name: "three teams, hostile names, eight weeks".into(),
        deploys: read(0),
        incidents: read(1),
        tz: "UTC".into(),
        from: None,
        to: None,
        bucket: Bucket::Week,
        window: None,
        benchmark: DORA_2023,
        teams: vec![],
        services: vec![],
    };
    let _ = std::fs::remove_dir_all(&dir);
    let (gd, gi) = generated();
    let gen_set =
        |name: &str| Set { name: name.into(), deploys: gd.clone(), incidents: gi.clone(), ..Set::of(&Case::default()) };
    v.push(Set {
        name: "three teams by month, benchmark 2021".into(),
        bucket: Bucket::Month,
        benchmark: DORA_2021,
        ..three_clone(&three)
    });
    v.push(Set { name: "one team selected".into(), teams: vec!["Payments".into()], ..three_clone(&three) });
    v.push(Set { name: "one service selected".into(), services: vec!["tj".into()], ..three_clone(&three) });
    v.push(three);
    v.push(Set {
        tz: "America/New_York".into(),
        window: Some(72.0),
        ..gen_set("generated, New York DST, link window")
    });
    v.push(Set {
        tz: "Asia/Kolkata".into(),
        from: Some("2025-03-05".into()),
        to: Some("2025-04-02".into()),
        bucket: Bucket::Month,
        benchmark: DORA_2021,
        ..gen_set("generated, Kolkata, months, a range, benchmark 2021")
    });
    v.push(Set {
        teams: vec!["a".into(), "c, d".into()],
        services: vec!["api".into(), "web".into()],
        ..gen_set("generated, two teams, two services")
    });
    v.push(Set {
        from: Some("0001-01-01".into()),
        to: Some("2025-04-02".into()),
        bucket: Bucket::Month,
        teams: vec!["a".into()],
        ..gen_set("generated, a range from year 1 is cut to the days of records, months, one team")
    });
    v
}

fn three_clone(s: &Set) -> Set {
    Set {
        name: s.name.clone(),
        deploys: s.deploys.clone(),
        incidents: s.incidents.clone(),
        tz: s.tz.clone(),
        from: s.from.clone(),
        to: s.to.clone(),
        bucket: s.bucket,
        window: s.window,
        benchmark: s.benchmark,
        teams: s.teams.clone(),
        services: s.services.clone(),
    }
}

fn slug(k: usize, name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s: String = s.trim_matches('-').chars().take(48).collect();
    format!("{k:02}-{}", s.trim_end_matches('-'))
}

/// Every fixture file: (path under tests/fixtures/sql, content).
fn files() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for (k, s) in sets().iter().enumerate() {
        let zone = Zone::named(&s.tz).unwrap();
        let deploys = canonical(&s.deploys, &DEPLOY_COLS, &zone);
        let incidents = canonical(&s.incidents, &INCIDENT_COLS, &zone);
        let rollup = s.rollup(&deploys, &incidents);
        assert_eq!(
            rollup,
            s.rollup(&s.deploys, &s.incidents),
            "[{}] the canonical files give the case's rollup",
            s.name
        );
        let dir = PathBuf::from(slug(k, &s.name));
        out.push((dir.join("name.txt"), format!("{}\n", s.name)));
        out.push((dir.join("args.txt"), s.args()));
        out.push((dir.join("deployments.csv"), deploys));
        out.push((dir.join("incidents.csv"), incidents));
        out.push((dir.join("rollup.csv"), rollup));
    }
    out
}

#[test]
fn sql_fixtures_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sql");
    let want = files();
    if std::env::var_os("DORALENS_WRITE_SQL_FIXTURES").is_some() {
        let _ = std::fs::remove_dir_all(&root);
        for (p, text) in &want {
            std::fs::create_dir_all(root.join(p).parent().unwrap()).unwrap();
            std::fs::write(root.join(p), text).unwrap();
        }
        return;
    }
    let regen = "regenerate: DORALENS_WRITE_SQL_FIXTURES=1 cargo test --test metrics sql_fixtures";
    for (p, text) in &want {
        let got = std::fs::read_to_string(root.join(p)).unwrap_or_default();
        assert!(&got == text, "tests/fixtures/sql/{} is not current; {regen}", p.display());
    }
    let mut dirs: Vec<String> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    dirs.sort();
    let mut named: Vec<String> = want.iter().filter_map(|(p, _)| p.parent().map(|d| d.display().to_string())).collect();
    named.dedup();
    assert_eq!(dirs, named, "tests/fixtures/sql has other folders; {regen}");
}
