//! Per-record problems: feeds are read as far as they can be, and what could not be read is
//! reported next to the records that could.

/// Something in a feed that could not be read; the rest of the feed still is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The record (a CVE id, JVNDB id or position) the problem belongs to.
    pub record: String,
    /// Where inside the record, e.g. `configurations[1].nodes[0].cpeMatch[3]`.
    pub location: String,
    pub message: String,
}

/// Records read from one feed document, and what could not be read.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    pub records: Vec<T>,
    pub problems: Vec<Problem>,
}

impl<T> Default for Parsed<T> {
    fn default() -> Self {
        Parsed {
            records: Vec::new(),
            problems: Vec::new(),
        }
    }
}
