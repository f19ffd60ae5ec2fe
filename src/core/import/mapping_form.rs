//! The "Map columns" form for a CSV no importer recognises: its header names and a proposed
//! mapping from the first rows (the bytes are unpacked and decoded here, as an import would), and
//! the mapping a filled-in form describes.

use super::mapping::{DEPLOYMENT_FIELDS, INCIDENT_FIELDS, MappedKind, Mapping, propose};
use super::read::{CsvTable, decode_text, gunzip, is_gzip};

/// The initial state of the "Map columns" form for a CSV no importer recognises: its header names
/// and the mapping [`propose`] guesses from them and the first rows.
#[derive(Clone, Debug, PartialEq)]
pub struct MappingForm {
    pub headers: Vec<String>,
    pub proposal: Mapping,
}

/// How many rows the proposal looks at, and how much of the file (a large file is cut at a line end).
const SAMPLE_ROWS: usize = 20;

const SAMPLE_BYTES: usize = 64 * 1024;

/// The form for a file's bytes; `None` unless they read as a CSV with at least two columns.
pub fn mapping_form(bytes: &[u8]) -> Option<MappingForm> {
    let unpacked;
    let bytes = if is_gzip(bytes) {
        unpacked = gunzip(bytes).ok()?;
        &unpacked[..]
    } else {
        bytes
    };
    let head = if bytes.len() > SAMPLE_BYTES {
        let end = bytes[..SAMPLE_BYTES].iter().rposition(|b| *b == b'\n')?;
        &bytes[..=end]
    } else {
        bytes
    };
    let text = decode_text(head).ok()?;
    let start = text.trim_start();
    if start.starts_with('{') || start.starts_with('[') {
        return None;
    }
    let mut table = CsvTable::new(&text).ok()?;
    let headers = table.headers.clone();
    if headers.len() < 2 || headers.iter().any(|h| h.is_empty()) {
        return None;
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    while rows.len() < SAMPLE_ROWS
        && let Some(row) = table.next_row()
    {
        if let Ok(r) = row {
            rows.push((0..r.len()).map(|i| r.get(Some(i)).to_string()).collect());
        }
    }
    let proposal = propose(&headers, &rows);
    Some(MappingForm { headers, proposal })
}

/// The canonical fields the form offers for a kind of records.
pub fn mapping_fields(kind: MappedKind) -> &'static [&'static str] {
    match kind {
        MappedKind::Deployments => DEPLOYMENT_FIELDS,
        MappedKind::Incidents => INCIDENT_FIELDS,
    }
}

/// The mapping the form describes: fields left at "—" (empty) and fields of the other kind are
/// dropped, an empty date format is none. Says in words what is missing.
pub fn mapping_from_form(
    kind: MappedKind,
    columns: &std::collections::BTreeMap<String, String>,
    date_format: &str,
) -> Result<Mapping, String> {
    let fields = mapping_fields(kind);
    // Inserted one by one: `collect` into a map would ship another copy of the standard sort.
    let mut kept = std::collections::BTreeMap::new();
    for (f, c) in columns.iter().filter(|(f, c)| fields.contains(&f.as_str()) && !c.is_empty()) {
        kept.insert(f.clone(), c.clone());
    }
    let date_format = Some(date_format.trim().to_string()).filter(|d| !d.is_empty());
    let m = Mapping { kind, columns: kept, date_format };
    m.validate()?;
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_form_proposes_columns_and_date_format() {
        let f = mapping_form(b"Build;Finished;Squad\n7;05.01.2025 13:04;core\n8;06.01.2025 09:30;core\n").unwrap();
        assert_eq!(f.headers, vec!["Build", "Finished", "Squad"]);
        assert_eq!(f.proposal.kind, MappedKind::Deployments);
        let col = |k: &str| f.proposal.columns.get(k).map(String::as_str);
        assert_eq!((col("id"), col("deployed_at"), col("team")), (Some("Build"), Some("Finished"), Some("Squad")));
        assert_eq!(f.proposal.date_format.as_deref(), Some("%d.%m.%Y %H:%M"));
        assert_eq!(mapping_form(b"{\"a\": 1}"), None);
        assert_eq!(mapping_form(b"just one column\n1\n"), None);

        let mut cols = f.proposal.columns.clone();
        cols.insert("service".into(), String::new());
        cols.insert("severity".into(), "Squad".into());
        let m = mapping_from_form(MappedKind::Deployments, &cols, " %d.%m.%Y %H:%M ").unwrap();
        assert_eq!(m.columns.keys().collect::<Vec<_>>(), vec!["deployed_at", "id", "team"]);
        assert_eq!(m.date_format.as_deref(), Some("%d.%m.%Y %H:%M"));
        assert!(mapping_from_form(MappedKind::Incidents, &cols, "").unwrap_err().contains("started_at"));
    }
}
