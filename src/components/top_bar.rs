//! The compact header: the name, and once a log is loaded a small drop target with "Add
//! files" and the demo button (the whole window takes drops too), and the theme switch.

use web_sys::File;
use yew::prelude::*;

use super::open_files::OpenFiles;
use super::theme_toggle::ThemeToggle;

/// Props of [`TopBar`].
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// Whether a log is loaded (the welcome page has its own drop zone and demo button).
    pub loaded: bool,
    /// Whether files are being read (the demo button waits).
    pub busy: bool,
    /// Whether the page is dark now.
    pub dark: bool,
    /// Files were chosen with the picker.
    pub on_files: Callback<Vec<File>>,
    /// The admin asked for the demo.
    pub on_demo: Callback<()>,
    /// The admin switched the theme.
    pub on_theme: Callback<()>,
}

/// The header bar.
#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let on_demo = props.on_demo.reform(|_: MouseEvent| ());
    html! {
        <header class="top-bar">
            <span class="brand">
                <svg class="brand-mark" viewBox="0 0 16 16" aria-hidden="true">
                    <circle cx="6.5" cy="6.5" r="4.5" />
                    <path d="M10 10l4.5 4.5" />
                </svg>
                {"provlens"}
            </span>
            <span class="tagline">{"Entra ID provisioning logs, read in your browser"}</span>
            <span class="spacer" />
            if props.loaded {
                <div class="drop-more" data-testid="drop-zone" title="Drop more files anywhere on the page, or pick them">
                    <OpenFiles label="Add files" on_files={props.on_files.clone()} />
                </div>
                <button type="button" class="btn" data-testid="demo" onclick={on_demo} disabled={props.busy}>
                    {"Demo"}
                </button>
            }
            <ThemeToggle dark={props.dark} on_toggle={props.on_theme.clone()} />
        </header>
    }
}
