//! What leaves the desk about an incident on paper or by fax: the report
//! drafts (preview, edit, print, .docx), their review and sending, and the
//! incident's timeline for paper.

pub(super) mod report_page;
mod report_send;
pub(super) mod timeline_print;
