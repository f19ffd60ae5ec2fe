//! A file that cannot be read at all: where, and why.

use serde::Serialize;
use std::fmt;

/// A file that could not be read at all.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for ImportError {}

/// A fatal error inside a format module, before the file name is attached.
#[derive(Clone, Debug, PartialEq)]
pub struct FormatError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl FormatError {
    pub fn new(line: u32, column: u32, message: impl Into<String>) -> FormatError {
        FormatError { line, column, message: message.into() }
    }
}
