//! The metrics as SQL (`doralens sql`, docs/warehouse.md): one statement whose result set is the
//! rollup (docs/rollup.md) of the tables of canonical deployments and incidents, computed in
//! DuckDB, PostgreSQL or Spark SQL by the rules of docs/metrics.md. Pure: options in, text out.
//! `plan.rs` writes the statement, `dialect.rs` what differs between engines, `tiers.rs` the
//! tier tables as `CASE`s.

mod dialect;
mod plan;
mod tiers;

pub use dialect::Dialect;

use crate::core::metrics::{Benchmark, Bucket, DORA_2023};

/// What the SQL computes: the report's options, and where the records are.
#[derive(Clone, Debug)]
pub struct SqlOptions {
    pub dialect: Dialect,
    /// The tables (or views) of deployments and incidents, as the engine names them
    /// (`deployments`, `analytics.deployments`, `"My Table"`).
    pub deployments: String,
    pub incidents: String,
    /// First local day; `None`: the first day with data, computed from the tables.
    pub from: Option<i32>,
    /// Last local day, exclusive; `None`: the day after the last day with data.
    pub to: Option<i32>,
    /// The report zone, an IANA name (checked by the caller).
    pub tz: String,
    pub bucket: Bucket,
    pub benchmark: Benchmark,
    pub link_window_hours: Option<f64>,
    pub teams: Vec<String>,
    pub services: Vec<String>,
}

impl SqlOptions {
    pub fn new(dialect: Dialect) -> SqlOptions {
        SqlOptions {
            dialect,
            deployments: "deployments".into(),
            incidents: "incidents".into(),
            from: None,
            to: None,
            tz: "UTC".into(),
            bucket: Bucket::Week,
            benchmark: DORA_2023,
            link_window_hours: None,
            teams: Vec::new(),
            services: Vec::new(),
        }
    }
}

/// What `source` says of a rollup this SQL computes: `doralens sql --dialect duckdb 0.1.0`.
pub fn source(d: Dialect) -> String {
    format!("doralens sql --dialect {} {}", d.name(), env!("CARGO_PKG_VERSION"))
}

/// A table name the SQL can name: letters, digits, `_`, `.`, `$`, and quoted parts (`"…"`,
/// `` `…` ``) without line breaks or `;`.
pub fn check_table(name: &str) -> Result<(), String> {
    let ok = !name.trim().is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '"' | '`' | ' '))
        && name.matches('"').count().is_multiple_of(2)
        && name.matches('`').count().is_multiple_of(2);
    if ok { Ok(()) } else { Err(format!("{name:?} is not a table name (letters, digits, _ . $, quoted parts)")) }
}

/// The statement: `WITH … SELECT …` ending in a line break, without a `;`.
pub fn rollup_sql(o: &SqlOptions) -> String {
    plan::statement(o, &source(o.dialect))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(o: &SqlOptions, has: &[&str], lacks: &[&str]) {
        let sql = rollup_sql(o);
        assert!(sql.starts_with("WITH\n"), "{}", &sql[..40]);
        for h in has {
            assert!(sql.contains(h), "{:?}: no {h:?}", o.dialect);
        }
        for l in lacks {
            assert!(!sql.contains(l), "{:?}: has {l:?}", o.dialect);
        }
    }

    #[test]
    fn one_statement_per_dialect_with_its_names_and_options() {
        for d in Dialect::ALL {
            let mut o = SqlOptions::new(d);
            o.deployments = "lake.deploys".into();
            o.teams = vec!["O'Brien".into()];
            o.from = Some(20_150);
            o.to = Some(20_157);
            let quote = if d == Dialect::Spark { "'O\\'Brien'" } else { "'O''Brien'" };
            let source = source(d);
            check(&o, &["FROM lake.deploys", "FROM incidents", quote, &source], &[";", "rand("]);
            assert_eq!(Dialect::parse(d.name()), Some(d));
        }
        assert_eq!(source(Dialect::DuckDb), concat!("doralens sql --dialect duckdb ", env!("CARGO_PKG_VERSION")));
    }

    #[test]
    fn table_names() {
        for ok in ["deployments", "lake.deployments", "\"My Table\"", "`db`.`t`"] {
            assert_eq!(check_table(ok), Ok(()), "{ok}");
        }
        for bad in ["", "t; DROP TABLE x", "a\nb", "\"open", "t--", "x'y"] {
            assert!(check_table(bad).is_err(), "{bad}");
        }
    }
}
