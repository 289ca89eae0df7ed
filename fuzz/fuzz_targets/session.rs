//! See provlens_core::fuzzing::session.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| provlens_core::fuzzing::session(data));
