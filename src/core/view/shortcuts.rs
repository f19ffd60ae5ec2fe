//! The dashboard's keyboard shortcuts: which key does what, in presentation mode and out of it.

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// P: presentation mode on or off.
    Present,
    /// Move through the slides (arrows, Page Up/Down, space; Home and End go to the ends).
    Slides(i32),
    /// Escape: leave presentation mode, close the help, or drop a drag.
    Close,
}

impl Shortcut {
    /// The shortcut of a key (`KeyboardEvent.key`), or `None`.
    pub fn of(key: &str, presenting: bool) -> Option<Shortcut> {
        Some(match key {
            "p" | "P" => Shortcut::Present,
            "ArrowRight" | "PageDown" | " " if presenting => Shortcut::Slides(1),
            "ArrowLeft" | "PageUp" if presenting => Shortcut::Slides(-1),
            "Home" if presenting => Shortcut::Slides(-10_000),
            "End" if presenting => Shortcut::Slides(10_000),
            "Escape" => Shortcut::Close,
            _ => return None,
        })
    }

    /// Whether the key stops doing what the browser does with it (scrolling, for space and arrows).
    pub fn takes_the_key(self) -> bool {
        matches!(self, Shortcut::Present | Shortcut::Slides(-1 | 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_do_what_the_help_says() {
        assert_eq!(Shortcut::of("p", false), Some(Shortcut::Present));
        assert_eq!(Shortcut::of(" ", true), Some(Shortcut::Slides(1)));
        assert_eq!(Shortcut::of(" ", false), None, "space scrolls outside presentation mode");
        assert_eq!(Shortcut::of("PageUp", true), Some(Shortcut::Slides(-1)));
        assert_eq!(Shortcut::of("End", true), Some(Shortcut::Slides(10_000)));
        assert_eq!(Shortcut::of("Escape", false), Some(Shortcut::Close));
        assert!(Shortcut::Slides(1).takes_the_key() && !Shortcut::Slides(10_000).takes_the_key());
        assert!(!Shortcut::Close.takes_the_key());
    }
}
