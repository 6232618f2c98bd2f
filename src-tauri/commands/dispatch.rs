//! The one invoke handler: the page's command names, with their arguments as the page
//! sends them (camelCase keys), to the functions of this folder.
//!
//! Written out instead of `tauri::generate_handler!`, which makes every command a task
//! and an answer of its own type: with 27 commands that glue was about a tenth of the
//! binary (BENCHMARKS.md). Here every command runs as one kind of task on the async
//! runtime, off the main thread, as the macro's async commands did. Which commands the
//! page may call at all is still decided before this handler, by the capability file
//! and the permissions generated in build.rs (`capability_check.rs` keeps the three
//! lists equal).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tauri::ipc::{Invoke, InvokeBody};
use tauri::{AppHandle, Manager, Wry};

use super::{
    accounts, desktop, export, goal, project, settings, stats, status, wakatime, wakatime_config,
};
use crate::command_error::{CommandError, ShellCode};
use crate::state::AppState;

/// Takes every invoke of the app's own commands; answers on the async runtime.
pub fn handle(invoke: Invoke<Wry>) -> bool {
    let Invoke {
        message, resolver, ..
    } = invoke;
    let app = message.webview_ref().app_handle().clone();
    tauri::async_runtime::spawn(async move {
        // Read in place, so a password in the arguments is not copied.
        let args = Args {
            command: message.command(),
            payload: match message.payload() {
                InvokeBody::Json(value) => value,
                InvokeBody::Raw(_) => &Value::Null,
            },
        };
        match run(&app, args).await {
            Ok(value) => resolver.resolve(value),
            Err(error) => resolver.reject(error),
        }
        if LEAVE_MUCH_FREED.contains(&args.command) {
            crate::heap::give_back_freed();
        }
    });
    true
}

/// Commands that read or fetch a year of figures and free them once answered.
const LEAVE_MUCH_FREED: [&str; 4] = ["dashboard", "sync_stats", "project_view", "export_csv"];

/// The arguments of one call.
#[derive(Clone, Copy)]
struct Args<'a> {
    command: &'a str,
    payload: &'a Value,
}

impl Args<'_> {
    /// The argument `key`; a missing key reads as null, so optional ones are None. The
    /// error names the key but not the decoder's words, which quote the value sent (a
    /// password, say).
    fn get<T: DeserializeOwned>(self, key: &str) -> Result<T, CommandError> {
        let value = self.payload.get(key).unwrap_or(&Value::Null);
        T::deserialize(value).map_err(|_| {
            CommandError::shell(
                ShellCode::Internal,
                format!(
                    "The window sent `{key}` to `{}` missing or in a form the app does not take.",
                    self.command
                ),
            )
        })
    }
}

fn answer<T: Serialize>(result: Result<T, CommandError>) -> Result<Value, CommandError> {
    serde_json::to_value(result?)
        .map_err(|e| CommandError::internal(&format!("An answer could not be written ({e})")))
}

async fn run(app: &AppHandle, args: Args<'_>) -> Result<Value, CommandError> {
    let state = app.state::<AppState>();
    let state: &AppState = &state;
    match args.command {
        "signup" => answer(accounts::signup(
            state,
            args.get("email")?,
            args.get("name")?,
            args.get("password")?,
            args.get("student")?,
        )),
        "login" => answer(accounts::login(
            state,
            args.get("email")?,
            args.get("password")?,
            args.get("keep")?,
        )),
        "logout" => {
            accounts::logout(state);
            Ok(Value::Null)
        }
        "current_user" => answer(accounts::current_user(state)),
        "startup_status" => answer(status::startup_status(app, state)),
        "connect_wakatime" => answer(wakatime::connect_wakatime(app, state)),
        "connect_api_key" => answer(
            wakatime::connect_api_key(state, args.get("serverUrl")?, args.get("apiKey")?).await,
        ),
        "server_presets" => answer(Ok(wakatime::server_presets())),
        "cancel_connect" => answer(wakatime::cancel_connect(state)),
        "disconnect_wakatime" => answer(wakatime::disconnect_wakatime(state).await),
        "wakatime_status" => answer(wakatime::wakatime_status(state)),
        "check_wakatime" => answer(wakatime::check_wakatime(state).await),
        "wakatime_config_offer" => answer(wakatime_config::wakatime_config_offer(state)),
        "connect_wakatime_config" => {
            answer(wakatime_config::connect_wakatime_config(app, state).await)
        }
        "wakatime_settings" => answer(settings::wakatime_settings(state)),
        "save_wakatime_settings" => answer(settings::save_wakatime_settings(
            state,
            args.get("clientId")?,
            args.get("clientSecret")?,
            args.get("password")?,
        )),
        "dashboard" => answer(stats::dashboard(state, args.get("range")?)),
        "sync_stats" => answer(stats::sync_stats(app, state).await),
        "set_daily_goal" => answer(goal::set_daily_goal(state, args.get("minutes")?)),
        "project_view" => answer(project::project_view(state, args.get("range")?)),
        "choose_project" => answer(project::choose_project(state, args.get("name")?)),
        "set_week_start" => answer(project::set_week_start(state, args.get("weekStart")?)),
        "update_student" => answer(project::update_student(
            state,
            args.get("batch")?,
            args.get("project")?,
        )),
        "export_csv" => answer(export::export_csv(app, state, args.get("range")?)),
        "show_folder" => answer(export::show_folder(app, state, args.get("folder")?)),
        "desktop_settings" => answer(desktop::desktop_settings(state)),
        "set_desktop_setting" => answer(desktop::set_desktop_setting(
            state,
            args.get("name")?,
            args.get("on")?,
        )),
        other => Err(CommandError::shell(
            ShellCode::Internal,
            format!("Command {other} not found"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use wakadesk_core::secret::Secret;

    use super::*;

    fn args(payload: &Value) -> Args<'_> {
        Args {
            command: "login",
            payload,
        }
    }

    #[test]
    fn arguments_are_read_by_their_camel_case_keys() {
        let payload =
            json!({ "email": "a@example.edu", "serverUrl": "https://w.example", "keep": true });
        assert_eq!(
            args(&payload).get::<String>("email").unwrap(),
            "a@example.edu"
        );
        assert_eq!(
            args(&payload).get::<String>("serverUrl").unwrap(),
            "https://w.example"
        );
        assert_eq!(
            args(&payload).get::<Option<bool>>("keep").unwrap(),
            Some(true)
        );
    }

    #[test]
    fn a_missing_optional_argument_is_none_and_a_missing_required_one_is_named() {
        let payload = json!({ "email": "a@example.edu" });
        assert_eq!(args(&payload).get::<Option<bool>>("keep").unwrap(), None);
        let err = args(&payload)
            .get::<Secret<String>>("password")
            .unwrap_err();
        assert_eq!(err.code, "internal");
        assert!(
            err.message.contains("`password`") && err.message.contains("`login`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_argument_of_the_wrong_type_is_refused_without_echoing_its_value() {
        let payload = json!({ "password": 12345678 });
        let err = args(&payload)
            .get::<Secret<String>>("password")
            .unwrap_err();
        assert!(err.message.contains("`password`"), "{}", err.message);
        assert!(!err.message.contains("12345678"), "{}", err.message);
    }

    #[test]
    fn answers_are_the_json_the_macro_gave() {
        assert_eq!(answer(Ok(Some(vec![1, 2]))).unwrap(), json!([1, 2]));
        assert_eq!(answer::<()>(Ok(())).unwrap(), Value::Null);
        let err = answer::<()>(Err(CommandError::not_logged_in())).unwrap_err();
        assert_eq!(err.code, "not_logged_in");
    }
}
