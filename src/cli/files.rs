//! Reading the files a run names: whole, or a large CSV in blocks imported on every core.

use doralens::core::import::{FileImport, Hint, ImportOptions, chunked::CsvBlocks, import_file};

pub fn read_file(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| format!("-: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| format!("{path}:0:0: cannot read the file: {e}"))
}

/// Imports every file, or says which one could not be read (the first in the order given).
/// Large files are imported one after another, each in blocks on every core; the small ones
/// meanwhile on a thread of their own.
pub fn import_all(files: &[(String, Hint)], base: &ImportOptions) -> Result<Vec<FileImport>, String> {
    let import = |i: usize| -> Result<FileImport, String> {
        let (path, hint) = &files[i];
        let opts = ImportOptions { hint: *hint, ..base.clone() };
        match import_in_blocks(path, i as u32, &opts)? {
            Some(f) => Ok(f),
            None => {
                let bytes = read_file(path)?;
                import_file(path, &bytes, i as u32, &opts).map_err(|e| e.to_string())
            }
        }
    };
    let (small, large): (Vec<usize>, Vec<usize>) = (0..files.len()).partition(|&i| read_whole(&files[i].0));
    let mut out: Vec<Option<Result<FileImport, String>>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let side = s.spawn(|| small.iter().map(|&i| (i, import(i))).collect::<Vec<_>>());
        for &i in &large {
            out[i] = Some(import(i));
        }
        match side.join() {
            Ok(done) => done.into_iter().for_each(|(i, r)| out[i] = Some(r)),
            Err(_) => small.iter().for_each(|&i| out[i] = Some(Err(format!("{}: the import failed", files[i].0)))),
        }
    });
    out.into_iter().flatten().collect()
}

/// A `doralens pull` manifest among the data files (a pull folder given as `--deploys out/*.json`):
/// it says what was pulled, from where and where `--resume` goes on, and holds no records. Only a
/// file whose head names `doralens_pull` (a manifest's first member) is read whole and parsed.
pub fn is_pull_manifest(path: &str) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let named = path.ends_with(".json")
        && std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head)).is_ok()
        && head.windows(15).any(|w| w == b"\"doralens_pull\"");
    named && std::fs::read_to_string(path).is_ok_and(|t| doralens::core::pull::manifest::Manifest::parse(&t).is_ok())
}

/// Standard input, and files under two blocks (or that cannot be looked at: reading them says
/// why), are read whole.
fn read_whole(path: &str) -> bool {
    path == "-" || std::fs::metadata(path).map_or(true, |m| (m.len() as usize) < 2 * block_size())
}

/// The block size for large files (4 MiB: a few blocks in flight on two cores cost ~40 MB, and
/// larger blocks were no faster; `DORALENS_BLOCK_BYTES` overrides it, for tests).
fn block_size() -> usize {
    std::env::var("DORALENS_BLOCK_BYTES").ok().and_then(|v| v.parse().ok()).filter(|&n| n >= 64).unwrap_or(4 << 20)
}

/// A large CSV is read in blocks of whole records, imported as they are read by one worker per
/// core, so memory holds a few blocks instead of the whole file. The core merges the parts into
/// exactly the import of the whole file. `None`: not a file for this (small, gzip, not CSV, stdin).
pub fn import_in_blocks(path: &str, file_index: u32, opts: &ImportOptions) -> Result<Option<FileImport>, String> {
    use std::io::Read;
    let err = |e: std::io::Error| format!("{path}:0:0: cannot read the file: {e}");
    if read_whole(path) {
        return Ok(None);
    }
    let block = block_size();
    let mut file = std::fs::File::open(path).map_err(err)?;
    // The head: the first block, and at least the bytes that decide the order of numeric dates
    // (as for a file read whole).
    let mut buf = vec![0u8; block.max(doralens::core::import::dates::DATE_SAMPLE_BYTES)];
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]).map_err(err)? {
            0 => break,
            n => filled += n,
        }
    }
    buf.truncate(filled);
    if doralens::core::import::read::is_gzip(&buf) {
        return Ok(None);
    }
    let Some((mut blocks, start)) = CsvBlocks::plan(path, &buf, opts) else { return Ok(None) };
    let mut carry: Vec<u8> = buf[start..].to_vec();
    drop(buf);
    let mut eof = false;
    // The next block of whole records with the header in front, and its import options.
    enum Next {
        Block(Vec<u8>, Box<ImportOptions>),
        End,
        /// No record ends in a block's worth: the file is read whole instead.
        Whole,
    }
    let mut next_block = |carry: &mut Vec<u8>| -> Result<Next, String> {
        while !eof && carry.len() < block {
            let old = carry.len();
            carry.resize(old + block, 0);
            let n = file.read(&mut carry[old..]).map_err(err)?;
            carry.truncate(old + n);
            eof = n == 0;
        }
        if carry.is_empty() {
            return Ok(Next::End);
        }
        let Some((cut, text, o)) = blocks.next(carry, eof) else { return Ok(Next::Whole) };
        carry.drain(..cut);
        Ok(Next::Block(text, Box::new(o)))
    };
    // This thread reads and cuts blocks; one worker per core imports them as they come (a
    // few blocks wait at most, so memory holds a few blocks, not the file).
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>, ImportOptions)>(1);
    let receive = std::sync::Mutex::new(receive);
    let done = std::sync::Mutex::new(Vec::new());
    let read = std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let job = receive.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv();
                    let Ok((k, text, o)) = job else { break };
                    let r = import_file(path, &text, file_index, &o);
                    drop(text);
                    done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((k, r));
                }
            });
        }
        let mut k = 0;
        let read = loop {
            match next_block(&mut carry) {
                Ok(Next::Block(text, o)) => {
                    if send.send((k, text, *o)).is_err() {
                        break Ok(true);
                    }
                    k += 1;
                }
                Ok(Next::End) => break Ok(true),
                Ok(Next::Whole) => break Ok(false),
                Err(e) => break Err(e),
            }
        };
        drop(send);
        read
    });
    if !read? {
        return Ok(None);
    }
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(k, _)| *k);
    // A block that fails: the file is read whole, for exactly the whole file's error.
    let Ok(parts) = done.into_iter().map(|(_, r)| r).collect::<Result<Vec<_>, _>>() else { return Ok(None) };
    blocks.merge(path, parts).map(Some).map_err(|e| e.to_string())
}
