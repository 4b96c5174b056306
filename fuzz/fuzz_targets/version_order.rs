#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mamori_fuzz::version_order(data));
