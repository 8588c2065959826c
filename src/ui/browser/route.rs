//! Hash routes (`#/`, `#/new`, `#/incident/<id>`): they work on a static
//! server and from file:// alike, with no server-side fallback.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrintView {
    /// The hand-over list of counter transfers, accounts in full.
    TransferHandover,
    /// The reconciliation sheet with one futures company.
    Reconciliation(String),
    /// The hand-over list of exchange movements.
    MovementHandover,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    List,
    New,
    Incident(String),
    Correct(String),
    /// Counter transfers of an incident (第十九条).
    Transfers(String),
    /// Exchange fund movements of an incident (第二十条).
    Exchange(String),
    /// A report draft of an incident, optionally opened for one duty (its obligation key).
    Report(String, crate::domain::events::report_kind::ReportKind, Option<String>),
    /// A print view: what, of which incident (and which futures company).
    Print(String, PrintView),
    /// The incident's timeline for paper (A4 portrait, in the screen's language).
    PrintTimeline(String),
    Contacts,
    CallTree,
    Calendar,
    PaperPack,
    Settings,
    /// The plan viewer, optionally of one plan id.
    Plan(Option<String>),
    /// Customise, import and export plan packs.
    PlanEdit,
    /// The drill scenario library.
    Drills,
}

impl Route {
    /// The incident a page is about, if any.
    pub fn incident_id(&self) -> Option<&str> {
        match self {
            Route::Incident(id) | Route::Correct(id) | Route::Transfers(id) | Route::Exchange(id) | Route::Report(id, _, _) | Route::Print(id, _) | Route::PrintTimeline(id) => Some(id),
            _ => None,
        }
    }

    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        match path.split_once('/') {
            Some(("incident", rest)) => {
                let parts: Vec<&str> = rest.split('/').collect();
                let id = parts[0].to_string();
                match parts[1..] {
                    _ if id.is_empty() => Route::List,
                    [] => Route::Incident(id),
                    ["edit"] => Route::Correct(id),
                    ["transfers"] => Route::Transfers(id),
                    ["exchange"] => Route::Exchange(id),
                    ["report", kind] => crate::domain::events::report_kind::ReportKind::from_code(kind).map_or(Route::List, |k| Route::Report(id, k, None)),
                    ["report", kind, duty] => {
                        crate::domain::events::report_kind::ReportKind::from_code(kind).map_or(Route::List, |k| Route::Report(id, k, Some(decode(duty))))
                    }
                    ["print", "timeline"] => Route::PrintTimeline(id),
                    ["print", "transfers"] => Route::Print(id, PrintView::TransferHandover),
                    ["print", "movements"] => Route::Print(id, PrintView::MovementHandover),
                    ["print", "recon", company] => Route::Print(id, PrintView::Reconciliation(decode(company))),
                    _ => Route::List,
                }
            }
            _ if path == "new" => Route::New,
            _ if path == "contacts" => Route::Contacts,
            _ if path == "call-tree" => Route::CallTree,
            _ if path == "calendar" => Route::Calendar,
            _ if path == "paper" => Route::PaperPack,
            _ if path == "settings" => Route::Settings,
            _ if path == "plan" => Route::Plan(None),
            _ if path == "plan/edit" => Route::PlanEdit,
            _ if path.starts_with("plan/") => Route::Plan(Some(decode(&path["plan/".len()..]))),
            _ if path == "drills" => Route::Drills,
            _ => Route::List,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::List => "#/".into(),
            Route::New => "#/new".into(),
            Route::Incident(id) => format!("#/incident/{id}"),
            Route::Correct(id) => format!("#/incident/{id}/edit"),
            Route::Transfers(id) => format!("#/incident/{id}/transfers"),
            Route::Exchange(id) => format!("#/incident/{id}/exchange"),
            Route::Report(id, k, None) => format!("#/incident/{id}/report/{}", k.code()),
            Route::Report(id, k, Some(duty)) => format!("#/incident/{id}/report/{}/{}", k.code(), encode(duty)),
            Route::PrintTimeline(id) => format!("#/incident/{id}/print/timeline"),
            Route::Print(id, PrintView::TransferHandover) => format!("#/incident/{id}/print/transfers"),
            Route::Print(id, PrintView::MovementHandover) => format!("#/incident/{id}/print/movements"),
            Route::Print(id, PrintView::Reconciliation(c)) => format!("#/incident/{id}/print/recon/{}", encode(c)),
            Route::Contacts => "#/contacts".into(),
            Route::CallTree => "#/call-tree".into(),
            Route::Calendar => "#/calendar".into(),
            Route::PaperPack => "#/paper".into(),
            Route::Plan(None) => "#/plan".into(),
            Route::Plan(Some(id)) => format!("#/plan/{}", encode(id)),
            Route::PlanEdit => "#/plan/edit".into(),
            Route::Drills => "#/drills".into(),
            Route::Settings => "#/settings".into(),
        }
    }
}

/// Futures company names go into the hash percent-encoded.
fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn decode(text: &str) -> String {
    js_sys::decode_uri_component(text).map(String::from).unwrap_or_else(|_| text.to_string())
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
