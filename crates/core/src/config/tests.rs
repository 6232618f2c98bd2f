//! Where each setting comes from, read from real files and a real database.

use super::*;

#[test]
fn endpoints_join_without_losing_the_base_path() {
    let base = Url::parse("https://api.wakatime.com/api/v1").unwrap();
    assert_eq!(
        join(&base, "users/current").as_str(),
        "https://api.wakatime.com/api/v1/users/current"
    );
    let slash = Url::parse("http://127.0.0.1:9/api/v1/").unwrap();
    assert_eq!(
        join(&slash, "/users/current").as_str(),
        "http://127.0.0.1:9/api/v1/users/current"
    );
}

#[test]
fn only_this_computer_may_be_reached_over_plain_http() {
    for (url, loopback) in [
        ("http://127.0.0.1:8765", true),
        ("http://localhost/api", true),
        ("http://[::1]:9/", true),
        ("https://wakatime.com", false),
        ("http://127.0.0.1.example.com", false),
        ("http://10.0.0.1", false),
    ] {
        assert_eq!(is_loopback(&Url::parse(url).unwrap()), loopback, "{url}");
    }
}

#[test]
fn a_bad_server_address_in_the_environment_names_the_variable_not_a_form_field() {
    assert!(checked_setting(BASE_URL_ENV, "http://127.0.0.1:8765").is_ok());
    for bad in ["ftp://wakatime.com", "http://wakatime.com", "wakatime.com"] {
        let err = checked_setting(BASE_URL_ENV, bad).unwrap_err();
        assert_eq!(err.code(), "server_url_invalid", "{bad}");
        assert_eq!(err.field(), None, "not about the API-key form: {bad}");
        let message = err.to_string();
        assert!(
            message.starts_with("WAKATIME_BASE_URL is not usable: it must be an https URL")
                && message.contains(bad),
            "{message}"
        );
    }
}

/// A data folder with its database and vault, and where the system-wide file goes.
struct Machine {
    dir: tempfile::TempDir,
    db: Database,
    vault: TokenVault,
}

fn machine() -> Machine {
    assert!(
        std::env::var_os(CLIENT_ID_ENV).is_none() && std::env::var_os(BASE_URL_ENV).is_none(),
        "run the tests without {CLIENT_ID_ENV} and {BASE_URL_ENV}: they outrank what is tested"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open_in(dir.path()).unwrap();
    let vault = TokenVault::from_key(&TokenVault::generate_key()).unwrap();
    Machine { dir, db, vault }
}

impl Machine {
    fn system_file(&self, contents: &str) {
        std::fs::write(self.dir.path().join("wakatime.toml"), contents).unwrap();
    }

    fn load(&self, build: BuildDefaults) -> WakatimeConfig {
        let defaults = InstallDefaults {
            system_file: Some(self.dir.path().join("wakatime.toml")),
            build,
        };
        WakatimeConfig::load(&self.db, Some(&self.vault), &defaults).unwrap()
    }
}

fn client(cfg: &WakatimeConfig) -> (&str, &str, Source) {
    let c = cfg.client.as_ref().expect("an app is configured");
    (c.id.as_str(), c.secret.expose().as_str(), c.source)
}

const BUILT: BuildDefaults = BuildDefaults::new(Some("built-id"), Some("built-secret"));

#[test]
fn with_nothing_set_no_app_is_configured_and_the_servers_are_wakatimes() {
    let m = machine();
    let cfg = WakatimeConfig::load(&m.db, Some(&m.vault), &InstallDefaults::none()).unwrap();
    assert!(cfg.client.is_none());
    assert_eq!(cfg.base_url.as_str(), "https://wakatime.com/");
    assert_eq!(cfg.api_url.as_str(), DEFAULT_API_URL);
    assert_eq!(
        (cfg.base_url_source, cfg.api_url_source),
        (Source::Default, Source::Default)
    );
    assert!(
        m.load(BuildDefaults::default())
            .system_file_problem
            .is_none(),
        "no file, no problem"
    );
}

#[test]
fn saved_settings_override_the_system_file_which_overrides_the_build() {
    let m = machine();
    let cfg = m.load(BUILT);
    assert_eq!(client(&cfg), ("built-id", "built-secret", Source::Build));

    m.system_file(
        "client_id = \"school-id\"\nclient_secret = \"school-secret\"\n\
         base_url = \"https://hackatime.example.edu\"\n",
    );
    let cfg = m.load(BUILT);
    assert_eq!(client(&cfg), ("school-id", "school-secret", Source::System));
    assert_eq!(cfg.base_url.as_str(), "https://hackatime.example.edu/");
    assert_eq!(cfg.base_url_source, Source::System);
    assert_eq!(
        (cfg.api_url.as_str(), cfg.api_url_source),
        (DEFAULT_API_URL, Source::Default),
        "each address from the first source that has it"
    );
    assert!(
        !cfg.client.as_ref().unwrap().is_fixed(),
        "Settings may override it"
    );

    let mut db = Database::open_in(m.dir.path()).unwrap();
    save_client(&mut db, &m.vault, "saved-id", &Secret::from("saved-secret")).unwrap();
    let cfg = m.load(BUILT);
    assert_eq!(client(&cfg), ("saved-id", "saved-secret", Source::Settings));
    assert_eq!(
        cfg.base_url_source,
        Source::System,
        "Settings hold no address: the school's server stays"
    );
}

#[test]
fn a_broken_system_file_is_left_out_whole_and_reported_with_its_line() {
    let m = machine();
    m.system_file(
        "client_id = \"school-id\"\nclient_secret = \"school-secret\"\n\
         base_url = \"http://hackatime.example.edu\"\n",
    );
    let cfg = m.load(BUILT);
    assert_eq!(
        client(&cfg).2,
        Source::Build,
        "not even the file's app is used when part of it is wrong"
    );
    assert_eq!(cfg.base_url_source, Source::Default);
    let problem = cfg.system_file_problem.expect("reported");
    assert_eq!(problem.line, Some(3));
    let error = problem.to_error();
    assert_eq!(error.code(), "system_config_unusable");
    let shown = error.to_string();
    assert!(
        shown.contains("wakatime.toml, line 3,") && shown.contains("base_url must be an https URL"),
        "{shown}"
    );
    assert!(!shown.contains("school-secret"), "{shown}");
}

#[test]
fn the_startup_warning_is_the_system_files_problem_or_nothing() {
    let m = machine();
    let defaults = InstallDefaults {
        system_file: Some(m.dir.path().join("wakatime.toml")),
        build: BuildDefaults::default(),
    };
    assert!(defaults.system_file_problem().is_none(), "no file is fine");
    m.system_file("client_id = \"a\"\n");
    let problem = defaults.system_file_problem().expect("half an app");
    assert_eq!(problem.line, Some(1));
    assert!(InstallDefaults::none().system_file_problem().is_none());
}
