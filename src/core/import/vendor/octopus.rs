//! Octopus Deploy: deployments (`GET /api/{space}/deployments`, pages `{"ItemType": "Deployment",
//! "Items": [...]}`) with their server tasks (`GET /api/tasks/{TaskId}`, or `/api/tasks` pages) in
//! the same file, whose `State` says how the deployment ended; also the deployment entries of a
//! release's progression (`State` and `CompletedTime` of their own). A deployment is a row; a task
//! is a row that gives its deployment its state.

use super::items::{any, each_object, first_time};
use super::{Bad, emit_deployment, precheck};
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Deployment;
use rustc_hash::FxHashMap;
use serde_json::Value;

/// How a server task ended.
struct Task {
    state: String,
    completed: Result<Option<i64>, Bad>,
}

fn is_task(t: &Value) -> bool {
    let id = any(t, &[&["Id"]]).unwrap_or_default().to_ascii_lowercase();
    id.starts_with("servertasks-") || (t.get("State").is_some() && t.get("Arguments").is_some())
}

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut items: Vec<(Value, u32, u32)> = Vec::new();
    each_object(text, &["Items"], SkipReason::NotADeploymentObject, c, &mut |t, line, col, _| {
        // A progression's `Deployments` map: environment id → deployment.
        let entries: Vec<&Value> = match t.as_object() {
            Some(m) if !m.is_empty() && m.keys().all(|k| k.to_ascii_lowercase().starts_with("environments-")) => {
                m.values().collect()
            }
            _ => vec![t],
        };
        for e in entries {
            items.push((e.clone(), line, col));
        }
    })?;
    let zone = c.zone().clone();
    // Lower-cased task ids and deployment ids → the index of the task in `found` (a map type the
    // wasm has already).
    let mut found: Vec<Task> = Vec::new();
    let mut keys: Vec<(String, usize)> = Vec::new();
    for (t, ..) in items.iter().filter(|(t, ..)| is_task(t)) {
        let i = found.len();
        found.push(Task {
            state: any(t, &[&["State"]]).unwrap_or_default(),
            completed: first_time(t, &["CompletedTime"], &zone),
        });
        for k in [any(t, &[&["Id"]]), any(t, &[&["Arguments", "DeploymentId"]])].into_iter().flatten() {
            keys.push((k.to_ascii_lowercase(), i));
        }
    }
    let mut tasks: FxHashMap<&str, usize> = FxHashMap::default();
    for (k, i) in &keys {
        tasks.insert(k, *i);
    }
    let deployment_ids: Vec<String> = items
        .iter()
        .filter(|(t, ..)| !is_task(t))
        .filter_map(|(t, ..)| any(t, &[&["Id"], &["DeploymentId"]]).map(|i| i.to_ascii_lowercase()))
        .collect();
    let mut known: FxHashMap<&str, usize> = FxHashMap::default();
    for (n, id) in deployment_ids.iter().enumerate() {
        known.insert(id, n);
    }
    for (t, line, col) in items.iter().filter(|(t, ..)| !is_task(t)) {
        let id = any(t, &[&["Id"], &["DeploymentId"]]).map(|i| i.to_ascii_lowercase());
        let task = any(t, &[&["TaskId"]])
            .and_then(|k| tasks.get(k.to_ascii_lowercase().as_str()).copied())
            .or_else(|| id.as_deref().and_then(|i| tasks.get(i).copied()))
            .and_then(|i| found.get(i));
        let r = deployment(t, task, c);
        emit_deployment(c, *line, Some(*col), r);
    }
    for (t, line, col) in items.iter().filter(|(t, ..)| is_task(t)) {
        c.row();
        let dep = any(t, &[&["Arguments", "DeploymentId"]]);
        let state = any(t, &[&["State"]]).unwrap_or_default();
        let (reason, detail) = match dep {
            Some(d) if known.contains_key(d.to_ascii_lowercase().as_str()) => {
                (SkipReason::MergedIntoDeployment, format!("the task of {d}: state {state}"))
            }
            Some(d) => match state.as_str() {
                "Success" => (
                    SkipReason::NoSuccessStatus,
                    format!("task of {d} (state Success) without its deployment in the file: no environment"),
                ),
                _ => {
                    (SkipReason::FailedAttempt, format!("task of {d} in state {state}, its deployment not in the file"))
                }
            },
            None => (SkipReason::NotADeploymentObject, format!("a task that names no deployment (state {state:?})")),
        };
        c.skip(*line, Some(*col), reason, detail);
    }
    Ok(())
}

/// `DEV` in "Deploy to DEV for Brendan": Octopus names a deployment after its environment (and
/// tenant); the object itself has only the environment's id.
fn environment_of_name(name: &str) -> Option<String> {
    let rest = name.strip_prefix("Deploy to ")?;
    let env = rest.split(" for ").next().unwrap_or(rest).trim();
    (!env.is_empty()).then(|| env.to_string())
}

fn deployment(t: &Value, task: Option<&Task>, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = any(t, &[&["Id"], &["DeploymentId"]])
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the deployment has no Id"))?;
    let environment = any(t, &[&["EnvironmentName"]])
        .or_else(|| any(t, &[&["Name"]]).and_then(|n| environment_of_name(&n)))
        .or_else(|| any(t, &[&["EnvironmentId"]]));
    precheck(environment.as_deref(), None)?;
    let zone = c.zone().clone();
    let (state, completed) = match (any(t, &[&["State"]]), task) {
        (Some(s), _) => (s, first_time(t, &["CompletedTime"], &zone)?),
        (None, Some(task)) => (task.state.clone(), task.completed.clone()?),
        (None, None) => {
            return Err(Bad::new(
                SkipReason::NoSuccessStatus,
                "no task state: add the deployment's server task (GET /api/tasks/{TaskId}) to the file",
            ));
        }
    };
    match state.as_str() {
        "Queued" | "Executing" | "Cancelling" => {
            return Err(Bad::new(SkipReason::InProgress, format!("task state {state}")));
        }
        "Success" => {}
        other => return Err(Bad::new(SkipReason::FailedAttempt, format!("task state {other}"))),
    }
    let at = completed.ok_or_else(|| Bad::new(SkipReason::MissingTime, "CompletedTime is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&state);
    d.environment = environment.and_then(|e| c.names.get(&e));
    d.team = any(t, &[&["ProjectName"], &["ProjectId"]]).and_then(|p| c.names.get(&p));
    d.service = d.team.clone();
    Ok(d)
}

#[cfg(test)]
mod tests {
    use crate::core::import::{Format, ImportOptions, import_file};

    #[test]
    fn a_deployment_takes_its_tasks_state() {
        let text = r#"{"ItemType": "Deployment", "Items": [
            {"Id": "Deployments-1", "TaskId": "ServerTasks-9", "EnvironmentId": "Environments-1", "ProjectId": "Projects-1",
             "Name": "Deploy to Production", "Created": "2024-08-02T05:07:42.445+00:00"},
            {"Id": "Deployments-2", "TaskId": "ServerTasks-10", "EnvironmentId": "Environments-1", "ProjectId": "Projects-1",
             "Name": "Deploy to Production", "Created": "2024-08-03T05:07:42.445+00:00"}]}
          {"Id": "ServerTasks-9", "State": "Success", "CompletedTime": "2024-08-02T05:09:00.000+00:00", "Arguments": {"DeploymentId": "Deployments-1"}}
          {"Id": "ServerTasks-10", "State": "Failed", "CompletedTime": "2024-08-03T05:09:00.000+00:00", "Arguments": {"DeploymentId": "Deployments-2"}}"#;
        let f = import_file("o.json", text.as_bytes(), 0, &ImportOptions::default()).unwrap();
        assert_eq!(f.format, Format::Octopus);
        assert_eq!((f.rows_read, f.deployments.len()), (4, 1));
        assert_eq!(&*f.deployments[0].id, "Deployments-1");
        let reasons: Vec<&str> = f.problems.iter().map(|p| p.reason.text()).collect();
        assert_eq!(reasons, vec!["failed attempt", "merged into deployment", "merged into deployment"]);
    }
}
