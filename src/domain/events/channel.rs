//! How a duty was carried out (`ObligationDischarged`): phone, fax, mail, in person.

use crate::domain::base::i18n::t;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Phone,
    Fax,
    Email,
    InPerson,
    InternalNetwork,
}

impl Channel {
    pub const ALL: [Channel; 5] = [Channel::Phone, Channel::Fax, Channel::Email, Channel::InPerson, Channel::InternalNetwork];

    pub fn name(self) -> &'static str {
        match self {
            Channel::Phone => t("电话"),
            Channel::Fax => t("传真"),
            Channel::Email => t("电子邮件"),
            Channel::InPerson => t("当面"),
            Channel::InternalNetwork => t("行内网络"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Fax => "fax",
            Channel::Email => "email",
            Channel::InPerson => "in-person",
            Channel::InternalNetwork => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}
