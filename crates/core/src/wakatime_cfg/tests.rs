//! `offer` on real files in a temporary folder, written as editor plugins and people
//! write them.

use std::path::PathBuf;

use super::*;

const KEY: &str = "waka_8f0e2a4c-1d3b-4e5f-9a6b-7c8d9e0f1a2b";

struct Home {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn home(contents: impl AsRef<[u8]>) -> Home {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    std::fs::write(&path, contents).unwrap();
    Home { _dir: dir, path }
}

fn offered(contents: &str) -> CfgOffer {
    let home = home(contents);
    let offer = offer(&home.path).unwrap_or_else(|e| panic!("{contents:?}: {e}"));
    assert_eq!(offer.path, home.path);
    assert_eq!(offer.key.expose(), KEY, "{contents:?}");
    offer
}

#[test]
fn a_wakatime_user_without_api_url_is_offered_wakatime_com() {
    let offer = offered(&format!("[settings]\napi_key = {KEY}\n"));
    assert_eq!(offer.server, "wakatime.com");
    assert_eq!(offer.address, "https://api.wakatime.com/api/v1");
}

#[test]
fn each_servers_api_url_is_offered_as_its_host() {
    for (api_url, server, address) in [
        (
            "https://wakapi.example.edu/api",
            "wakapi.example.edu",
            "https://wakapi.example.edu/api",
        ),
        (
            "https://hackatime.hackclub.com/api/hackatime/v1",
            "hackatime.hackclub.com",
            "https://hackatime.hackclub.com/api/hackatime/v1",
        ),
        (
            "https://api.wakatime.com/api/v1/",
            "wakatime.com",
            "https://api.wakatime.com/api/v1",
        ),
        // Older set-up guides named the heartbeat endpoint itself.
        (
            "https://wakapi.example.edu/api/heartbeat",
            "wakapi.example.edu",
            "https://wakapi.example.edu/api",
        ),
        (
            "https://wakapi.example.edu/api/users/current/heartbeats.bulk",
            "wakapi.example.edu",
            "https://wakapi.example.edu/api",
        ),
        (
            "http://127.0.0.1:3000/api",
            "127.0.0.1:3000",
            "http://127.0.0.1:3000/api",
        ),
    ] {
        let offer = offered(&format!(
            "[settings]\napi_url = {api_url}\napi_key = {KEY}\n"
        ));
        assert_eq!(offer.server, server, "{api_url}");
        assert_eq!(offer.address, address, "{api_url}");
    }
}

#[test]
fn a_hand_written_windows_file_with_bom_crlf_and_comments_is_read() {
    let text = format!(
        "\u{feff}; my WakaTime settings\r\n# (the school's Wakapi)\r\n\r\n[settings]\r\n\
         \t API_KEY   =   {KEY}   ; from the web page\r\ndebug=false\r\n\
         api_url\t= \"https://wakapi.example.edu/api\"\r\n[git]\r\nsubmodules_disabled = false\r\n"
    );
    let offer = offered(&text);
    assert_eq!(offer.server, "wakapi.example.edu");
}

#[test]
fn a_key_in_the_old_spelling_is_found_and_a_vault_command_is_never_run() {
    offered(&format!("[settings]\napikey = {KEY}\n"));
    // A key in the file wins over the command, as in wakatime-cli.
    offered(&format!(
        "[settings]\napi_key_vault_cmd = touch /tmp/ran\napi_key = {KEY}\n"
    ));
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    let vault = home(format!(
        "[settings]\napi_key_vault_cmd = touch {}\n",
        marker.display()
    ));
    let err = offer(&vault.path).unwrap_err();
    assert_eq!(err.code(), "wakatime_cfg_key_in_vault");
    assert!(err.to_string().contains("Paste your API key"), "{err}");
    assert!(!marker.exists(), "the command was not run");
}

#[test]
fn no_file_an_unreadable_one_and_one_without_a_key_each_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join(FILE_NAME);
    let err = offer(&missing).unwrap_err();
    assert_eq!(err.code(), "wakatime_cfg_missing");
    assert!(err.to_string().contains(&missing.display().to_string()));

    // A folder in the file's place cannot be read by anyone, root included.
    std::fs::create_dir(&missing).unwrap();
    let err = offer(&missing).unwrap_err();
    assert_eq!(err.code(), "wakatime_cfg_unreadable", "{err}");

    for text in [
        "",
        "[settings]\napi_url = https://wakapi.example.edu/api\n",
        "[settings]\napi_key =\n",
        &format!("[other]\napi_key = {KEY}\n"),
    ] {
        let file = home(text);
        let err = offer(&file.path).unwrap_err();
        assert_eq!(err.code(), "wakatime_cfg_no_key", "{text:?}: {err}");
        assert!(err.to_string().contains("has no api_key"), "{err}");
    }
}

#[test]
fn a_malformed_file_names_the_file_and_the_line_and_never_the_key() {
    for (text, line, says) in [
        (
            format!("[settings]\napi_key = {KEY}\nnot a setting\n"),
            "line 3",
            "neither a [section]",
        ),
        (
            format!("[settings\napi_key = {KEY}\n"),
            "line 1",
            "closing ]",
        ),
        (
            format!("[settings]\napi_key = {KEY}\napi_url = http://wakapi.example.edu/api\n"),
            "line 3",
            "https://",
        ),
        (
            format!("[settings]\napi_key = {KEY}\napi_url = https://x.example/api?api_key={KEY}\n"),
            "line 3",
            "without a query",
        ),
        (
            format!("[settings]\napi_key = {KEY}\napi_url = wakapi\n"),
            "line 3",
            "not a web address",
        ),
    ] {
        let file = home(&text);
        let err = offer(&file.path).unwrap_err();
        let shown = err.to_string();
        assert_eq!(err.code(), "wakatime_cfg_invalid", "{text:?}: {shown}");
        assert!(
            shown.starts_with(&format!("{}, {line},", file.path.display())),
            "{shown}"
        );
        assert!(shown.contains(says), "{text:?}: {shown}");
        assert!(!shown.contains(KEY), "the key is never shown: {shown}");
    }
    let file = home(b"[settings]\napi_key = \xff\xfe\n");
    assert_eq!(
        offer(&file.path).unwrap_err().code(),
        "wakatime_cfg_invalid"
    );
}

#[test]
fn the_offer_never_prints_the_key() {
    let offer = offered(&format!("[settings]\napi_key = {KEY}\n"));
    let shown = format!("{offer:?}");
    assert!(!shown.contains(KEY), "{shown}");
}
