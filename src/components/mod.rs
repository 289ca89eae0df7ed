//! The page's pieces, one small presentational component per file: each takes its data in
//! props (big data as pointer-compared [`crate::shared::Shared`]) and reports through `on_*`
//! callbacks; state lives in [`crate::app`] and changes only through [`crate::state`]. None
//! of them holds the log: it lives in the reader (see [`crate::reader`]).

mod attribute_history;
pub mod column_chooser;
mod copy_button;
mod drop_overlay;
mod event_details;
mod event_grid;
mod export_menu;
mod filter_bar;
mod grid_toolbar;
mod histogram;
mod insights;
mod job_health;
mod load_progress;
mod load_report;
mod log_health;
mod notice;
mod open_files;
mod reader_stopped;
mod shortcuts;
mod status_badge;
mod summary_cards;
mod swimlane;
mod theme_toggle;
mod top_bar;
mod user_timeline;
mod values;
mod verdict_card;
mod virtual_rows;
mod welcome;

pub use drop_overlay::DropOverlay;
pub use event_details::EventDetails;
pub use event_grid::{EventGrid, RowPick};
pub use export_menu::ExportMenu;
pub use filter_bar::FilterBar;
pub use grid_toolbar::GridToolbar;
pub use histogram::HistogramChart;
pub use insights::Insights;
pub use job_health::JobHealth;
pub use load_progress::LoadProgressBar;
pub use load_report::LoadReport;
pub use log_health::LogHealth;
pub use notice::Notice;
pub use reader_stopped::ReaderStopped;
pub use shortcuts::{Shortcuts, TimezoneToggle};
pub use summary_cards::SummaryCards;
pub use swimlane::{SwimlaneView, MAX_LANES as SWIMLANE_LANES};
pub use top_bar::TopBar;
pub use user_timeline::UserTimeline;
pub use verdict_card::VerdictCard;
pub use welcome::Welcome;
