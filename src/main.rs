//! provlens, the page: Entra ID provisioning logs read in this browser tab, never uploaded.
//!
//! `app` holds the one stateful component; `state` the pure reducer it runs on; `load` the
//! only file and network I/O; `components` the small presentational pieces; `display` how
//! numbers and times are written for people; `shared` the pointer-compared `Rc` for props.

mod app;
mod components;
mod display;
mod load;
mod shared;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
