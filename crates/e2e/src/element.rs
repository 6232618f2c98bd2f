//! One element of the page, addressed by the id the WebDriver server gave it.

use serde_json::{json, Value};

use crate::{Error, Result, Session};

/// The W3C name under which element ids travel in JSON.
pub(crate) const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Element<'s> {
    session: &'s Session,
    /// The selector it was found by, for error messages.
    css: String,
    id: String,
}

/// Where an element is drawn, in CSS pixels from the top left of the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
}

impl<'s> Element<'s> {
    pub(crate) fn new(session: &'s Session, css: &str, id: &str) -> Self {
        Element {
            session,
            css: css.to_owned(),
            id: id.to_owned(),
        }
    }

    fn command(&self, method: &str, what: &str, body: Option<Value>) -> Result<Value> {
        let path = format!("/element/{}{what}", self.id);
        self.session
            .command(method, &path, body)
            .map_err(|e| match e {
                Error::WebDriver { error, message, .. } => Error::WebDriver {
                    command: format!("{method} {what} on {}", self.css),
                    error,
                    message,
                },
                other => other,
            })
    }

    pub fn click(&self) -> Result<()> {
        self.command("POST", "/click", Some(json!({}))).map(drop)
    }

    pub fn clear(&self) -> Result<()> {
        self.command("POST", "/clear", Some(json!({}))).map(drop)
    }

    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.command("POST", "/value", Some(json!({ "text": text })))
            .map(drop)
    }

    /// The rendered text, as a person would read it.
    pub fn text(&self) -> Result<String> {
        Ok(string(self.command("GET", "/text", None)?))
    }

    pub fn is_displayed(&self) -> Result<bool> {
        Ok(self.command("GET", "/displayed", None)?.as_bool() == Some(true))
    }

    pub fn is_enabled(&self) -> Result<bool> {
        Ok(self.command("GET", "/enabled", None)?.as_bool() == Some(true))
    }

    pub fn attribute(&self, name: &str) -> Result<Option<String>> {
        let value = self.command("GET", &format!("/attribute/{name}"), None)?;
        Ok(value.as_str().map(str::to_owned))
    }

    /// A DOM property such as `value` or `checked`.
    pub fn property(&self, name: &str) -> Result<Value> {
        self.command("GET", &format!("/property/{name}"), None)
    }

    pub fn rect(&self) -> Result<Rect> {
        let v = self.command("GET", "/rect", None)?;
        let field = |name: &str| {
            v[name].as_f64().ok_or_else(|| Error::Protocol {
                command: format!("rect of {}", self.css),
                body: v.to_string(),
            })
        };
        Ok(Rect {
            x: field("x")?,
            y: field("y")?,
            width: field("width")?,
            height: field("height")?,
        })
    }
}

fn string(value: Value) -> String {
    match value {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
