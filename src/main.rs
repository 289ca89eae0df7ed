//! provlens, the page: Entra ID provisioning logs read in this browser tab, never uploaded.
//!
//! `app` holds the one stateful component; `state` the pure reducer it runs on; `reader`
//! the page's side of the Web Worker that reads the files and holds the log (the worker
//! itself is the `worker` binary, and `provlens::protocol` what the two say); `load` where
//! files come from (a drop, the picker, the demo); `components` the small presentational
//! pieces; `display` how numbers and times are written for people; `shared` the
//! pointer-compared `Rc` for props.

mod app;
mod components;
mod display;
mod load;
mod reader;
mod save;
mod shared;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
