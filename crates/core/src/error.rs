//! One error type for the core, with messages written for the person using the app.
//!
//! Front ends branch on [`Error::code`] (a stable string) and, for form input, on
//! [`Error::field`]; they show [`std::fmt::Display`] as is. No message contains a
//! secret: variants carry paths and counts, never passwords, tokens or keys.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The form field an input error belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    Email,
    Name,
    Password,
    Batch,
    Project,
    ClientId,
    ClientSecret,
    ServerUrl,
    ApiKey,
    /// The daily goal, in minutes.
    Goal,
    /// The WakaTime project name a student picks when none matches their project.
    WakatimeProject,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Enter a valid email address, like name@example.com.")]
    InvalidEmail,
    #[error("Enter your name.")]
    EmptyName,
    #[error("Use a password of at least {min} characters.")]
    ShortPassword { min: usize },
    #[error("Use a password of at most {max} characters.")]
    LongPassword { max: usize },
    #[error("Students need a batch, for example 2026-A.")]
    MissingBatch,
    #[error("Students need a project.")]
    MissingProject,
    #[error("{field:?} is too long: at most {max} characters.")]
    TooLong { field: Field, max: usize },
    #[error("An account with this email already exists. Log in instead.")]
    DuplicateEmail,
    #[error("Email or password is incorrect.")]
    BadCredentials,
    /// A password typed again to confirm a change is not the account's.
    #[error("That is not this account's password. Type the password you log in with.")]
    WrongPassword,
    #[error(
        "Only the account created first on this computer can change the WakaTime app \
         settings. Log in as that account to change them."
    )]
    NotAdministrator,
    #[error(
        "The WakaTime app is set by the WAKATIME_CLIENT_ID and WAKATIME_CLIENT_SECRET \
         environment variables, so it cannot be changed here. Change them where they are set."
    )]
    SettingsFromEnvironment,
    #[error("No account with id {0}.")]
    UnknownUser(i64),
    #[error("Set a daily goal between 1 and {max_minutes} minutes.")]
    InvalidGoal { max_minutes: i64 },
    #[error(
        "This account did not sign up as a student, so it has no project. Add a batch and \
         a project first."
    )]
    NotStudent,
    #[error(
        "{name:?} is not a project in your synced WakaTime data. Choose one of the names \
         listed, or sync first."
    )]
    ProjectNotSynced { name: String },

    #[error(
        "The data directory {path} cannot be used ({source}). Make it writable, or set \
         WAKADESK_DATA_DIR to a directory you can write to."
    )]
    DataDirUnwritable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("No data directory could be found for this user. Set WAKADESK_DATA_DIR.")]
    NoDataDir,
    #[error(
        "Could not change the log-in start entry {path}: {source}. Check that your \
         autostart folder can be written to."
    )]
    AutostartUnwritable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "Starting wakadesk at log-in is not available here: no configuration folder was \
         found for this user (set XDG_CONFIG_HOME or HOME)."
    )]
    AutostartUnavailable,
    #[error(
        "The database {path} was written by a newer version of wakadesk (schema {found}, this \
         version knows up to {supported}). Install the newer wakadesk, or point \
         WAKADESK_DATA_DIR elsewhere."
    )]
    NewerDatabase {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("The database {path} is not a wakadesk database or is damaged ({detail}).")]
    CorruptDatabase { path: PathBuf, detail: String },
    #[error(
        "This system's SQLite is version {found}; wakadesk needs {needed} or newer. Update \
         the system (on Debian or Ubuntu: the libsqlite3-0 package)."
    )]
    SqliteTooOld {
        found: &'static str,
        needed: &'static str,
    },
    #[error(
        "The database {path} cannot be shared between wakadesk's window and its command line: \
         the file system of its folder does not support the shared memory SQLite needs (some \
         network shares and synced folders do not). Set WAKADESK_DATA_DIR to a folder on a \
         local disk."
    )]
    WalUnavailable { path: PathBuf },
    /// Any other SQLite failure (a full disk becomes [`Error::DiskFull`]).
    #[error("Database error: {0}")]
    Database(rusqlite::Error),

    #[error(
        "WAKADESK_FERNET_KEY is set but is not a valid Fernet key (expected 32 bytes in \
         URL-safe base64, 44 characters). Fix it or unset it to use the OS keyring."
    )]
    InvalidFernetKey,
    #[error(
        "No OS keyring is reachable ({detail}), so wakadesk cannot read or store the key that \
         protects WakaTime tokens. Start your keyring and unlock it (on Linux, a Secret Service \
         such as GNOME Keyring or KWallet; logging in to the desktop session again starts it) \
         and try again: stored tokens are kept and work again once it is back. Without a \
         keyring, set WAKADESK_FERNET_KEY to a Fernet key."
    )]
    KeyringUnavailable { detail: String },
    #[error(
        "The OS keyring is locked, so wakadesk cannot read the key that protects WakaTime \
         tokens. Unlock it (log in to the desktop session again, or unlock the Login keyring \
         in Passwords and Keys) and try again; nothing stored is lost."
    )]
    KeyringLocked,
    #[error(
        "The OS keyring did not answer within {seconds} seconds; it may be locked and waiting \
         for an unlock prompt. Unlock it (log in to the desktop session again) and try again; \
         nothing stored is lost."
    )]
    KeyringNoAnswer { seconds: u64 },
    #[error(
        "The key stored in the OS keyring for wakadesk is not a valid Fernet key. Remove the \
         '{service}' entry from your keyring to create a new one (stored WakaTime tokens will \
         then need reconnecting)."
    )]
    KeyringKeyInvalid { service: String },
    #[error("The OS keyring refused the request ({detail}).")]
    Keyring { detail: String },
    #[error(
        "A stored token could not be decrypted: it was written with another key or was \
         changed. Reconnect WakaTime."
    )]
    TokenUndecryptable,
    #[error(
        "WAKADESK_NOW is set but is not an RFC 3339 instant such as 2026-11-25T12:00:00Z \
         ({value:?}). Fix it, or unset it to use the system clock."
    )]
    InvalidNow { value: String },
    #[error("Password hashing failed ({0}).")]
    PasswordHash(String),

    #[error(
        "wakadesk is not registered with WakaTime yet. Register an app at \
         https://wakatime.com/apps with the redirect URI {redirect_uri} and enter its client id \
         and secret in Settings (or set WAKATIME_CLIENT_ID and WAKATIME_CLIENT_SECRET)."
    )]
    NotConfigured { redirect_uri: String },
    /// The system-wide settings file was left out; the app works without it.
    #[error(
        "The system-wide WakaTime settings in {}{} were left out: {reason}. wakadesk works \
         without them; whoever manages this computer can fix the file.",
        path.display(),
        line.map(|l| format!(", line {l},")).unwrap_or_default()
    )]
    SystemConfigUnusable {
        path: PathBuf,
        line: Option<usize>,
        reason: String,
    },
    #[error("Enter the client id of your WakaTime app.")]
    MissingClientId,
    #[error("Enter the client secret of your WakaTime app.")]
    MissingClientSecret,
    #[error("You declined the connection on WakaTime. Nothing was changed.")]
    Declined,
    /// The WakaTime account approved is already another local account's.
    #[error(
        "This WakaTime account is already connected to another wakadesk account on this \
         computer. Sign in to WakaTime in your browser as yourself, then click Connect again."
    )]
    WakatimeAccountTaken,
    #[error(
        "This answer from WakaTime does not belong to a connection wakadesk started. Click \
         Connect to start again."
    )]
    AuthUnknownState,
    #[error("This answer from WakaTime was already used. Click Connect to start again.")]
    AuthStateUsed,
    #[error(
        "The connection request expired (you have 10 minutes to approve). Click Connect to \
         start again."
    )]
    AuthExpired,
    #[error("The answer from the browser is not valid: {reason}.")]
    CallbackInvalid { reason: String },
    #[error("WakaTime could not be reached: {detail}. Check your connection and try again.")]
    WakatimeUnreachable { detail: String },
    #[error("WakaTime is having trouble (HTTP {status}). Try again in a few minutes.")]
    WakatimeServerError { status: u16 },
    #[error("WakaTime refused the request ({error}{}).", description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    WakatimeRejected {
        error: String,
        description: Option<String>,
    },
    #[error("WakaTime's answer to the token request could not be read ({detail}).")]
    TokenResponseInvalid { detail: String },
    #[error("WakaTime's answer could not be read ({detail}).")]
    WakatimeResponseInvalid { detail: String },
    #[error("WakaTime did not accept the stored access.")]
    WakatimeUnauthorized,
    #[error(
        "WakaTime no longer accepts wakadesk's access for this account (it was revoked or has \
         expired), so it was disconnected. Connect again."
    )]
    ReconnectNeeded,
    /// The grant was made with another WakaTime app than the one now set up.
    #[error(
        "This connection was made with another WakaTime app than the one now set up in \
         Settings, so wakadesk cannot renew it. Disconnect and connect again."
    )]
    ClientChanged,
    #[error("This account is not connected to WakaTime.")]
    NotConnected,
    #[error("WakaTime asked wakadesk to slow down. Try again in a minute.")]
    WakatimeRateLimited,
    #[error("WakaTime does not offer {what} for this account.")]
    WakatimeNotAvailable { what: String },
    /// Summaries refused because they reach further back than the account's plan
    /// serves; sync answers it by asking for less (users see it only if even a day is
    /// refused).
    #[error("WakaTime refused days that far back for this account's plan.")]
    WakatimeHistoryRefused,
    /// A server address typed in the API-key form (`setting` None) or set in the
    /// environment (`setting` names the variable) breaks the address rules.
    #[error("{} is not usable: {reason}.", setting.unwrap_or("The server address"))]
    ServerUrlInvalid {
        setting: Option<&'static str>,
        reason: String,
    },
    #[error("Enter your API key (found in your account settings on the server).")]
    MissingApiKey,
    #[error(
        "{server} did not accept this API key. Copy it again from your account settings there."
    )]
    ApiKeyRejected { server: String },
    #[error(
        "{url} does not answer like a WakaTime-compatible API. Check the address: for Wakapi it \
         ends in /api/compat/wakatime/v1, for Hackatime in /api/hackatime/v1."
    )]
    NotWakatimeApi { url: String },
    #[error("The server {server} could not be reached: {detail}. Check the address and your connection.")]
    ServerUnreachable { server: String, detail: String },
    /// An answer over `http::MAX_BODY_BYTES`, announced or streamed: no WakaTime answer
    /// comes near it, so the server is misbehaving or is not what it seems.
    #[error(
        "The answer from {server} is larger than {limit_mib} MiB, far more than any \
         WakaTime answer, so wakadesk stopped reading it. Check the server address; if it \
         is right, tell whoever runs that server."
    )]
    ResponseTooLarge { server: String, limit_mib: usize },
    #[error(
        "There is no WakaTime configuration at {}: wakadesk looks where WakaTime's editor \
         plugins keep theirs ($WAKATIME_HOME or your home folder).",
        path.display()
    )]
    WakatimeCfgMissing { path: PathBuf },
    #[error("{} cannot be read ({detail}).", path.display())]
    WakatimeCfgUnreadable { path: PathBuf, detail: String },
    #[error(
        "{}{} cannot be used: {reason}.",
        path.display(),
        line.map(|l| format!(", line {l},")).unwrap_or_default()
    )]
    WakatimeCfgInvalid {
        path: PathBuf,
        line: Option<usize>,
        reason: String,
    },
    #[error(
        "{} has no api_key in its [settings] section. Paste your API key under Use an API \
         key instead.",
        path.display()
    )]
    WakatimeCfgNoKey { path: PathBuf },
    #[error(
        "{} gets its API key by running a command (api_key_vault_cmd), which wakadesk does \
         not run. Paste your API key under Use an API key instead.",
        path.display()
    )]
    WakatimeCfgKeyInVault { path: PathBuf },
    #[error("Unknown range {range:?}: use last_7_days, last_30_days, last_6_months or last_year.")]
    UnknownRange { range: String },
    #[error("Too many failed attempts; try again in {retry_after_secs} seconds.")]
    TooManyAttempts { retry_after_secs: i64 },
    #[error("The export could not be saved as {path} ({source}). Choose another folder or name.")]
    ExportWriteFailed {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("The export could not be written as JSON ({detail}).")]
    ExportEncoding { detail: String },
    #[error(
        "The disk holding wakadesk's data is full. Free some space and try again; what was \
         stored before is kept."
    )]
    DiskFull,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            _ => Error::Database(e),
        }
    }
}

impl Error {
    /// Stable machine-readable code, for front ends to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidEmail => "invalid_email",
            Error::EmptyName => "empty_name",
            Error::ShortPassword { .. } => "short_password",
            Error::LongPassword { .. } => "long_password",
            Error::MissingBatch => "missing_batch",
            Error::MissingProject => "missing_project",
            Error::TooLong { .. } => "too_long",
            Error::DuplicateEmail => "duplicate_email",
            Error::BadCredentials => "bad_credentials",
            Error::WrongPassword => "wrong_password",
            Error::NotAdministrator => "not_administrator",
            Error::SettingsFromEnvironment => "settings_from_environment",
            Error::UnknownUser(_) => "unknown_user",
            Error::InvalidGoal { .. } => "invalid_goal",
            Error::NotStudent => "not_student",
            Error::ProjectNotSynced { .. } => "project_not_synced",
            Error::DataDirUnwritable { .. } => "data_dir_unwritable",
            Error::NoDataDir => "no_data_dir",
            Error::AutostartUnwritable { .. } => "autostart_unwritable",
            Error::AutostartUnavailable => "autostart_unavailable",
            Error::NewerDatabase { .. } => "newer_database",
            Error::CorruptDatabase { .. } => "corrupt_database",
            Error::SqliteTooOld { .. } => "sqlite_too_old",
            Error::WalUnavailable { .. } => "wal_unavailable",
            Error::Database(_) => "database",
            Error::InvalidFernetKey => "invalid_fernet_key",
            Error::KeyringUnavailable { .. } => "keyring_unavailable",
            Error::KeyringLocked => "keyring_locked",
            Error::KeyringNoAnswer { .. } => "keyring_no_answer",
            Error::KeyringKeyInvalid { .. } => "keyring_key_invalid",
            Error::Keyring { .. } => "keyring",
            Error::TokenUndecryptable => "token_undecryptable",
            Error::InvalidNow { .. } => "invalid_now",
            Error::PasswordHash(_) => "password_hash",
            Error::NotConfigured { .. } => "not_configured",
            Error::SystemConfigUnusable { .. } => "system_config_unusable",
            Error::MissingClientId => "missing_client_id",
            Error::MissingClientSecret => "missing_client_secret",
            Error::Declined => "declined",
            Error::WakatimeAccountTaken => "wakatime_account_taken",
            Error::AuthUnknownState => "auth_unknown_state",
            Error::AuthStateUsed => "auth_state_used",
            Error::AuthExpired => "auth_expired",
            Error::CallbackInvalid { .. } => "callback_invalid",
            Error::WakatimeUnreachable { .. } => "wakatime_unreachable",
            Error::WakatimeServerError { .. } => "wakatime_server_error",
            Error::WakatimeRejected { .. } => "wakatime_rejected",
            Error::TokenResponseInvalid { .. } => "token_response_invalid",
            Error::WakatimeResponseInvalid { .. } => "wakatime_response_invalid",
            Error::WakatimeUnauthorized => "wakatime_unauthorized",
            Error::ClientChanged => "client_changed",
            Error::ReconnectNeeded => "reconnect_needed",
            Error::NotConnected => "not_connected",
            Error::WakatimeRateLimited => "wakatime_rate_limited",
            Error::WakatimeNotAvailable { .. } => "wakatime_not_available",
            Error::WakatimeHistoryRefused => "wakatime_history_refused",
            Error::UnknownRange { .. } => "unknown_range",
            Error::ServerUrlInvalid { .. } => "server_url_invalid",
            Error::MissingApiKey => "missing_api_key",
            Error::ApiKeyRejected { .. } => "api_key_rejected",
            Error::NotWakatimeApi { .. } => "not_wakatime_api",
            Error::ServerUnreachable { .. } => "server_unreachable",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::WakatimeCfgMissing { .. } => "wakatime_cfg_missing",
            Error::WakatimeCfgUnreadable { .. } => "wakatime_cfg_unreadable",
            Error::WakatimeCfgInvalid { .. } => "wakatime_cfg_invalid",
            Error::WakatimeCfgNoKey { .. } => "wakatime_cfg_no_key",
            Error::WakatimeCfgKeyInVault { .. } => "wakatime_cfg_key_in_vault",
            Error::TooManyAttempts { .. } => "too_many_attempts",
            Error::ExportWriteFailed { .. } => "export_write_failed",
            Error::ExportEncoding { .. } => "export_encoding",
            Error::DiskFull => "disk_full",
        }
    }

    /// The form field this error is about, if it is about one.
    pub fn field(&self) -> Option<Field> {
        match self {
            Error::InvalidEmail | Error::DuplicateEmail => Some(Field::Email),
            Error::EmptyName => Some(Field::Name),
            Error::ShortPassword { .. } | Error::LongPassword { .. } | Error::WrongPassword => {
                Some(Field::Password)
            }
            Error::MissingBatch => Some(Field::Batch),
            Error::MissingProject => Some(Field::Project),
            Error::TooLong { field, .. } => Some(*field),
            Error::MissingClientId => Some(Field::ClientId),
            Error::MissingClientSecret => Some(Field::ClientSecret),
            Error::ServerUrlInvalid { setting: None, .. } | Error::NotWakatimeApi { .. } => {
                Some(Field::ServerUrl)
            }
            Error::MissingApiKey | Error::ApiKeyRejected { .. } => Some(Field::ApiKey),
            Error::InvalidGoal { .. } => Some(Field::Goal),
            Error::ProjectNotSynced { .. } => Some(Field::WakatimeProject),
            _ => None,
        }
    }

    /// A failure that may pass by itself (network, server trouble): worth a retry later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::WakatimeUnreachable { .. }
                | Error::WakatimeServerError { .. }
                | Error::WakatimeRateLimited
                | Error::ServerUnreachable { .. }
        )
    }
}
