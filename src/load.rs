//! Where files come from: a drop, the file picker, or the bundled demo (fetched as blobs
//! from the site's own `demo/` folder, the page's only network I/O). Nothing is read here:
//! the files go to the reader (see [`crate::reader`]), which reads them in slices in its
//! worker. Nothing is sent anywhere else.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, FileList, Response};

/// Where the demo's file list lives, relative to the page (so any sub-path works).
const DEMO_INDEX: &str = "demo/index.json";

/// A file to read: its name and its bytes, still on disk or in the browser's blob store.
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown to the admin.
    pub name: String,
    /// The bytes.
    pub blob: Blob,
}

impl From<File> for Source {
    fn from(file: File) -> Self {
        Source {
            name: file.name(),
            blob: file.into(),
        }
    }
}

/// The files of a drop or of the file picker, in the order the browser lists them.
pub fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The demo's files: `demo/index.json` lists their names; each is fetched as a blob.
pub async fn fetch_demo() -> Result<Vec<Source>, String> {
    let index = fetch(DEMO_INDEX).await?;
    let text = JsFuture::from(index.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    let text = text
        .as_string()
        .ok_or_else(|| format!("{DEMO_INDEX} is not text"))?;
    let names: Vec<String> = serde_json::from_str(&text)
        .map_err(|e| format!("{DEMO_INDEX} is not a JSON list of file names ({e})"))?;
    let mut sources = Vec::with_capacity(names.len());
    // Only plain file names inside demo/: the list cannot point the page anywhere else.
    for name in names
        .into_iter()
        .filter(|n| !n.is_empty() && !n.starts_with('.') && !n.contains(['/', '\\']))
    {
        let url = format!("demo/{}", js_sys::encode_uri_component(&name));
        let response = fetch(&url).await?;
        let blob = JsFuture::from(response.blob().map_err(describe)?)
            .await
            .map_err(describe)?;
        let blob = blob
            .dyn_into::<Blob>()
            .map_err(|_| format!("{url} did not return a file"))?;
        sources.push(Source { name, blob });
    }
    if sources.is_empty() {
        return Err(format!("{DEMO_INDEX} lists no files"));
    }
    Ok(sources)
}

/// GETs a URL of the site itself; an HTTP error status is an error.
async fn fetch(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("the page has no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(describe)?;
    let response = response
        .dyn_into::<Response>()
        .map_err(|_| format!("{url}: not an HTTP response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    Ok(response)
}

/// A JavaScript error as a sentence fragment.
pub fn describe(value: JsValue) -> String {
    provlens::worker::describe(value)
}
