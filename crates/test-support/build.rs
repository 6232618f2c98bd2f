//! Sets `cfg(ci)` when the tests are built with `CI=true`, so `test_that_needs!` can
//! mark a test that needs what the machine may lack as ignored (with the reason)
//! everywhere but CI, where it must run.

fn main() {
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rustc-check-cfg=cfg(ci)");
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        println!("cargo::rustc-cfg=ci");
    }
}
