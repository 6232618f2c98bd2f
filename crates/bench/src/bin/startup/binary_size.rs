//! Where the bytes of a binary go: code and data symbols grouped by the crate that
//! defines them, from the symbol table (`nm` of binutils, demangled). Generic code is
//! counted under the crate that defines the generic item (`core`, `alloc`, ...), and
//! functions without a Rust path under "C code" (the bundled SQLite, ring's assembly).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Bytes per crate, or why they could not be read.
pub fn by_crate(binary: &Path) -> Result<HashMap<String, u64>, String> {
    let out = Command::new("nm")
        .args(["--print-size", "--demangle", "--radix=d", "--defined-only"])
        .arg(binary)
        .output()
        .map_err(|e| format!("running nm (binutils): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "nm failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let mut sizes: HashMap<String, u64> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        // "<address> <size> <type> <name>"; symbols without a size have three fields.
        let mut fields = line.splitn(4, ' ');
        let (Some(_), Some(size), Some(_), Some(name)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Ok(size) = size.parse::<u64>() else {
            continue;
        };
        *sizes.entry(crate_of(name)).or_default() += size;
    }
    Ok(sizes)
}

/// The first path segment of a demangled Rust symbol; "C code" for the others.
fn crate_of(symbol: &str) -> String {
    let trimmed = symbol.trim_start_matches(['<', '&', '*', '(', '[', ' ']);
    let trimmed = trimmed
        .strip_prefix("mut ")
        .or_else(|| trimmed.strip_prefix("dyn "))
        .or_else(|| trimmed.strip_prefix("const "))
        .unwrap_or(trimmed);
    match trimmed.split_once("::") {
        Some((first, _))
            if !first.is_empty()
                && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
        {
            first.to_owned()
        }
        _ => "C code".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_are_grouped_by_their_first_path_segment() {
        assert_eq!(crate_of("zbus::connection::Connection::new"), "zbus");
        assert_eq!(
            crate_of("<&mut zvariant::dbus::de::Deserializer<F> as serde::de::Deserializer>::f"),
            "zvariant"
        );
        assert_eq!(
            crate_of("<alloc::vec::Vec<T> as core::clone::Clone>::clone"),
            "alloc"
        );
        assert_eq!(crate_of("sqlite3VdbeExec"), "C code");
        assert_eq!(crate_of("yy_reduce"), "C code");
    }
}
