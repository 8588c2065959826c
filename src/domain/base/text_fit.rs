//! How wide a line of SVG text is drawn, estimated without a browser, so the
//! pictures (timeline chart, dashboard bars) keep every label inside its box in
//! either language: names are cut with "…", labels slide back from an edge, a
//! word goes to whichever side of its marks has room.
//!
//! The estimate errs wide (system sans-serif fonts draw narrower), so a label
//! placed by it does not run past the edge it was placed against.

/// Chinese, Japanese and Korean characters, full-width forms and the like: one em.
fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

/// Width in user units of `text` at font size `size`.
pub fn width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            c if is_wide(c) => 1.0,
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' | '(' | ')' => 0.34,
            'm' | 'w' | 'M' | 'W' => 0.92,
            c if c.is_ascii_uppercase() => 0.74,
            _ => 0.6,
        })
        .sum();
    ems * size * if bold { 1.08 } else { 1.0 }
}

/// `text` as it fits in `max`: whole, or cut with "…".
pub fn fit(text: &str, size: f64, bold: bool, max: f64) -> String {
    if width(text, size, bold) <= max {
        return text.to_string();
    }
    let room = max - width("…", size, bold);
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        if width(&next, size, bold) > room {
            break;
        }
        out = next;
    }
    format!("{}…", out.trim_end())
}

/// Where a label `w` wide, centred at `x` (`text-anchor="middle"`), is drawn so it
/// stays within `lo..=hi`: as wanted, or slid back from the edge it would cross.
pub fn centre_within(x: f64, w: f64, lo: f64, hi: f64) -> f64 {
    if hi - lo <= w {
        (lo + hi) / 2.0
    } else {
        x.clamp(lo + w / 2.0, hi - w / 2.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Anchor {
    Start,
    End,
}

impl Anchor {
    /// The SVG `text-anchor` value.
    pub fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::End => "end",
        }
    }
}

/// A word `w` wide beside marks spanning `first..=last`, inside `lo..=hi`, `gap`
/// away from them: after them when it fits, else before them, else against the
/// right edge (over the marks rather than out of the picture).
pub fn beside(first: f64, last: f64, w: f64, gap: f64, lo: f64, hi: f64) -> (f64, Anchor) {
    if last + gap + w <= hi {
        (last + gap, Anchor::Start)
    } else if first - gap - w >= lo {
        (first - gap, Anchor::End)
    } else {
        (hi, Anchor::End)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_a_full_em_and_latin_narrower() {
        assert_eq!(width("现在", 12.0, false), 24.0);
        assert!(width("on", 12.0, false) < width("现在", 12.0, false), "two Latin letters narrower than two Chinese characters");
        assert!(width("Application fault", 12.0, false) > 90.0, "wider than the old fixed 90-unit name column");
        assert!(width("Now 10:05", 12.0, true) > width("Now 10:05", 12.0, false));
    }

    #[test]
    fn a_name_too_long_is_cut_with_an_ellipsis_within_the_room() {
        assert_eq!(fit("级别", 12.0, false, 100.0), "级别");
        let cut = fit("Notify the contacts of every affected party and the provincial group", 12.0, false, 214.0);
        assert!(cut.ends_with('…') && width(&cut, 12.0, false) <= 214.0, "{cut}");
        assert!(cut.starts_with("Notify the contacts"), "{cut}");
        let cut = fit("通知受影响各方应急联络人及省级分行实施工作小组", 12.0, false, 214.0);
        assert_eq!(cut.chars().count(), 17, "{cut}");
    }

    #[test]
    fn a_label_at_an_edge_slides_back_inside() {
        // "Now 10:05" at the right end of a 1000-wide picture.
        let w = width("Now 10:05", 12.0, true);
        let x = centre_within(980.0, w, 0.0, 1000.0);
        assert!(x + w / 2.0 <= 1000.0 && x < 980.0);
        assert_eq!(centre_within(500.0, w, 0.0, 1000.0), 500.0, "left alone away from the edges");
        assert!(centre_within(3.0, w, 0.0, 1000.0) - w / 2.0 >= 0.0);
        assert_eq!(centre_within(10.0, 50.0, 0.0, 20.0), 10.0, "wider than the room: centred in it");
    }

    #[test]
    fn a_word_goes_where_it_fits() {
        assert_eq!(beside(300.0, 500.0, 60.0, 8.0, 230.0, 1000.0), (508.0, Anchor::Start));
        assert_eq!(beside(300.0, 960.0, 60.0, 8.0, 230.0, 1000.0), (292.0, Anchor::End));
        assert_eq!(beside(240.0, 960.0, 60.0, 8.0, 230.0, 1000.0), (1000.0, Anchor::End));
    }
}
