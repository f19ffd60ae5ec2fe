//! Argo CD: an `Application` resource (`kubectl get application -o json`, `argocd app get -o json`)
//! or a list of them (`{"items": [...]}`, `argocd app list -o json`); every `status.history` entry
//! is a successful sync, so a deployment.

use super::{
    Bad, emit_deployment, is_array, json_text, json_values, looks_like_sha, raw_items, raw_member, raw_members,
    required, s, short, time_val, tree,
};
use crate::core::import::SkipReason;
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError};
use crate::core::model::Deployment;
use serde_json::Value;
use serde_json::value::RawValue;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    let mut apps_seen = 0usize;
    for v in json_values(text)? {
        let apps: Vec<&RawValue> = if is_array(v) {
            raw_items(v)
        } else {
            let m = raw_members(v);
            match raw_member(&m, "items") {
                Some(items) if raw_member(&m, "status").is_none() => raw_items(items),
                _ => vec![v],
            }
        };
        for app in apps {
            let m = raw_members(app);
            let history =
                raw_member(&m, "status").map(raw_members).and_then(|st| raw_member(&st, "history").map(raw_items));
            let metadata = raw_member(&m, "metadata").map(tree).unwrap_or(Value::Null);
            let name = s(&metadata, &["name"]);
            let Some(history) = history else {
                if m.is_empty() || raw_member(&m, "metadata").is_none() {
                    let (line, col) = cur.of(app.get());
                    c.row();
                    c.skip(line, Some(col), SkipReason::NotAnApplication, short(app.get()));
                } else {
                    apps_seen += 1;
                    c.warn(format!("application {:?} has no deployment history", name.as_deref().unwrap_or("?")));
                }
                continue;
            };
            apps_seen += 1;
            let environment = ["environment", "env"].iter().find_map(|k| s(&metadata, &["labels", k]));
            for entry in history {
                let (line, col) = cur.of(entry.get());
                let t = tree(entry);
                let r = history_entry(&t, name.as_deref(), environment.as_deref(), c);
                emit_deployment(c, line, Some(col), r);
            }
        }
    }
    if apps_seen == 0 {
        return Err(FormatError::new(1, 1, "no Argo CD Application with status.history found"));
    }
    Ok(())
}

fn history_entry(
    t: &Value,
    app: Option<&str>,
    environment: Option<&str>,
    c: &mut Collector,
) -> Result<Deployment, Bad> {
    if !t.is_object() {
        return Err(Bad::new(SkipReason::NotAHistoryEntry, json_text(t)));
    }
    let app = app.ok_or_else(|| Bad::new(SkipReason::MissingId, "the application has no metadata.name"))?;
    let hid = s(t, &["id"]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the history entry has no id"))?;
    let at = required(time_val(t.get("deployedAt"), "deployedAt", c.zone())?, "deployedAt")?;
    let mut d = Deployment::new(format!("{app}#{hid}"), at);
    let revision = s(t, &["revision"]).or_else(|| match t.get("revisions") {
        Some(Value::Array(r)) => r.iter().find_map(|x| super::label(Some(x))),
        _ => None,
    });
    d.commit_sha = revision.filter(|r| looks_like_sha(r)).map(Into::into);
    d.team = c.names.get(app);
    d.service = d.team.clone();
    d.environment = environment.and_then(|e| c.names.get(e));
    Ok(d)
}
