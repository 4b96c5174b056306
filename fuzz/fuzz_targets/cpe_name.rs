#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mamori_fuzz::cpe_name(data));
