//! What the page and the reader (the Web Worker that holds the log) say to each other.
//!
//! Every message is one JSON text (serde_json) wrapping an [`Ask`] or an [`Answer`] with the
//! id of the request it belongs to, so the page can drop answers that a newer request has
//! made stale. A load's files travel beside its text: the page posts a JS array
//! `[text, file, file, …]`, and structured cloning hands the worker the `File` objects
//! themselves (no byte is copied on the page). The worker never needs more than that.
//!
//! Rows travel in blocks of [`BLOCK`] rows, tagged with the generation of the result they
//! come from: a generation ends whenever the query or the log changes, so a block of an
//! older result is never shown in a newer one.

use provlens_core::event::Event;
use provlens_core::histogram::Histogram;
use provlens_core::kql::KqlTable;
use provlens_core::query::Query;
use provlens_core::raw::RawRecord;
use provlens_core::session::{ExportFormat, Overview, Row};
use provlens_core::swimlane::Swimlane;
use provlens_core::timeline::Timeline;
use serde::{Deserialize, Serialize};

/// Rows per block: the grid asks for and caches whole blocks.
pub const BLOCK: u32 = 64;

/// A message with the id of the request it is or answers (0: none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The request's id, chosen by the page; answers echo it.
    pub id: u32,
    /// The message.
    pub body: T,
}

/// What the page asks of the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Ask {
    /// Read these files (posted beside the text, in this order) as one batch, after any
    /// batch before it. Answers: [`Answer::Progress`] while reading, then [`Answer::Loaded`]
    /// or [`Answer::Cancelled`].
    Load {
        /// The batch's number, chosen by the page.
        batch: u32,
        /// The files' names, as shown to the admin.
        names: Vec<String>,
        /// The page's query and selection, so a fresh reader answers the first load as the
        /// page shows it.
        query: Query,
        /// The selected event.
        selected: Option<u32>,
    },
    /// Stop the batch being read and drop those waiting: none of them is added.
    Cancel,
    /// Show the events matching this query. Answer: [`Answer::Matched`].
    Query {
        /// Search, filters and sort.
        query: Query,
        /// The rows the grid shows now, so the answer brings them along.
        view: Span,
        /// The selected event, to find it in the new result.
        selected: Option<u32>,
    },
    /// Rows of the current result. Answer: [`Answer::Rows`].
    Rows(Span),
    /// Select an event, or the event of a row. Answer: [`Answer::Selected`].
    Select(Pick),
    /// The timeline of the identity a search finds. Answer: [`Answer::Found`].
    Find {
        /// The search text.
        search: String,
    },
    /// Events over time of the current result. Answer: [`Answer::Histogram`].
    Histogram,
    /// The current result written out. Answer: [`Answer::Text`] with a file name.
    Export {
        /// CSV or JSON.
        format: ExportFormat,
    },
    /// The current query as a Log Analytics query. Answer: [`Answer::Text`].
    Kql {
        /// Which table.
        table: KqlTable,
    },
    /// Identities × cycles of the current result. Answer: [`Answer::Swimlane`].
    Swimlane {
        /// Identities (rows) at most.
        max_lanes: u32,
    },
    /// The record of the event with this index as it is in its file (read again from the
    /// `File`), or its model where no byte-exact slice exists. Answer: [`Answer::Raw`].
    Raw {
        /// The event's index in the log.
        index: u32,
    },
}

/// A range of rows of the current result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The first row.
    pub start: u32,
    /// How many.
    pub count: u32,
}

impl Span {
    /// The whole blocks covering `self`, with one more block on each side.
    pub fn blocks(self) -> Span {
        let first = (self.start / BLOCK).saturating_sub(1);
        let last = (self.start + self.count.max(1) - 1) / BLOCK + 1;
        Span {
            start: first * BLOCK,
            count: (last - first + 1) * BLOCK,
        }
    }
}

/// How an event is selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pick {
    /// By its index in the log (a clicked row, a timeline change).
    Event(u32),
    /// By its row in the current result (the keyboard reaching a row not yet on the page).
    Row(u32),
}

/// What the reader tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Answer {
    /// The reader has started and takes requests.
    Ready,
    /// How far the batch being read has come.
    Progress(BatchProgress),
    /// A batch was added: the whole log's state now.
    Loaded(Box<Loaded>),
    /// A batch was cancelled (or dropped from the queue by a cancel); the log is as before.
    Cancelled {
        /// The batch.
        batch: u32,
    },
    /// The result of a query.
    Matched(Box<Matched>),
    /// Rows of the current result.
    Rows(RowBlock),
    /// The selected event and its identity's timeline.
    Selected(Box<Selected>),
    /// The timeline a search finds.
    Found(Box<Story>),
    /// Events over time of the current result.
    Histogram(Box<Histogram>),
    /// Text for the admin: an export (to save under its file name) or a query (to copy).
    Text {
        /// A file name to save it under (none for a query to copy).
        file_name: Option<String>,
        /// Its media type.
        media_type: String,
        /// The text.
        text: String,
    },
    /// Identities × cycles of the current result.
    Swimlane(Box<Swimlane>),
    /// An event's record as it is in its file (or its model, with a note saying why).
    Raw(Box<RawRecord>),
    /// A request the reader could not answer (a malformed message): it carries on.
    Failed {
        /// What went wrong, as a sentence.
        message: String,
    },
    /// The reader panicked: it cannot go on.
    Panicked {
        /// The panic's message and place.
        message: String,
    },
}

/// The progress of a batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchProgress {
    /// The batch.
    pub batch: u32,
    /// The file being read.
    pub file: String,
    /// Its 1-based number in the batch.
    pub number: u32,
    /// Files in the batch.
    pub files: u32,
    /// Bytes read so far, all files of the batch.
    pub bytes: u64,
    /// Bytes to read, all files of the batch.
    pub total_bytes: u64,
    /// Events read so far, all files of the batch.
    pub events: u64,
    /// Every byte is read; the files are being added to the log and indexed.
    pub indexing: bool,
}

/// The log once a batch is in, with the rows the grid shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    /// The batch.
    pub batch: u32,
    /// Files, cards, activities, jobs.
    pub overview: Overview,
    /// The current query's result over the grown log.
    pub matched: Matched,
    /// The timeline shown (of the selected event, or of the search), grown too.
    pub story: Option<Story>,
}

/// A query's result: its size and the rows in view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Matched {
    /// The query answered.
    pub query: Query,
    /// Rows matching.
    pub total: u32,
    /// Events in the log.
    pub of: u32,
    /// The rows asked for (generation and all).
    pub rows: RowBlock,
    /// Where the selected event is in this result, if it matches.
    pub cursor: Option<u32>,
}

/// Rows `start..` of the result of generation `generation`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RowBlock {
    /// The result they belong to.
    pub generation: u32,
    /// The first row's position (a multiple of [`BLOCK`]).
    pub start: u32,
    /// The rows.
    pub rows: Vec<Row>,
}

/// An event selected, with what the page shows of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Selected {
    /// Its index in the log.
    pub index: u32,
    /// Its row in the current result, if it matches.
    pub cursor: Option<u32>,
    /// The event, whole.
    pub event: Event,
    /// Its identity's timeline.
    pub story: Story,
    /// The rows around it, when it was picked by row (they may not be on the page yet).
    pub rows: Option<RowBlock>,
}

/// A timeline and what it is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Whose.
    pub about: About,
    /// The timeline; `None` when a search finds nobody.
    pub timeline: Option<Timeline>,
}

/// What a timeline was asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum About {
    /// The identity of the event with this index.
    Event(u32),
    /// The identity this search finds.
    Search(String),
}

/// A message as JSON text.
pub fn encode<T: Serialize>(id: u32, body: &T) -> String {
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_string(&Envelope { id, body }).unwrap_or_default()
}

/// A message from JSON text.
pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Result<Envelope<T>, String> {
    serde_json::from_str(text).map_err(|e| format!("not a message the reader knows ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_round_out_to_blocks_with_one_to_spare() {
        // Rows 70..100 lie in block 1: blocks 0 to 2.
        let s = Span {
            start: 70,
            count: 30,
        };
        assert_eq!(
            s.blocks(),
            Span {
                start: 0,
                count: 3 * BLOCK
            }
        );
        // Rows 100..130 straddle blocks 1 and 2: blocks 0 to 3.
        let s = Span {
            start: 100,
            count: 30,
        };
        assert_eq!(s.blocks().count, 4 * BLOCK);
        let s = Span { start: 0, count: 0 };
        assert_eq!(
            s.blocks(),
            Span {
                start: 0,
                count: 2 * BLOCK
            }
        );
    }

    #[test]
    fn messages_round_trip_as_json() {
        let asks = [
            Ask::Load {
                batch: 3,
                names: vec!["a.json".into()],
                query: Query::default(),
                selected: Some(4),
            },
            Ask::Cancel,
            Ask::Rows(Span {
                start: 64,
                count: 64,
            }),
            Ask::Select(Pick::Row(7)),
            Ask::Find {
                search: "adele".into(),
            },
            Ask::Histogram,
            Ask::Export {
                format: ExportFormat::Csv,
            },
            Ask::Kql {
                table: KqlTable::Audit,
            },
            Ask::Query {
                query: Query {
                    search: "adele".into(),
                    hide_skipped: true,
                    ..Query::default()
                },
                view: Span {
                    start: 128,
                    count: 40,
                },
                selected: None,
            },
            Ask::Select(Pick::Event(12)),
            Ask::Export {
                format: ExportFormat::Json,
            },
            Ask::Kql {
                table: KqlTable::Provisioning,
            },
            Ask::Swimlane { max_lanes: 40 },
            Ask::Raw { index: 7 },
        ];
        // Every kind of request is in the list: a new one must be added above.
        let mut kinds = std::collections::BTreeSet::new();
        for ask in &asks {
            kinds.insert(match ask {
                Ask::Load { .. } => "load",
                Ask::Cancel => "cancel",
                Ask::Query { .. } => "query",
                Ask::Rows(_) => "rows",
                Ask::Select(_) => "select",
                Ask::Find { .. } => "find",
                Ask::Histogram => "histogram",
                Ask::Export { .. } => "export",
                Ask::Kql { .. } => "kql",
                Ask::Swimlane { .. } => "swimlane",
                Ask::Raw { .. } => "raw",
            });
        }
        assert_eq!(kinds.len(), 11, "every kind of ask: {kinds:?}");
        for ask in asks {
            let text = encode(9, &ask);
            let back: Envelope<Ask> = decode(&text).expect("decodes");
            assert_eq!(back.id, 9);
            assert_eq!(back.body, ask);
        }
        let text = encode(
            0,
            &Answer::Failed {
                message: "x".into(),
            },
        );
        assert!(matches!(
            decode::<Answer>(&text).map(|e| e.body),
            Ok(Answer::Failed { .. })
        ));
        let raw = Answer::Raw(Box::new(RawRecord {
            index: 7,
            text: "{\n  \"id\": \"e1\"\n}".into(),
            original: true,
            note: None,
            place: "page.json, line 2, bytes 10–30".into(),
        }));
        let back: Envelope<Answer> = decode(&encode(3, &raw)).expect("decodes");
        assert_eq!(back.body, raw);
        assert!(decode::<Ask>("{\"id\":1}").is_err());
        assert!(decode::<Ask>("garbage").is_err());
    }
}
