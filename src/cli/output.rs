//! Writing a run's output: to a file (`--output`) or standard output (a closed pipe is no error).

use super::args::Args;
use std::io::Write;
use std::process::ExitCode;

pub fn write_out(args: &Args, out: &str) -> ExitCode {
    let result = match &args.output {
        Some(path) => std::fs::write(path, out).map_err(|e| format!("{path}: {e}")),
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
