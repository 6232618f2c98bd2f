//! `connect --from-wakatime-config` and `doctor` of the real `wakadesk-cli` binary: the
//! key and server of the student's own `.wakatime.cfg` (in `WAKATIME_HOME`, or the
//! home folder), against the stand-in as WakaTime, Wakapi and Hackatime; and where
//! `doctor` says each WakaTime setting comes from.

use std::path::{Path, PathBuf};
use std::process::Output;

use fake_wakatime::{FakeWakatime, Flavor, Options};
use test_support::{account_args, student_signup_args, text, Cli, SYSTEM_CONFIG_FILE};

const BIN: &str = env!("CARGO_BIN_EXE_wakadesk-cli");
const ADA: &str = "ada@example.com";
const PASSWORD: &str = "analytical-engine\n";

struct Setup {
    dir: tempfile::TempDir,
    fake: FakeWakatime,
    cli: Cli,
}

/// A stand-in of `flavor` and a signed-up account; `WAKATIME_HOME` is the data folder.
fn setup(flavor: Flavor) -> Setup {
    let fake = FakeWakatime::start_blocking(Options::default().with_flavor(flavor))
        .expect("stand-in starts");
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(BIN, dir.path()).stand_in(&fake);
    let out = cli.run(&student_signup_args(ADA, "Ada"), PASSWORD);
    assert!(out.status.success(), "signup: {}", text(&out.stderr));
    Setup { dir, fake, cli }
}

/// The CLI on `dir` with no WakaTime setting in its environment.
fn without_environment(dir: &Path) -> Cli {
    Cli::new(BIN, dir)
        .env_remove("WAKATIME_CLIENT_ID")
        .env_remove("WAKATIME_CLIENT_SECRET")
        .env_remove("WAKATIME_BASE_URL")
        .env_remove("WAKATIME_API_URL")
}

impl Setup {
    fn key(&self) -> &str {
        self.fake.api_key().expect("the stand-in has an API key")
    }

    /// Writes `.wakatime.cfg` in `folder`, as an editor plugin does.
    fn write_cfg(&self, folder: &Path, contents: &str) -> PathBuf {
        let path = folder.join(".wakatime.cfg");
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// The file of a student whose plugins send to this stand-in.
    fn plugin_cfg(&self) -> String {
        format!(
            "[settings]\r\napi_url = {}\r\napi_key = {}\r\n",
            self.fake.heartbeat_root(),
            self.key()
        )
    }

    fn connect(&self, cli: &Cli) -> Output {
        let args = account_args(ADA, &["connect", "--from-wakatime-config"]);
        cli.run(&args, PASSWORD)
    }

    fn connected(&self) -> bool {
        let out = self.cli.run(&["users", "--json"], "");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json[0]["wakatime_connected"] == true
    }

    fn doctor(&self, cli: &Cli) -> (String, String) {
        let out = cli.run(&["doctor"], "");
        assert!(out.status.success(), "doctor: {}", text(&out.stderr));
        (text(&out.stdout), text(&out.stderr))
    }
}

#[test]
fn a_students_wakatime_config_connects_to_each_server_without_printing_the_key() {
    for flavor in Flavor::ALL {
        let s = setup(flavor);
        let path = s.write_cfg(s.dir.path(), &s.plugin_cfg());
        let server = s.fake.base_url().trim_start_matches("http://").to_owned();

        let (doctor, _) = s.doctor(&s.cli);
        assert!(
            doctor.contains(&format!(
                "WakaTime config: {} (an API key for {server}",
                path.display()
            )),
            "{flavor:?}: {doctor}"
        );

        let out = s.connect(&s.cli);
        assert!(out.status.success(), "{flavor:?}: {}", text(&out.stderr));
        assert_eq!(
            text(&out.stdout),
            format!(
                "Using the API key for {server} from {}\nConnected as ada (API key)\nUsing {}\n",
                path.display(),
                s.fake.compat_root()
            ),
            "{flavor:?}"
        );
        for printed in [text(&out.stdout), text(&out.stderr), doctor] {
            assert!(
                !printed.contains(s.key()),
                "{flavor:?}: the key was printed"
            );
        }
        assert!(s.connected(), "{flavor:?}");
    }
}

#[test]
fn without_wakatime_home_the_file_in_the_home_folder_is_used() {
    let s = setup(Flavor::Wakapi);
    let home = tempfile::tempdir().unwrap();
    s.write_cfg(home.path(), &s.plugin_cfg());
    let cli = s
        .cli
        .clone()
        .env_remove("WAKATIME_HOME")
        .env("HOME", home.path().display());
    let out = s.connect(&cli);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(s.connected());
}

#[test]
fn a_config_that_offers_nothing_is_an_error_naming_the_file_and_what_is_wrong() {
    let s = setup(Flavor::Wakapi);
    let path = s.dir.path().join(".wakatime.cfg");
    let key = s.key().to_owned();
    let heartbeat_root = s.fake.heartbeat_root();
    let cases: [(Option<String>, &str); 5] = [
        (None, "There is no WakaTime configuration at"),
        (
            Some(format!("[settings]\napi_key = {key}\napi_url\n")),
            "line 3, cannot be used",
        ),
        (
            Some("[settings]\napi_key_vault_cmd = pass show wakatime\n".into()),
            "api_key_vault_cmd",
        ),
        (
            Some(format!("[settings]\napi_url = {heartbeat_root}\n")),
            "has no api_key",
        ),
        (
            Some(format!(
                "[settings]\napi_key = {key}\napi_url = http://wakapi.example.edu/api\n"
            )),
            "https://",
        ),
    ];
    for (contents, says) in cases {
        if let Some(contents) = &contents {
            std::fs::write(&path, contents).unwrap();
        }
        let out = s.connect(&s.cli);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{contents:?}: {err}");
        assert!(
            err.contains(&path.display().to_string()) && err.contains(says),
            "{contents:?}: {err}"
        );
        assert!(!err.contains(&key), "the key is never printed: {err}");
        assert!(!s.connected(), "{contents:?}");
    }
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let out = s.connect(&s.cli);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot be read"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_config_and_a_typed_server_cannot_be_asked_for_together() {
    let s = setup(Flavor::Wakapi);
    let args = account_args(
        ADA,
        &[
            "connect",
            "--from-wakatime-config",
            "--server",
            "https://wakapi.example.edu",
            "--api-key-stdin",
        ],
    );
    let out = s.cli.run(&args, PASSWORD);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn doctor_says_where_each_setting_comes_from_and_never_prints_a_secret() {
    let s = setup(Flavor::Wakatime);
    let (out, _) = s.doctor(&s.cli);
    let app = s.fake.client_id();
    for line in [
        format!("WakaTime app:   {app} (from the environment)"),
        "client secret:  set (from the environment)".into(),
        format!(
            "OAuth server:   {}/ (from the environment)",
            s.fake.base_url()
        ),
        format!(
            "API root:       {} (from the environment)",
            s.fake.api_url()
        ),
        format!(
            "system file:    {} (not present)",
            s.dir.path().join(SYSTEM_CONFIG_FILE).display()
        ),
        format!(
            "WakaTime config: no connection offered: There is no WakaTime configuration at {}",
            s.dir.path().join(".wakatime.cfg").display()
        ),
    ] {
        assert!(out.contains(&line), "{line:?} in:\n{out}");
    }
    assert!(!out.contains(s.fake.client_secret()), "{out}");

    // A school's file, with the environment's app gone: its app and its server.
    std::fs::write(
        s.dir.path().join(SYSTEM_CONFIG_FILE),
        "client_id = \"school-app\"\nclient_secret = \"school-secret-42\"\n\
         base_url = \"https://hackatime.example.edu\"\n",
    )
    .unwrap();
    let school = without_environment(s.dir.path());
    let (out, _) = s.doctor(&school);
    for line in [
        "WakaTime app:   school-app (from the system-wide file)",
        "client secret:  set (from the system-wide file)",
        "OAuth server:   https://hackatime.example.edu/ (from the system-wide file)",
        "API root:       https://api.wakatime.com/api/v1 (default)",
        "(read)",
    ] {
        assert!(out.contains(line), "{line:?} in:\n{out}");
    }
    assert!(!out.contains("school-secret-42"), "{out}");
}

#[test]
fn a_broken_system_file_is_a_warning_naming_its_line_and_the_app_still_works() {
    let s = setup(Flavor::Wakatime);
    let file = s.dir.path().join(SYSTEM_CONFIG_FILE);
    std::fs::write(
        &file,
        "client_id = \"school-app\"\nclient_secret = \"school-secret-42\n",
    )
    .unwrap();
    let school = without_environment(s.dir.path());
    let (out, err) = s.doctor(&school);
    assert!(out.contains("(left out, see the warning)"), "{out}");
    assert!(
        err.starts_with(&format!(
            "warning: The system-wide WakaTime settings in {}, line 2, were left out",
            file.display()
        )),
        "{err}"
    );
    assert!(!format!("{out}{err}").contains("school-secret-42"));
    assert!(
        out.contains("WakaTime app:   not set up"),
        "nothing of the file is used: {out}"
    );
    let users = school.run(&["users"], "");
    assert!(users.status.success(), "{}", text(&users.stderr));
}

#[test]
fn the_administrator_may_override_the_system_files_app_but_not_the_environments() {
    let s = setup(Flavor::Wakatime);
    std::fs::write(
        s.dir.path().join(SYSTEM_CONFIG_FILE),
        "client_id = \"school-app\"\nclient_secret = \"school-secret-42\"\n\
         base_url = \"https://hackatime.example.edu\"\n",
    )
    .unwrap();
    let configure = account_args(
        ADA,
        &[
            "configure",
            "--client-id",
            "own-app",
            "--client-secret-stdin",
        ],
    );
    let fixed = s.cli.run(&configure, "analytical-engine\nown-secret\n");
    assert_eq!(
        fixed.status.code(),
        Some(1),
        "the environment fixes the app"
    );

    let school = without_environment(s.dir.path());
    let out = school.run(&configure, "analytical-engine\nown-secret\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (out, _) = s.doctor(&school);
    assert!(
        out.contains("WakaTime app:   own-app (saved in Settings)"),
        "{out}"
    );
    assert!(
        out.contains("OAuth server:   https://hackatime.example.edu/ (from the system-wide file)"),
        "the school's server stays: {out}"
    );
}
