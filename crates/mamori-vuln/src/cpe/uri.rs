//! The CPE 2.2 URI binding (`cpe:/a:vendor:product:version:update:edition:language`), as used by
//! JVN iPedia and MyJVN. Unbinding follows NISTIR 7695 §6.1.3: empty = ANY, `-` = NA,
//! percent-encoded punctuation, `%01`/`%02` as the `?`/`*` wildcards, and a "packed" edition
//! `~edition~sw_edition~target_sw~target_hw~other`.

use super::{
    ATTRIBUTE_NAMES, AttrValue, CpeError, Token, Wfn, pattern_from_tokens, strip_prefix_ignore_case,
};

pub(super) fn parse_uri(input: &str) -> Result<Wfn, CpeError> {
    let rest = strip_prefix_ignore_case(input, "cpe:/").ok_or(CpeError::MissingUriPrefix)?;
    let components: Vec<&str> = rest.split(':').collect();
    if components.len() > 7 {
        return Err(CpeError::TooManyUriComponents {
            found: components.len(),
        });
    }
    let mut attributes: [AttrValue; 11] = std::array::from_fn(|_| AttrValue::Any);
    for (idx, raw) in components.iter().enumerate() {
        if idx == 5 && raw.starts_with('~') {
            unpack_edition(raw, &mut attributes)?;
        } else {
            attributes[idx] = parse_uri_value(raw, ATTRIBUTE_NAMES[idx])?;
        }
    }
    super::check_part(&attributes[0])?;
    Ok(Wfn { attributes })
}

/// `~edition~sw_edition~target_sw~target_hw~other` fills attributes 5, 7, 8, 9, 10.
fn unpack_edition(raw: &str, attributes: &mut [AttrValue; 11]) -> Result<(), CpeError> {
    const TARGETS: [usize; 5] = [5, 7, 8, 9, 10];
    let pieces: Vec<&str> = raw[1..].split('~').collect();
    if pieces.len() != TARGETS.len() {
        return Err(CpeError::TooManyUriComponents {
            found: pieces.len(),
        });
    }
    for (piece, target) in pieces.iter().zip(TARGETS) {
        attributes[target] = parse_uri_value(piece, ATTRIBUTE_NAMES[target])?;
    }
    Ok(())
}

fn parse_uri_value(raw: &str, attribute: &'static str) -> Result<AttrValue, CpeError> {
    match raw {
        "" => return Ok(AttrValue::Any),
        "-" => return Ok(AttrValue::Na),
        _ => {}
    }
    let tokens = decode_uri_tokens(raw, attribute)?;
    // A lone `%02` is the "*" wildcard for the whole value: ANY, as `*` is in a 2.3 name.
    if matches!(tokens.as_slice(), [Token::Star]) {
        return Ok(AttrValue::Any);
    }
    Ok(AttrValue::Value(pattern_from_tokens(&tokens, attribute)?))
}

fn decode_uri_tokens(raw: &str, attribute: &'static str) -> Result<Vec<Token>, CpeError> {
    let bytes = raw.as_bytes();
    let mut tokens = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        let byte = bytes[idx];
        if byte == b'%' {
            // Two hex digits exactly: `from_str_radix` alone would also take a sign (`%+2`).
            let hex = raw
                .get(idx + 1..idx + 3)
                .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .ok_or(CpeError::InvalidPercentEncoding { attribute })?;
            let decoded = u8::from_str_radix(hex, 16)
                .map_err(|_| CpeError::InvalidPercentEncoding { attribute })?;
            tokens.push(match decoded {
                0x01 => Token::Question,
                0x02 => Token::Star,
                other if other.is_ascii_graphic() => Token::Literal(char::from(other)),
                _ => return Err(CpeError::InvalidPercentEncoding { attribute }),
            });
            idx += 3;
        } else if byte.is_ascii_graphic() {
            tokens.push(Token::Literal(char::from(byte)));
            idx += 1;
        } else {
            let found = raw[idx..].chars().next().unwrap_or('\u{fffd}');
            return Err(CpeError::InvalidCharacter { attribute, found });
        }
    }
    Ok(tokens)
}
