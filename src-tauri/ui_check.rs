//! Checks of `ui/index.html` against the files of `ui/js/`.

use std::collections::BTreeSet;
use std::path::Path;

fn ui() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ui"))
}

/// The page names every module up front (`modulepreload`), so WebKit fetches them all at
/// once instead of one import level after another, which slowed the first screen. A
/// module added to `ui/js/` and not listed would quietly bring the waterfall back.
#[test]
fn the_page_preloads_every_module_it_does_not_load_directly() {
    let html = std::fs::read_to_string(ui().join("index.html")).expect("ui/index.html");
    let named = |prefix: &str| -> BTreeSet<String> {
        html.split(prefix)
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    let mut listed = named(r#"<link rel="modulepreload" href=""#);
    listed.extend(named(r#"<script type="module" src=""#));
    let modules: BTreeSet<String> = std::fs::read_dir(ui().join("js"))
        .expect("ui/js")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.ends_with(".js"))
        .map(|name| format!("js/{name}"))
        .collect();
    assert_eq!(
        listed, modules,
        "ui/index.html loads or preloads exactly the modules of ui/js/"
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
