//! A fresh data folder and database made by the real `wakadesk-cli` are never, not even
//! for a moment, open to other users: under a permissive umask (022, and 000, where a
//! file gets exactly the mode its `open` call asks for) `strace` records the mode of
//! every call that creates the folder, the database, its WAL or its shared-memory file,
//! and each asks for the owner only. (Setting the mode after creating leaves a moment
//! in which another user can open the file and keep the handle.)

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use test_support::{student_signup_args, text, Cli};

/// The calls that create files and folders (`?`: a name this architecture lacks).
const CREATING_CALLS: &str = "?open,openat,?creat,?mkdir,mkdirat";

/// Runs `args` of the CLI on `data` under `umask`, traced; returns the trace.
fn traced_run(data: &Path, umask: &str, args: &[&str], stdin: &str, log: &Path) -> String {
    let cli = Cli::new(env!("CARGO_BIN_EXE_wakadesk-cli"), data);
    let plain = cli.command(args);
    let mut traced = Command::new("strace");
    traced
        .args(["-f", "-qq", "-e", &format!("trace={CREATING_CALLS}"), "-o"])
        .arg(log)
        .args(["sh", "-c", "umask \"$1\"; shift; exec \"$@\"", "sh", umask])
        .arg(plain.get_program())
        .args(plain.get_args())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in plain.get_envs() {
        match value {
            Some(value) => traced.env(name, value),
            None => traced.env_remove(name),
        };
    }
    let mut child = traced.spawn().unwrap_or_else(|e| {
        panic!(
            "running strace (install the strace package; scripts/install-deps.sh test does): {e}"
        )
    });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the CLI under umask {umask}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    std::fs::read_to_string(log).unwrap()
}

/// The mode asked for by the first call in `trace` that may create `path`.
fn creation_mode(trace: &str, path: &Path) -> Option<u32> {
    let quoted = format!("\"{}\"", path.display());
    trace
        .lines()
        .filter(|line| line.contains(&quoted))
        .find_map(|line| {
            let call = line.split_once(&quoted)?.1;
            let creates = line.contains("mkdir") || call.contains("O_CREAT");
            let mode = call
                .split(", ")
                .nth(if line.contains("mkdir") { 1 } else { 2 })?;
            let mode = mode.split([')', ' ']).next()?;
            creates.then(|| u32::from_str_radix(mode, 8).ok())?
        })
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_fresh_data_folder_and_database_are_created_for_their_owner_only_whatever_the_umask() {
    for umask in ["022", "000"] {
        let base = tempfile::tempdir().unwrap();
        let data = base.path().join("share").join("org.wakadesk.desktop");
        let log = base.path().join("trace");
        let args = student_signup_args("ada@example.com", "Ada");
        let trace = traced_run(&data, umask, &args, "analytical-engine\n", &log);
        let ours = data.display().to_string();
        let calls: Vec<&str> = trace.lines().filter(|l| l.contains(&ours)).collect();
        let calls = calls.join("\n");

        assert_eq!(
            creation_mode(&trace, &data),
            Some(0o700),
            "umask {umask}: the data folder is made 0700:\n{calls}"
        );
        for name in [
            "wakadesk.sqlite3",
            "wakadesk.sqlite3-wal",
            "wakadesk.sqlite3-shm",
        ] {
            let file = data.join(name);
            assert_eq!(
                creation_mode(&trace, &file),
                Some(0o600),
                "umask {umask}: {name} is created 0600, never wider first:\n{calls}"
            );
        }
        assert_eq!(mode(&data), 0o700, "umask {umask}: the data folder");
        assert_eq!(
            mode(&data.join("wakadesk.sqlite3")),
            0o600,
            "umask {umask}: the database"
        );
    }
}
