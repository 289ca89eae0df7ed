//! The loader over CSV seeds: header recognition and the CSV importers (audit, the three
//! provisioning files, Log Analytics); see provlens_core::fuzzing::load.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| provlens_core::fuzzing::load(data));
