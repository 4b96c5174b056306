//! Writing findings as they are produced: JSON (a list, one finding per line), CSV, or a table.

use std::io::{BufWriter, Write};

use mamori_findings::Finding;

use crate::args_vuln::MatchFormat;

const CSV_HEADER: &str = "asset_id,target_kind,target_name,cve,confidence,kev,ransomware,cvss,severity,matched_cpe,criteria,jvn_ids,crown_jewel,accepted_by,reason";

/// Totals for the table's summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub targets: usize,
    pub findings: usize,
    pub shown: usize,
    pub alerts: usize,
}

pub struct FindingWriter<W: Write> {
    out: BufWriter<W>,
    format: MatchFormat,
    summary: Summary,
}

impl<W: Write> FindingWriter<W> {
    pub fn new(out: W, format: MatchFormat) -> std::io::Result<Self> {
        let mut out = BufWriter::with_capacity(1 << 20, out);
        match format {
            MatchFormat::Json => out.write_all(b"[")?,
            MatchFormat::Csv => writeln!(out, "{CSV_HEADER}")?,
            MatchFormat::Table => {}
        }
        Ok(FindingWriter {
            out,
            format,
            summary: Summary::default(),
        })
    }

    /// Counts every finding, shown or not.
    pub fn count(&mut self, finding: &Finding<'_>) {
        self.summary.findings += 1;
        if finding.is_alert() {
            self.summary.alerts += 1;
        }
    }

    /// Counts findings that cannot be alerts without looking at them.
    pub fn count_unseen(&mut self, findings: usize) {
        self.summary.findings += findings;
    }

    pub fn write(&mut self, finding: &Finding<'_>) -> anyhow::Result<()> {
        let first = self.summary.shown == 0;
        self.summary.shown += 1;
        match self.format {
            MatchFormat::Json => {
                self.out.write_all(if first { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, finding)?;
            }
            MatchFormat::Csv => writeln!(self.out, "{}", csv_line(finding))?,
            MatchFormat::Table => writeln!(self.out, "{}", table_line(finding))?,
        }
        Ok(())
    }

    pub fn summary(&self, targets: usize) -> Summary {
        Summary {
            targets,
            ..self.summary
        }
    }

    /// Closes the JSON list and hands back the buffered output for a last line.
    pub fn finish(mut self) -> std::io::Result<BufWriter<W>> {
        if self.format == MatchFormat::Json {
            self.out.write_all(b"\n]\n")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

fn csv_line(f: &Finding<'_>) -> String {
    let fields = [
        f.asset_id.to_owned(),
        f.target_kind.code().to_owned(),
        f.target_name.to_owned(),
        f.cve.to_owned(),
        f.confidence.to_owned(),
        f.kev.to_string(),
        f.ransomware.to_string(),
        f.cvss.map(|s| s.to_string()).unwrap_or_default(),
        f.severity.unwrap_or_default().to_owned(),
        f.matched_cpe_text().unwrap_or_default(),
        f.criteria.unwrap_or_default().to_owned(),
        f.jvn_ids.join(" "),
        f.crown_jewel.unwrap_or_default().to_owned(),
        f.accepted_by.unwrap_or_default().to_owned(),
        f.reason.as_deref().unwrap_or_default().to_owned(),
    ];
    let quoted: Vec<String> = fields.iter().map(|v| csv_field(v)).collect();
    quoted.join(",")
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

pub fn table_line(f: &Finding<'_>) -> String {
    let flags = format!(
        "{}{}{}",
        if f.kev { " KEV" } else { "" },
        if f.ransomware { " RANSOMWARE" } else { "" },
        if f.is_alert() { " ALERT" } else { "" },
    );
    let cvss = f.cvss.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"));
    format!(
        "{:<18} {:<14} {:<5}{}  {} ({})",
        f.cve, f.confidence, cvss, flags, f.target_name, f.asset_id
    )
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
    }
}
