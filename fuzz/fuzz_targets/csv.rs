//! See provlens_core::fuzzing::csv.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| provlens_core::fuzzing::csv(data));
