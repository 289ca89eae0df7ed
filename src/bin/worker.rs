//! The reader's entry point: Trunk builds this binary as a Web Worker (`data-type="worker"`
//! in index.html), and the page starts it from `worker_loader.js`.

fn main() {
    provlens::worker::start();
}
