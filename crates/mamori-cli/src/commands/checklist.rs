//! `mamori checklist`: the MHLW checklist answered from the ledger as of a date, with the
//! manual answers of the fiscal year; `checklist answer` records one answer by hand;
//! `checklist history` lists the answers of a fiscal year.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use mamori_checklist::{
    AnswerValue, Catalogue, Evidence, ManualAnswer, Outcome, Report, SelfAssessment, catalogue,
    evaluate, fiscal_year_of, report_xlsx, self_assessment, validate_answer,
};
use mamori_core::Date;
use mamori_i18n::{Lang, text};
use mamori_store::{ChecklistStore, LedgerStore, Micros, answers_in_force, load_ledger};

use super::{Context, parse_as_of};
use crate::args::{Cli, Command};
use crate::args_checklist::{
    AnswerArgs, AnswerChoice, ChecklistArgs, ChecklistCommand, ChecklistFormat,
};
use crate::exit;
use crate::output::{say, warn};
use crate::store::{Opened, open};

/// Failing records shown per item in the table; the JSON and XLSX list all.
const FAILURES_SHOWN: usize = 5;

pub fn handles(command: &Command) -> bool {
    matches!(command, Command::Checklist(_))
}

pub async fn run(cli: &Cli, context: &Context) -> anyhow::Result<u8> {
    match open(cli).await? {
        Opened::Sqlite(store) => {
            let code = with_store(&store, cli, context).await;
            store.close().await;
            code
        }
        Opened::Postgres(store) => {
            let code = with_store(&store, cli, context).await;
            store.close().await;
            code
        }
    }
}

async fn with_store<S: LedgerStore + ChecklistStore>(
    store: &S,
    cli: &Cli,
    context: &Context,
) -> anyhow::Result<u8> {
    store
        .ensure_hospital(&context.hospital, &context.hospital.0)
        .await?;
    let Command::Checklist(args) = &cli.command else {
        return Ok(exit::USAGE);
    };
    match &args.command {
        None => report(store, context, args).await,
        Some(ChecklistCommand::Answer(answer_args)) => answer(store, context, answer_args).await,
        Some(ChecklistCommand::History { item, fiscal_year }) => {
            history(store, context, item.as_deref(), *fiscal_year).await
        }
    }
}

/// The embedded editions and self-assessment; broken data is a build defect.
fn data(lang: Lang) -> anyhow::Result<(&'static Catalogue, &'static SelfAssessment)> {
    let broken = |e: mamori_checklist::CatalogueError| {
        anyhow::anyhow!(text(
            lang,
            "checklist-error-catalogue",
            &[("detail", &e.to_string())]
        ))
    };
    Ok((
        catalogue().map_err(broken)?,
        self_assessment().map_err(broken)?,
    ))
}

/// Prints an invalid-input message and gives the exit code for it.
fn invalid(lang: Lang, key: &str, args: &[(&str, &str)]) -> u8 {
    warn(lang, key, args);
    exit::INVALID_INPUT
}

/// The Asia/Tokyo calendar date of an instant.
fn tokyo_date(at: Micros) -> anyhow::Result<Date> {
    let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo")?;
    let timestamp = at.to_timestamp().context("time out of range")?;
    Ok(Date(timestamp.to_zoned_datetime(tokyo).date()))
}

async fn report(
    store: &(impl LedgerStore + ChecklistStore),
    context: &Context,
    args: &ChecklistArgs,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let (catalogue, assessment) = data(lang)?;
    let edition = match &args.edition {
        Some(id) => catalogue.edition(id),
        None => catalogue.current_edition(),
    };
    let Some(edition) = edition else {
        let editions: Vec<&str> = catalogue.editions.iter().map(|e| e.id.as_str()).collect();
        let asked = args.edition.clone().unwrap_or_default();
        return Ok(invalid(
            lang,
            "checklist-error-unknown_edition",
            &[("edition", &asked), ("editions", &editions.join(", "))],
        ));
    };
    match args.format {
        ChecklistFormat::Xlsx if args.out.is_none() => {
            return Ok(invalid(lang, "checklist-error-xlsx_needs_out", &[]));
        }
        ChecklistFormat::Pdf if args.out.is_none() => {
            return Ok(invalid(lang, "checklist-error-pdf_needs_out", &[]));
        }
        _ => {}
    }
    let as_of = args.as_of.as_deref().map(parse_as_of).transpose()?;
    let as_of_date = tokyo_date(as_of.unwrap_or_else(Micros::now))?;
    let fiscal_year = args
        .fiscal_year
        .unwrap_or_else(|| fiscal_year_of(as_of_date));
    let ledger = load_ledger(store, &context.hospital, as_of).await?;
    let answers = answers_in_force(store, &context.hospital, fiscal_year).await?;
    let report = evaluate(
        edition,
        assessment,
        &ledger,
        as_of_date,
        fiscal_year,
        &answers,
    );
    match args.format {
        ChecklistFormat::Json => {
            let mut json = serde_json::to_string_pretty(&report)?;
            json.push('\n');
            write_output(args.out.as_deref(), json.as_bytes(), lang)?;
        }
        ChecklistFormat::Xlsx => {
            let label = |key: &str| text(Lang::Ja, key, &[]);
            let bytes = report_xlsx(&report, &label)?;
            write_output(args.out.as_deref(), &bytes, lang)?;
        }
        ChecklistFormat::Pdf => {
            let bytes = report_pdf(&report, lang)?;
            write_output(args.out.as_deref(), &bytes, lang)?;
        }
        ChecklistFormat::Table => print_table(lang, &report),
    }
    Ok(exit::OK)
}

/// The report as the official-form PDF (Japanese whatever the user's language), with the
/// system's CJK font embedded.
pub fn report_pdf(report: &Report, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let label = |key: &str| text(Lang::Ja, key, &[]);
    let pages = mamori_checklist::report_svg_pages(report, &label);
    let renderer = mamori_diagram_render::Renderer::with_system_fonts();
    if !renderer.has_family(mamori_diagram_render::CJK_FAMILY) {
        warn(lang, "diagram-no-cjk-font", &[]);
    }
    renderer
        .pdf_pages(&pages)
        .map_err(|e| anyhow::anyhow!(text(lang, e.code(), &[("detail", &e.to_string())])))
}

fn write_output(out: Option<&Path>, bytes: &[u8], lang: Lang) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| path.display().to_string())?;
            warn(
                lang,
                "cli-written",
                &[("path", &path.display().to_string())],
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
        }
    }
    Ok(())
}

fn answer_label(lang: Lang, answer: Option<AnswerValue>) -> String {
    let code = answer.map_or("none", AnswerValue::code);
    text(lang, &format!("checklist-answer-{code}"), &[])
}

fn print_table(lang: Lang, report: &Report) {
    say(
        lang,
        "checklist-heading",
        &[
            ("title", &report.edition_title),
            ("hospital", &report.hospital),
            ("as_of", &report.as_of.to_string()),
            ("fiscal_year", &report.fiscal_year.to_string()),
        ],
    );
    let sheets =
        std::iter::once(&report.items).chain(report.vendor_sheets.iter().map(|s| &s.items));
    for item in sheets.flatten() {
        let shown_text = match lang {
            Lang::Ja => item.text_ja.clone().unwrap_or_else(|| item.text_en.clone()),
            _ => item.text_en.clone(),
        };
        say(
            lang,
            "checklist-item-line",
            &[
                ("number", &item.id),
                ("answer", &format!("[{}]", answer_label(lang, item.answer))),
                ("text", &shown_text),
            ],
        );
        let failures: Vec<_> = item.failures().collect();
        for failure in failures.iter().take(FAILURES_SHOWN) {
            let reason = text(
                lang,
                &format!("checklist-reason-{}", failure.reason.code()),
                &[],
            );
            let line = text(
                lang,
                "checklist-failure-line",
                &[
                    ("kind", failure.kind.code()),
                    ("id", &failure.id),
                    ("field", failure.field),
                    ("reason", &reason),
                ],
            );
            println!("      {line}");
        }
        if failures.len() > FAILURES_SHOWN {
            let more = (failures.len() - FAILURES_SHOWN).to_string();
            println!(
                "      {}",
                text(lang, "checklist-more-failures", &[("count", &more)])
            );
        }
    }
    let s = &report.summary;
    say(
        lang,
        "checklist-summary",
        &[
            ("yes", &s.yes.to_string()),
            ("no", &s.no.to_string()),
            ("na", &s.not_applicable.to_string()),
            ("unanswered", &s.unanswered.to_string()),
            ("evidence", &s.from_evidence.to_string()),
            ("no_target", &s.no_without_target_date.to_string()),
        ],
    );
    if !s.vendors_without_answers.is_empty() {
        say(
            lang,
            "checklist-vendors-missing",
            &[("vendors", &s.vendors_without_answers.join(", "))],
        );
    }
    say(lang, "checklist-self-assessment-heading", &[]);
    for area in &report.self_assessment {
        let score = area
            .score
            .map_or_else(|| "  — ".to_owned(), |s| format!("{s:>3}%"));
        let line = text(
            lang,
            "checklist-area-line",
            &[
                ("score", &score),
                ("number", &area.number.to_string()),
                (
                    "subject",
                    &text(
                        lang,
                        &format!("checklist-subject-{}", area.subject.code()),
                        &[],
                    ),
                ),
                (
                    "control",
                    &text(
                        lang,
                        &format!("checklist-control-{}", area.control.code()),
                        &[],
                    ),
                ),
                ("question", &area.question_ja),
            ],
        );
        println!("  {line}");
    }
}

fn parse_date(lang: Lang, option: &str, value: &str) -> Result<Date, u8> {
    value.parse().map_err(|_| {
        invalid(
            lang,
            "checklist-error-bad_date",
            &[("option", option), ("value", value)],
        )
    })
}

async fn answer(
    store: &(impl LedgerStore + ChecklistStore),
    context: &Context,
    args: &AnswerArgs,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let (catalogue, assessment) = data(lang)?;
    let checked_on = match parse_date(lang, "--checked-on", &args.checked_on) {
        Ok(date) => date,
        Err(code) => return Ok(code),
    };
    let target_date = match args
        .target_date
        .as_deref()
        .map(|t| parse_date(lang, "--target-date", t))
    {
        Some(Ok(date)) => Some(date),
        Some(Err(code)) => return Ok(code),
        None => None,
    };
    let answer = ManualAnswer {
        item_id: args.item.trim().to_owned(),
        vendor_id: args.vendor.clone(),
        fiscal_year: args
            .fiscal_year
            .unwrap_or_else(|| fiscal_year_of(checked_on)),
        answer: match args.answer {
            AnswerChoice::Yes => AnswerValue::Yes,
            AnswerChoice::No => AnswerValue::No,
            AnswerChoice::Na => AnswerValue::NotApplicable,
        },
        checked_on,
        target_date,
        owner: args.owner.clone(),
        comment: args.comment.clone(),
        answered_by: context.actor.clone(),
    };
    let ledger = load_ledger(store, &context.hospital, None).await?;
    if let Err(error) = validate_answer(catalogue, assessment, &ledger, &answer) {
        let owned = error.args();
        let args: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        return Ok(invalid(
            lang,
            &format!("checklist-error-{}", error.code()),
            &args,
        ));
    }
    store
        .record_answer(&context.hospital, &answer, Micros::now())
        .await?;
    say(
        lang,
        "checklist-answer-recorded",
        &[
            ("item", &answer.item_id),
            ("answer", &answer_label(lang, Some(answer.answer))),
            ("fiscal_year", &answer.fiscal_year.to_string()),
            ("checked_on", &answer.checked_on.to_string()),
        ],
    );
    // An item with evidence keeps its evidence answer; say so, with today's outcome.
    if let Some((_, item)) = catalogue
        .item(&answer.item_id)
        .filter(|(_, i)| i.has_evidence())
    {
        let evidence = Evidence::new(&ledger, tokyo_date(Micros::now())?);
        let failing = item
            .rules
            .iter()
            .any(|&r| evidence.evaluate(r).outcome == Outcome::Fail);
        let outcome = if failing {
            Outcome::Fail
        } else {
            Outcome::Pass
        };
        let outcome = text(lang, &format!("checklist-outcome-{}", outcome.code()), &[]);
        say(
            lang,
            "checklist-answer-evidence-note",
            &[("outcome", &outcome)],
        );
    }
    Ok(exit::OK)
}

async fn history(
    store: &impl ChecklistStore,
    context: &Context,
    item: Option<&str>,
    fiscal_year: Option<i16>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let fiscal_year = match fiscal_year {
        Some(year) => year,
        None => fiscal_year_of(tokyo_date(Micros::now())?),
    };
    let answers = store
        .answer_history(&context.hospital, fiscal_year, item)
        .await?;
    if answers.is_empty() {
        say(
            lang,
            "checklist-history-empty",
            &[("fiscal_year", &fiscal_year.to_string())],
        );
    }
    for stored in &answers {
        let recorded = stored
            .recorded_at
            .to_timestamp()
            .map(|t| t.to_string())
            .unwrap_or_default();
        let a = &stored.answer;
        say(
            lang,
            "checklist-history-line",
            &[
                ("recorded", &recorded),
                ("item", &a.item_id),
                ("vendor", a.vendor_id.as_deref().unwrap_or("-")),
                ("answer", &answer_label(lang, Some(a.answer))),
                ("checked_on", &a.checked_on.to_string()),
                (
                    "target",
                    &a.target_date
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".to_owned()),
                ),
                ("by", &a.answered_by),
            ],
        );
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use mamori_checklist::{AnswerError, Reason, Rule};
    use mamori_i18n::catalogue as messages;

    use super::*;

    /// Every code the checklist crate can produce has a message in both languages.
    #[test]
    fn every_checklist_code_has_messages() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(
            Rule::ALL
                .iter()
                .map(|r| format!("checklist-rule-{}", r.code())),
        );
        keys.extend(
            Reason::ALL
                .iter()
                .map(|r| format!("checklist-reason-{}", r.code())),
        );
        keys.extend(
            [Outcome::Pass, Outcome::Fail, Outcome::NotApplicable]
                .iter()
                .map(|o| format!("checklist-outcome-{}", o.code())),
        );
        keys.extend(
            AnswerValue::ALL
                .iter()
                .map(|a| format!("checklist-answer-{}", a.code())),
        );
        let errors = [
            AnswerError::UnknownItem(String::new()),
            AnswerError::NoWithoutTargetDate(String::new()),
            AnswerError::TargetOutsideFiscalYear {
                item: String::new(),
                target: Date::new(2026, 4, 1).unwrap_or(Date(jiff::civil::date(2026, 4, 1))),
                fiscal_year: 2026,
            },
            AnswerError::VendorItemWithoutVendor(String::new()),
            AnswerError::VendorOnHospitalItem(String::new()),
            AnswerError::UnknownVendor(String::new()),
        ];
        keys.extend(
            errors
                .iter()
                .map(|e| format!("checklist-error-{}", e.code())),
        );
        let missing: Vec<(Lang, &String)> = Lang::ALL
            .iter()
            .flat_map(|lang| {
                keys.iter()
                    .filter(|k| !messages().has(*lang, k))
                    .map(|k| (*lang, k))
            })
            .collect();
        assert_eq!(missing, vec![]);
    }
}
