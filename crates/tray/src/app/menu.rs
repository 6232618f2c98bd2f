//! The tray's menu: *Open wakadesk*, *Sync now* and the student's name while someone
//! is followed, *Quit*. With nobody logged in only *Open* and *Quit*.

use wakadesk_tray::MenuEntry;

pub const OPEN: i32 = 1;
pub const SYNC: i32 = 2;
pub const NAME: i32 = 3;
pub const QUIT: i32 = 4;

/// Who the menu is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followed {
    pub name: String,
    pub connected: bool,
}

pub fn entries(followed: Option<&Followed>) -> Vec<MenuEntry> {
    let mut menu = vec![MenuEntry::item(OPEN, "Open wakadesk", true)];
    if let Some(user) = followed {
        menu.push(MenuEntry::item(SYNC, "Sync now", user.connected));
        menu.push(MenuEntry::Separator);
        menu.push(MenuEntry::item(NAME, user.name.clone(), false));
    }
    menu.push(MenuEntry::Separator);
    menu.push(MenuEntry::item(QUIT, "Quit", true));
    menu
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(menu: &[MenuEntry]) -> Vec<String> {
        menu.iter()
            .map(|e| match e {
                MenuEntry::Item { label, enabled, .. } => {
                    format!("{label}{}", if *enabled { "" } else { " (off)" })
                }
                MenuEntry::Separator => "-".into(),
            })
            .collect()
    }

    #[test]
    fn nobody_logged_in_gives_only_open_and_quit() {
        assert_eq!(labels(&entries(None)), ["Open wakadesk", "-", "Quit"]);
    }

    #[test]
    fn a_followed_student_adds_sync_and_their_name() {
        let ada = Followed {
            name: "Ada Lovelace".into(),
            connected: true,
        };
        assert_eq!(
            labels(&entries(Some(&ada))),
            [
                "Open wakadesk",
                "Sync now",
                "-",
                "Ada Lovelace (off)",
                "-",
                "Quit"
            ]
        );
        let offline = Followed {
            connected: false,
            ..ada
        };
        assert_eq!(labels(&entries(Some(&offline)))[1], "Sync now (off)");
    }
}
