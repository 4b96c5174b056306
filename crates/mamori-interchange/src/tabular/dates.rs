//! Dates as hospitals write them: 2025-04-01, 2025/4/1, 2025年4月1日, Excel serial numbers,
//! and 和暦 (R7.4.1, 令和7年4月1日, 平成31年4月30日). Each 和暦 date must fall inside its
//! era: 令和1年4月30日 does not exist (it was 平成31年4月30日).

use mamori_core::Date;

use super::text::fold_width;

/// One Japanese era: its names and its first day.
struct Era {
    letter: char,
    kanji: &'static str,
    start: (i16, i8, i8),
}

/// Newest first, so the first era whose start is not after a date is the one it is in.
const ERAS: &[Era] = &[
    Era {
        letter: 'R',
        kanji: "令和",
        start: (2019, 5, 1),
    },
    Era {
        letter: 'H',
        kanji: "平成",
        start: (1989, 1, 8),
    },
    Era {
        letter: 'S',
        kanji: "昭和",
        start: (1926, 12, 25),
    },
    Era {
        letter: 'T',
        kanji: "大正",
        start: (1912, 7, 30),
    },
    Era {
        letter: 'M',
        kanji: "明治",
        start: (1868, 1, 25),
    },
];

/// Reads a date cell's text; `None` when it is not a date in any accepted form.
pub(crate) fn parse_date_text(text: &str) -> Option<Date> {
    let folded = fold_width(text);
    let trimmed = folded.trim();
    // Excel and databases often append a time of day: "2025/04/01 0:00:00", "2025-04-01T00:00".
    let mut date_part = trimmed.split(' ').next().unwrap_or(trimmed);
    if let Some(time_at) = date_part.find('T').filter(|at| *at >= 8) {
        date_part = date_part.get(..time_at).unwrap_or(date_part);
    }
    if let Some(date) = parse_wareki(date_part) {
        return Some(date);
    }
    if let Some(date) = parse_compact(date_part) {
        return Some(date);
    }
    if let Some(serial) = parse_serial_text(date_part) {
        return Some(serial);
    }
    let western = date_part.replace(['年', '月', '.'], "/").replace('日', "");
    western.parse::<Date>().ok()
}

/// 20250401, as some systems export dates.
fn parse_compact(text: &str) -> Option<Date> {
    if text.len() != 8 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year = text.get(0..4)?.parse().ok()?;
    let month = text.get(4..6)?.parse().ok()?;
    let day = text.get(6..8)?.parse().ok()?;
    valid_range(Date::new(year, month, day)?)
}

/// A serial number written as text (a CSV saved from a sheet whose date column lost its
/// format shows 45748 for 2025-04-01).
fn parse_serial_text(text: &str) -> Option<Date> {
    if text.len() != 5 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    excel_serial_date(text.parse().ok()?)
}

/// Excel's 1900 date system: day 1 is 1900-01-01 and the non-existent 1900-02-29 is day 60,
/// so days from 61 on count from 1899-12-30. Only whole days are kept.
pub(crate) fn excel_serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    if days == 60 {
        return None;
    }
    let (epoch, offset) = if days < 60 {
        (jiff::civil::date(1899, 12, 31), days)
    } else {
        (jiff::civil::date(1899, 12, 30), days)
    };
    let date = epoch.checked_add(jiff::Span::new().days(offset)).ok()?;
    valid_range(Date(date))
}

/// mamori's dates live between 1900 and 2999 (the range `Date`'s parser accepts), so that
/// every date read here is written back and read again unchanged.
fn valid_range(date: Date) -> Option<Date> {
    (1900..=2999).contains(&date.0.year()).then_some(date)
}

/// R7.4.1, R07/04/01, 令和7年4月1日, 令和元年5月1日, h31.4.30.
fn parse_wareki(text: &str) -> Option<Date> {
    let (era, rest) = split_era(text)?;
    let rest = rest.trim_start();
    let (year_text, rest) = split_number(rest, &["元"])?;
    let rest = rest.strip_prefix(['年', '.', '/', '-'])?;
    let (month_text, rest) = split_number(rest, &[])?;
    let rest = rest.strip_prefix(['月', '.', '/', '-'])?;
    let (day_text, rest) = split_number(rest, &[])?;
    if !matches!(rest, "" | "日") {
        return None;
    }
    let era_year: i16 = if year_text == "元" {
        1
    } else {
        year_text.parse().ok()?
    };
    if era_year < 1 {
        return None;
    }
    let year = era.start.0.checked_add(era_year - 1)?;
    let date = Date::new(year, month_text.parse().ok()?, day_text.parse().ok()?)?;
    let (start_year, start_month, start_day) = era.start;
    let starts = Date::new(start_year, start_month, start_day)?;
    let next_start = ERAS
        .iter()
        .rev()
        .skip_while(|other| other.letter != era.letter)
        .nth(1)
        .and_then(|next| Date::new(next.start.0, next.start.1, next.start.2));
    let inside = date >= starts && next_start.is_none_or(|next| date < next);
    inside.then_some(date).and_then(valid_range)
}

fn split_era(text: &str) -> Option<(&'static Era, &str)> {
    for era in ERAS {
        if let Some(rest) = text.strip_prefix(era.kanji) {
            return Some((era, rest));
        }
        let mut chars = text.chars();
        let first = chars.next()?;
        if first.to_ascii_uppercase() == era.letter {
            return Some((era, chars.as_str()));
        }
    }
    None
}

/// Leading ASCII digits (or one of `words`, e.g. 元) and the rest.
fn split_number<'a>(text: &'a str, words: &[&'a str]) -> Option<(&'a str, &'a str)> {
    for word in words {
        if let Some(rest) = text.strip_prefix(word) {
            return Some((word, rest));
        }
    }
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    (end > 0 && end <= 4).then(|| text.split_at(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        let got = parse_date_text(input).map(|date| date.to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn western_forms() {
        check("2025-04-01", Some("2025-04-01"));
        check("2025/4/1", Some("2025-04-01"));
        check("２０２５／４／１", Some("2025-04-01"));
        check("2025年4月1日", Some("2025-04-01"));
        check("2025.4.1", Some("2025-04-01"));
        check("2025/04/01 0:00:00", Some("2025-04-01"));
        check("2025-04-01T09:00:00", Some("2025-04-01"));
        check("20250401", Some("2025-04-01"));
        check("2025-02-29", None);
        check("4/1", None);
        check("", None);
    }

    #[test]
    fn wareki_forms_and_era_boundaries() {
        check("R7.4.1", Some("2025-04-01"));
        check("r07/04/01", Some("2025-04-01"));
        check("令和7年4月1日", Some("2025-04-01"));
        check("令和元年5月1日", Some("2019-05-01"));
        check("令和1年4月30日", None);
        check("H31.4.30", Some("2019-04-30"));
        check("平成31年5月1日", None);
        check("H1.1.8", Some("1989-01-08"));
        check("S64.1.7", Some("1989-01-07"));
        check("S64.1.8", None);
        check("H0.1.1", None);
        check("R7.2.29", None);
        check("R7.4.1日本", None);
        check("X7.4.1", None);
    }

    #[test]
    fn excel_serials() {
        let date = |serial: f64| excel_serial_date(serial).map(|date| date.to_string());
        assert_eq!(date(45748.0).as_deref(), Some("2025-04-01"));
        assert_eq!(date(45748.75).as_deref(), Some("2025-04-01"));
        assert_eq!(date(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(date(59.0).as_deref(), Some("1900-02-28"));
        assert_eq!(date(60.0), None);
        assert_eq!(date(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(date(0.0), None);
        assert_eq!(date(f64::NAN), None);
        assert_eq!(date(1e12), None);
        check("45748", Some("2025-04-01"));
        check("2025", None);
        check("T1.7.30", Some("1912-07-30"));
    }
}
