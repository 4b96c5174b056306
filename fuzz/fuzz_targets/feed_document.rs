#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mamori_fuzz::feed_document(data));
