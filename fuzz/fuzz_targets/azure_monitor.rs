//! The loader reading every JSON record with the azure_monitor importer first: see
//! provlens_core::fuzzing::import.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| provlens_core::fuzzing::import("azure_monitor", data));
