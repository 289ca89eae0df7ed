//! The loader reading every JSON record with the sync_job importer first: see
//! provlens_core::fuzzing::import.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| provlens_core::fuzzing::import("sync_job", data));
