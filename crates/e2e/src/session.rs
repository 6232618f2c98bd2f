//! One WebDriver session over plain HTTP and JSON: the W3C commands the window tests
//! use, and polling for things that appear after an async call in the page.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use crate::element::{Element, ELEMENT_KEY};
use crate::{Error, Result};

const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// WebKitWebDriver takes a screenshot after the page's next paint, and a still page with
/// no blinking caret never paints again, so the call would hang. This script makes a
/// few invisible paints (an empty element changing opacity) for two seconds.
const REPAINT_FOR_SCREENSHOT: &str = "
    const probe = document.createElement('div');
    Object.assign(probe.style, { position: 'fixed', left: '0', top: '0',
        width: '1px', height: '1px', pointerEvents: 'none' });
    document.body.append(probe);
    const until = performance.now() + 2000;
    let odd = false;
    const tick = (now) => {
        odd = !odd;
        probe.style.opacity = odd ? '0.01' : '0';
        if (now < until) requestAnimationFrame(tick); else probe.remove();
    };
    requestAnimationFrame(tick);
";

/// A live session; the app window it started closes when this is dropped.
pub struct Session {
    agent: ureq::Agent,
    url: String,
    id: String,
}

impl Session {
    /// Starts the Tauri app at `application` through the WebDriver server at `server`
    /// (e.g. `http://127.0.0.1:4444`).
    pub fn start(server: &str, application: &Path) -> Result<Self> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(90)))
            .build()
            .into();
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "tauri:options": { "application": application.display().to_string() }
                }
            }
        });
        let value = request(
            &agent,
            "new session",
            "POST",
            &format!("{server}/session"),
            Some(capabilities),
        )?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| Error::Protocol {
                command: "new session".into(),
                body: value.to_string(),
            })?
            .to_owned();
        Ok(Session {
            agent,
            url: format!("{server}/session/{id}"),
            id,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sends one command (`path` is relative to the session) and returns its `value`.
    pub(crate) fn command(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{path}", self.url);
        request(&self.agent, &format!("{method} {path}"), method, &url, body)
    }

    /// The first element matching the CSS selector, now.
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let value = self.command("POST", "/element", Some(by_css(css)))?;
        self.element_from(&value, css)
    }

    /// Every element matching the CSS selector, now.
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let value = self.command("POST", "/elements", Some(by_css(css)))?;
        let list = value.as_array().cloned().unwrap_or_default();
        list.iter().map(|v| self.element_from(v, css)).collect()
    }

    fn element_from(&self, value: &Value, css: &str) -> Result<Element<'_>> {
        let id = value[ELEMENT_KEY].as_str().ok_or_else(|| Error::Protocol {
            command: format!("find {css}"),
            body: value.to_string(),
        })?;
        Ok(Element::new(self, css, id))
    }

    /// Runs `script` (a function body) in the page and returns what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    pub fn title(&self) -> Result<String> {
        Ok(self
            .command("GET", "/title", None)?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Saves a PNG of the window's page to `path`.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        self.execute(REPAINT_FOR_SCREENSHOT, vec![])?;
        let value = self.command("GET", "/screenshot", None)?;
        let encoded = value.as_str().ok_or_else(|| Error::Protocol {
            command: "screenshot".into(),
            body: value.to_string(),
        })?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| Error::Protocol {
                command: "screenshot".into(),
                body: format!("not base64: {e}"),
            })?;
        std::fs::write(path, png).map_err(Error::io(format!("writing {}", path.display())))
    }

    /// Calls `probe` until it returns `Some`, or fails after `timeout`. A probe error
    /// that means "not there yet" is retried; any other ends the wait.
    pub fn wait_until<T>(
        &self,
        timeout: Duration,
        what: &str,
        mut probe: impl FnMut(&Session) -> Result<Option<T>>,
    ) -> Result<T> {
        let start = Instant::now();
        let mut last = String::from("nothing yet");
        loop {
            match probe(self) {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                Err(e) if e.is_transient() => last = e.to_string(),
                Err(e) => return Err(e),
            }
            if start.elapsed() >= timeout {
                return Err(Error::Timeout {
                    what: what.to_owned(),
                    waited: timeout,
                    last,
                });
            }
            thread::sleep(POLL_INTERVAL);
        }
    }

    /// Waits until an element matching `css` exists and is displayed.
    pub fn wait_for_displayed(&self, css: &str, timeout: Duration) -> Result<Element<'_>> {
        self.wait_until(timeout, &format!("{css} to be displayed"), |_| {
            let element = self.find(css)?;
            Ok(element.is_displayed()?.then_some(element))
        })
    }

    /// Waits until the element matching `css` is displayed with exactly `expected` as its
    /// text; the error names the text last seen.
    pub fn wait_for_text(&self, css: &str, expected: &str, timeout: Duration) -> Result<()> {
        let mut seen = String::new();
        let result = self.wait_until(timeout, &format!("{css} to read {expected:?}"), |s| {
            let element = s.find(css)?;
            seen = element.text()?;
            Ok((seen == expected && element.is_displayed()?).then_some(()))
        });
        result.map_err(|e| match e {
            Error::Timeout { what, waited, .. } => Error::Timeout {
                what,
                waited,
                last: format!("{seen:?}"),
            },
            other => other,
        })
    }

    /// Replaces the value of the input matching `css` with `text`.
    pub fn fill(&self, css: &str, text: &str) -> Result<()> {
        let input = self.find(css)?;
        input.clear()?;
        input.send_keys(text)
    }

    /// Closes the window as its close button would (WebDriver's Close Window): the app
    /// hears the window close and, being left without one, ends.
    pub fn close_window(&self) -> Result<()> {
        self.command("DELETE", "/window", None).map(drop)
    }

    /// Ends the session, which closes the app. Dropping the session does the same but
    /// cannot report a failure.
    pub fn close(mut self) -> Result<()> {
        let result = self.delete();
        self.id.clear();
        result
    }

    fn delete(&self) -> Result<()> {
        self.command("DELETE", "", None).map(drop)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.id.is_empty() {
            let _ = self.delete();
        }
    }
}

fn by_css(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

/// One HTTP exchange; a W3C error object in the answer becomes [`Error::WebDriver`].
fn request(
    agent: &ureq::Agent,
    command: &str,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value> {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call()?,
        ("DELETE", _) => agent.delete(url).call()?,
        (_, Some(body)) => agent.post(url).send_json(body)?,
        (_, None) => agent.post(url).send_json(json!({}))?,
    };
    let status = response.status();
    let mut body = response.into_body();
    let bytes = body.with_config().limit(64 * 1024 * 1024).read_to_vec()?;
    let mut parsed: Value = serde_json::from_slice(&bytes).map_err(|_| Error::Protocol {
        command: command.to_owned(),
        body: format!("HTTP {status}: {}", String::from_utf8_lossy(&bytes)),
    })?;
    let value = parsed["value"].take();
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(Error::WebDriver {
            command: command.to_owned(),
            error: error.to_owned(),
            message: value["message"].as_str().unwrap_or_default().to_owned(),
        });
    }
    if !status.is_success() {
        return Err(Error::Protocol {
            command: command.to_owned(),
            body: format!("HTTP {status}: {value}"),
        });
    }
    Ok(value)
}
