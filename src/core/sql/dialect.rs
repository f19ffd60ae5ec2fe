//! What differs between the engines: identifiers, types, literals, time zones, calendars, series,
//! regular expressions and one aggregate. Everything else the plan writes is SQL all three read.

/// An engine the SQL is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Postgres,
    Spark,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::DuckDb, Dialect::Postgres, Dialect::Spark];

    pub fn parse(s: &str) -> Option<Dialect> {
        match s.trim().to_ascii_lowercase().as_str() {
            "duckdb" => Some(Dialect::DuckDb),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "spark" | "sparksql" | "spark-sql" | "databricks" => Some(Dialect::Spark),
            _ => None,
        }
    }

    /// The name `--dialect` takes and the rollup's `source` says.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Spark => "spark",
        }
    }

    /// A column name that may be a reserved word (`row`, `from`, `to`).
    pub(super) fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{name}`"),
            _ => format!("\"{name}\""),
        }
    }

    pub(super) fn double(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            _ => "DOUBLE",
        }
    }

    pub(super) fn text(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Postgres => "TEXT",
            Dialect::Spark => "STRING",
        }
    }

    /// A string literal (Spark reads backslashes in literals as escapes).
    pub(super) fn lit(self, s: &str) -> String {
        match self {
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// A double exactly: the shortest decimal that reads back as `v`, parsed by the engine.
    pub(super) fn num(self, v: f64) -> String {
        format!("CAST('{v}' AS {})", self.double())
    }

    /// `x` as text.
    pub(super) fn as_text(self, x: &str) -> String {
        format!("CAST({x} AS {})", self.text())
    }

    /// `x` as a double.
    pub(super) fn as_double(self, x: &str) -> String {
        format!("CAST({x} AS {})", self.double())
    }

    /// Milliseconds since the epoch of a TIMESTAMP holding UTC (digits past the millisecond dropped).
    pub(super) fn epoch_ms(self, ts: &str) -> String {
        match self {
            Dialect::DuckDb => format!("epoch_ms(CAST({ts} AS TIMESTAMP))"),
            Dialect::Postgres => format!("CAST(floor(extract(epoch FROM CAST({ts} AS TIMESTAMP)) * 1000) AS BIGINT)"),
            Dialect::Spark => format!("unix_millis(CAST({ts} AS TIMESTAMP))"),
        }
    }

    /// The local date, in the zone `tz`, of an instant given in epoch milliseconds.
    pub(super) fn local_date(self, ms: &str, tz: &str) -> String {
        let z = self.lit(tz);
        match self {
            Dialect::DuckDb => format!("CAST(timezone({z}, timezone('UTC', make_timestamp(({ms}) * 1000))) AS DATE)"),
            Dialect::Postgres => format!(
                "CAST((TIMESTAMP '1970-01-01 00:00:00' + ({ms}) * INTERVAL '1 millisecond') AT TIME ZONE 'UTC' AT TIME ZONE {z} AS DATE)"
            ),
            // Spark's timestamps are instants shown in the session zone, which must be UTC.
            Dialect::Spark => format!("to_date(from_utc_timestamp(timestamp_millis({ms}), {z}))"),
        }
    }

    /// Days since 1970-01-01 of a DATE.
    pub(super) fn day_number(self, date: &str) -> String {
        match self {
            Dialect::DuckDb => format!("CAST(date_diff('day', DATE '1970-01-01', {date}) AS BIGINT)"),
            Dialect::Postgres => format!("CAST(({date}) - DATE '1970-01-01' AS BIGINT)"),
            Dialect::Spark => format!("CAST(datediff({date}, DATE '1970-01-01') AS BIGINT)"),
        }
    }

    /// The DATE of a day number.
    pub(super) fn date_of(self, day: &str) -> String {
        match self {
            Dialect::DuckDb | Dialect::Postgres => format!("(DATE '1970-01-01' + CAST({day} AS INTEGER))"),
            Dialect::Spark => format!("date_add(DATE '1970-01-01', CAST({day} AS INT))"),
        }
    }

    /// A day number as `YYYY-MM-DD`.
    pub(super) fn date_text(self, day: &str) -> String {
        self.as_text(&self.date_of(day))
    }

    /// The day of the month (1..31) of a day number.
    pub(super) fn day_of_month(self, day: &str) -> String {
        format!("CAST(EXTRACT(DAY FROM {}) AS BIGINT)", self.date_of(day))
    }

    /// A select-list expression that makes one row per whole number in `lo..=hi`.
    pub(super) fn series(self, lo: &str, hi: &str) -> String {
        match self {
            Dialect::DuckDb => format!("unnest(generate_series(CAST({lo} AS BIGINT), CAST({hi} AS BIGINT)))"),
            Dialect::Postgres => format!("generate_series(CAST({lo} AS BIGINT), CAST({hi} AS BIGINT))"),
            Dialect::Spark => format!("explode(sequence(CAST({lo} AS BIGINT), CAST({hi} AS BIGINT)))"),
        }
    }

    /// `x` matches the regular expression `re` (which holds no quote or backslash).
    pub(super) fn matches(self, x: &str, re: &str) -> String {
        match self {
            Dialect::DuckDb => format!("regexp_matches({x}, '{re}')"),
            Dialect::Postgres => format!("({x} ~ '{re}')"),
            Dialect::Spark => format!("({x} RLIKE '{re}')"),
        }
    }

    /// Text compared byte by byte, as the core compares ids (Postgres would use the locale).
    pub(super) fn bytewise(self, x: &str) -> String {
        match self {
            Dialect::Postgres => format!("{x} COLLATE \"C\""),
            _ => x.to_string(),
        }
    }

    /// An aggregate: the non-null `x` of the row with the least `by` (the first one an incident's
    /// merged rows give, in time rather than in file order).
    pub(super) fn first_by(self, x: &str, by: &str) -> String {
        match self {
            Dialect::DuckDb => format!("arg_min({x}, {by}) FILTER (WHERE {x} IS NOT NULL)"),
            Dialect::Postgres => format!("(array_agg({x} ORDER BY {by}) FILTER (WHERE {x} IS NOT NULL))[1]"),
            Dialect::Spark => format!("min_by({x}, {by}) FILTER (WHERE {x} IS NOT NULL)"),
        }
    }
}
