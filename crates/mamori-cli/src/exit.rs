//! Exit codes, documented in the README and in `mamori --help`.

/// Success.
pub const OK: u8 = 0;
/// A runtime failure: the database could not be opened, a file could not be read …
pub const FAILURE: u8 = 1;
/// The command line is wrong.
pub const USAGE: u8 = 2;
/// The input has problems (import rejected; nothing was written).
pub const INVALID_INPUT: u8 = 3;
/// `audit verify` found tampering.
pub const AUDIT_FAILED: u8 = 4;
