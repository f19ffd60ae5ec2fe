//! The import of a file read in blocks: the blocks' imports joined into the whole file's.

use super::collector::{offer_problem, trim_problems};
use super::dedup::{dedup_deployments_paced, dedup_incidents_paced};
use super::{FileImport, Problem, RecordKind, SkipClass, SkipReason};
use crate::core::pace::{self, Pacer};

/// Joins the imports of consecutive blocks of one file (see [`ImportOptions::line_offset`]) into
/// the import of the whole file, as if it had been read at once.
pub fn merge_parts(parts: Vec<FileImport>, max_examples: usize) -> Option<FileImport> {
    pace::at_once(merge_parts_paced(parts, max_examples, pace::no_pause))
}

/// [`merge_parts`] in steps: `pause(fraction_done)` is awaited every few thousand records.
pub async fn merge_parts_paced<P, F>(parts: Vec<FileImport>, max_examples: usize, pause: P) -> Option<FileImport>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let total: usize = parts.iter().map(|p| p.deployments.len()).sum();
    let records: usize = parts.iter().map(|p| p.deployments.len() + p.incidents.len()).sum();
    let mut pacer = Pacer::new(records + total, pause);
    let devlake: usize = parts.iter().map(|p| p.pending.devlake.len()).sum();
    let mut it = parts.into_iter();
    let mut out = it.next()?;
    out.deployments.reserve_exact(total - out.deployments.len());
    out.pending.devlake.reserve_exact(devlake - out.pending.devlake.len());
    for mut p in it {
        pacer.tick_n(p.deployments.len() + p.incidents.len()).await;
        out.rows_read += p.rows_read;
        out.deployments.append(&mut p.deployments);
        out.incidents.append(&mut p.incidents);
        out.teams.extend(&p.teams);
        out.team_rows += p.team_rows;
        out.commit_times.append(&mut p.commit_times);
        for (k, n) in p.skipped {
            *out.skipped.entry(k).or_default() += n;
        }
        out.problems.append(&mut p.problems);
        out.notes.append(p.notes);
        for w in p.warnings {
            if !out.warnings.contains(&w) {
                out.warnings.push(w);
            }
        }
        if out.kind != p.kind {
            out.kind = RecordKind::Mixed;
        }
        out.cross_references |= p.cross_references;
        if let Some(r) = p.runs.take() {
            match &mut out.runs {
                Some(o) => o.merge(&r),
                None => out.runs = Some(r),
            }
        }
        out.pending.append(&mut p.pending);
    }
    // The CI runs of every block: their names, and one warning for the file when none counted.
    if let Some(text) = out.runs.as_ref().and_then(|r| r.warning()) {
        let w = super::FileWarning { line: 0, text };
        if !out.warnings.contains(&w) {
            out.warnings.push(w);
        }
    }
    // Each part kept its first problems; so are the first of them all.
    let mut cutoff = trim_problems(&mut out.problems, max_examples);
    let mut offer = |problems: &mut Vec<Problem>, line: u32, detail: &dyn Fn() -> String| {
        let problem = || Problem {
            line,
            column: None,
            class: SkipClass::Rule,
            reason: SkipReason::DuplicateId,
            detail: detail(),
        };
        offer_problem(problems, &mut cutoff, max_examples, SkipClass::Rule, line, problem);
    };
    for d in dedup_deployments_paced(&mut out.deployments, &mut pacer).await {
        *out.skipped.entry(SkipReason::DuplicateId).or_default() += 1;
        offer(&mut out.problems, d.source.line, &|| format!("id {:?} appears again with a later or equal time", d.id));
    }
    for i in dedup_incidents_paced(&mut out.incidents, &mut pacer).await {
        *out.skipped.entry(SkipReason::DuplicateId).or_default() += 1;
        offer(&mut out.problems, i.source.line, &|| format!("id {:?} merged into one incident", i.id));
    }
    trim_problems(&mut out.problems, max_examples);
    Some(out)
}
