// The one place that talks to the Rust side. Every call resolves with the command's
// value or rejects with `{ code, message, field }`, whatever shape the failure took; the
// shell's events (what it says without being asked) are heard through `onEvent`.

const NO_SHELL = {
  code: "no_shell",
  message: "wakadesk must be opened as the desktop app, not in a browser.",
  field: null,
};

function toError(raw) {
  if (raw && typeof raw === "object" && typeof raw.message === "string") {
    return { code: raw.code ?? "unknown", message: raw.message, field: raw.field ?? null };
  }
  return { code: "unknown", message: String(raw ?? "Something went wrong."), field: null };
}

async function call(command, args) {
  const invoke = window.__TAURI__?.core?.invoke;
  if (typeof invoke !== "function") throw NO_SHELL;
  try {
    return await invoke(command, args);
  } catch (raw) {
    throw toError(raw);
  }
}

/** @param {{email: string, name: string, password: string,
 *           student: null | {batch: string, project: string}}} form */
export const signup = (form) => call("signup", form);

export const login = (email, password, keep = false) =>
  call("login", { email, password, keep });
export const desktopSettings = () => call("desktop_settings");
export const setDesktopSetting = (name, on) => call("set_desktop_setting", { name, on });

export const logout = () => call("logout");

/** The logged-in user, or null. */
export const currentUser = () => call("current_user");

/** `{ dataDir, keyring: { ok, message }, database?: { ok, message } }` */
export const startupStatus = () => call("startup_status");

/** `WakatimeStatus`: `{ connected, username, server, waiting,
 *  problem: null | {code, message, field} }` */
export const wakatimeStatus = () => call("wakatime_status");

/** Like `wakatimeStatus`, but asks WakaTime whether the stored access still works. */
export const checkWakatime = () => call("check_wakatime");

/** Starts a request and opens WakaTime's consent page in the system browser. */
export const connectWakatime = () => call("connect_wakatime");

export const cancelConnect = () => call("cancel_connect");

/** `{ revoked, problem: null | {code: "revoke_failed", message} }`; the local tokens are
 *  gone either way. */
export const disconnectWakatime = () => call("disconnect_wakatime");

/** `{ server }` when this computer's WakaTime configuration (`~/.wakatime.cfg`) holds
 *  a key wakadesk can use, else null. The key itself never comes to the page. */
export const wakatimeConfigOffer = () => call("wakatime_config_offer");

/** Connects with the key of this computer's WakaTime configuration; a `WakatimeStatus`. */
export const connectWakatimeConfig = () => call("connect_wakatime_config");

/** `{ configured, clientId, fromEnv, source, canChange, redirectUris, baseUrl }` */
export const wakatimeSettings = () => call("wakatime_settings");

export const saveWakatimeSettings = (clientId, clientSecret, password) =>
  call("save_wakatime_settings", { clientId, clientSecret, password });

/** Connects with a personal API key to WakaTime or a compatible server; resolves with
 *  a `WakatimeStatus` (whose `server` is the API root). */
export const connectApiKey = (serverUrl, apiKey) =>
  call("connect_api_key", { serverUrl, apiKey });

/** `[{ name, url }]`: servers offered for an API-key connection. */
export const serverPresets = () => call("server_presets");

/** `DashboardView` of `range` (`last_7_days`, `last_30_days`, `last_6_months`,
 *  `last_year`), from the local cache only. */
export const dashboard = (range) => call("dashboard", { range });

/** Brings the cache up to date: `{ daysFetched, requests, calculatingPercent }`. Where
 *  it is meanwhile arrives as `sync-progress` events. */
export const syncStats = () => call("sync_stats");

/** Sets the daily goal in minutes (null removes it): `{ goal, goalProgress,
 *  currentStreak, longestStreak }`. */
export const setDailyGoal = (minutes) => call("set_daily_goal", { minutes });

/** The registered project's view of `range`, or null for an account that is not a
 *  student: `{ registered, matched, names, candidates, weekStart, thisWeek, lastWeek,
 *  total, percent, series, ... }`. */
export const projectView = (range) => call("project_view", { range });

/** Saves which synced WakaTime project is the registered one (null: match by name). */
export const chooseProject = (name) => call("choose_project", { name });

/** `"monday"` or `"sunday"`. */
export const setWeekStart = (weekStart) => call("set_week_start", { weekStart });

/** Changes the student's batch and project; the updated `User`. */
export const updateStudent = (batch, project) => call("update_student", { batch, project });

/** Writes the range's CSV into the downloads folder: `{ path, folder }`. */
export const exportCsv = (range) => call("export_csv", { range });

/** Opens the downloads folder an export went to. */
export const showFolder = (folder) => call("show_folder", { folder });

/** A browser's answer was finished: `{ userId }` (null when it named no request). */
export const CONNECTION_CHANGED = "connection-changed";
/** `{ userId, step }`: the account's sync reached `step` (`{ step: "summaries" |
 *  "allTime" | "saving", ... }`), or ended (`step` null). */
export const SYNC_PROGRESS = "sync-progress";

/** Each event the shell sends is listened to once; the page's handlers of it share that
 *  listener. `event -> { handlers, ready }`, `ready` resolving once the shell listens. */
const listeners = new Map();

function listener(event) {
  const known = listeners.get(event);
  if (known) return known;
  const handlers = new Set();
  const listen = window.__TAURI__?.event?.listen;
  const ready =
    typeof listen === "function"
      ? listen(event, (message) => {
          for (const handler of handlers) handler(message.payload);
        })
      : Promise.reject(NO_SHELL);
  const entry = {
    handlers,
    ready: ready.catch((raw) => {
      // Not listening: the next `onEvent` asks the shell again.
      listeners.delete(event);
      throw toError(raw);
    }),
  };
  listeners.set(event, entry);
  return entry;
}

/** Starts listening to every event the shell sends, before any handler is known, so a
 *  page about to show Home does not wait for that afterwards. What arrives before a
 *  handler is added is not kept: the handlers' first questions come after it. */
export function listenEarly() {
  for (const event of [CONNECTION_CHANGED, SYNC_PROGRESS]) {
    listener(event).ready.catch(() => {
      // `onEvent` reports it, when Home listens.
    });
  }
}

/** Calls `handler(payload)` for every `event` the shell sends from now on; resolves once
 *  the shell listens. */
export async function onEvent(event, handler) {
  const entry = listener(event);
  entry.handlers.add(handler);
  try {
    await entry.ready;
  } catch (error) {
    entry.handlers.delete(handler);
    throw error;
  }
}
