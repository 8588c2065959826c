//! Reading back the instants this app writes ("2026-11-23T01:00:00Z", with or
//! without a fraction of a second) without going through chrono's general RFC 3339
//! parser, which was a fifth of the start's decoding of a thousand summaries and of
//! every log read. Any other text goes to chrono as before, so what is accepted,
//! and the instant it means, is unchanged. Writing is chrono's own.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{Deserializer, Error, Visitor};
use std::fmt;

/// The instant `text` names, when it is in the form this app writes: date, `T`,
/// time to the second, an optional fraction of 1–9 digits, and `Z`. `None` for
/// anything else (then chrono decides).
pub fn quick(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[b.len() - 1] != b'Z' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let nanos = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => num(20, b.len() - 1)? * 10u32.pow(9 - digits.len() as u32),
        _ => return None,
    };
    let (second, minute, hour) = (num(17, 19)?, num(14, 16)?, num(11, 13)?);
    // A leap second (":60") is left to chrono, which has its own rules for it.
    if second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    Some(date.and_hms_nano_opt(hour, minute, second, nanos)?.and_utc())
}

struct InstantVisitor;

impl Visitor<'_> for InstantVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 date and time")
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
        match quick(text) {
            Some(at) => Ok(at),
            None => text.parse().map_err(E::custom),
        }
    }
}

/// For `#[serde(deserialize_with = …)]` on a `DateTime<Utc>`.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(InstantVisitor)
}

/// For an `Option<DateTime<Utc>>` (with `#[serde(default)]` where it may be absent).
pub fn deserialize_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    struct Maybe;
    impl<'de> Visitor<'de> for Maybe {
        type Value = Option<DateTime<Utc>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an RFC 3339 date and time, or null")
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            deserialize(d).map(Some)
        }
    }
    d.deserialize_option(Maybe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Both {
        #[serde(deserialize_with = "deserialize")]
        at: DateTime<Utc>,
        #[serde(default, deserialize_with = "deserialize_option")]
        maybe: Option<DateTime<Utc>>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Chrono {
        at: DateTime<Utc>,
        #[serde(default)]
        maybe: Option<DateTime<Utc>>,
    }

    fn same_as_chrono(json: &str) {
        let mine = serde_json::from_str::<Both>(json).map(|b| (b.at, b.maybe)).map_err(|_| ());
        let theirs = serde_json::from_str::<Chrono>(json).map(|c| (c.at, c.maybe)).map_err(|_| ());
        assert_eq!(mine, theirs, "{json}");
    }

    #[test]
    fn reads_every_instant_as_chrono_does() {
        let texts = [
            // What the app writes.
            "2026-11-23T01:00:00Z",
            "2026-11-23T01:00:00.5Z",
            "2026-11-23T01:00:00.123Z",
            "2026-11-23T01:00:00.123456789Z",
            "2024-02-29T23:59:59Z",
            "1970-01-01T00:00:00Z",
            // What others may write: left to chrono, with the same answer.
            "2026-11-23T09:00:00+08:00",
            "2026-11-23T01:00:00.1234567891Z",
            "2026-11-23t01:00:00z",
            "2026-11-23 01:00:00Z",
            "2016-12-31T23:59:60Z",
            // Not instants: refused by both.
            "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T01:60:00Z",
            "2026-11-23T01:00:00.Z",
            "2026-11-23T01:00:0xZ",
            "+026-11-23T01:00:00Z",
            "2026-11-23T01:00:00",
            "",
        ];
        for text in texts {
            same_as_chrono(&format!(r#"{{"at":"{text}","maybe":"{text}"}}"#));
            same_as_chrono(&format!(r#"{{"at":"{text}","maybe":null}}"#));
            same_as_chrono(&format!(r#"{{"at":"{text}"}}"#));
        }
        same_as_chrono(r#"{"at":42}"#);
        // And every instant chrono writes is read back as itself.
        let mut at = DateTime::from_timestamp(1_700_000_000, 123_000_000).unwrap();
        for _ in 0..1000 {
            at += chrono::Duration::milliseconds(987_654_321);
            let json = serde_json::to_string(&at).unwrap();
            assert_eq!(quick(json.trim_matches('"')), Some(at), "{json}");
        }
    }
}
