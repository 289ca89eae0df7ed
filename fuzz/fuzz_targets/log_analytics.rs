//! The loader reading every JSON record with the log_analytics importer first: see
//! provlens_core::fuzzing::import.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| provlens_core::fuzzing::import("log_analytics", data));
