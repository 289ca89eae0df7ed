//! A virtual window over a long list of fixed-height rows: only the rows in view (plus a few
//! either side) exist in the DOM, inside a spacer as tall as the whole list, so a million
//! events scroll like ten. Past [`MAX_HEIGHT`] the spacer stops growing and scroll positions
//! are scaled onto the list, because browsers cap an element's height (Chromium and Firefox
//! near 16.7 million pixels): a million 32-pixel rows scroll at about twice the speed, and
//! the scrollbar's end is the list's end. The list moves the keyboard focus without the
//! browser's own scrolling (which knows nothing of the scale).
//!
//! Sizes go through the CSSOM (`element.style`), not `style` attributes, so the page's
//! Content-Security-Policy can forbid inline styles.
//!
//! The list reserves no scrollbar gutter (rows reach the grid's right edge when the browser
//! overlays or hides scrollbars); instead it tells its parent how wide its scrollbar is, as
//! `--scrollbar-w`, so a header above can leave the same room and the columns line up.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, FocusOptions, HtmlElement};
use yew::prelude::*;

/// Height of one row, in CSS pixels; `--row-h` in static/app.css must say the same.
pub const ROW_HEIGHT: f64 = 32.0;
/// Rows rendered beyond each edge of the view, so fast scrolling shows no gaps.
const OVERSCAN: usize = 6;
/// The tallest the spacer gets: under the smallest cap browsers put on an element's height
/// (16,777,215 pixels in Chromium, 17,895,697 in Firefox).
const MAX_HEIGHT: f64 = 15_000_000.0;
/// The view height assumed before it was measured.
const FIRST_GUESS: f64 = 900.0;

/// Which rows to render and where.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// First row rendered.
    pub first: usize,
    /// One past the last row rendered.
    pub end: usize,
    /// Where the first rendered row's top goes, in spacer pixels.
    pub offset: f64,
    /// The spacer's height.
    pub height: f64,
}

/// How many spacer pixels one scroll pixel stands for (1 until the list outgrows
/// [`MAX_HEIGHT`]).
fn scale(count: usize, viewport: f64) -> (f64, f64) {
    let full = count as f64 * ROW_HEIGHT;
    let height = full.min(MAX_HEIGHT);
    let scale = if full > height && height > viewport {
        (full - viewport) / (height - viewport)
    } else {
        1.0
    };
    (height, scale)
}

/// The rows to render for a list of `count` rows scrolled to `scroll_top` in a view
/// `viewport` pixels tall.
pub fn window(count: usize, scroll_top: f64, viewport: f64) -> Window {
    let (height, scale) = scale(count, viewport);
    // Where the view's top falls in the full, unscaled list.
    let top = (scroll_top.max(0.0) * scale).min((count as f64 * ROW_HEIGHT - viewport).max(0.0));
    let first_visible = ((top / ROW_HEIGHT).floor() as usize).min(count);
    let first = first_visible.saturating_sub(OVERSCAN);
    let end = (first_visible + (viewport / ROW_HEIGHT).ceil() as usize + 1 + OVERSCAN).min(count);
    // Rows keep their spacing; the block is placed so the row at `top` meets the view's top.
    let offset = scroll_top.max(0.0) + (first as f64 * ROW_HEIGHT - top);
    Window {
        first,
        end,
        offset,
        height,
    }
}

/// The scroll position that brings `row` fully into view, or `None` when it is already.
pub fn scroll_to_show(count: usize, scroll_top: f64, viewport: f64, row: usize) -> Option<f64> {
    let (_, scale) = scale(count, viewport);
    let top = scroll_top * scale;
    let y = row as f64 * ROW_HEIGHT;
    let wanted = if y < top {
        y
    } else if y + ROW_HEIGHT > top + viewport {
        y + ROW_HEIGHT - viewport
    } else {
        return None;
    };
    Some((wanted / scale).max(0.0))
}

/// Props of [`VirtualRows`].
#[derive(Properties, PartialEq)]
pub struct VirtualRowsProps {
    /// Rows in the list.
    pub count: usize,
    /// The row to keep in view (and to give the keyboard focus while the list has it).
    pub focus: Option<usize>,
    /// Renders row `i`.
    pub render: Callback<usize, Html>,
    /// The rows rendered changed: first and one past the last.
    pub on_window: Callback<(usize, usize)>,
    /// Accessible name of the scroll area.
    pub label: AttrValue,
}

/// Where the view is: scroll position and height, as last measured.
#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    top: f64,
    height: f64,
}

/// The scroll container, the spacer, and the rows in view.
#[component]
pub fn VirtualRows(props: &VirtualRowsProps) -> Html {
    let container = use_node_ref();
    let spacer = use_node_ref();
    let block = use_node_ref();
    let view = use_state_eq(|| View {
        top: 0.0,
        height: 0.0,
    });
    let viewport = if view.height > 0.0 {
        view.height
    } else {
        FIRST_GUESS
    };
    let w = window(props.count, view.top, viewport);

    let onscroll = {
        let (view, container) = (view.clone(), container.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = container.cast::<Element>() {
                // A header before the list (the grid's) follows it sideways.
                if let Some(head) = el.previous_element_sibling() {
                    if head.scroll_left() != el.scroll_left() {
                        head.set_scroll_left(el.scroll_left());
                    }
                }
                view.set(measure(&el));
            }
        })
    };

    // After every render: size the spacer, place the rows, re-measure the view (layout may
    // have changed around it), and let the keyboard focus follow the focused row.
    {
        let (container, spacer, block, view) = (
            container.clone(),
            spacer.clone(),
            block.clone(),
            view.clone(),
        );
        let focus = props
            .focus
            .filter(|f| (w.first..w.end).contains(f))
            .map(|f| f - w.first);
        use_effect(move || {
            set_style(&spacer, "height", &format!("{}px", w.height));
            set_style(&block, "transform", &format!("translateY({}px)", w.offset));
            if let Some(el) = container.cast::<HtmlElement>() {
                publish_scrollbar_width(&el);
                view.set(measure(&el));
                if let Some(i) = focus {
                    follow_focus(&el, &block, i);
                }
            }
        });
    }

    // Tell the owner which rows are rendered, so it can fetch those it lacks.
    {
        let on_window = props.on_window.clone();
        use_effect_with((w.first, w.end), move |&(first, end)| {
            on_window.emit((first, end))
        });
    }

    // A resized window changes the view's height (and perhaps the scrollbar): measure again.
    {
        let (container, view) = (container.clone(), view.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "resize", move |_| {
                    if let Some(el) = container.cast::<Element>() {
                        view.set(measure(&el));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // When the focused row changes, scroll it into view.
    {
        let container = container.clone();
        let count = props.count;
        use_effect_with(props.focus, move |focus| {
            if let (Some(row), Some(el)) = (*focus, container.cast::<Element>()) {
                let v = measure(&el);
                if let Some(top) = scroll_to_show(count, v.top, v.height, row) {
                    el.set_scroll_top(top.round() as i32);
                }
            }
        });
    }

    html! {
        <div class="vrows" ref={container} {onscroll} tabindex="0" role="rowgroup" aria-label={props.label.clone()}>
            <div class="vrows-spacer" ref={spacer}>
                <div class="vrows-block" ref={block}>
                    { for (w.first..w.end).map(|i| props.render.emit(i)) }
                </div>
            </div>
        </div>
    }
}

fn measure(el: &Element) -> View {
    View {
        top: f64::from(el.scroll_top()),
        height: f64::from(el.client_height()),
    }
}

/// Sets `--scrollbar-w` on the list's parent to the width the list's scrollbar takes (0 when
/// it has none, or when scrollbars overlay the content).
fn publish_scrollbar_width(list: &HtmlElement) {
    let width = (list.offset_width() - list.client_width()).max(0);
    if let Some(parent) = list
        .parent_element()
        .and_then(|p| p.dyn_into::<HtmlElement>().ok())
    {
        let value = format!("{width}px");
        let style = parent.style();
        if style.get_property_value("--scrollbar-w").ok().as_deref() != Some(value.as_str()) {
            let _ = style.set_property("--scrollbar-w", &value);
        }
    }
}

fn set_style(node: &NodeRef, property: &str, value: &str) {
    if let Some(el) = node.cast::<HtmlElement>() {
        // Only fails for a read-only declaration, which an element's own style is not.
        let _ = el.style().set_property(property, value);
    }
}

/// While the keyboard is inside the list, move it to the focused row (the `i`-th rendered).
fn follow_focus(container: &Element, block: &NodeRef, i: usize) {
    let Some(active) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
    else {
        return;
    };
    if !container.contains(Some(&active)) {
        return;
    }
    let row = block
        .cast::<Element>()
        .and_then(|b| b.children().item(i as u32));
    if let Some(row) = row.and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
        if !row.is_same_node(Some(&active)) {
            // The list has scrolled the row into view itself, scale and all.
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = row.focus_with_options(&options);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_list_renders_every_row() {
        let w = window(10, 0.0, 900.0);
        assert_eq!((w.first, w.end), (0, 10));
        assert_eq!(w.height, 320.0);
        assert_eq!(w.offset, 0.0);
    }

    #[test]
    fn a_long_list_renders_only_the_rows_in_view() {
        let w = window(100_000, 32_000.0, 640.0);
        assert_eq!(w.first, 1_000 - OVERSCAN);
        assert!(w.end - w.first <= 200, "{} rows rendered", w.end - w.first);
        assert_eq!(w.offset, w.first as f64 * ROW_HEIGHT);
    }

    #[test]
    fn a_million_rows_fit_under_the_height_cap_and_reach_the_end() {
        let viewport = 640.0;
        let w = window(1_000_000, 0.0, viewport);
        assert_eq!(w.height, MAX_HEIGHT);
        let bottom = window(1_000_000, MAX_HEIGHT - viewport, viewport);
        assert_eq!(bottom.end, 1_000_000);
        // The last row ends exactly at the view's bottom.
        let last_bottom = bottom.offset + (bottom.end - bottom.first) as f64 * ROW_HEIGHT;
        assert!((last_bottom - MAX_HEIGHT).abs() < 1.0, "{last_bottom}");
    }

    #[test]
    fn scrolling_to_a_row_brings_it_into_view_and_no_further() {
        assert_eq!(scroll_to_show(100, 0.0, 320.0, 3), None);
        assert_eq!(scroll_to_show(100, 0.0, 320.0, 10), Some(32.0));
        assert_eq!(scroll_to_show(100, 640.0, 320.0, 2), Some(64.0));
        let far =
            scroll_to_show(1_000_000, 0.0, 640.0, 999_999).expect("the last row is out of view");
        let w = window(1_000_000, far, 640.0);
        assert!((w.first..w.end).contains(&999_999));
    }
}
