//! Checks of `ui/index.html` against the files of `ui/js/`.

use std::collections::BTreeSet;
use std::path::Path;

fn ui() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ui"))
}

/// The modules of `ui/js/`, as `js/<name>.js`.
fn modules() -> BTreeSet<String> {
    std::fs::read_dir(ui().join("js"))
        .expect("ui/js")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".js"))
        .map(|name| format!("js/{name}"))
        .collect()
}

/// The modules `module` imports statically (`from "./x.js"`), and theirs, as `js/x.js`.
fn static_imports(module: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![module.to_owned()];
    while let Some(module) = pending.pop() {
        let text = std::fs::read_to_string(ui().join(&module)).expect("a module");
        for name in text
            .split(r#"from "./"#)
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            if found.insert(format!("js/{name}")) {
                pending.push(format!("js/{name}"));
            }
        }
    }
    found
}

/// The first screen needs only what `js/main.js` imports statically, and the page names
/// exactly those up front (`modulepreload`), so WebKit fetches them all at once instead
/// of one import level after another. Everything else, Home and Settings, is imported
/// once that screen shows, all at once from `LATER` in `js/main.js`. A module that is
/// in neither list, or in the wrong one, would quietly bring a waterfall back, or load
/// before the first screen what it does not need.
#[test]
fn the_page_preloads_the_first_screens_modules_and_imports_the_rest_at_once_later() {
    let html = std::fs::read_to_string(ui().join("index.html")).expect("ui/index.html");
    let named = |prefix: &str| -> BTreeSet<String> {
        html.split(prefix)
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    let preloaded = named(r#"<link rel="modulepreload" href=""#);
    let scripts = named(r#"<script type="module" src=""#);
    assert_eq!(
        scripts,
        BTreeSet::from(["js/main.js".to_owned()]),
        "ui/index.html starts js/main.js"
    );
    let first_screen = static_imports("js/main.js");
    assert_eq!(
        preloaded, first_screen,
        "ui/index.html preloads exactly what js/main.js imports statically"
    );
    let main = std::fs::read_to_string(ui().join("js/main.js")).expect("ui/js/main.js");
    let later: BTreeSet<String> = main
        .split("const LATER = [")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("const LATER = [...] in ui/js/main.js")
        .split(r#""./"#)
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|name| format!("js/{name}"))
        .collect();
    let rest: BTreeSet<String> = modules()
        .difference(&first_screen)
        .filter(|module| *module != "js/main.js")
        .cloned()
        .collect();
    assert_eq!(
        later, rest,
        "LATER in ui/js/main.js lists every module the first screen does not import"
    );
}

/// The quoted snake_case words between `pub fn code(&self)` and the next `pub fn` of the
/// core's error type: every code the core sends.
fn core_codes() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/src/error.rs");
    let source = std::fs::read_to_string(&path).expect("crates/core/src/error.rs");
    let body = source
        .split("pub fn code(&self)")
        .nth(1)
        .and_then(|rest| rest.split("pub fn ").next())
        .expect("Error::code in crates/core/src/error.rs");
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Every code the page branches on (`ui/js/codes.js`) is one the shell or the core
/// really sends, so a renamed code cannot leave the page waiting for one that never
/// comes; and the page names codes only there.
#[test]
fn every_code_the_page_compares_against_is_sent_by_the_shell_or_the_core() {
    let codes = std::fs::read_to_string(ui().join("js/codes.js")).expect("ui/js/codes.js");
    let body = codes
        .split("Object.freeze({")
        .nth(1)
        .and_then(|rest| rest.split("})").next())
        .expect("CODES = Object.freeze({...}) in ui/js/codes.js");
    let compared: Vec<&str> = body.split('"').skip(1).step_by(2).collect();
    assert!(
        !compared.is_empty(),
        "ui/js/codes.js lists the page's codes"
    );
    let mut sent = core_codes();
    assert!(
        sent.contains("reconnect_needed") && sent.len() > 20,
        "the core's codes were read: {sent:?}"
    );
    sent.extend(
        crate::command_error::ShellCode::ALL
            .iter()
            .map(|c| c.as_str().to_owned()),
    );
    for code in &compared {
        assert!(
            sent.contains(*code),
            "ui/js/codes.js names {code:?}, which neither the shell nor the core sends"
        );
    }
    for entry in std::fs::read_dir(ui().join("js")).expect("ui/js").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "codes.js" || !name.ends_with(".js") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("a module");
        for pattern in ["code === \"", "code !== \"", "code == \"", "code != \""] {
            assert!(
                !text.contains(pattern),
                "ui/js/{name} compares a code written out ({pattern}...): use CODES from codes.js"
            );
        }
    }
}
