//! The English catalogue, kept out of the wasm (issue 18: a Chinese screen never needs it).
//! The single file carries it inline (`<script type="application/json" id="catalogue-en">`,
//! scripts/single_file.mjs), since a file:// page can fetch nothing; a served build has it
//! beside the page as `en.json` (scripts/catalogue.mjs), which the service worker keeps for
//! offline use.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the served build keeps it, relative to the page.
const FILE: &str = "en.json";

/// The catalogue's JSON text, or why it could not be had.
pub async fn english() -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let inline = window.document().and_then(|d| d.get_element_by_id("catalogue-en")).and_then(|e| e.text_content());
    if let Some(text) = inline {
        return Ok(text);
    }
    let answer = JsFuture::from(window.fetch_with_str(FILE)).await.map_err(|e| format!("{FILE}: {e:?}"))?;
    let response: web_sys::Response = answer.dyn_into().map_err(|_| format!("{FILE}: not a response"))?;
    if !response.ok() {
        return Err(format!("{FILE}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{FILE}: {e:?}"))?).await.map_err(|e| format!("{FILE}: {e:?}"))?;
    text.as_string().ok_or_else(|| format!("{FILE}: not text"))
}
