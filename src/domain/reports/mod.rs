//! What goes out on paper or a screen summary: report drafts and their sending,
//! the record summary they quote, the .docx writer, the timeline chart's data and
//! the figures across incidents. Reads everything below; nothing below reads it.

pub mod docx;
pub mod record_summary;
pub mod report;
pub mod sending;
pub mod stats;
pub mod timeline_chart;
