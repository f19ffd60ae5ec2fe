//! Writing a run's output: to a file (`--output`) or standard output (a closed pipe is no error);
//! the chart files into their folder (`--charts`).

use super::args::Args;
use doralens::core::export::ChartFile;
use std::io::Write;
use std::process::ExitCode;

pub fn write_out(args: &Args, out: &str) -> ExitCode {
    let result = match &args.output {
        Some(path) => create_parent(path).and_then(|_| std::fs::write(path, out).map_err(|e| format!("{path}: {e}"))),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("doralens: {e}");
            ExitCode::from(1)
        }
    }
}

/// Creates the folder `--output` writes into (`--output site/index.html` in a fresh checkout).
fn create_parent(path: &str) -> Result<(), String> {
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir).map_err(|e| format!("{path}: {e}")),
        _ => Ok(()),
    }
}

/// Writes the chart files into `dir` (created if missing).
pub fn write_charts(dir: &str, files: &[ChartFile]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
    for f in files {
        let path = std::path::Path::new(dir).join(&f.name);
        std::fs::write(&path, &f.content).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!("doralens: wrote {} files to {dir} (README.md shows the charts)", files.len());
    Ok(())
}
