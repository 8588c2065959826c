//! One line on the list page: is our data kept, and how full is storage.
//! localStorage itself holds about 5 M characters, whatever the quota says;
//! IndexedDB is bounded by the site's quota.

use crate::ui::state::AppState;
use crate::domain::base::i18n::t;
use leptos::prelude::*;

#[component]
pub fn StorageInfo() -> impl IntoView {
    let state = expect_context::<AppState>();
    let info = RwSignal::new(None::<(bool, f64, f64)>);
    leptos::task::spawn_local(async move {
        info.set(state.storage_status().await);
    });
    let local_chars = state.used_chars();
    let on_idb = state.char_limit().is_none();
    move || {
        let mb = |b: f64| format!("{:.1} MB", b / 1_048_576.0);
        let local = if on_idb {
            t("本机记录存于浏览器的 IndexedDB（上限为站点存储配额）").to_string()
        } else {
            crate::tf!("本机记录约 {0} 百万字符（浏览器上限约 5 百万）", format!("{:.1}", local_chars as f64 / 1e6))
        };
        let text = match info.get() {
            Some((persisted, used, quota)) => crate::tf!(
                "{0}；站点存储已用 {1} / {2}；{3}",
                local,
                mb(used),
                mb(quota),
                if persisted { t("浏览器已承诺保留本站数据") } else { t("浏览器未承诺保留本站数据：存储紧张时可能被清除，请定期导出备份") }
            ),
            None => local,
        };
        view! { <p class="hint storage-info" data-testid="storage-info">{text}</p> }
    }
}
