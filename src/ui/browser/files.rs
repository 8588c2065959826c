//! Files in and out: downloads made in the browser (no server) and reading a
//! file the user picked.

use crate::domain::base::i18n::t;
use crate::tf;
use wasm_bindgen::{JsCast, JsValue};

fn fail(e: JsValue) -> String {
    tf!("无法生成下载文件：{0}", format!("{e:?}"))
}

/// Hands a blob to the browser as a download named `filename`.
fn offer(blob: &web_sys::Blob, filename: &str) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(t("页面不可用"))?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(fail)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn options(mime: &str) -> web_sys::BlobPropertyBag {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    options
}

/// Offers `text` as a download named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    offer(&web_sys::Blob::new_with_str_sequence_and_options(&parts, &options(mime)).map_err(fail)?, filename)
}

/// Offers bytes (a .docx) as a download.
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    offer(&web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options(mime)).map_err(fail)?, filename)
}

/// Largest CSV accepted for import: far above any directory or list.
pub const MAX_IMPORT_BYTES: f64 = 2.0 * 1024.0 * 1024.0;
/// Largest incident packet: one incident with tens of thousands of entries.
pub const MAX_PACKET_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// Reads a picked file as text, refusing oversized files. UTF-8 first; Excel
/// on Chinese Windows saves "CSV (逗号分隔)" as GBK, so that is read too. UTF-16,
/// workbooks and unknown encodings are refused with a hint (`csv::sniff`).
pub async fn read_text(file: web_sys::File, max: f64) -> Result<String, String> {
    use crate::domain::base::csv::{encoding_hint, sniff, Encoding};
    if file.size() > max {
        return Err(tf!("文件过大（{0} MB），上限为 {1} MB", format!("{:.1}", file.size() / 1024.0 / 1024.0), format!("{:.0}", max / 1024.0 / 1024.0)));
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|e| tf!("无法读取文件：{0}", format!("{e:?}")))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let encoding = sniff(&bytes);
    if let Some(hint) = encoding_hint(encoding) {
        return Err(hint.to_string());
    }
    if encoding == Encoding::Utf8 {
        return String::from_utf8(bytes).map_err(|e| e.to_string());
    }
    // GBK, strictly: a pair that does not decode refuses the file rather than becoming "�".
    let unknown = || encoding_hint(Encoding::Unknown).unwrap_or_default().to_string();
    let gbk = web_sys::TextDecoder::new_with_label("gbk").map_err(|_| unknown())?;
    let text = gbk.decode_with_u8_array(&mut bytes.clone()).map_err(|_| unknown())?;
    if text.contains('\u{fffd}') { Err(unknown()) } else { Ok(text) }
}
