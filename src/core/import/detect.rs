//! Format detection from content (the file name only breaks ties): vendor shapes first, then the
//! canonical ones, a teams mapping, or a CSV read through the column mapping.

use super::sniff::sniff;
use super::unwrap::{Wrapper, devlake_raw, is_devlake_raw};
use super::{Format, Hint, ImportOptions, notes, teams, yaml};

/// Detects the format of a file from its content; the name and the hint break ties.
/// Returns the format and a reason a person can check. A YAML file or a DevLake raw table is
/// detected by what it wraps ([`super::unwrap`]).
pub fn detect(name: &str, text: &str, opts: &ImportOptions) -> Result<(Format, String), String> {
    let s = sniff(text);
    if is_devlake_raw(&s) {
        let inner = devlake_raw(text).map_err(|e| e.message)?;
        return detect_unwrapped(name, &inner, Wrapper::DevlakeRaw, opts);
    }
    if !s.json && yaml::looks_like_yaml(s.head) {
        return match yaml::to_json(text) {
            Ok(inner) => detect_unwrapped(name, &inner, Wrapper::Yaml, opts),
            // The first bytes of a large file, cut inside a value.
            Err(_) if s.head.contains("argoproj.io/") => {
                Ok((Format::Argocd, format!("{}: an Argo CD Application (argoproj.io)", Wrapper::Yaml.label())))
            }
            Err(e) => Err(format!("{}:{}: {}", e.line, e.column, e.message)),
        };
    }
    detect_plain(name, text, opts)
}

/// Detects the format of what a wrapper held. YAML is read for Argo CD applications only; a YAML
/// file of any other kind is declined, saying which kind it is.
pub fn detect_unwrapped(
    name: &str,
    inner: &str,
    wrapper: Wrapper,
    opts: &ImportOptions,
) -> Result<(Format, String), String> {
    let found = detect_plain(name, inner, opts);
    match (wrapper, found) {
        (Wrapper::Yaml, Ok((Format::Argocd, why))) => Ok((Format::Argocd, format!("{}: {why}", wrapper.label()))),
        (Wrapper::Yaml, _) => {
            let kind = yaml::kind(inner).map_or_else(|| "without a kind".to_string(), |k| format!("of kind {k}"));
            Err(format!(
                "a YAML file {kind}; DORA Lens reads Argo CD Application YAML (`argocd app get NAME -o yaml`, \
                 `kubectl get applications -n argocd -o yaml`). Other exports are read as JSON or CSV: see docs/imports.md"
            ))
        }
        (Wrapper::DevlakeRaw, Ok((format, why))) => Ok((format, format!("{}: {why}", wrapper.label()))),
        (Wrapper::DevlakeRaw, Err(e)) => Err(format!(
            "a DevLake raw table whose data objects DORA Lens does not recognise ({e}); export DevLake's domain tables \
             (cicd_deployment_commits, cicd_deployments, incidents, issues) instead (see docs/imports.md)"
        )),
    }
}

/// Detects the format of a JSON or CSV file (not wrapped).
fn detect_plain(name: &str, text: &str, opts: &ImportOptions) -> Result<(Format, String), String> {
    let hint = opts.hint;
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let s = sniff(text);
    if let Some(found) = super::vendor::detect(&s, name, hint) {
        return Ok(found);
    }
    if s.json {
        // A manifest's own keys (a record or a teams mapping with a field of that name is not one).
        if !s.ndjson && s.key("doralens_pull") && s.key("listings") {
            return Ok((Format::CanonicalJson, notes::PULL_MANIFEST.into()));
        }
        if s.ndjson && (s.key("deployed_at") || s.key("started_at")) {
            return Ok((Format::CanonicalNdjson, "one JSON object per line with deployed_at/started_at".into()));
        }
        if s.key("deployments") || s.key("incidents") || s.key("deployed_at") || s.key("started_at") {
            let why = if s.key("deployments") || s.key("incidents") {
                "has a deployments/incidents array"
            } else {
                "objects with deployed_at/started_at"
            };
            return Ok((Format::CanonicalJson, why.into()));
        }
        if teams::looks_like_json(&s) {
            return Ok((Format::TeamsJson, "maps names to teams".into()));
        }
        let teams = if hint == Hint::Teams {
            " A teams mapping is {\"name\": \"team\"}, {\"teams\": {\"team\": [\"name\"]}} or [{\"service\": …, \"team\": …}]."
        } else {
            ""
        };
        return Err(format!(
            "not a recognised format: this JSON is {}, which is none of the exports DORA Lens reads (docs/imports.md lists them \
             with the keys each needs; choose the format with --input-format if it is one of them).{teams} \
             Any tool's export saved as CSV can be read with a column mapping.",
            super::shape::describe(text)
        ));
    }
    let has_id = s.header("id");
    if has_id && s.header("deployed_at") {
        return Ok((Format::CanonicalCsv, "CSV with id and deployed_at columns".into()));
    }
    if has_id && s.header("started_at") {
        return Ok((Format::CanonicalCsv, "CSV with id and started_at columns".into()));
    }
    if teams::is_devlake_project_mapping(&s) {
        return Ok((
            Format::TeamsCsv,
            "project_name, table, row_id (DevLake project_mapping: projects as teams)".into(),
        ));
    }
    if teams::looks_like_csv(&s) {
        return Ok((Format::TeamsCsv, format!("two columns: {}", s.headers.join(", "))));
    }
    if opts.mapping.is_some() {
        return Ok((Format::MappedCsv, "CSV read with the column mapping".into()));
    }
    let shown: Vec<&str> = s.headers.iter().take(8).map(String::as_str).collect();
    Err(format!(
        "not a recognised format: CSV columns {} match no known export; set a column mapping (which column is the id, the time, …)",
        if shown.is_empty() { "(none)".to_string() } else { shown.join(", ") }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_shapes_are_detected() {
        let cases = [
            ("id,deployed_at,team\n1,2025-01-01,a\n", Format::CanonicalCsv),
            ("\u{feff}team;id;started_at\n", Format::CanonicalCsv),
            ("{\"deployments\": []}", Format::CanonicalJson),
            (
                "{\"id\":\"1\",\"deployed_at\":\"2025-01-01\"}\n{\"id\":\"2\",\"deployed_at\":\"2025-01-02\"}\n",
                Format::CanonicalNdjson,
            ),
            ("service,team\napi,payments\n", Format::TeamsCsv),
        ];
        for (text, want) in cases {
            let text = text.trim_start_matches('\u{feff}');
            assert_eq!(detect("x", text, &ImportOptions::default()).map(|f| f.0), Ok(want), "{text}");
        }
    }

    #[test]
    fn a_pull_manifest_is_told_from_records_that_name_its_key() {
        let why = |text: &str| detect("x.json", text, &ImportOptions::default());
        let manifest =
            "{\n  \"doralens_pull\": 1,\n  \"source\": \"github\",\n  \"listings\": [],\n  \"files\": []\n}\n";
        assert_eq!(why(manifest), Ok((Format::CanonicalJson, notes::PULL_MANIFEST.to_string())));
        for (text, want) in [
            (
                r#"{"doralens_pull": 1, "deployments": [{"id":"1","deployed_at":"2025-01-01T00:00:00Z"}]}"#,
                Format::CanonicalJson,
            ),
            (
                "{\"doralens_pull\":1,\"listings\":2,\"id\":\"1\",\"deployed_at\":\"2025-01-01\"}\n{\"id\":\"2\",\"deployed_at\":\"2025-01-02\"}\n",
                Format::CanonicalNdjson,
            ),
            (r#"{"doralens_pull": "platform", "api": "payments"}"#, Format::TeamsJson),
        ] {
            let got = why(text).unwrap();
            assert_eq!(got.0, want, "{text}");
            assert_ne!(got.1, notes::PULL_MANIFEST, "{text}");
        }
    }

    #[test]
    fn unknown_csv_asks_for_a_mapping() {
        let err = detect("x.csv", "when,what\n1,2\n", &ImportOptions::default()).unwrap_err();
        assert!(err.contains("column mapping"), "{err}");
        let mapping = crate::core::import::Mapping::from_json(
            r#"{"kind":"deployments","columns":{"id":"what","deployed_at":"when"}}"#,
        )
        .unwrap();
        let opts = ImportOptions { mapping: Some(mapping), ..ImportOptions::default() };
        assert_eq!(detect("x.csv", "when,what\n1,2\n", &opts).unwrap().0, Format::MappedCsv);
    }

    #[test]
    fn ids_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_id(f.id()), Some(*f));
        }
    }
}
