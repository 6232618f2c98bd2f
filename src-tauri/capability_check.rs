//! The webview may call the app's own commands, and listen to the shell's events, and
//! nothing else: the capability file, the permissions generated in build.rs and the
//! invoke handler must list the same commands, and no other plugin or core permission
//! may slip in.

use std::collections::BTreeSet;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The one core permission the page has.
const LISTEN: &str = "core:event:allow-listen";

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Quoted snake_case names between `commands(&[` and `])` in build.rs.
fn manifest_commands() -> BTreeSet<String> {
    let build = read("src-tauri/build.rs");
    let list = build
        .split("commands(&[")
        .nth(1)
        .and_then(|r| r.split("])").next())
        .unwrap();
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The quoted names the invoke handler matches (`"name" =>` in commands/dispatch.rs).
fn handler_commands() -> BTreeSet<String> {
    read("src-tauri/commands/dispatch.rs")
        .lines()
        .filter_map(|line| line.trim().strip_prefix('"'))
        .filter_map(|rest| rest.split_once("\" =>"))
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn the_capability_allows_exactly_the_apps_own_commands() {
    let cap: serde_json::Value = serde_json::from_str(&read("capabilities/default.json")).unwrap();
    let allowed: BTreeSet<String> = cap["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission names, no scoped objects")
                .to_owned()
        })
        .collect();
    // Listening is how the page hears of finished connections and sync progress;
    // emitting, and every other core or plugin permission, stays out.
    let mut allowed = allowed;
    assert!(
        allowed.remove(LISTEN),
        "the page may listen to the shell's events"
    );
    for p in &allowed {
        assert!(
            p.starts_with("allow-") && !p.contains(':'),
            "not an app command permission: {p}"
        );
    }
    let manifest = manifest_commands();
    let expected: BTreeSet<String> = manifest
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(allowed, expected, "capability vs build.rs");
    assert_eq!(handler_commands(), manifest, "invoke handler vs build.rs");
}

#[test]
fn the_content_security_policy_allows_no_remote_source() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        for source in value.split_whitespace() {
            let local = source.starts_with('\'')
                || source == "data:"
                || source == "ipc:"
                || source == "http://ipc.localhost";
            assert!(local, "{directive} allows a remote source: {source}");
        }
    }
    assert_eq!(csp["script-src"], "'self'", "no inline or remote scripts");
}
