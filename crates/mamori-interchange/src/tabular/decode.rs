//! Character encodings of CSV files as hospitals have them: UTF-8 with or without BOM,
//! UTF-16 (Excel's "Unicode テキスト"), and CP932/Shift_JIS (Excel's default "CSV" on
//! Japanese Windows). Undecodable bytes are reported by line, never silently dropped.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};

/// The decoded text and the 1-based lines that held bytes the encoding could not read.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub text: String,
    pub bad_lines: Vec<usize>,
    pub encoding: &'static Encoding,
}

/// At most this many undecodable lines are reported: the fix is the same for all of them.
const MAX_BAD_LINES: usize = 10;

pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_as(UTF_8, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_as(UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_as(UTF_16BE, rest);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_owned(),
            bad_lines: Vec::new(),
            encoding: UTF_8,
        };
    }
    decode_as(SHIFT_JIS, bytes)
}

fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let bad_lines = if had_errors {
        bad_lines(encoding, bytes)
    } else {
        Vec::new()
    };
    Decoded {
        text: text.into_owned(),
        bad_lines,
        encoding,
    }
}

/// Lines with undecodable bytes. In UTF-8 and Shift_JIS a 0x0A byte is always a line feed
/// (never part of a multi-byte character), so lines can be decoded one by one; UTF-16 is
/// not split and reports line 1.
fn bad_lines(encoding: &'static Encoding, bytes: &[u8]) -> Vec<usize> {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return vec![1];
    }
    bytes
        .split(|byte| *byte == b'\n')
        .enumerate()
        .filter(|(_, line)| {
            encoding
                .decode_without_bom_handling_and_without_replacement(line)
                .is_none()
        })
        .map(|(index, _)| index + 1)
        .take(MAX_BAD_LINES)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], text: &str, bad: &[usize], encoding: &'static Encoding) {
        let decoded = decode(bytes);
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.bad_lines, bad);
        assert_eq!(decoded.encoding, encoding);
    }

    #[test]
    fn encodings_are_detected() {
        check("名称\r\n".as_bytes(), "名称\r\n", &[], UTF_8);
        check(
            b"\xEF\xBB\xBFID,\xE5\x90\x8D\xE7\xA7\xB0",
            "ID,名称",
            &[],
            UTF_8,
        );
        let (sjis, _, _) = SHIFT_JIS.encode("名称,ゾーン\r\n機器,①\r\n");
        check(&sjis, "名称,ゾーン\r\n機器,①\r\n", &[], SHIFT_JIS);
        check(b"\xFF\xFEI\0D\0", "ID", &[], UTF_16LE);
        check(
            b"ok\n\x82\xA0\n\x82\n",
            "ok\nあ\n\u{FFFD}\n",
            &[3],
            SHIFT_JIS,
        );
        check(b"\xEF\xBB\xBFa\n\xFF\n", "a\n\u{FFFD}\n", &[2], UTF_8);
    }
}
