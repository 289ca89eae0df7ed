//! Events over time of the current result: an SVG drawn here (no chart library), one bar
//! per time bucket stacked by status in the status colours, a legend with glyphs (meaning
//! never rests on colour alone) and each bucket's counts in a tooltip. Dragging across it
//! sets the time range filter; "Clear range" drops it.

use provlens_core::histogram::Histogram;
use provlens_core::{Status, Timestamp};
use yew::prelude::*;

use crate::display::{count, glyph, time_compact, zone};
use crate::shared::Shared;

/// Props of [`HistogramChart`].
#[derive(Properties, PartialEq)]
pub struct HistogramProps {
    /// The histogram of the current result (none until the reader drew one).
    pub histogram: Option<Shared<Histogram>>,
    /// The time range filter now.
    pub from: Option<Timestamp>,
    /// Its end (exclusive).
    pub to: Option<Timestamp>,
    /// A range was dragged (or cleared: both `None`).
    pub on_range: Callback<(Option<Timestamp>, Option<Timestamp>)>,
}

/// Width of a bucket in the SVG's units; the chart stretches to its box.
const BAR: f64 = 10.0;
const HEIGHT: f64 = 100.0;

/// The chart.
#[component]
pub fn HistogramChart(props: &HistogramProps) -> Html {
    // A drag in progress: where it started and where the pointer is, in pixels.
    let drag = use_state_eq(|| None::<(i32, i32)>);
    let tip = use_state_eq(String::new);
    let ranged = props.from.is_some() || props.to.is_some();
    let clear = {
        let on_range = props.on_range.clone();
        Callback::from(move |_: MouseEvent| on_range.emit((None, None)))
    };
    let clear_button = html! {
        if ranged {
            <button type="button" class="btn btn-small" data-testid="clear-range" onclick={clear}>{"Clear range"}</button>
        }
    };
    let Some(h) = props
        .histogram
        .clone()
        .filter(|h| h.start.is_some() && !h.counts.is_empty())
    else {
        return html! {
            <section class="histogram empty" data-testid="histogram" data-buckets="0" aria-label="Events over time">
                <span class="muted">{"No dated events to draw."}</span>
                {clear_button}
            </section>
        };
    };
    let n = h.counts.len();
    let start = h.start.map_or(0, |t| t.0);
    let bucket_ms = h.bucket_ms.max(1);
    let peak = h
        .counts
        .iter()
        .map(|c| c.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let bucket_at = move |x: i32, width: i32| -> usize {
        let f = f64::from(x.max(0)) / f64::from(width.max(1));
        ((f * n as f64) as usize).min(n - 1)
    };
    let describe = {
        let h = h.clone();
        move |i: usize| -> String {
            let from = Timestamp(start + i as i64 * bucket_ms);
            let to = Timestamp(start + (i as i64 + 1) * bucket_ms);
            let c = h.counts[i];
            let parts: Vec<String> = Status::ALL
                .iter()
                .zip(c)
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| format!("{} {} {}", glyph(*s), count(n), s.as_str()))
                .collect();
            format!(
                "{} – {} {}\n{}",
                time_compact(from),
                time_compact(to),
                zone(),
                if parts.is_empty() {
                    "no events".to_string()
                } else {
                    parts.join(" · ")
                }
            )
        }
    };
    let onmousedown = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            if e.button() == 0 {
                e.prevent_default();
                drag.set(Some((e.offset_x(), e.offset_x())));
            }
        })
    };
    let onmousemove = {
        let (drag, tip, describe) = (drag.clone(), tip.clone(), describe.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(el) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let x = e.offset_x();
            tip.set(describe(bucket_at(x, el.client_width())));
            if let Some((from, _)) = *drag {
                drag.set(Some((from, x)));
            }
        })
    };
    let finish = {
        let (drag, on_range) = (drag.clone(), props.on_range.clone());
        Callback::from(move |e: MouseEvent| {
            let Some((from, _)) = *drag else { return };
            drag.set(None);
            let Some(el) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let width = el.client_width().max(1);
            let to = e.offset_x().clamp(0, width);
            if (to - from).abs() < 4 {
                return;
            }
            let (a, b) = (from.min(to), from.max(to));
            let first = bucket_at(a, width);
            let last = bucket_at(b, width);
            on_range.emit((
                Some(Timestamp(start + first as i64 * bucket_ms)),
                Some(Timestamp(start + (last as i64 + 1) * bucket_ms)),
            ));
        })
    };
    let onmouseleave = {
        let (finish, tip) = (finish.clone(), tip.clone());
        Callback::from(move |e: MouseEvent| {
            tip.set(String::new());
            finish.emit(e);
        })
    };
    // Placed through the CSSOM: the page's CSP allows no style attribute.
    let selection_ref = use_node_ref();
    {
        let selection_ref = selection_ref.clone();
        use_effect_with(*drag, move |drag| {
            if let (Some((a, b)), Some(el)) = (drag, selection_ref.cast::<web_sys::HtmlElement>()) {
                let style = el.style();
                let _ = style.set_property("left", &format!("{}px", a.min(b)));
                let _ = style.set_property("width", &format!("{}px", (a - b).abs()));
            }
        });
    }
    let selection =
        drag.map(|_| html! { <div class="hist-selection" ref={selection_ref.clone()} /> });
    let totals: [u64; 4] = h.counts.iter().fold([0; 4], |mut t, c| {
        for (t, c) in t.iter_mut().zip(c) {
            *t += c;
        }
        t
    });
    let first = Timestamp(start);
    let last = Timestamp(start + n as i64 * bucket_ms);
    html! {
        <section class="histogram" data-testid="histogram" data-buckets={n.to_string()} aria-label="Events over time">
            <div class="hist-head">
                <span class="hist-title">{"Events over time"}</span>
                <span class="muted hist-hint">{"drag across to filter a time range"}</span>
                <span class="spacer" />
                <ul class="hist-legend" aria-label="Legend">
                    { for Status::ALL.iter().zip(totals).map(|(s, t)| html! {
                        <li><span class={classes!("hist-swatch", format!("hs-{}", s.as_str()))} aria-hidden="true" />
                            <span aria-hidden="true">{glyph(*s)}</span>{format!(" {} {}", s.label(), count(t))}</li>
                    }) }
                    if h.undated > 0 {
                        <li class="muted">{format!("{} undated", count(h.undated))}</li>
                    }
                </ul>
                {clear_button}
            </div>
            <div class="hist-plot">
                <svg viewBox={format!("0 0 {} {HEIGHT}", n as f64 * BAR)} preserveAspectRatio="none" role="img"
                    aria-label={format!("{} buckets of events over time, stacked by status; peak {}", n, count(peak))}>
                    { for h.counts.iter().enumerate().map(|(i, c)| bar(i, c, peak, describe(i))) }
                </svg>
                <div class="hist-drag" title={(*tip).clone()} {onmousedown} {onmousemove} onmouseup={finish} {onmouseleave}>
                    {selection}
                </div>
            </div>
            <div class="hist-axis num muted">
                <span>{time_compact(first)}</span>
                <span>{format!("peak {} per bucket · {}", count(peak), zone())}</span>
                <span>{time_compact(last)}</span>
            </div>
        </section>
    }
}

/// One bucket's stacked bar, with its counts as its title.
fn bar(i: usize, c: &[u64; 4], peak: u64, title: String) -> Html {
    let x = i as f64 * BAR;
    let mut y = HEIGHT;
    let rects = Status::ALL.iter().zip(c).filter(|(_, n)| **n > 0).map(|(s, n)| {
        let h = *n as f64 / peak as f64 * HEIGHT;
        y -= h;
        html! {
            <rect class={format!("hs-{}", s.as_str())} x={format!("{:.2}", x + 0.6)} y={format!("{y:.3}")}
                width={format!("{:.2}", BAR - 1.2)} height={format!("{h:.3}")} />
        }
    });
    html! {
        <g class="hist-bar" data-bucket={i.to_string()}>
            <title>{title}</title>
            { for rects }
        </g>
    }
}
