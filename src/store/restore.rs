//! The writes of a restore or packet import, all or nothing (`domain::files::backup::apply`),
//! over the record layout.

use super::keys::{document_key, incident_id_of_key, incident_key, DIRECTORY, INDEX_KEY, PLANS};
use super::records::{Backend, Records};
use crate::desk::port::StoreError;
use crate::domain::base::i18n::t;
use crate::domain::{Incident, Plan};
use crate::tf;

/// A failed restore write in a few words: the usual messages say the change is kept on
/// the page, which is not so for a restore (it is put back whole).
fn restore_error(e: StoreError) -> String {
    match e {
        StoreError::Full => t("浏览器存储空间已满；可先导出备份，再归档已关闭的事件以释放空间").into(),
        StoreError::Unavailable => t("浏览器存储不可用").into(),
        StoreError::NewerSchema(v) => tf!("本机数据由较新版本（数据版本 {0}）写入，当前版本为只读", v),
        StoreError::Other(msg) => msg,
    }
}

/// The writes of a restore (`domain::files::backup::apply`). Before each write it reads the
/// raw values the write replaces (the incident's record and the index, or the
/// document), so a restore that fails midway puts them back as they were.
pub(super) struct RestoreTarget<'a, B: Backend> {
    pub records: &'a mut Records<B>,
    /// Each incident as written (merged with what another tab stored meanwhile).
    pub written: Vec<Incident>,
}

/// The raw values a restore write replaces: the incident's record and the index, or the document.
pub(super) fn previous_values<B: Backend>(records: &Records<B>, write: &crate::domain::files::backup::Write) -> Vec<(String, Option<String>)> {
    use crate::domain::files::backup::Write;
    let keys = match write {
        Write::Plans(_) => vec![document_key(PLANS)],
        Write::Incident(i) => vec![incident_key(i.id()), INDEX_KEY.to_string()],
        Write::Directory(_) => vec![document_key(DIRECTORY)],
    };
    keys.into_iter()
        .map(|k| {
            let v = records.backend.get(&k).ok().flatten();
            (k, v)
        })
        .collect()
}

impl<B: Backend> crate::domain::files::backup::Target for RestoreTarget<'_, B> {
    type Previous = Vec<(String, Option<String>)>;

    fn previous(&self, write: &crate::domain::files::backup::Write) -> Self::Previous {
        previous_values(self.records, write)
    }

    fn write(&mut self, write: &crate::domain::files::backup::Write) -> Result<(), String> {
        use crate::domain::files::backup::Write;
        match write {
            Write::Plans(plans) => {
                // Versions another tab stored meanwhile are kept; the same version with
                // other content fails the write (and so the restore).
                let mut all: Vec<Plan> = self.records.load_document(PLANS)?.unwrap_or_default();
                for p in plans {
                    match all.iter().find(|x| x.key() == p.key()) {
                        Some(x) if x != p => return Err(tf!("版本 {0} 已存在且内容不同；请为修改后的预案使用新的版本号", p.key())),
                        Some(_) => {}
                        None => all.push(p.clone()),
                    }
                }
                self.records.save_document(PLANS, &all).map_err(restore_error)
            }
            Write::Incident(i) => self.records.save(i).map(|merged| self.written.push(merged)).map_err(restore_error),
            Write::Directory(d) => self.records.save_document(DIRECTORY, d).map_err(restore_error),
        }
    }

    fn put_back(&mut self, previous: Self::Previous) -> Result<(), String> {
        for (key, value) in previous {
            match value {
                Some(v) => self.records.backend.set(&key, &v),
                None => self.records.backend.remove(&key),
            }
            .map_err(|e| tf!("{0}：{1}", key, e))?;
            self.records.forget(&key);
            if let Some(id) = incident_id_of_key(&key) {
                self.written.retain(|i| i.id() != id);
            }
        }
        Ok(())
    }
}

