//! An easy handle: one transfer at a time, kept between transfers so its connections
//! are reused. The answer reaches a [`Handler`] through libcurl's callbacks.
// Calls into libcurl, and the callbacks it makes into the handler.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_long, c_void, CStr};
use std::time::Duration;

use zeroize::Zeroizing;

use crate::error::code;
use crate::library::{self, Library};
use crate::Error;

/// Options and infos used here (`curl/curl.h`).
mod opt {
    pub const WRITEDATA: i32 = 10001;
    pub const URL: i32 = 10002;
    pub const USERAGENT: i32 = 10018;
    pub const HTTPHEADER: i32 = 10023;
    pub const HEADERDATA: i32 = 10029;
    pub const CUSTOMREQUEST: i32 = 10036;
    pub const XFERINFODATA: i32 = 10057;
    pub const ACCEPT_ENCODING: i32 = 10102;
    pub const COPYPOSTFIELDS: i32 = 10165;
    pub const WRITEFUNCTION: i32 = 20011;
    pub const HEADERFUNCTION: i32 = 20079;
    pub const XFERINFOFUNCTION: i32 = 20219;
    pub const POSTFIELDSIZE_LARGE: i32 = 30120;
    pub const SSLVERSION: i32 = 32;
    pub const NOPROGRESS: i32 = 43;
    pub const POST: i32 = 47;
    pub const FOLLOWLOCATION: i32 = 52;
    pub const HTTPGET: i32 = 80;
    pub const NOSIGNAL: i32 = 99;
    pub const TIMEOUT_MS: i32 = 155;
    pub const CONNECTTIMEOUT_MS: i32 = 156;
    pub const SSLVERSION_TLSV1_2: std::ffi::c_long = 6;
    pub const INFO_RESPONSE_CODE: i32 = 0x20_0002;
}

/// What receives a transfer's answer. Each method answers whether the transfer goes
/// on: `false` ends it with an error.
pub trait Handler {
    /// A piece of the body, as decoded.
    fn write(&mut self, data: &[u8]) -> bool;
    /// One line of the answer's head, with its line ending; the status line too.
    fn header(&mut self, line: &[u8]) -> bool;
    /// Called about once a second while a transfer runs, and more often when data flows.
    fn progress(&mut self) -> bool;
}

/// A request's header lines, as libcurl keeps them.
pub struct Headers {
    library: &'static Library,
    list: *mut c_void,
}

impl Drop for Headers {
    fn drop(&mut self) {
        if !self.list.is_null() {
            // SAFETY: a list made by curl_slist_append, freed once.
            unsafe { (self.library.slist_free_all)(self.list) };
        }
    }
}

/// A libcurl easy handle with its handler.
pub struct Easy<H: Handler> {
    library: &'static Library,
    raw: *mut c_void,
    /// Boxed so the callbacks' pointer stays valid wherever the handle moves; every
    /// access goes through this one pointer.
    handler: *mut H,
    /// The header lines of the request being made: libcurl reads them during it.
    headers: Option<Headers>,
}

// SAFETY: libcurl lets a handle move between threads as long as one thread uses it at
// a time, which `&mut self` ensures; the handler moves with it.
unsafe impl<H: Handler + Send> Send for Easy<H> {}

impl<H: Handler> Easy<H> {
    /// A handle whose answers go to `handler`; loads libcurl the first time.
    pub fn new(handler: H) -> Result<Self, Error> {
        let library = library::get()?;
        // SAFETY: libcurl is loaded and started.
        let raw = unsafe { (library.easy_init)() };
        if raw.is_null() {
            return Err(Error::Unavailable("curl_easy_init made no handle".into()));
        }
        let mut easy = Self {
            library,
            raw,
            handler: Box::into_raw(Box::new(handler)),
            headers: None,
        };
        easy.defaults()?;
        Ok(easy)
    }

    pub fn get_ref(&self) -> &H {
        // SAFETY: the box this handle owns; callbacks run only inside `perform`, which
        // holds `&mut self`.
        unsafe { &*self.handler }
    }

    pub fn get_mut(&mut self) -> &mut H {
        // SAFETY: as in `get_ref`, and `&mut self` makes this the only reference.
        unsafe { &mut *self.handler }
    }

    /// What every transfer has: the callbacks, no signals (the handle runs on any
    /// thread), and progress calls so a transfer can be stopped.
    fn defaults(&mut self) -> Result<(), Error> {
        let data = self.handler.cast::<c_void>();
        self.set_pointer(opt::WRITEFUNCTION, write_callback::<H> as *const c_void)?;
        self.set_pointer(opt::WRITEDATA, data)?;
        self.set_pointer(opt::HEADERFUNCTION, header_callback::<H> as *const c_void)?;
        self.set_pointer(opt::HEADERDATA, data)?;
        self.set_pointer(
            opt::XFERINFOFUNCTION,
            progress_callback::<H> as *const c_void,
        )?;
        self.set_pointer(opt::XFERINFODATA, data)?;
        self.set_long(opt::NOPROGRESS, 0)?;
        self.set_long(opt::NOSIGNAL, 1)
    }

    /// Back to a new handle's options (its connections and caches stay).
    pub fn reset(&mut self) -> Result<(), Error> {
        // SAFETY: a live handle, not in a transfer.
        unsafe { (self.library.easy_reset)(self.raw) };
        self.headers = None;
        self.defaults()
    }

    pub fn url(&mut self, url: &str) -> Result<(), Error> {
        self.set_text(opt::URL, url.as_bytes())
    }

    pub fn user_agent(&mut self, agent: &str) -> Result<(), Error> {
        self.set_text(opt::USERAGENT, agent.as_bytes())
    }

    pub fn follow_location(&mut self, follow: bool) -> Result<(), Error> {
        self.set_long(opt::FOLLOWLOCATION, c_long::from(follow))
    }

    /// Nothing older than TLS 1.2.
    pub fn tls_1_2_or_newer(&mut self) -> Result<(), Error> {
        self.set_long(opt::SSLVERSION, opt::SSLVERSION_TLSV1_2)
    }

    /// The longest the whole transfer may take.
    pub fn timeout(&mut self, limit: Duration) -> Result<(), Error> {
        self.set_long(opt::TIMEOUT_MS, millis(limit))
    }

    /// The longest wait for a connection.
    pub fn connect_timeout(&mut self, limit: Duration) -> Result<(), Error> {
        self.set_long(opt::CONNECTTIMEOUT_MS, millis(limit))
    }

    /// Asks for compressed answers and decodes them; `""` offers every encoding this
    /// libcurl knows.
    pub fn accept_encoding(&mut self, encodings: &str) -> Result<(), Error> {
        self.set_text(opt::ACCEPT_ENCODING, encodings.as_bytes())
    }

    pub fn get(&mut self) -> Result<(), Error> {
        self.set_long(opt::HTTPGET, 1)
    }

    /// A POST of `body`, which libcurl copies.
    pub fn post(&mut self, body: &[u8]) -> Result<(), Error> {
        self.set_long(opt::POST, 1)?;
        let size = i64::try_from(body.len()).unwrap_or(i64::MAX);
        // SAFETY: POSTFIELDSIZE_LARGE takes a curl_off_t, 64 bits everywhere.
        self.check(unsafe {
            (self.library.easy_setopt)(self.raw, opt::POSTFIELDSIZE_LARGE, size)
        })?;
        // COPYPOSTFIELDS copies that many bytes from the pointer before returning.
        self.set_pointer(opt::COPYPOSTFIELDS, body.as_ptr().cast())
    }

    /// A request method other than GET and POST.
    pub fn custom_request(&mut self, method: &str) -> Result<(), Error> {
        self.set_text(opt::CUSTOMREQUEST, method.as_bytes())
    }

    /// The request's header lines (`Name: value`), in place of any set before. The
    /// copies made on the way are cleared: a line may hold a credential.
    pub fn http_headers<L: AsRef<[u8]>>(
        &mut self,
        lines: impl IntoIterator<Item = L>,
    ) -> Result<(), Error> {
        let mut headers = Headers {
            library: self.library,
            list: std::ptr::null_mut(),
        };
        for line in lines {
            let text = c_text(line.as_ref())?;
            // SAFETY: a NUL-terminated line, which libcurl copies into the list.
            let list = unsafe { (self.library.slist_append)(headers.list, text.as_ptr().cast()) };
            if list.is_null() {
                return Err(Error::Unavailable("curl_slist_append failed".into()));
            }
            headers.list = list;
        }
        self.set_pointer(opt::HTTPHEADER, headers.list)?;
        // The list set before is no longer referred to.
        self.headers = Some(headers);
        Ok(())
    }

    /// Makes the request; the answer goes to the handler as it arrives.
    pub fn perform(&mut self) -> Result<(), Error> {
        // SAFETY: a live handle whose callbacks point at this handle's handler.
        self.check(unsafe { (self.library.easy_perform)(self.raw) })
    }

    /// The last answer's status code; 0 when there was none.
    pub fn response_code(&mut self) -> Result<u32, Error> {
        let mut code: c_long = 0;
        // SAFETY: RESPONSE_CODE writes one long to the pointer.
        self.check(unsafe {
            (self.library.easy_getinfo)(self.raw, opt::INFO_RESPONSE_CODE, &mut code as *mut c_long)
        })?;
        Ok(u32::try_from(code).unwrap_or(0))
    }

    fn set_long(&mut self, option: c_int, value: c_long) -> Result<(), Error> {
        // SAFETY: an option that takes a long.
        self.check(unsafe { (self.library.easy_setopt)(self.raw, option, value) })
    }

    fn set_pointer(&mut self, option: c_int, value: *const c_void) -> Result<(), Error> {
        // SAFETY: an option that takes a pointer, valid for as long as libcurl uses it
        // (callbacks and the handler live as long as the handle; the header list until
        // it is replaced or the handle reset; COPYPOSTFIELDS copies).
        self.check(unsafe { (self.library.easy_setopt)(self.raw, option, value) })
    }

    /// A text option; libcurl copies the text.
    fn set_text(&mut self, option: c_int, text: &[u8]) -> Result<(), Error> {
        let text = c_text(text)?;
        self.set_pointer(option, text.as_ptr().cast())
    }

    fn check(&self, result: c_int) -> Result<(), Error> {
        if result == code::OK {
            return Ok(());
        }
        // SAFETY: curl_easy_strerror returns a static NUL-terminated text for any code.
        let description = unsafe {
            let text = (self.library.easy_strerror)(result);
            if text.is_null() {
                String::new()
            } else {
                CStr::from_ptr(text).to_string_lossy().into_owned()
            }
        };
        Err(Error::Curl {
            code: result,
            description,
        })
    }
}

impl<H: Handler> Drop for Easy<H> {
    fn drop(&mut self) {
        // SAFETY: the handle is freed once, before the handler its callbacks point at.
        unsafe {
            (self.library.easy_cleanup)(self.raw);
            drop(Box::from_raw(self.handler));
        }
        // The header list goes after the handle that referred to it (field order).
    }
}

/// `text` with a NUL at its end, in memory cleared when dropped.
fn c_text(text: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    if text.contains(&0) {
        return Err(Error::NulInText);
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(text.len() + 1));
    bytes.extend_from_slice(text);
    bytes.push(0);
    Ok(bytes)
}

fn millis(limit: Duration) -> c_long {
    c_long::try_from(limit.as_millis()).unwrap_or(c_long::MAX)
}

/// The bytes libcurl hands a callback.
///
/// # Safety
/// `data` points at `len` readable bytes for the length of the call (or `len` is 0).
unsafe fn bytes<'a>(data: *const c_char, len: usize) -> &'a [u8] {
    if len == 0 || data.is_null() {
        &[]
    } else {
        // SAFETY: as the caller promises.
        unsafe { std::slice::from_raw_parts(data.cast(), len) }
    }
}

/// A count other than the `len` bytes offered, which ends the transfer.
fn refused(len: usize) -> usize {
    usize::from(len == 0)
}

extern "C" fn write_callback<H: Handler>(
    data: *mut c_char,
    size: usize,
    count: usize,
    handler: *mut c_void,
) -> usize {
    let len = size.saturating_mul(count);
    // SAFETY: `handler` is the handle's own (WRITEDATA), used only during `perform`;
    // libcurl passes `len` bytes at `data`.
    let (handler, data) = unsafe { (&mut *handler.cast::<H>(), bytes(data, len)) };
    if handler.write(data) {
        len
    } else {
        refused(len)
    }
}

extern "C" fn header_callback<H: Handler>(
    data: *mut c_char,
    size: usize,
    count: usize,
    handler: *mut c_void,
) -> usize {
    let len = size.saturating_mul(count);
    // SAFETY: as in `write_callback` (HEADERDATA).
    let (handler, line) = unsafe { (&mut *handler.cast::<H>(), bytes(data, len)) };
    if handler.header(line) {
        len
    } else {
        refused(len)
    }
}

extern "C" fn progress_callback<H: Handler>(
    handler: *mut c_void,
    _download_total: i64,
    _downloaded: i64,
    _upload_total: i64,
    _uploaded: i64,
) -> c_int {
    // SAFETY: as in `write_callback` (XFERINFODATA).
    let handler = unsafe { &mut *handler.cast::<H>() };
    // Non-zero ends the transfer.
    c_int::from(!handler.progress())
}
