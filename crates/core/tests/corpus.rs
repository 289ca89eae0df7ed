//! Replays the saved fuzz corpus: every file under `tests/corpus/<target>/` (inputs that
//! crashed a fuzz target or found something new; see `fuzz/` and `make fuzz`) goes through
//! its target's checks (`provlens_core::fuzzing`): no panic, the same result in any
//! chunking, every record accounted for. Every file also goes through the loader's check,
//! whatever its target.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use provlens_core::fuzzing;

#[test]
fn every_saved_fuzz_input_passes_its_targets_checks() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut failed = Vec::new();
    let mut replayed = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let target = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("target folder")
            .to_string();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("corpus folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).expect("corpus file");
            let name = format!("{target}/{}", file.display());
            let run = catch_unwind(AssertUnwindSafe(|| {
                fuzzing::check(&target, &bytes);
                fuzzing::load(&bytes);
            }));
            if run.is_err() {
                failed.push(name);
            }
            replayed += 1;
        }
    }
    assert!(failed.is_empty(), "failed: {failed:#?}");
    assert!(replayed > 0, "no corpus in {}", root.display());
}
