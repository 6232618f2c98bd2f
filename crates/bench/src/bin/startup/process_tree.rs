//! Memory of a process and everything it started, read from `/proc`: WebKit runs the
//! page and the network in child processes of the app, so the app's own figure is
//! only part of what it costs.

use std::collections::HashMap;

/// One process of the tree and its proportional set size.
#[derive(Clone)]
pub struct ProcessMemory {
    pub name: String,
    pub pss_kib: u64,
}

/// `root` and all its descendants, with their PSS (shared pages split between the
/// processes that map them, so the sum counts every page once).
pub fn memory_of_tree(root: u32) -> Vec<ProcessMemory> {
    tree(root)
        .into_iter()
        .filter_map(|pid| {
            Some(ProcessMemory {
                name: name(pid),
                pss_kib: pss_kib(pid)?,
            })
        })
        .collect()
}

/// `root` first, then its descendants.
pub fn tree(root: u32) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (pid, ppid) in all_parents() {
        children.entry(ppid).or_default().push(pid);
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        if let Some(kids) = children.get(&out[i]) {
            out.extend(kids);
        }
        i += 1;
    }
    out
}

fn all_parents() -> Vec<(u32, u32)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, parent(pid)?)))
        .collect()
}

/// The 4th field of `/proc/<pid>/stat`, after the command name in parentheses.
fn parent(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn pss_kib(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_tree_and_a_pss() {
        let me = std::process::id();
        assert_eq!(tree(me).first(), Some(&me), "the root comes first");
        let memory = memory_of_tree(me);
        assert!(memory[0].pss_kib > 0, "a running process has a PSS");
    }
}
