//! The local WakaTime stand-in (`fake-wakatime`) as a process of the test: started on a
//! free port, its facts read from the `key=value` lines it prints, its request log and
//! switches reached over its control endpoints, its API asked directly (with its API
//! key) for the figures a test expects, and killed when dropped. (In-process tests use
//! the stand-in's own handle, `fake_wakatime::FakeWakatime`, instead.)

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use fake_wakatime::Switches;
use serde_json::Value;

use crate::paths::fake_wakatime_binary;
use crate::{Error, Result};

pub struct StandInProcess {
    child: Child,
    /// Kept open so the stand-in never writes into a closed pipe.
    _stdout: BufReader<ChildStdout>,
    base_url: String,
    api_url: String,
    client_id: String,
    client_secret: String,
    username: String,
    api_key: String,
}

impl StandInProcess {
    /// Starts `fake-wakatime --port 0` with `args` (e.g. `--auto-approve`) and waits
    /// for the facts it prints before serving.
    pub fn start(args: &[&str]) -> Result<Self> {
        let binary = fake_wakatime_binary()?;
        let mut child = Command::new(&binary)
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(Error::io(format!("starting {}", binary.display())))?;
        let stdout = child.stdout.take().ok_or_else(|| {
            Error::Setup("fake-wakatime was started without a stdout pipe".into())
        })?;
        let mut stdout = BufReader::new(stdout);
        let facts = match read_facts(&mut stdout) {
            Ok(facts) => facts,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(e);
            }
        };
        let fact = |key: &str| {
            facts
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| Error::Setup(format!("fake-wakatime printed no `{key}=` line")))
        };
        Ok(StandInProcess {
            base_url: fact("base_url")?,
            api_url: fact("api_url")?,
            client_id: fact("client_id")?,
            client_secret: fact("client_secret")?,
            username: fact("username")?,
            api_key: fact("api_key")?,
            child,
            _stdout: stdout,
        })
    }

    /// Where `/oauth/authorize`, `/oauth/token` and `/oauth/revoke` live.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn client_secret(&self) -> &str {
        &self.client_secret
    }

    /// The WakaTime user who "approves" in the browser.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The API key the stand-in's API accepts (`Authorization: Basic base64(key)`).
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// `GET <api_url><path>` (e.g. `/users/current/stats/last_7_days`) with the API key,
    /// as the JSON it answers: what the app should show, straight from the server.
    pub fn api_get(&self, path: &str) -> Result<Value> {
        let url = format!("{}{path}", self.api_url.trim_end_matches('/'));
        let auth = format!("Basic {}", STANDARD.encode(&self.api_key));
        let value: Value = agent()
            .get(&url)
            .header("Authorization", &auth)
            .call()?
            .body_mut()
            .read_json()?;
        Ok(value)
    }

    /// Every request the stand-in has served, oldest first, as it logged them
    /// (`method`, `path`, `query`, `form`, `status`, ...).
    pub fn requests(&self) -> Result<Vec<Value>> {
        let url = self.control_url("requests");
        let value: Value = agent().get(&url).call()?.body_mut().read_json()?;
        value.as_array().cloned().ok_or_else(|| Error::Protocol {
            command: format!("GET {url}"),
            body: value.to_string(),
        })
    }

    /// Revokes every grant on the server side, as a user would at
    /// wakatime.com/apps/authorized.
    pub fn revoke_all(&self) -> Result<()> {
        agent()
            .post(&self.control_url("revoke-all"))
            .send_empty()
            .map(drop)
            .map_err(Error::from)
    }

    /// Sets the stand-in's clock to `instant` (RFC 3339), from where it keeps ticking,
    /// as a window started with the same `WAKADESK_NOW` does.
    pub fn set_clock(&self, instant: &str) -> Result<()> {
        agent()
            .post(&self.control_url("clock"))
            .send_json(serde_json::json!({ "now": instant }))
            .map(drop)
            .map_err(Error::from)
    }

    /// Changes the stand-in's switches (`|s| s.delay_ms = 200`, e.g. so a token exchange
    /// lasts long enough to be interrupted) and returns them all, as it applied them.
    pub fn update_switches(&self, change: impl FnOnce(&mut Switches)) -> Result<Switches> {
        let url = self.control_url("config");
        let mut switches: Switches = agent().get(&url).call()?.body_mut().read_json()?;
        change(&mut switches);
        let applied = agent()
            .post(&url)
            .send_json(&switches)?
            .body_mut()
            .read_json()?;
        Ok(applied)
    }

    /// What a program needs in its environment to use the stand-in as WakaTime: the
    /// registered app and the server's addresses.
    pub fn wakatime_env(&self) -> [(&'static str, &str); 4] {
        [
            ("WAKATIME_CLIENT_ID", &self.client_id),
            ("WAKATIME_CLIENT_SECRET", &self.client_secret),
            ("WAKATIME_BASE_URL", &self.base_url),
            ("WAKATIME_API_URL", &self.api_url),
        ]
    }

    fn control_url(&self, what: &str) -> String {
        format!("{}/__fake/{what}", self.base_url.trim_end_matches('/'))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

impl Drop for StandInProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `key=value` lines up to and including `api_key=`, which the stand-in prints
/// last (it always has a key: a random one unless `--api-key` names it).
fn read_facts(stdout: &mut impl BufRead) -> Result<Vec<(String, String)>> {
    let mut facts = Vec::new();
    loop {
        let mut line = String::new();
        let read = stdout
            .read_line(&mut line)
            .map_err(Error::io("reading fake-wakatime's output"))?;
        if read == 0 {
            return Err(Error::Setup(format!(
                "fake-wakatime exited before printing its facts; it printed {facts:?}"
            )));
        }
        if let Some((key, value)) = line.trim_end().split_once('=') {
            facts.push((key.to_owned(), value.to_owned()));
            if key == "api_key" {
                return Ok(facts);
            }
        }
    }
}
