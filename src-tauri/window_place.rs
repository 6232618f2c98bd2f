//! Where the window was when it closed, so the next start (the tray's *Open*) puts it
//! back there: `window-place` in the data folder, one line `x y width height` in
//! physical pixels. A place off every monitor now connected (a screen unplugged) keeps
//! only the size; a file that cannot be read is ignored.

use std::path::{Path, PathBuf};

use tauri::{PhysicalPosition, PhysicalSize, WebviewWindow};

const FILE: &str = "window-place";
/// The window's smallest size (tauri.conf.json) and a bound against nonsense.
const MIN: (u32, u32) = (420, 480);
const MAX: u32 = 16_384;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

fn file(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE)
}

/// The place saved in `data_dir`, if a sensible one is.
pub fn load(data_dir: &Path) -> Option<Place> {
    parse(&std::fs::read_to_string(file(data_dir)).ok()?)
}

fn parse(text: &str) -> Option<Place> {
    let numbers: Vec<i64> = text
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [x, y, width, height] = numbers[..] else {
        return None;
    };
    let size_ok = |v: i64, min: u32| (i64::from(min)..=i64::from(MAX)).contains(&v);
    let at_ok = |v: i64| (-i64::from(MAX)..=i64::from(MAX)).contains(&v);
    (size_ok(width, MIN.0) && size_ok(height, MIN.1) && at_ok(x) && at_ok(y)).then_some(Place {
        x: x as i32,
        y: y as i32,
        width: width as u32,
        height: height as u32,
    })
}

/// Saves `window`'s place in `data_dir`.
pub fn save(window: &WebviewWindow, data_dir: &Path) {
    let (Ok(at), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let line = format!("{} {} {} {}\n", at.x, at.y, size.width, size.height);
    if let Err(e) = std::fs::write(file(data_dir), line) {
        eprintln!("wakadesk: the window's place was not saved: {e}");
    }
}

/// Puts `window` where it was saved; the place only when a monitor shows it.
pub fn restore(window: &WebviewWindow, data_dir: &Path) {
    let Some(place) = load(data_dir) else { return };
    let _ = window.set_size(PhysicalSize::new(place.width, place.height));
    let on_a_monitor = window.available_monitors().is_ok_and(|monitors| {
        monitors.iter().any(|m| {
            let (at, size) = (m.position(), m.size());
            (at.x..at.x + size.width as i32).contains(&place.x)
                && (at.y..at.y + size.height as i32).contains(&place.y)
        })
    });
    if on_a_monitor {
        let _ = window.set_position(PhysicalPosition::new(place.x, place.y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_place_is_read_back_and_nonsense_is_ignored() {
        assert_eq!(
            parse("-20 40 1000 700\n"),
            Some(Place {
                x: -20,
                y: 40,
                width: 1000,
                height: 700
            })
        );
        for bad in [
            "",
            "1 2 3",
            "0 0 100 100",
            "0 0 1000 99999",
            "a b c d",
            "0 0 900 700 1",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_place_survives_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(file(dir.path()), "10 20 960 720\n").unwrap();
        assert_eq!(load(dir.path()).map(|p| (p.x, p.width)), Some((10, 960)));
        assert_eq!(load(&dir.path().join("missing")), None);
    }
}
