//! Load errors that say where and what: a [`Position`] (byte, line, record) and a sentence
//! for the admin. A bad record is skipped and counted with its reason; a file fails only
//! when nothing in it is usable.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A place in a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// 0-based byte offset.
    pub byte: u64,
    /// 1-based line.
    pub line: u64,
    /// 1-based record number, when the fault is inside a record.
    pub record: Option<u64>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, byte {}", self.line, self.byte)?;
        if let Some(r) = self.record {
            write!(f, " (record {r})")?;
        }
        Ok(())
    }
}

/// Something wrong with a file or one of its records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadError {
    /// The file's name.
    pub file: String,
    /// Where it went wrong.
    pub position: Position,
    /// What was expected or found, as a sentence fragment for the admin.
    pub message: String,
}

impl LoadError {
    /// An error at `position` of `file`.
    pub fn new(file: &str, position: Position, message: impl Into<String>) -> Self {
        LoadError {
            file: file.to_string(),
            position,
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, {}: {}", self.file, self.position, self.message)
    }
}

impl std::error::Error for LoadError {}
