//! What Settings → 同步 holds, and whether it can be used: the server's address,
//! the database (one per institution), the user, on or off, whether drills are
//! shared. The password is not here: it is kept in memory only (or sealed under the
//! lock), never stored in clear.

use crate::domain::base::i18n::t;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    /// e.g. `https://couch.example.bank` or, through the app's own web server, `/couch`.
    pub server: String,
    pub database: String,
    pub user: String,
    pub enabled: bool,
    /// Drills stay on this workstation unless asked (all real incidents are shared).
    #[serde(default)]
    pub share_drills: bool,
}

/// Settings that can be used: the database's URL, and whether the password would
/// cross the network in clear (plain http to another host: the screen warns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub db_url: String,
    pub in_clear: bool,
    /// The server's origin (`https://host:port`) when it is not the app's own.
    pub origin: Option<String>,
}

impl SyncSettings {
    /// The database's URL, or what is wrong, said as the settings screen shows it.
    pub fn check(&self) -> Result<Checked, String> {
        let server = self.server.trim().trim_end_matches('/');
        let (in_clear, host) = if let Some(rest) = server.strip_prefix("https://") {
            (false, rest)
        } else if let Some(rest) = server.strip_prefix("http://") {
            (!is_loopback(rest), rest)
        } else if server.starts_with('/') && !server.starts_with("//") {
            // The app's own origin, through its web server (a reverse proxy): as safe as the page.
            (false, "")
        } else {
            return Err(t("服务器地址应以 https:// 开头（或以 / 开头，经本应用所在的网站转发）").into());
        };
        if server.starts_with("http") && (host.is_empty() || host.contains(['/', '?', '#', ' ', '@'])) {
            return Err(t("服务器地址只写到主机和端口，例如 https://couch.example.bank:6984").into());
        }
        if !valid_database(&self.database) {
            return Err(t("数据库名称应以小写字母开头，只含小写字母、数字和 _ $ ( ) + - /").into());
        }
        if self.user.contains(':') {
            return Err(t("同步用户名不能含有“:”").into());
        }
        let db = self.database.replace('/', "%2F");
        let origin = server.starts_with("http").then(|| server.to_ascii_lowercase());
        Ok(Checked { db_url: format!("{server}/{db}"), in_clear, origin })
    }
}

/// Whether the page's Content-Security-Policy (`policy`, as its meta tag carries it)
/// lets the app connect to `origin`. The build allows only its own origin unless
/// `SYNC_ORIGIN` named the server (docs/SYNC.md); a server it does not allow would
/// look like a link that never answers, so the settings screen says so at once.
pub fn policy_allows(policy: &str, origin: &str) -> bool {
    let directive = |name: &str| {
        policy.split(';').map(str::trim).find_map(|d| {
            let mut words = d.split_whitespace();
            (words.next().is_some_and(|w| w.eq_ignore_ascii_case(name))).then(|| words.map(str::to_string).collect::<Vec<_>>())
        })
    };
    let Some(sources) = directive("connect-src").or_else(|| directive("default-src")) else { return true };
    let scheme = origin.split_once("://").map_or("", |(s, _)| s);
    sources.iter().any(|s| {
        let s = s.trim_end_matches('/').to_ascii_lowercase();
        s == "*" && !origin.is_empty() || s == origin || s.strip_suffix(':') == Some(scheme)
    })
}

/// CouchDB's rule for database names.
fn valid_database(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z')) && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '$' | '(' | ')' | '+' | '-' | '/')) && name.len() <= 238
}

fn is_loopback(host_and_port: &str) -> bool {
    let host = host_and_port.rsplit_once(':').map_or(host_and_port, |(h, _)| h);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(server: &str, database: &str) -> SyncSettings {
        SyncSettings { server: server.into(), database: database.into(), user: "branch-sh".into(), enabled: true, share_drills: false }
    }

    #[test]
    fn an_https_server_and_a_couchdb_database_name_give_the_database_url() {
        let checked = Checked { db_url: "https://couch.example.bank:6984/incident-desk-sh".into(), in_clear: false, origin: Some("https://couch.example.bank:6984".into()) };
        assert_eq!(settings("https://couch.example.bank:6984/", "incident-desk-sh").check(), Ok(checked));
        assert_eq!(settings("/couch", "desk").check().unwrap().db_url, "/couch/desk");
        assert_eq!(settings("/couch", "desk").check().unwrap().origin, None);
        assert_eq!(settings("https://c.example", "a/b").check().unwrap().db_url, "https://c.example/a%2Fb");
    }

    #[test]
    fn plain_http_to_another_host_is_marked_in_clear_and_loopback_is_not() {
        assert!(settings("http://couch.example.bank:5984", "desk").check().unwrap().in_clear);
        assert!(!settings("http://127.0.0.1:5987", "desk").check().unwrap().in_clear);
        assert!(!settings("http://localhost:5984", "desk").check().unwrap().in_clear);
    }

    #[test]
    fn what_cannot_be_used_is_said() {
        assert!(settings("couch.example.bank", "desk").check().unwrap_err().contains("https://"));
        assert!(settings("//evil.example", "desk").check().unwrap_err().contains("https://"));
        assert!(settings("https://couch.example.bank/db", "desk").check().unwrap_err().contains("主机和端口"));
        assert!(settings("https://user@couch.example.bank", "desk").check().unwrap_err().contains("主机和端口"));
        for bad in ["", "Desk", "1desk", "desk db", "desk.sh"] {
            assert!(settings("https://c.example", bad).check().unwrap_err().contains("数据库名称"), "{bad}");
        }
        let mut colon = settings("https://c.example", "desk");
        colon.user = "a:b".into();
        assert!(colon.check().unwrap_err().contains("“:”"));
    }

    #[test]
    fn the_pages_policy_decides_which_servers_it_may_reach() {
        let built = "default-src 'self'; script-src 'self'; connect-src 'self' https://couch.example.bank:6984; object-src 'none'";
        assert!(policy_allows(built, "https://couch.example.bank:6984"));
        assert!(!policy_allows(built, "https://couch.example.bank"), "another port is another origin");
        assert!(!policy_allows(built, "https://evil.example"));
        // The build without SYNC_ORIGIN, and the single file
        assert!(!policy_allows("default-src 'self'; connect-src 'self'", "https://couch.example.bank:6984"));
        assert!(!policy_allows("connect-src 'none'", "https://couch.example.bank:6984"));
        // No connect-src: default-src decides; no policy at all: nothing forbids it
        assert!(!policy_allows("default-src 'self'", "https://c.example"));
        assert!(policy_allows("", "https://c.example"));
        assert!(policy_allows("connect-src https:", "https://c.example"));
        assert!(!policy_allows("connect-src https:", "http://c.example"));
    }
}
