//! The text of `mamori vuln show CVE-…`: what each loaded feed says about one CVE.

use mamori_i18n::text;
use mamori_vuln::FeedSet;

use super::Context;
use crate::output::say;

pub fn print_cve(context: &Context, cve: &str, set: &FeedSet) {
    let lang = context.lang;
    say(lang, "vuln-show-heading", &[("cve", cve)]);
    for record in &set.nvd {
        let status = record.vuln_status.as_deref().unwrap_or("-");
        let published = record.published.as_deref().unwrap_or("-");
        println!("  NVD: {status}, {published}");
        if let Some(score) = record.headline_cvss() {
            let severity = score.base_severity.as_deref().unwrap_or("");
            println!("  CVSS {} {} {severity}", score.version, score.base_score);
        }
        if let Some(description) = record.description("en") {
            println!("  {description}");
        }
        let criteria: usize = record
            .configurations
            .iter()
            .flat_map(|c| &c.nodes)
            .map(|n| n.cpe_match.len())
            .sum();
        let configurations = record.configurations.len().to_string();
        say(
            lang,
            "vuln-show-configurations",
            &[
                ("configurations", &configurations),
                ("criteria", &criteria.to_string()),
            ],
        );
    }
    for record in &set.cve5 {
        let title = record.title.as_deref().unwrap_or("");
        println!("  CVE 5 ({}): {title}", record.state);
        for (decision, value) in &record.ssvc {
            println!("    SSVC {decision}: {value}");
        }
    }
    match set.kev.get(cve) {
        Some(entry) => {
            let ransomware = if entry.known_ransomware {
                text(lang, "vuln-show-ransomware", &[])
            } else {
                String::new()
            };
            say(
                lang,
                "vuln-show-kev",
                &[
                    ("added", &entry.date_added),
                    ("due", &entry.due_date),
                    ("action", &entry.required_action),
                ],
            );
            if !ransomware.is_empty() {
                println!("  {ransomware}");
            }
        }
        None => say(lang, "vuln-show-not-kev", &[]),
    }
    for entry in &set.jvn {
        println!("  {}: {}", entry.id, entry.title);
        if !entry.description.is_empty() {
            println!("    {}", entry.description);
        }
    }
}
