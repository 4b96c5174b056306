//! The report as a workbook laid out like the official form (区分, 番号, 確認項目,
//! はい/いいえ, 確認日, 目標日, 備考): one sheet for 医療機関確認用, one per vendor for
//! 事業者確認用, an evidence appendix listing every failing record, and the self-assessment.
//! Bytes out, no filesystem. Labels come from the caller's catalogue (`label(key)`), in
//! Japanese because the form is Japanese.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::report::{AnswerSource, ItemResult, Report};

const FORM_HEADERS: [&str; 7] = [
    "区分",
    "番号",
    "確認項目",
    "はい/いいえ",
    "確認日",
    "目標日",
    "備考",
];
const FORM_WIDTHS: [f64; 7] = [22.0, 9.0, 60.0, 11.0, 12.0, 12.0, 50.0];

struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    failing: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xDDEBF7)),
            failing: cell.clone().set_background_color(Color::RGB(0xFCE4D6)),
            cell,
        }
    }
}

/// The workbook as bytes. `label` turns a catalogue key (`checklist-reason-missing` …)
/// into text.
pub fn report_xlsx(report: &Report, label: &dyn Fn(&str) -> String) -> Result<Vec<u8>, XlsxError> {
    let hospital_name = report.hospital.as_str();
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let title = format!("{} 医療機関確認用", report.edition_title);
    form_sheet(
        workbook.add_worksheet().set_name("医療機関確認用")?,
        &formats,
        &[&title, &heading_line(report, hospital_name)],
        &report.items,
        label,
    )?;
    for (index, sheet) in report.vendor_sheets.iter().enumerate() {
        let title = format!(
            "{} 事業者確認用 — {}",
            report.edition_title, sheet.vendor_name
        );
        form_sheet(
            workbook
                .add_worksheet()
                .set_name(format!("事業者確認用{}", index + 1))?,
            &formats,
            &[
                &title,
                &heading_line(report, hospital_name),
                &sheet.vendor_id,
            ],
            &sheet.items,
            label,
        )?;
    }
    evidence_sheet(
        workbook.add_worksheet().set_name("根拠（不備の記録）")?,
        &formats,
        report,
        label,
    )?;
    self_assessment_sheet(
        workbook.add_worksheet().set_name("自己点検（9領域）")?,
        &formats,
        report,
        label,
    )?;
    workbook.save_to_buffer()
}

pub(crate) fn heading_line(report: &Report, hospital_name: &str) -> String {
    format!(
        "医療機関名: {hospital_name}　基準日: {}　年度: {}年度",
        report.as_of, report.fiscal_year
    )
}

fn form_sheet(
    sheet: &mut Worksheet,
    formats: &Formats,
    title_lines: &[&str],
    items: &[ItemResult],
    label: &dyn Fn(&str) -> String,
) -> Result<(), XlsxError> {
    sheet.set_landscape();
    for (row, line) in title_lines.iter().enumerate() {
        sheet.write_string_with_format(row as u32, 0, *line, &formats.title)?;
    }
    let header_row = title_lines.len() as u32 + 1;
    for (col, (header, width)) in FORM_HEADERS.iter().zip(FORM_WIDTHS).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(header_row, col as u16, *header, &formats.header)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    for (offset, item) in items.iter().enumerate() {
        let row = header_row + 1 + offset as u32;
        let format = if item.answer == Some(crate::AnswerValue::No) {
            &formats.failing
        } else {
            &formats.cell
        };
        let cells = form_cells(item, label);
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, text, format)?;
        }
    }
    Ok(())
}

/// The cells of one item in the official form's columns (XLSX and PDF alike).
pub(crate) fn form_cells(item: &ItemResult, label: &dyn Fn(&str) -> String) -> [String; 7] {
    [
        item.category.clone(),
        number_text(item),
        item_text(item),
        item.answer
            .map(|a| a.label_ja().to_owned())
            .unwrap_or_default(),
        item.checked_on.map(|d| d.to_string()).unwrap_or_default(),
        item.target_date.map(|d| d.to_string()).unwrap_or_default(),
        remarks(item, label),
    ]
}

fn number_text(item: &ItemResult) -> String {
    match (&item.number, item.number_inferred) {
        (Some(number), false) => number.clone(),
        (Some(number), true) => format!("{number}（推定）"),
        (None, _) => "—".to_owned(),
    }
}

/// The official wording, or our gloss marked as such; wording not seen verbatim is marked.
fn item_text(item: &ItemResult) -> String {
    match (&item.text_ja, item.verbatim) {
        (Some(text), true) => text.clone(),
        (Some(text), false) => format!("{text}\n※文言は公式様式との照合前"),
        (None, _) => format!("（公式文言未確認）{}", item.text_en),
    }
}

fn remarks(item: &ItemResult, label: &dyn Fn(&str) -> String) -> String {
    let mut parts = Vec::new();
    if item.source == AnswerSource::Evidence {
        let failing = item.failures().count();
        let checked: usize = item.rules.iter().map(|r| r.checked).sum();
        parts.push(if failing == 0 {
            format!("台帳の根拠: 問題なし（{checked} 件確認）")
        } else {
            format!("台帳の根拠: 不備 {failing} 件（根拠シート参照）")
        });
    }
    if let Some(owner) = &item.owner {
        parts.push(format!("担当: {owner}"));
    }
    if let Some(comment) = &item.comment {
        parts.push(comment.clone());
    }
    for problem in &item.problems {
        parts.push(label(&format!("checklist-problem-{}", problem.code())));
    }
    parts.join("\n")
}

fn evidence_sheet(
    sheet: &mut Worksheet,
    formats: &Formats,
    report: &Report,
    label: &dyn Fn(&str) -> String,
) -> Result<(), XlsxError> {
    let headers = [
        "項目ID",
        "番号",
        "根拠の規則",
        "記録の種類",
        "記録ID",
        "項目",
        "理由",
    ];
    let widths = [14.0, 9.0, 30.0, 16.0, 28.0, 22.0, 40.0];
    sheet.write_string_with_format(0, 0, "根拠: 台帳で不備が見つかった記録", &formats.title)?;
    for (col, (header, width)) in headers.iter().zip(widths).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(2, col as u16, *header, &formats.header)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    let mut row = 3;
    for item in &report.items {
        for rule in &item.rules {
            for failure in &rule.failures {
                let cells = [
                    item.id.clone(),
                    item.number.clone().unwrap_or_default(),
                    label(&format!("checklist-rule-{}", rule.rule.rule.code())),
                    label(&format!("kind-{}", failure.kind.code())),
                    failure.id.clone(),
                    failure.field.to_owned(),
                    label(&format!("checklist-reason-{}", failure.reason.code())),
                ];
                for (col, text) in cells.iter().enumerate() {
                    sheet.write_string_with_format(row, col as u16, text, &formats.cell)?;
                }
                row += 1;
            }
        }
    }
    Ok(())
}

fn self_assessment_sheet(
    sheet: &mut Worksheet,
    formats: &Formats,
    report: &Report,
    label: &dyn Fn(&str) -> String,
) -> Result<(), XlsxError> {
    let headers = [
        "順位",
        "領域",
        "主体",
        "コントロール",
        "観点",
        "点数",
        "確認項目",
        "回答",
        "対策例",
        "台帳の根拠",
    ];
    let widths = [6.0, 6.0, 14.0, 12.0, 44.0, 8.0, 44.0, 9.0, 40.0, 40.0];
    sheet.write_string_with_format(
        0,
        0,
        "自己点検（9領域）: 点数の低い領域から",
        &formats.title,
    )?;
    for (col, (header, width)) in headers.iter().zip(widths).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(2, col as u16, *header, &formats.header)?;
    }
    let mut row = 3;
    for (rank, area) in report.self_assessment.iter().enumerate() {
        let rules: Vec<String> = area
            .rules
            .iter()
            .map(|r| {
                format!(
                    "{}: {}",
                    label(&format!("checklist-rule-{}", r.rule.rule.code())),
                    label(&format!("checklist-outcome-{}", r.outcome.code()))
                )
            })
            .collect();
        for check in &area.checks {
            let cells = [
                (rank + 1).to_string(),
                area.number.to_string(),
                label(&format!("checklist-subject-{}", area.subject.code())),
                label(&format!("checklist-control-{}", area.control.code())),
                area.question_ja.clone(),
                area.score
                    .map(|s| format!("{s}%"))
                    .unwrap_or_else(|| "—".to_owned()),
                check.text_ja.clone(),
                check
                    .answer
                    .map(|a| a.label_ja().to_owned())
                    .unwrap_or_default(),
                check.countermeasure_ja.clone(),
                rules.join("\n"),
            ];
            for (col, text) in cells.iter().enumerate() {
                sheet.write_string_with_format(row, col as u16, text, &formats.cell)?;
            }
            row += 1;
        }
    }
    Ok(())
}
