//! What the page keeps outside itself, in the browser only (never the network): a download
//! made from text (an export), the clipboard (a query), the URL's hash (the view, never
//! data) and the time zone's offset for local times. The few browser calls the enabled
//! `web-sys` features do not cover are declared here.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, HtmlElement};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = URL, js_name = createObjectURL, catch)]
    fn create_object_url(blob: &Blob) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = URL, js_name = revokeObjectURL, catch)]
    fn revoke_object_url(url: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = ["navigator", "clipboard"], js_name = writeText, catch)]
    fn write_text(text: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(js_namespace = history, js_name = replaceState, catch)]
    fn replace_state(data: &JsValue, unused: &str, url: &str) -> Result<(), JsValue>;
}

fn describe(e: JsValue) -> String {
    crate::load::describe(e)
}

/// Saves `text` as a file named `name`: a Blob and a click on an `<a download>`.
pub fn download(name: &str, media_type: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let blob = Blob::new_with_str_sequence(&parts).map_err(describe)?;
    // The type makes no difference to the saved file; the name's extension does.
    let _ = media_type;
    let url = create_object_url(&blob).map_err(describe)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into::<HtmlElement>()
        .map_err(|_| "no link")?;
    a.set_attribute("href", &url).map_err(describe)?;
    a.set_attribute("download", name).map_err(describe)?;
    a.set_attribute("hidden", "").map_err(describe)?;
    let body = document.body().ok_or("no body")?;
    body.append_child(&a).map_err(describe)?;
    a.click();
    a.remove();
    // The download has taken the Blob: the URL can go once the click is handled.
    wasm_bindgen_futures::spawn_local(async move {
        let _ =
            wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
        let _ = revoke_object_url(&url);
    });
    Ok(())
}

/// Puts `text` on the clipboard; true when the browser took it.
pub async fn copy(text: &str) -> bool {
    match write_text(text) {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

/// The location's hash, with its `#`.
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"location".into()).ok())
        .and_then(|l| js_sys::Reflect::get(&l, &"hash".into()).ok())
        .and_then(|h| h.as_string())
        .unwrap_or_default()
}

/// Replaces the hash (no new history entry); an empty one leaves none.
pub fn set_hash(hash: &str) {
    let current = self::hash();
    if current.trim_start_matches('#') == hash {
        return;
    }
    let url = if hash.is_empty() {
        // The page's own address without a hash: its path and query.
        web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"location".into()).ok())
            .map(|l| {
                let get = |k: &str| {
                    js_sys::Reflect::get(&l, &k.into())
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default()
                };
                format!("{}{}", get("pathname"), get("search"))
            })
            .unwrap_or_default()
    } else {
        format!("#{hash}")
    };
    let _ = replace_state(&JsValue::NULL, "", &url);
}

/// How many milliseconds local time is ahead of UTC at `ms` (since the epoch).
pub fn local_offset_ms(ms: i64) -> i64 {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    -(date.get_timezone_offset() as i64) * 60_000
}
