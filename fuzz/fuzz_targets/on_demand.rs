//! The loader reading every JSON record with the on_demand importer first: see
//! provlens_core::fuzzing::import.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| provlens_core::fuzzing::import("on_demand", data));
