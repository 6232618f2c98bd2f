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
