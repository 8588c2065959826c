//! Clients' money moved by hand in fallback mode: the counter-transfer ledger
//! (第十九条) and its form, fund movements with the exchanges (第二十条), the
//! end-of-day reconciliation with each futures company, the company picker
//! they share, and their A4 hand-over and reconciliation sheets.

mod company_picker;
pub(super) mod exchange_page;
pub(super) mod print_views;
mod reconciliation_panel;
mod transfer_form;
pub(super) mod transfers_page;
