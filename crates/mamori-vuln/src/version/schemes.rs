//! Parsers that turn one vendor's version strings into ordered keys.
//!
//! Every parser is strict: a string outside the scheme's known shapes is an error (and so the
//! comparison is indeterminate) rather than a guess.

use std::cmp::Ordering;

use super::VersionScheme;

type Reason = String;

pub(super) fn compare_in_scheme(
    scheme: VersionScheme,
    left: &str,
    right: &str,
) -> Result<Ordering, Reason> {
    match scheme {
        VersionScheme::Fortinet => Ok(parse_fortinet(left)?.cmp(&parse_fortinet(right)?)),
        VersionScheme::Citrix => Ok(parse_citrix(left)?.cmp(&parse_citrix(right)?)),
        VersionScheme::Ivanti => Ok(parse_ivanti(left)?.cmp(&parse_ivanti(right)?)),
        VersionScheme::SonicOs => compare_sonicos(&parse_sonicos(left)?, &parse_sonicos(right)?),
        VersionScheme::Esxi => compare_esxi(&parse_esxi(left)?, &parse_esxi(right)?),
        VersionScheme::OpenSsl => Ok(parse_openssl(left)?.cmp(&parse_openssl(right)?)),
        VersionScheme::Windows => Ok(parse_windows(left)?.cmp(&parse_windows(right)?)),
        VersionScheme::Generic => compare_generic(&parse_generic(left)?, &parse_generic(right)?),
    }
}

/// Parses `7.2.4` into numbers; rejects empty groups (`10.0..2762`) and anything else.
fn parse_dotted(text: &str, what: &str) -> Result<Vec<u64>, Reason> {
    if text.is_empty() {
        return Err(format!("no {what} number"));
    }
    text.split('.')
        .map(|group| {
            if group.is_empty() || !group.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("`{text}` is not a dotted {what} number"));
            }
            group
                .parse::<u64>()
                .map_err(|_| format!("`{group}` is too large"))
        })
        .collect()
}

/// `7.0` and `7.0.0` name the same release in range comparisons.
fn trim_trailing_zeros(mut numbers: Vec<u64>) -> Vec<u64> {
    while numbers.len() > 1 && numbers.last() == Some(&0) {
        numbers.pop();
    }
    numbers
}

/// Splits off the leading run of digits and dots.
fn split_dotted_prefix(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    (&text[..end], &text[end..])
}

// ---- Fortinet ------------------------------------------------------------------------------

/// `v6.4.11,build2030,221031 (GA.M)` → `[6, 4, 11]`. The build number is one-to-one with the
/// release on Fortinet's GA trains, so it adds no order and is dropped.
fn parse_fortinet(raw: &str) -> Result<Vec<u64>, Reason> {
    let lower = raw.trim().to_ascii_lowercase();
    let text = lower.strip_prefix("fortios").unwrap_or(&lower).trim_start();
    let text = text.strip_prefix('v').unwrap_or(text);
    let (dotted, rest) = split_dotted_prefix(text);
    if !(rest.is_empty() || rest.starts_with([',', ' ', '-', '('])) {
        return Err(format!(
            "`{raw}` is not a FortiOS version (expected `7.2.4` or `v7.2.4,build…`)"
        ));
    }
    let numbers = parse_dotted(dotted, "FortiOS")?;
    if numbers.len() > 3 {
        return Err(format!("`{raw}` has more than three version groups"));
    }
    Ok(trim_trailing_zeros(numbers))
}

// ---- Citrix --------------------------------------------------------------------------------

/// `13.1-49.15`, `NS10.0: Build 54.6.nc` → (release, build). A release without build sorts
/// before every build of that release (NVD writes `versionStartIncluding 12.1`).
fn parse_citrix(raw: &str) -> Result<(Vec<u64>, Vec<u64>), Reason> {
    let lower = raw.trim().to_ascii_lowercase();
    let text = lower.strip_prefix("ns").unwrap_or(&lower);
    let text = text.replace(": build ", "-").replace(" build ", "-");
    let (release_text, build_text) = match text.split_once('-') {
        Some((release, build)) => (release, Some(build)),
        None => (text.as_str(), None),
    };
    let release = trim_trailing_zeros(parse_dotted(release_text, "Citrix release")?);
    let build = match build_text {
        None => Vec::new(),
        Some(build) => {
            // `.nc` / `.e` / `.cl` name the platform build flavour, not an order.
            let (dotted, flavour) = split_dotted_prefix(build);
            let flavour_ok = flavour.is_empty()
                || flavour
                    .trim_start_matches('.')
                    .bytes()
                    .all(|b| b.is_ascii_alphabetic());
            if !flavour_ok {
                return Err(format!("`{raw}` is not a Citrix `release-build` version"));
            }
            parse_dotted(dotted.trim_end_matches('.'), "Citrix build")?
        }
    };
    Ok((release, build))
}

// ---- Ivanti / Pulse ------------------------------------------------------------------------

/// Splits `9.1R11.4` into (`9.1`, `r11.4`), the form NVD uses for version and update.
pub fn split_ivanti_version(raw: &str) -> Option<(String, String)> {
    let lower = raw.trim().to_ascii_lowercase();
    let (version, release) = lower.split_once('r')?;
    let (release, _build) = release.split_once(' ').unwrap_or((release, ""));
    (!version.is_empty() && !release.is_empty())
        .then(|| (version.to_owned(), format!("r{release}")))
}

/// `9.1R11.4` → (`[9, 1]`, `[11, 4]`); a bare `9.1` sorts before its first R release.
fn parse_ivanti(raw: &str) -> Result<(Vec<u64>, Vec<u64>), Reason> {
    let lower = raw.trim().to_ascii_lowercase();
    let text = lower
        .split_once(" build")
        .map_or(lower.as_str(), |(head, _)| head)
        .trim();
    let (version_text, release_text) = match text.split_once('r') {
        Some((version, release)) => (version, Some(release)),
        None => (text, None),
    };
    let version = trim_trailing_zeros(parse_dotted(version_text, "Ivanti version")?);
    let release = match release_text {
        Some(release) => trim_trailing_zeros(parse_dotted(release, "Ivanti R release")?),
        None => Vec::new(),
    };
    Ok((version, release))
}

// ---- SonicOS -------------------------------------------------------------------------------

/// SonicOS: numeric groups (`.` or `-` separated) and an optional trailing platform letter.
#[derive(Debug, PartialEq, Eq)]
struct SonicOsVersion {
    numbers: Vec<u64>,
    suffix: String,
}

fn parse_sonicos(raw: &str) -> Result<SonicOsVersion, Reason> {
    let lower = raw.trim().to_ascii_lowercase();
    let text = lower.strip_prefix("sonicos").unwrap_or(&lower).trim();
    let numeric_end = text
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .len();
    let (groups, suffix) = text.split_at(numeric_end);
    let dotted = groups.replace('-', ".");
    let numbers = parse_dotted(&dotted, "SonicOS")?;
    Ok(SonicOsVersion {
        numbers,
        suffix: suffix.to_owned(),
    })
}

/// The letter (`n`, `o`) names a platform line, so it only matters between equal numbers,
/// and there it cannot be ordered.
fn compare_sonicos(left: &SonicOsVersion, right: &SonicOsVersion) -> Result<Ordering, Reason> {
    match left.numbers.cmp(&right.numbers) {
        Ordering::Equal if left.suffix != right.suffix => Err(format!(
            "platform suffixes `{}` and `{}` are not ordered",
            left.suffix, right.suffix
        )),
        other => Ok(other),
    }
}

// ---- VMware ESXi ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
enum EsxiLevel {
    /// The release itself, no update or patch.
    Ga,
    /// `update 3c` → (3, "c").
    Update(u64, String),
    /// Patch bulletin `670-201904201-ug` → 201904201 (year, month, sequence).
    Patch(u64),
}

#[derive(Debug, PartialEq, Eq)]
struct EsxiVersion {
    release: Vec<u64>,
    level: EsxiLevel,
}

fn parse_esxi(raw: &str) -> Result<EsxiVersion, Reason> {
    let lower = raw.trim().to_ascii_lowercase();
    let text = lower.strip_prefix("esxi").unwrap_or(&lower).trim_start();
    let (digits, rest) = split_dotted_prefix(text);
    let release = trim_trailing_zeros(parse_esxi_release(digits)?);
    let rest = rest.trim_start_matches([' ', '_', ':']);
    let level = parse_esxi_level(rest).ok_or_else(|| format!("`{raw}` is not an ESXi version"))?;
    Ok(EsxiVersion { release, level })
}

/// `7.0.3` as is; the compact `70` / `670` of build names as `7.0` / `6.7.0`.
fn parse_esxi_release(digits: &str) -> Result<Vec<u64>, Reason> {
    let compact = !digits.contains('.') && (2..=3).contains(&digits.len());
    if compact {
        return Ok(digits.bytes().map(|b| u64::from(b - b'0')).collect());
    }
    parse_dotted(digits, "ESXi release")
}

fn parse_esxi_level(rest: &str) -> Option<EsxiLevel> {
    if rest.is_empty() {
        return Some(EsxiLevel::Ga);
    }
    if let Some(patch) = parse_esxi_patch_id(rest) {
        return Some(EsxiLevel::Patch(patch));
    }
    let update = rest
        .strip_prefix("update")
        .or_else(|| rest.strip_prefix('u'))?;
    let update = update.trim_start_matches([' ', '_', '-']);
    // A trailing `-17325551` build number identifies the same update.
    let update = update.split_once('-').map_or(update, |(head, _)| head);
    let digit_end = update
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(update.len());
    let (number, letters) = update.split_at(digit_end);
    if number.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    Some(EsxiLevel::Update(number.parse().ok()?, letters.to_owned()))
}

/// `670-201904201-ug` or `-201904201-sg` → 201904201.
fn parse_esxi_patch_id(rest: &str) -> Option<u64> {
    let mut pieces = rest.trim_start_matches('-').split('-');
    let first = pieces.next()?;
    let date = if first.len() == 9 {
        first
    } else {
        pieces.next()?
    };
    let flavour_ok = pieces.all(|p| p.bytes().all(|b| b.is_ascii_alphabetic()));
    (date.len() == 9 && date.bytes().all(|b| b.is_ascii_digit()) && flavour_ok)
        .then(|| date.parse().ok())?
}

fn compare_esxi(left: &EsxiVersion, right: &EsxiVersion) -> Result<Ordering, Reason> {
    let by_release = left.release.cmp(&right.release);
    if by_release != Ordering::Equal {
        return Ok(by_release);
    }
    match (&left.level, &right.level) {
        (EsxiLevel::Ga, EsxiLevel::Ga) => Ok(Ordering::Equal),
        (EsxiLevel::Ga, _) => Ok(Ordering::Less),
        (_, EsxiLevel::Ga) => Ok(Ordering::Greater),
        (EsxiLevel::Update(ln, ll), EsxiLevel::Update(rn, rl)) => {
            Ok(ln.cmp(rn).then(ll.len().cmp(&rl.len())).then(ll.cmp(rl)))
        }
        (EsxiLevel::Patch(l), EsxiLevel::Patch(r)) => Ok(l.cmp(r)),
        _ => Err(
            "an update level and a patch bulletin of the same release are not ordered".to_owned(),
        ),
    }
}

// ---- OpenSSL -------------------------------------------------------------------------------

/// `1.0.1g` → (`[1, 0, 1]`, 1, "g"): letters are patch levels, `z` < `za`.
fn parse_openssl(raw: &str) -> Result<(Vec<u64>, usize, String), Reason> {
    let lower = raw.trim().to_ascii_lowercase();
    let text = lower.strip_prefix("openssl").unwrap_or(&lower).trim_start();
    let (dotted, letters) = split_dotted_prefix(text);
    if !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(format!(
            "`{raw}` is not an OpenSSL release (pre-releases are not ordered)"
        ));
    }
    let numbers = parse_dotted(dotted, "OpenSSL")?;
    Ok((numbers, letters.len(), letters.to_owned()))
}

// ---- Windows -------------------------------------------------------------------------------

/// `10.0.19045.3570`: two to four numeric groups, nothing else.
fn parse_windows(raw: &str) -> Result<Vec<u64>, Reason> {
    let numbers = parse_dotted(raw.trim(), "Windows build")?;
    if !(2..=4).contains(&numbers.len()) {
        return Err(format!("`{raw}` is not a Windows build number"));
    }
    Ok(numbers)
}

// ---- Generic -------------------------------------------------------------------------------

/// One run of digits or letters of a generic version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GenericToken {
    Number(u64),
    Word(String),
}

fn parse_generic(raw: &str) -> Result<Vec<GenericToken>, Reason> {
    let lower = raw.trim().to_ascii_lowercase();
    let mut tokens = Vec::new();
    let mut current = String::new();
    for ch in lower.chars() {
        let same_kind = current
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() == ch.is_ascii_digit());
        if ch.is_ascii_alphanumeric() && (current.is_empty() || same_kind) {
            current.push(ch);
            continue;
        }
        push_generic_token(&mut tokens, &mut current)?;
        if ch.is_ascii_alphanumeric() {
            current.push(ch);
        }
    }
    push_generic_token(&mut tokens, &mut current)?;
    if tokens.is_empty() {
        return Err(format!("`{raw}` has no digits or letters"));
    }
    Ok(tokens)
}

fn push_generic_token(tokens: &mut Vec<GenericToken>, current: &mut String) -> Result<(), Reason> {
    if current.is_empty() {
        return Ok(());
    }
    let token = if current.bytes().all(|b| b.is_ascii_digit()) {
        GenericToken::Number(
            current
                .parse()
                .map_err(|_| format!("`{current}` is too large"))?,
        )
    } else {
        GenericToken::Word(std::mem::take(current))
    };
    current.clear();
    tokens.push(token);
    Ok(())
}

/// Rank of well-known pre-release words; other differing words are not ordered.
fn prerelease_rank(word: &str) -> Option<u8> {
    match word {
        "dev" | "snapshot" => Some(0),
        "alpha" | "a" => Some(1),
        "beta" | "b" => Some(2),
        "m" | "milestone" => Some(3),
        "pre" | "preview" => Some(4),
        "rc" | "cr" => Some(5),
        _ => None,
    }
}

fn compare_generic(left: &[GenericToken], right: &[GenericToken]) -> Result<Ordering, Reason> {
    for (l, r) in left.iter().zip(right) {
        let ordering = match (l, r) {
            (GenericToken::Number(a), GenericToken::Number(b)) => a.cmp(b),
            (GenericToken::Word(a), GenericToken::Word(b)) if a == b => Ordering::Equal,
            (GenericToken::Word(a), GenericToken::Word(b)) => {
                match (prerelease_rank(a), prerelease_rank(b)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    _ => return Err(format!("`{a}` and `{b}` are not ordered")),
                }
            }
            _ => return Err("a number and a word stand at the same position".to_owned()),
        };
        if ordering != Ordering::Equal {
            return Ok(ordering);
        }
    }
    let shared = left.len().min(right.len());
    let longer_is_left = left.len() > right.len();
    let tail = if longer_is_left {
        &left[shared..]
    } else {
        &right[shared..]
    };
    // `1.0` = `1.0.0` < `1.0.1`; but `1.0` vs `1.0a` may be pre-release or patch: not ordered.
    match tail.iter().find(|t| **t != GenericToken::Number(0)) {
        None => Ok(Ordering::Equal),
        Some(GenericToken::Number(_)) if longer_is_left => Ok(Ordering::Greater),
        Some(GenericToken::Number(_)) => Ok(Ordering::Less),
        Some(GenericToken::Word(word)) => Err(format!(
            "the suffix `{word}` may be a pre-release or a patch level"
        )),
    }
}
