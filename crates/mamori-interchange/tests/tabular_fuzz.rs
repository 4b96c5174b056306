//! Whatever bytes arrive, the readers answer with problems, never a panic.

use mamori_core::{Ledger, RecordKind};
use mamori_interchange::{read_csv, read_xlsx, template_xlsx};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn read_csv_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_csv("x.csv", &bytes, None, &Ledger::default());
        let _ = read_csv("assets.csv", &bytes, Some(RecordKind::Assets), &Ledger::default());
    }

    #[test]
    fn read_csv_never_panics_on_csv_like_text(text in "[ -~\u{3000}-\u{30ff}\u{4e00}-\u{4e20},;\"\r\n※@#:]{0,400}") {
        let with_header = format!("ID,名称,種別,IPアドレス,ゾーン,サポート終了日,管理主体\r\n{text}");
        let _ = read_csv("assets.csv", with_header.as_bytes(), None, &Ledger::default());
        let rules = format!("ファイアウォール,順序,送信元,宛先,プロトコル,ポート,動作\r\n{text}");
        let _ = read_csv("rules.csv", rules.as_bytes(), Some(RecordKind::FirewallRules), &Ledger::default());
    }

    #[test]
    fn read_xlsx_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_xlsx("x.xlsx", &bytes, &Ledger::default());
    }

    #[test]
    fn read_xlsx_never_panics_on_damaged_workbooks(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut bytes = template_xlsx(Some(RecordKind::Assets)).unwrap();
        let len = bytes.len();
        for (at, value) in flips {
            bytes[at % len] = value;
        }
        let _ = read_xlsx("x.xlsx", &bytes, &Ledger::default());
    }
}
