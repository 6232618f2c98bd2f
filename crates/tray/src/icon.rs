//! The icon as a StatusNotifierItem sends it: ARGB32 pixels, big-endian (A, R, G, B
//! bytes per pixel, not premultiplied), row by row. The app's icon comes drawn that
//! way by `scripts/make-icons.py`, so no image decoder is linked in.

use crate::TrayError;

/// One size of an icon, ready for `IconPixmap`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pixmap {
    width: usize,
    height: usize,
    argb: Vec<u8>,
}

impl Pixmap {
    /// A pixmap from its size and its ARGB32 bytes (`width * height * 4` of them).
    pub fn new(width: usize, height: usize, argb: Vec<u8>) -> Result<Self, TrayError> {
        if width.checked_mul(height).and_then(|n| n.checked_mul(4)) != Some(argb.len())
            || i32::try_from(width).is_err()
            || i32::try_from(height).is_err()
        {
            return Err(TrayError::PixmapSize {
                width,
                height,
                len: argb.len(),
            });
        }
        Ok(Pixmap {
            width,
            height,
            argb,
        })
    }

    /// wakadesk's icon at 22 and 32 pixels, the panel sizes of most desktops; the host
    /// picks the nearest and scales it.
    pub fn app_icon() -> Vec<Pixmap> {
        let sizes: [(usize, &[u8]); 2] = [
            (22, include_bytes!("../../../icons/tray-22.argb")),
            (32, include_bytes!("../../../icons/tray-32.argb")),
        ];
        sizes
            .into_iter()
            .map(|(n, bytes)| Pixmap {
                width: n,
                height: n,
                argb: bytes.to_vec(),
            })
            .collect()
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    /// The pixels, ARGB32 big-endian, row by row.
    pub fn argb(&self) -> &[u8] {
        &self.argb
    }

    /// The `(iiay)` struct of `IconPixmap` (sizes are checked to fit in `new`).
    pub(crate) fn to_dbus(&self) -> (i32, i32, Vec<u8>) {
        (self.width as i32, self.height as i32, self.argb.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_icon_is_whole_and_opaque_in_the_middle() {
        for pixmap in Pixmap::app_icon() {
            assert_eq!(pixmap.argb().len(), pixmap.width() * pixmap.height() * 4);
            let middle = (pixmap.height() / 2 * pixmap.width() + pixmap.width() / 2) * 4;
            assert_eq!(pixmap.argb()[middle], 255, "alpha comes first");
            assert_eq!(pixmap.argb()[0], 0, "the rounded corner is transparent");
        }
    }

    #[test]
    fn a_wrong_length_is_refused() {
        assert!(matches!(
            Pixmap::new(2, 2, vec![0; 15]),
            Err(TrayError::PixmapSize { len: 15, .. })
        ));
        assert!(Pixmap::new(2, 2, vec![0; 16]).is_ok());
    }
}
