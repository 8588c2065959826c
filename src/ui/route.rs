//! Hash routes (`#/`, `#/new`, `#/incident/<id>`): they work on a static
//! server and from file:// alike, with no server-side fallback.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    List,
    New,
    Incident(String),
    Correct(String),
    Contacts,
    CallTree,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path.split_once('/') {
            Some(("incident", rest)) => match rest.split_once('/') {
                Some((id, "edit")) if !id.is_empty() => Route::Correct(id.to_string()),
                None if !rest.is_empty() => Route::Incident(rest.to_string()),
                _ => Route::List,
            },
            _ if path == "new" => Route::New,
            _ if path == "contacts" => Route::Contacts,
            _ if path == "call-tree" => Route::CallTree,
            _ => Route::List,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::List => "#/".into(),
            Route::New => "#/new".into(),
            Route::Incident(id) => format!("#/incident/{id}"),
            Route::Correct(id) => format!("#/incident/{id}/edit"),
            Route::Contacts => "#/contacts".into(),
            Route::CallTree => "#/call-tree".into(),
        }
    }
}

pub fn current() -> Route {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    Route::parse(&hash)
}

pub fn go(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}
