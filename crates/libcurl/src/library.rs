//! libcurl's functions, found once: opened with `dlopen` at the first request on Linux
//! and macOS, linked in on Windows. The library stays loaded for the rest of the
//! process.
// Foreign calls and turning the addresses `dlsym` returns into function pointers.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_long, c_void};
use std::sync::OnceLock;

use crate::Error;

/// `CURL_GLOBAL_DEFAULT`: the TLS library's and the platform's sockets' start.
const GLOBAL_DEFAULT: c_long = 3;

type EasyInit = unsafe extern "C" fn() -> *mut c_void;
type EasyHandle = unsafe extern "C" fn(*mut c_void);
type EasyPerform = unsafe extern "C" fn(*mut c_void) -> c_int;
type EasyVariadic = unsafe extern "C" fn(*mut c_void, c_int, ...) -> c_int;
type EasyStrerror = unsafe extern "C" fn(c_int) -> *const c_char;
type SlistAppend = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut c_void;
type SlistFreeAll = unsafe extern "C" fn(*mut c_void);
type GlobalInit = unsafe extern "C" fn(c_long) -> c_int;

/// The functions wakadesk calls. Options and infos (`CURLoption`, `CURLINFO`) are C
/// enums, passed as `int`.
pub(crate) struct Library {
    pub easy_init: EasyInit,
    pub easy_cleanup: EasyHandle,
    pub easy_reset: EasyHandle,
    pub easy_perform: EasyPerform,
    pub easy_setopt: EasyVariadic,
    pub easy_getinfo: EasyVariadic,
    pub easy_strerror: EasyStrerror,
    pub slist_append: SlistAppend,
    pub slist_free_all: SlistFreeAll,
    global_init: GlobalInit,
}

static LIBRARY: OnceLock<Result<Library, Error>> = OnceLock::new();

/// libcurl, opened and started on the first call; the same answer ever after.
pub(crate) fn get() -> Result<&'static Library, Error> {
    LIBRARY.get_or_init(load).as_ref().map_err(Clone::clone)
}

/// Whether this process has loaded libcurl yet.
pub fn is_loaded() -> bool {
    LIBRARY.get().is_some_and(Result::is_ok)
}

fn load() -> Result<Library, Error> {
    let library = open()?;
    // SAFETY: called once, before any other libcurl function, as libcurl asks.
    let code = unsafe { (library.global_init)(GLOBAL_DEFAULT) };
    if code != 0 {
        return Err(Error::Unavailable(format!(
            "curl_global_init failed with code {code}"
        )));
    }
    Ok(library)
}

#[cfg(unix)]
fn open() -> Result<Library, Error> {
    use std::ffi::CStr;

    #[cfg(target_os = "macos")]
    const NAME: &CStr = c"/usr/lib/libcurl.4.dylib";
    #[cfg(not(target_os = "macos"))]
    const NAME: &CStr = c"libcurl.so.4";

    // SAFETY: a NUL-terminated name; loading libcurl runs only its own initialisers.
    let handle = unsafe { libc::dlopen(NAME.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if handle.is_null() {
        // SAFETY: dlerror's text is read at once, on the thread that failed.
        let why = unsafe {
            let text = libc::dlerror();
            if text.is_null() {
                "no reason given".to_owned()
            } else {
                CStr::from_ptr(text).to_string_lossy().into_owned()
            }
        };
        return Err(Error::Unavailable(why));
    }
    let find = |name: &CStr| {
        // SAFETY: a handle dlopen returned, never closed, and a NUL-terminated name.
        let address = unsafe { libc::dlsym(handle, name.as_ptr()) };
        if address.is_null() {
            Err(Error::Unavailable(format!(
                "{} has no {}",
                NAME.to_string_lossy(),
                name.to_string_lossy()
            )))
        } else {
            Ok(address)
        }
    };
    // SAFETY: each address is libcurl's exported function of that name, whose C
    // declaration (curl/curl.h, curl/easy.h) the field's type repeats.
    macro_rules! function {
        ($name:literal as $type:ty) => {
            unsafe { std::mem::transmute::<*mut c_void, $type>(find($name)?) }
        };
    }
    Ok(Library {
        easy_init: function!(c"curl_easy_init" as EasyInit),
        easy_cleanup: function!(c"curl_easy_cleanup" as EasyHandle),
        easy_reset: function!(c"curl_easy_reset" as EasyHandle),
        easy_perform: function!(c"curl_easy_perform" as EasyPerform),
        easy_setopt: function!(c"curl_easy_setopt" as EasyVariadic),
        easy_getinfo: function!(c"curl_easy_getinfo" as EasyVariadic),
        easy_strerror: function!(c"curl_easy_strerror" as EasyStrerror),
        slist_append: function!(c"curl_slist_append" as SlistAppend),
        slist_free_all: function!(c"curl_slist_free_all" as SlistFreeAll),
        global_init: function!(c"curl_global_init" as GlobalInit),
    })
}

#[cfg(windows)]
fn open() -> Result<Library, Error> {
    use curl_sys as sys;
    use std::mem::transmute;

    type Handle = *mut sys::CURL;
    type List = *mut sys::curl_slist;

    // SAFETY: the same functions, linked in; only their pointer types differ (an
    // opaque handle type against `c_void`), which does not change how they are called.
    unsafe {
        Ok(Library {
            easy_init: transmute::<unsafe extern "C" fn() -> Handle, EasyInit>(sys::curl_easy_init),
            easy_cleanup: transmute::<unsafe extern "C" fn(Handle), EasyHandle>(
                sys::curl_easy_cleanup,
            ),
            easy_reset: transmute::<unsafe extern "C" fn(Handle), EasyHandle>(sys::curl_easy_reset),
            easy_perform: transmute::<unsafe extern "C" fn(Handle) -> sys::CURLcode, EasyPerform>(
                sys::curl_easy_perform,
            ),
            easy_setopt: transmute::<
                unsafe extern "C" fn(Handle, sys::CURLoption, ...) -> sys::CURLcode,
                EasyVariadic,
            >(sys::curl_easy_setopt),
            easy_getinfo: transmute::<
                unsafe extern "C" fn(Handle, sys::CURLINFO, ...) -> sys::CURLcode,
                EasyVariadic,
            >(sys::curl_easy_getinfo),
            easy_strerror: transmute::<
                unsafe extern "C" fn(sys::CURLcode) -> *const c_char,
                EasyStrerror,
            >(sys::curl_easy_strerror),
            slist_append: transmute::<unsafe extern "C" fn(List, *const c_char) -> List, SlistAppend>(
                sys::curl_slist_append,
            ),
            slist_free_all: transmute::<unsafe extern "C" fn(List), SlistFreeAll>(
                sys::curl_slist_free_all,
            ),
            global_init: transmute::<unsafe extern "C" fn(c_long) -> sys::CURLcode, GlobalInit>(
                sys::curl_global_init,
            ),
        })
    }
}
