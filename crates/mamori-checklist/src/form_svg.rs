//! The report as A4 landscape pages of SVG, laid out like the official form (区分, 番号,
//! 確認項目, はい/いいえ, 確認日, 目標日, 備考), for a PDF to hand to the inspector:
//! 医療機関確認用, one 事業者確認用 per vendor (each from a new page), the evidence appendix
//! listing every failing record, and the 9-area self-assessment. Table headers repeat on
//! every page; every page has a footer with the page number.
//!
//! Pure and deterministic: no fonts are read. Text widths are estimated (full-width 1 em,
//! other 0.6 em) and text is wrapped to its column; a cell taller than a page is cut with
//! "…". The PDF itself is made by `mamori-diagram-render` with the system's CJK font.

use std::fmt::Write as _;

use crate::report::{ItemResult, Report};
use crate::xlsx::{form_cells, heading_line};

/// A4 landscape at 96 px per inch.
pub const PAGE_WIDTH: f64 = 1123.0;
pub const PAGE_HEIGHT: f64 = 794.0;
const MARGIN: f64 = 40.0;
const FONT: f64 = 10.0;
const LINE: f64 = 14.0;
const PAD: f64 = 4.0;
const TITLE_FONT: f64 = 17.0;
const FOOTER_Y: f64 = PAGE_HEIGHT - 22.0;
const BOTTOM: f64 = PAGE_HEIGHT - 44.0;
const FAMILY: &str = "Noto Sans CJK JP, Noto Sans JP, sans-serif";

/// One table section: its title lines, columns (header, width in px) and rows.
struct Table {
    titles: Vec<String>,
    columns: Vec<(&'static str, f64)>,
    rows: Vec<Row>,
}

struct Row {
    cells: Vec<String>,
    /// いいえ rows are shaded, as in the XLSX.
    shaded: bool,
}

/// Estimated width of one character in em.
fn char_em(c: char) -> f64 {
    if c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
        0.6
    } else {
        1.0
    }
}

/// `text` wrapped to `width` px at `font` px, at most `max_lines` lines (the last cut with …).
fn wrap(text: &str, width: f64, font: f64, max_lines: usize) -> Vec<String> {
    let limit = (width / font).max(1.0);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0.0;
        for c in paragraph.chars() {
            let em = char_em(c);
            if used + em > limit && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(c);
            used += em;
        }
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let mut used: f64 = last.chars().map(char_em).sum();
            while used + 1.0 > limit {
                match last.pop() {
                    Some(c) => used -= char_em(c),
                    None => break,
                }
            }
            last.push('…');
        }
    }
    lines
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A page being drawn.
struct Page {
    body: String,
    y: f64,
}

impl Page {
    fn new() -> Page {
        Page {
            body: String::new(),
            y: MARGIN,
        }
    }

    fn text(&mut self, x: f64, y: f64, size: f64, bold: bool, text: &str) {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let _ = writeln!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\"{weight}>{}</text>",
            escape(text)
        );
    }

    fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" \
             fill=\"{fill}\" stroke=\"#000\" stroke-width=\"0.6\"/>"
        );
    }

    /// One row of cells: wrapped lines, a box per cell.
    fn row(&mut self, columns: &[(&'static str, f64)], lines: &[Vec<String>], fill: &str) {
        let height = row_height(lines);
        let mut x = MARGIN;
        for ((_, width), cell) in columns.iter().zip(lines) {
            self.rect(x, self.y, *width, height, fill);
            for (index, line) in cell.iter().enumerate() {
                let baseline = self.y + PAD + FONT + index as f64 * LINE;
                self.text(x + PAD, baseline, FONT, false, line);
            }
            x += width;
        }
        self.y += height;
    }
}

fn row_height(lines: &[Vec<String>]) -> f64 {
    let count = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    count as f64 * LINE + 2.0 * PAD
}

/// The lines of every cell of a row, each cut to what one page can hold.
fn row_lines(
    columns: &[(&'static str, f64)],
    cells: &[String],
    max_lines: usize,
) -> Vec<Vec<String>> {
    columns
        .iter()
        .zip(cells)
        .map(|((_, width), text)| wrap(text, width - 2.0 * PAD, FONT, max_lines))
        .collect()
}

/// Lays a table out on as many pages as it needs; each page starts with the titles (on the
/// first page) or the first title (after) and the column headers.
fn table_pages(table: &Table) -> Vec<Page> {
    let header_cells: Vec<String> = table.columns.iter().map(|(h, _)| (*h).to_owned()).collect();
    let header = row_lines(&table.columns, &header_cells, 3);
    let header_height = row_height(&header);
    let start = |first: bool| {
        let mut page = Page::new();
        let titles = if first {
            &table.titles[..]
        } else {
            &table.titles[..table.titles.len().min(1)]
        };
        for (index, title) in titles.iter().enumerate() {
            let (size, bold) = if index == 0 {
                (TITLE_FONT, true)
            } else {
                (11.0, false)
            };
            page.y += size + 4.0;
            page.text(MARGIN, page.y, size, bold, title);
        }
        page.y += 10.0;
        page.row(&table.columns, &header, "#DDEBF7");
        page
    };
    let room = BOTTOM - MARGIN - 60.0 - header_height;
    let max_lines = ((room - 2.0 * PAD) / LINE).floor().max(1.0) as usize;
    let mut pages = vec![start(true)];
    for row in &table.rows {
        let lines = row_lines(&table.columns, &row.cells, max_lines);
        let height = row_height(&lines);
        let full = pages.last().is_some_and(|page| page.y + height > BOTTOM);
        if full {
            pages.push(start(false));
        }
        let fill = if row.shaded { "#FCE4D6" } else { "#FFFFFF" };
        if let Some(page) = pages.last_mut() {
            page.row(&table.columns, &lines, fill);
        }
    }
    pages
}

const FORM_COLUMNS: [(&str, f64); 7] = [
    ("区分", 130.0),
    ("番号", 80.0),
    ("確認項目", 334.0),
    ("はい/いいえ", 70.0),
    ("確認日", 80.0),
    ("目標日", 80.0),
    ("備考", 269.0),
];

fn form_table(titles: Vec<String>, items: &[ItemResult], label: &dyn Fn(&str) -> String) -> Table {
    Table {
        titles,
        columns: FORM_COLUMNS.to_vec(),
        rows: items
            .iter()
            .map(|item| Row {
                cells: form_cells(item, label).to_vec(),
                shaded: item.answer == Some(crate::AnswerValue::No),
            })
            .collect(),
    }
}

fn evidence_table(report: &Report, label: &dyn Fn(&str) -> String) -> Table {
    let mut rows = Vec::new();
    for item in &report.items {
        for rule in &item.rules {
            for failure in &rule.failures {
                rows.push(Row {
                    cells: vec![
                        item.id.clone(),
                        item.number.clone().unwrap_or_default(),
                        label(&format!("checklist-rule-{}", rule.rule.rule.code())),
                        label(&format!("kind-{}", failure.kind.code())),
                        failure.id.clone(),
                        failure.field.to_owned(),
                        label(&format!("checklist-reason-{}", failure.reason.code())),
                    ],
                    shaded: false,
                });
            }
        }
    }
    if rows.is_empty() {
        rows.push(Row {
            cells: vec![
                "—".to_owned(),
                String::new(),
                "台帳で不備の見つかった記録はありません".to_owned(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            shaded: false,
        });
    }
    Table {
        titles: vec![
            "別紙: 根拠（台帳で不備が見つかった記録）".to_owned(),
            heading_line(report, &report.hospital),
        ],
        columns: vec![
            ("項目ID", 90.0),
            ("番号", 60.0),
            ("根拠の規則", 300.0),
            ("記録の種類", 110.0),
            ("記録ID", 150.0),
            ("項目", 130.0),
            ("理由", 203.0),
        ],
        rows,
    }
}

fn self_assessment_table(report: &Report, label: &dyn Fn(&str) -> String) -> Table {
    let rows = report
        .self_assessment
        .iter()
        .enumerate()
        .map(|(rank, area)| {
            let answered = area.checks.iter().filter(|c| c.answer.is_some()).count();
            Row {
                cells: vec![
                    (rank + 1).to_string(),
                    area.number.to_string(),
                    label(&format!("checklist-subject-{}", area.subject.code())),
                    label(&format!("checklist-control-{}", area.control.code())),
                    area.question_ja.clone(),
                    area.score
                        .map(|s| format!("{s}%"))
                        .unwrap_or_else(|| "—".to_owned()),
                    format!("{answered} / {}", area.checks.len()),
                ],
                shaded: false,
            }
        })
        .collect();
    Table {
        titles: vec![
            "自己点検（9領域）: 点数の低い領域から".to_owned(),
            heading_line(report, &report.hospital),
        ],
        columns: vec![
            ("順位", 50.0),
            ("領域", 50.0),
            ("主体", 120.0),
            ("コントロール", 120.0),
            ("観点", 493.0),
            ("点数", 80.0),
            ("回答済", 130.0),
        ],
        rows,
    }
}

/// The report as SVG pages (A4 landscape, `297mm`×`210mm`). `label` turns catalogue keys
/// into (Japanese) text, as for the XLSX.
pub fn report_svg_pages(report: &Report, label: &dyn Fn(&str) -> String) -> Vec<String> {
    let heading = heading_line(report, &report.hospital);
    let mut tables = vec![form_table(
        vec![
            format!("{} 医療機関確認用", report.edition_title),
            heading.clone(),
        ],
        &report.items,
        label,
    )];
    for sheet in &report.vendor_sheets {
        tables.push(form_table(
            vec![
                format!(
                    "{} 事業者確認用 — {}",
                    report.edition_title, sheet.vendor_name
                ),
                heading.clone(),
                format!("事業者ID: {}", sheet.vendor_id),
            ],
            &sheet.items,
            label,
        ));
    }
    tables.push(evidence_table(report, label));
    tables.push(self_assessment_table(report, label));
    let pages: Vec<Page> = tables.iter().flat_map(table_pages).collect();
    let total = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(index, mut page)| {
            let footer = format!(
                "{} — {} — {} / {}",
                report.edition_title,
                report.hospital,
                index + 1,
                total
            );
            page.text(MARGIN, FOOTER_Y, 9.0, false, &footer);
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"297mm\" height=\"210mm\" \
                 viewBox=\"0 0 {PAGE_WIDTH} {PAGE_HEIGHT}\" font-family=\"{FAMILY}\">\n\
                 <rect width=\"{PAGE_WIDTH}\" height=\"{PAGE_HEIGHT}\" fill=\"#fff\"/>\n{}</svg>\n",
                page.body
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, width: f64, max_lines: usize, expected: &[&str]) {
        assert_eq!(wrap(text, width, 10.0, max_lines), expected, "{text:?}");
    }

    #[test]
    fn text_is_wrapped_to_its_column() {
        // 10 px font, 30 px: three full-width or five half-width characters a line.
        check("あいうえお", 30.0, 9, &["あいう", "えお"]);
        check("abcdefg", 30.0, 9, &["abcde", "fg"]);
        check("あ\nい", 30.0, 9, &["あ", "い"]);
        check("", 30.0, 9, &[""]);
        // Cut with … when there is no more room.
        check("あいうえおかきくけ", 30.0, 2, &["あいう", "えお…"]);
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape("a<b>&\"c\u{7}"), "a&lt;b&gt;&amp;&quot;c");
    }
}
