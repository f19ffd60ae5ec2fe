//! Thin wrappers over browser APIs. Every call that can throw (storage in a sandboxed iframe,
//! history, fullscreen, clipboard) is wrapped so it cannot take the page down.

use js_sys::{Array, Promise, Reflect, Uint8Array};
use std::cell::Cell;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement};

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("a document")
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// High-resolution time for measurements.
pub fn perf_now() -> f64 {
    window().performance().map_or_else(now_ms, |p| p.now())
}

thread_local! {
    static PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// Logs panics to the console and replaces the dead page with a friendly panel.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        if PANICKED.with(|p| p.replace(true)) {
            return;
        }
        show_error_panel(&message);
    }));
}

/// A static error panel built with text nodes only (no markup from the message).
pub fn show_error_panel(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let mk = |tag: &str, class: &str, text: &str| {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let (Some(panel), Some(h), Some(p), Some(pre), Some(a)) = (
        mk("div", "crash", ""),
        mk("h2", "", "Something went wrong"),
        mk(
            "p",
            "",
            "DORA Lens hit an unexpected error and stopped. Your data never left this page. Reloading usually helps; if it happens again with the same files, please report the message below.",
        ),
        mk("pre", "", message),
        mk("a", "button primary", "Reload the page"),
    ) else {
        return;
    };
    let _ = panel.set_attribute("role", "alert");
    let _ = a.set_attribute("href", "");
    for c in [&h, &p, &pre, &a] {
        let _ = panel.append_child(c);
    }
    let _ = body.append_child(&panel);
}

/// Removes the static "Loading…" placeholder of index.html.
pub fn remove_boot() {
    if let Some(b) = document().get_element_by_id("boot") {
        b.remove();
    }
}

/// Yields to the browser so it can paint (progress bars) before more work: for `ms` milliseconds,
/// or with 0 just until the browser has had its turn (a message to ourselves: a timer of 0 would
/// wait at least 4 ms once nested, a cost paid on every pause of a long computation).
pub async fn yield_now(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        if ms <= 0
            && let Ok(channel) = web_sys::MessageChannel::new()
        {
            let port = channel.port1();
            port.set_onmessage(Some(resolve.unchecked_ref()));
            if channel.port2().post_message(&JsValue::UNDEFINED).is_ok() {
                // Keep port1 alive until the message arrives (the closure holds it).
                let keep = port.clone();
                let _ = Reflect::set(&resolve, &JsValue::from_str("port"), &keep);
                return;
            }
        }
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(p).await;
}

// --- Storage (throws in sandboxed iframes: never let it) ----------------------------------------

pub fn storage_get(key: &str) -> Option<String> {
    let s = window().local_storage().ok().flatten()?;
    s.get_item(key).ok().flatten()
}

pub fn storage_set(key: &str, value: &str) {
    if let Ok(Some(s)) = window().local_storage() {
        let _ = s.set_item(key, value);
    }
}

// --- URL and history ----------------------------------------------------------------------------

pub fn location_query() -> String {
    window().location().search().unwrap_or_default()
}

/// The page address without query or fragment.
pub fn base_url() -> String {
    let href = window().location().href().unwrap_or_default();
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href[..end].to_string()
}

pub fn full_url(query: &str) -> String {
    if query.is_empty() { base_url() } else { format!("{}?{query}", base_url()) }
}

/// Pushes (or replaces) the query string; history errors (sandboxes) are ignored.
pub fn set_query(query: &str, step: crate::core::view::HistoryStep) {
    let Ok(h) = window().history() else { return };
    let path = window().location().pathname().unwrap_or_default();
    let url = if query.is_empty() { path } else { format!("?{query}") };
    let _ = if step == crate::core::view::HistoryStep::Push {
        h.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        h.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

// --- Theme, fullscreen, print, clipboard --------------------------------------------------------

pub fn prefers_dark() -> bool {
    window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches())
}

pub fn set_root_attr(name: &str, value: Option<&str>) {
    if let Some(root) = document().document_element() {
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

pub fn set_body_class(class: &str, on: bool) {
    if let Some(b) = document().body() {
        let _ = if on { b.class_list().add_1(class) } else { b.class_list().remove_1(class) };
    }
}

pub fn enter_fullscreen() {
    if let Some(root) = document().document_element() {
        // Returns a promise in modern browsers; a rejection (no user gesture) is fine.
        if let Ok(f) = Reflect::get(&root, &"requestFullscreen".into())
            && let Some(f) = f.dyn_ref::<js_sys::Function>()
            && let Ok(p) = f.call0(&root)
            && let Ok(p) = p.dyn_into::<Promise>()
        {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(p).await;
            });
        }
    }
}

pub fn exit_fullscreen() {
    let doc = document();
    let in_fs = Reflect::get(&doc, &"fullscreenElement".into()).is_ok_and(|e| !e.is_null() && !e.is_undefined());
    if in_fs
        && let Ok(f) = Reflect::get(&doc, &"exitFullscreen".into())
        && let Some(f) = f.dyn_ref::<js_sys::Function>()
        && let Ok(p) = f.call0(&doc)
        && let Ok(p) = p.dyn_into::<Promise>()
    {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(p).await;
        });
    }
}

pub fn print() {
    let _ = window().print();
}

/// Waits for the print dialog to close (`afterprint`), at most `ms`.
pub async fn after_print(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        let w = window();
        let _ = w.add_event_listener_with_callback("afterprint", &resolve);
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(p).await;
}

/// Copies text; returns false when the clipboard is not available (the caller shows the text).
pub async fn copy_text(text: &str) -> bool {
    let nav = window().navigator();
    let Ok(clip) = Reflect::get(&nav, &"clipboard".into()) else { return false };
    if clip.is_undefined() || clip.is_null() {
        return false;
    }
    let Ok(f) = Reflect::get(&clip, &"writeText".into()) else { return false };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else { return false };
    match f.call1(&clip, &text.into()).map(|p| p.dyn_into::<Promise>()) {
        Ok(Ok(p)) => JsFuture::from(p).await.is_ok(),
        _ => false,
    }
}

// --- Files and downloads ------------------------------------------------------------------------

/// Reads a blob in slices, reporting the fraction read; yields between slices.
pub async fn read_blob(blob: &Blob, mut progress: impl FnMut(f64)) -> Result<Vec<u8>, String> {
    const CHUNK: f64 = 8.0 * 1024.0 * 1024.0;
    let size = blob.size();
    let mut out = Vec::with_capacity(size as usize);
    let mut start = 0.0;
    while start < size {
        let end = (start + CHUNK).min(size);
        let part = blob.slice_with_f64_and_f64(start, end).map_err(js_message)?;
        let buf = JsFuture::from(part.array_buffer()).await.map_err(js_message)?;
        let arr = Uint8Array::new(&buf);
        let off = out.len();
        out.resize(off + arr.length() as usize, 0);
        arr.copy_to(&mut out[off..]);
        start = end;
        progress(start / size.max(1.0));
    }
    Ok(out)
}

/// Waits until the browser has painted a frame (a timer set from an animation-frame callback
/// fires after that frame is drawn), or 50 ms at most: hidden tabs and off-screen iframes get no
/// animation frames.
pub async fn after_paint() {
    let p = Promise::new(&mut |resolve, _| {
        let w = window();
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
        let then = Closure::once_into_js(move || {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = w.request_animation_frame(then.unchecked_ref());
    });
    let _ = JsFuture::from(p).await;
}

/// Unpacks gzip (every member) with the browser's own `DecompressionStream`: streaming, in
/// native code, without holding the page's thread.
pub async fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let ctor = Reflect::get(&js_sys::global(), &JsValue::from_str("DecompressionStream")).map_err(js_message)?;
    if !ctor.is_function() {
        return Err("this browser cannot unpack gzip (it has no DecompressionStream): unpack the file first".into());
    }
    let ctor: js_sys::Function = ctor.unchecked_into();
    let unpack = Reflect::construct(&ctor, &Array::of1(&JsValue::from_str("gzip"))).map_err(js_message)?;
    let blob = blob_from_bytes(bytes, "application/gzip").ok_or("the browser refused the file")?;
    let packed = blob.stream();
    let pipe_through: js_sys::Function =
        Reflect::get(&packed, &JsValue::from_str("pipeThrough")).map_err(js_message)?.unchecked_into();
    let plain = pipe_through.call1(&packed, &unpack).map_err(js_message)?;
    let response = web_sys::Response::new_with_opt_readable_stream(Some(plain.unchecked_ref())).map_err(js_message)?;
    let buf = JsFuture::from(response.array_buffer().map_err(js_message)?)
        .await
        .map_err(|e| format!("the file looks gzip-compressed but cannot be unpacked: {}", js_message(e)))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

pub fn blob_from_bytes(bytes: &[u8], mime: &str) -> Option<Blob> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()
}

fn blob_from_text(text: &str, mime: &str) -> Option<Blob> {
    let parts = Array::of1(&JsValue::from_str(text));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    Blob::new_with_str_sequence_and_options(&parts, &opts).ok()
}

fn click_download(href: &str, name: &str) {
    let doc = document();
    let Ok(a) = doc.create_element("a") else { return };
    let a: HtmlAnchorElement = a.unchecked_into();
    a.set_href(href);
    a.set_download(name);
    a.set_rel("noopener");
    if let Some(b) = doc.body() {
        let _ = b.append_child(&a);
        a.click();
        a.remove();
    }
}

/// Offers text as a download (Blob + object URL + `<a download>`).
pub fn download_text(name: &str, mime: &str, text: &str) {
    let Some(blob) = blob_from_text(text, mime) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    click_download(&url, name);
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
}

/// Renders an SVG onto a canvas (2× for sharpness, on `background`) and offers it as a PNG.
pub async fn download_png(name: &str, svg: &str, (w, h): (u32, u32), background: &str) -> Result<(), String> {
    let blob = blob_from_text(svg, "image/svg+xml").ok_or("cannot make an image of the chart")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_message)?;
    let img = HtmlImageElement::new().map_err(js_message)?;
    let loaded = Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    let result = JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    result.map_err(|_| "the browser could not draw the chart as an image".to_string())?;
    let scale = 2.0;
    let canvas: HtmlCanvasElement = document().create_element("canvas").map_err(js_message)?.unchecked_into();
    canvas.set_width((f64::from(w) * scale) as u32);
    canvas.set_height((f64::from(h) * scale) as u32);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").map_err(js_message)?.ok_or("no 2d canvas")?.unchecked_into();
    ctx.set_fill_style_str(background);
    ctx.fill_rect(0.0, 0.0, f64::from(w) * scale, f64::from(h) * scale);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, f64::from(w) * scale, f64::from(h) * scale)
        .map_err(js_message)?;
    let data = canvas.to_data_url_with_type("image/png").map_err(js_message)?;
    click_download(&data, name);
    Ok(())
}

pub fn js_message(e: JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Focuses an element by id (after navigation, for keyboard users).
pub fn focus_id(id: &str) {
    if let Some(e) = document().get_element_by_id(id)
        && let Ok(e) = e.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = e.focus();
    }
}

pub fn scroll_to_id(id: &str) {
    if let Some(e) = document().get_element_by_id(id) {
        e.scroll_into_view();
    }
}
