//! `fake-browser URL`: plays the user's web browser in window tests. The app opens
//! WakaTime's consent page with `xdg-open`, which runs `$BROWSER URL` when the desktop
//! has no handler for http; a test sets `BROWSER` to this program.
//!
//! Against the local stand-in (`fake-wakatime`) it does what a browser and its user
//! would: GET the authorize URL without following redirects. A redirect (the stand-in
//! with `--auto-approve`) is the answer. A consent page is "clicked" as
//! `WAKADESK_E2E_BROWSER_CLICK` says (`approve` or `deny`: its form is posted and the
//! redirect of that is the answer), or, when unset, left open like a tab nobody looks
//! at. The answer, the app's `org.wakadesk.desktop:` deep link, goes to `xdg-open`,
//! which starts a second wakadesk through the URL handler the app registered; that
//! process forwards it to the window. Each step is appended to the file named by
//! `WAKADESK_E2E_BROWSER_LOG` (else stderr), so a link that went nowhere can be traced.
//!
//! Only http(s) URLs are fetched: if the desktop ever hands the deep link back to
//! `$BROWSER`, this refuses instead of looping.
#![forbid(unsafe_code)]

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use ureq::http::{Response, Uri};
use ureq::Body;

/// The second wakadesk hands the link to the running window and exits within a second or two.
const HANDOVER_TIMEOUT: Duration = Duration::from_secs(30);
const CLICK_ENV: &str = "WAKADESK_E2E_BROWSER_CLICK";
const LOG_ENV: &str = "WAKADESK_E2E_BROWSER_LOG";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url] = args.as_slice() else {
        log(&format!("expected one URL, got {args:?}"));
        return ExitCode::from(2);
    };
    log(&format!("opened with {url}"));
    match browse(url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            log(&format!("failed: {why}"));
            ExitCode::FAILURE
        }
    }
}

fn browse(url: &str) -> Result<(), String> {
    if !is_web(url) {
        return Err("not an http(s) URL; a browser would not know this scheme".into());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(15)))
        .build()
        .into();
    let page = agent
        .get(url)
        .call()
        .map_err(|e| format!("GET {url}: {e}"))?;
    log(&format!("GET answered {}", page.status()));
    let answer = if page.status().is_redirection() {
        location(&page)?
    } else if page.status().is_success() {
        let Some(decision) = std::env::var(CLICK_ENV).ok().filter(|d| !d.is_empty()) else {
            log(&format!(
                "showing the page; {CLICK_ENV} is unset, so nobody clicks"
            ));
            return Ok(());
        };
        click(&agent, url, page, &decision)?
    } else {
        return Err(format!("the authorize page failed with {}", page.status()));
    };
    log(&format!("redirected to {answer}"));
    if is_web(&answer) {
        return Err("WakaTime redirected to a web page, not to the app".into());
    }
    hand_to_desktop(&answer)
}

/// Posts the consent page's form for `decision` and returns where it redirects.
fn click(
    agent: &ureq::Agent,
    page_url: &str,
    page: Response<Body>,
    decision: &str,
) -> Result<String, String> {
    let html = page
        .into_body()
        .read_to_string()
        .map_err(|e| format!("reading the consent page: {e}"))?;
    let request_id = attribute_after(&html, "name=\"request_id\"", "value")
        .ok_or("the consent page has no request_id field")?;
    let action = attribute_after(&html, "<form", "action").ok_or("the consent page has no form")?;
    let uri: Uri = page_url
        .parse()
        .map_err(|e| format!("parsing {page_url}: {e}"))?;
    let origin = format!(
        "{}://{}",
        uri.scheme_str().unwrap_or("http"),
        uri.authority().map(|a| a.as_str()).unwrap_or_default()
    );
    let target = if is_web(&action) {
        action
    } else {
        format!("{origin}{action}")
    };
    log(&format!("clicking {decision:?}: POST {target}"));
    let answer = agent
        .post(&target)
        .send_form([("request_id", request_id.as_str()), ("decision", decision)])
        .map_err(|e| format!("POST {target}: {e}"))?;
    log(&format!("POST answered {}", answer.status()));
    if !answer.status().is_redirection() {
        return Err(format!("expected a redirect, got {}", answer.status()));
    }
    location(&answer)
}

/// The value of attribute `name` in the first tag text after `marker`.
fn attribute_after(html: &str, marker: &str, name: &str) -> Option<String> {
    let rest = &html[html.find(marker)?..];
    let rest = &rest[..rest.find('>')?];
    let start = rest.find(&format!("{name}=\""))? + name.len() + 2;
    let end = start + rest[start..].find('"')?;
    Some(rest[start..end].replace("&amp;", "&"))
}

fn location(response: &Response<Body>) -> Result<String, String> {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| format!("the {} answer has no Location header", response.status()))
}

/// Runs `xdg-open LINK` as the OS would after the browser followed a redirect to it.
fn hand_to_desktop(link: &str) -> Result<(), String> {
    // What xdg-open and the second wakadesk print goes to the same log.
    let output = || log_file().map(Stdio::from).unwrap_or_else(Stdio::inherit);
    let mut xdg_open = Command::new("xdg-open")
        .arg(link)
        .stdin(Stdio::null())
        .stdout(output())
        .stderr(output())
        .spawn()
        .map_err(|e| format!("running xdg-open: {e}"))?;
    let start = Instant::now();
    let status = loop {
        if let Some(status) = xdg_open.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > HANDOVER_TIMEOUT {
            let _ = xdg_open.kill();
            return Err(format!(
                "xdg-open was still running after {HANDOVER_TIMEOUT:?}: the second wakadesk \
                 did not hand the link to the running one and exit"
            ));
        }
        thread::sleep(Duration::from_millis(50));
    };
    log(&format!("xdg-open exited with {status}"));
    if status.success() {
        Ok(())
    } else {
        Err("xdg-open could not hand the link to the app".into())
    }
}

fn is_web(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn log_file() -> Option<File> {
    std::env::var_os(LOG_ENV)
        .filter(|p| !p.is_empty())
        .and_then(|path| OpenOptions::new().create(true).append(true).open(path).ok())
}

fn log(line: &str) {
    let line = format!("fake-browser[{}]: {line}\n", std::process::id());
    match log_file() {
        Some(mut file) => {
            let _ = file.write_all(line.as_bytes());
        }
        None => eprint!("{line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::attribute_after;

    #[test]
    fn the_consent_forms_request_id_and_action_are_read_from_the_page() {
        let html = "<p>Allow?</p><form method=\"post\" action=\"/oauth/authorize/decision\">\
            <input type=\"hidden\" name=\"request_id\" value=\"r-1&amp;2\">";
        assert_eq!(
            attribute_after(html, "<form", "action").as_deref(),
            Some("/oauth/authorize/decision"),
            "the form's action is found"
        );
        assert_eq!(
            attribute_after(html, "name=\"request_id\"", "value").as_deref(),
            Some("r-1&2"),
            "the request id is found and unescaped"
        );
        assert_eq!(
            attribute_after(html, "name=\"missing\"", "value"),
            None,
            "a missing field is None, not a panic"
        );
    }
}
