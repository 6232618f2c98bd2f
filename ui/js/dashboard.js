// The dashboard on Home for a connected account. Figures come from the local cache
// (`dashboard`, fast and offline); syncing (`sync_stats`) updates that cache, on open when
// it is due and on the Sync button, and the shell's `sync-progress` events say where it
// is. Whatever a sync's outcome, the figures are reloaded from the cache: a failed sync
// keeps the old ones and the banner says what happened and how old they are.

import * as api from "./api.js";
import { drawBreakdown, drawDays } from "./charts.js";
import { CODES } from "./codes.js";
import { initExport, resetExport } from "./export.js";
import { initGoal, renderGoal } from "./goal.js";
import { drawHeatmap } from "./heatmap.js";
import { closeProject, initProject, loadProject } from "./project.js";
import { formatDay, formatMoment, hostOf } from "./format.js";

const $ = (id) => document.getElementById(id);

/** How often an open dashboard reads the cache again, so "today" and "last synced"
 *  follow the clock past midnight. */
const REFRESH_MS = 60_000;
const RANGES = {
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  last_6_months: "Last 6 months",
  last_year: "Last year",
  all_synced: "All synced",
};
/** Ranges drawn as a calendar of days instead of bars. */
const CALENDAR_RANGES = new Set(["last_year", "all_synced"]);
/** Dashboard key -> list id, and how a sentence names it. */
const BREAKDOWNS = {
  languages: ["list-languages", "languages"],
  projects: ["list-projects", "projects"],
  editors: ["list-editors", "editors"],
  operatingSystems: ["list-os", "operating systems"],
};
/** Sync errors after which the account is no longer connected. */
const CONNECTION_LOST = new Set([CODES.reconnectNeeded, CODES.notConnected]);

let handlers = { onConnectionLost: () => {} };
let range = "last_7_days";
let isOpen = false;
// Bumped whenever the dashboard closes: answers meant for an earlier opening are dropped.
let generation = 0;
// Bumped on every load: only the answer to the latest one is drawn.
let loads = 0;
let view = null;
let serverHost = null;
/** The account whose dashboard this is. */
let account = null;
let syncing = false;
/** Resolves when the shell says the account's sync ended, while one started elsewhere
 *  is followed. */
let syncEnded = null;
/** The last failed sync of this opening, for problems the cache did not record. */
let syncError = null;
let loadError = null;
let clock = null;

/** Changes a live region only when its text changes, so it is not read out again. */
function setText(id, text) {
  if ($(id).textContent !== text) $(id).textContent = text;
}

/** Shows the dashboard of account `userId` for a connected `status`; already open, it
 *  only takes the status's server. */
export function openDashboard(status, userId) {
  serverHost = hostOf(status?.server);
  account = userId;
  if (isOpen) {
    renderSyncFacts();
    return;
  }
  isOpen = true;
  syncError = null;
  loadError = null;
  $("dashboard").hidden = false;
  document.querySelector(".app-main").classList.add("app-main-wide");
  clock = setInterval(() => load(generation), REFRESH_MS);
  load(generation, { autoSync: true });
}

/** Reads the figures again (the student's project or goal changed). */
export function refreshDashboard() {
  if (isOpen) load(generation);
}

/** Hides the dashboard and stops everything it runs (a sync already started in the
 *  shell finishes there; the next opening follows it). */
export function closeDashboard() {
  if (!isOpen) return;
  isOpen = false;
  generation += 1;
  syncEnded = null;
  clearInterval(clock);
  showSyncing(false);
  closeProject();
  resetExport();
  $("dashboard").hidden = true;
  document.querySelector(".app-main").classList.remove("app-main-wide");
}

async function load(mine, { autoSync = false } = {}) {
  const mineLoad = ++loads;
  let next;
  try {
    next = await api.dashboard(range);
  } catch (error) {
    if (mine === generation && mineLoad === loads) {
      loadError = error;
      renderBanner();
    }
    return;
  }
  if (mine !== generation || mineLoad !== loads) return;
  view = next;
  loadError = null;
  render();
  if (syncing) return;
  if (next.syncing) follow(mine);
  else if (autoSync && next.syncDue) sync(mine);
}

async function sync(mine) {
  if (syncing) return;
  syncError = null;
  showSyncing(true);
  let outcome = null;
  try {
    await api.syncStats();
  } catch (error) {
    outcome = error;
  }
  if (mine !== generation) return;
  if (outcome?.code === CODES.syncRunning) {
    follow(mine);
    return;
  }
  await finishSync(mine, outcome);
}

/** Shows a sync started before this opening (or in another way) until the shell says
 *  it ended, then reloads the figures. */
async function follow(mine) {
  showSyncing(true);
  const ended = new Promise((resolve) => {
    syncEnded = resolve;
  });
  // It may have ended between the answer that said it runs and listening for its end.
  try {
    if (!(await api.dashboard(range)).syncing) syncEnded?.();
  } catch {
    // The end event still comes.
  }
  await ended;
  if (mine !== generation) return;
  await finishSync(mine, null);
}

async function finishSync(mine, outcome) {
  showSyncing(false);
  if (outcome && CONNECTION_LOST.has(outcome.code)) {
    handlers.onConnectionLost(outcome);
    return;
  }
  syncError = outcome;
  await load(mine);
}

/** Where the account's sync is, from the shell. */
function heard({ userId, step }) {
  if (!isOpen || userId !== account) return;
  if (step) {
    if (syncing) showStep(step);
  } else if (syncEnded) {
    const resolve = syncEnded;
    syncEnded = null;
    resolve();
  }
}

/** Follows the shell's sync events; resolves once it listens. */
export const listenDashboard = () => api.onEvent(api.SYNC_PROGRESS, heard);

function showSyncing(on) {
  syncing = on;
  $("sync").disabled = on;
  $("sync").textContent = on ? "Syncing…" : "Sync";
  if (on) $("sync").setAttribute("aria-busy", "true");
  else $("sync").removeAttribute("aria-busy");
  $("sync-progress").hidden = !on;
  if (on) $("sync-progress-text").textContent = "Starting sync…";
  renderEmpty();
}

function showStep(step) {
  let text = "Saving…";
  if (step.step === "summaries") {
    const part = step.windows > 1 ? ` (part ${step.window} of ${step.windows})` : "";
    text = `Fetching daily summaries ${step.from} to ${step.to}${part}…`;
  } else if (step.step === "allTime") {
    text = "Fetching the all-time total…";
  }
  $("sync-progress-text").textContent = text;
}

function render() {
  const label = RANGES[view.range] ?? RANGES[range];
  for (const button of $("range-picker").querySelectorAll("button[data-range]")) {
    button.setAttribute("aria-pressed", String(button.dataset.range === range));
  }
  setStat("stat-today", view.today);
  setStat("stat-total", view.total);
  setStat("stat-average", view.dailyAverage);
  $("stat-total-label").textContent = label;
  setStat("stat-best-day", view.bestDay ?? { text: "–", seconds: 0 });
  $("stat-best-day-date").textContent = view.bestDay ? formatDay(view.bestDay.date) : "No coding yet";
  $("stat-all-time-tile").hidden = !view.allTime;
  $("stat-all-time").textContent = view.allTime ?? "";

  const chartLabel =
    `${label}, ${formatDay(view.start)} to ${formatDay(view.end)}: ${view.total.text} in all` +
    (view.bestDay ? `, most on ${formatDay(view.bestDay.date)} (${view.bestDay.text}).` : ".");
  const calendar = CALENDAR_RANGES.has(view.range);
  $("bars-box").hidden = calendar;
  $("heatmap-box").hidden = !calendar;
  if (calendar) {
    $("chart-days").replaceChildren();
    drawHeatmap($("heatmap"), $("table-days"), $("heatmap-hover"), view.series, chartLabel);
  } else drawDays($("chart-days"), $("table-days"), view.series, chartLabel);
  const unreported = new Set(view.unreported ?? []);
  for (const [key, [id, words]] of Object.entries(BREAKDOWNS)) {
    drawBreakdown($(id), view[key] ?? [], unreported.has(key) ? words : null);
  }

  renderGoal(view);
  loadProject(range);

  const percent = view.sync.calculatingPercent;
  $("stats-calculating").hidden = percent == null;
  setText(
    "stats-calculating",
    percent == null
      ? ""
      : `WakaTime is still calculating: ${Math.round(percent)}%. ` +
          "The figures fill in when it is done; sync again later.",
  );
  const history = historyNote(view);
  $("stats-history-note").hidden = !history;
  setText("stats-history-note", history ?? "");
  renderSyncFacts();
  renderBanner();
  renderEmpty();
}

/** Why a range shows fewer days than it names: the server serves only so much history. */
function historyNote(v) {
  if (!v.beyondHistory) return null;
  return v.historyNote ?? `Your WakaTime plan shows the last ${v.historyLimitDays} days.`;
}

function setStat(id, amount) {
  $(id).textContent = amount.text;
  $(id).dataset.seconds = String(amount.seconds);
}

/** When the last sync was, in the user's WakaTime time zone (the core words it), and
 *  whose days the figures are. */
function renderSyncFacts() {
  if (!view) return;
  const at = view.sync.lastSuccessAt;
  const when = view.sync.lastSyncedText;
  $("last-synced").textContent = at && when ? `Last synced ${when}` : "Never synced";
  if (at) $("last-synced").title = formatMoment(at, view.timezone);
  else $("last-synced").removeAttribute("title");
  $("data-source").textContent = `Data from ${serverHost ?? view.source}`;
  $("data-timezone").textContent = view.timezone ? `Days in ${view.timezone}` : "";
}

/** The banner says why the figures may be old: a failed sync (recorded in the cache or
 *  just returned) or a dashboard that could not be read at all. Its time is absolute,
 *  so the alert does not change (and get read out again) as time passes. */
function renderBanner() {
  const problem = loadError?.message ?? view?.sync.problem ?? syncError?.message ?? null;
  const banner = $("stats-banner");
  banner.hidden = !problem;
  if (!problem) return;
  const at = view?.sync.lastSuccessAt;
  let age = "Nothing has been synced yet.";
  if (loadError) age = "";
  else if (at) {
    age = `The figures shown are from the last sync (${formatMoment(at, view?.timezone)}).`;
  }
  setText("stats-banner-title", loadError ? "The dashboard could not be loaded." : "Couldn't sync.");
  setText("stats-banner-text", `${problem} ${age}`.trim());
}

function renderEmpty() {
  $("stats-empty").hidden = !(view?.sync.empty && !syncing);
}

/** @param {{ onConnectionLost: (error: object) => void }} given */
export function initDashboard(given) {
  handlers = given;
  const reload = () => load(generation);
  initGoal({ onChanged: reload });
  initProject({ onChanged: reload });
  initExport({ currentRange: () => range });
  $("sync").addEventListener("click", () => sync(generation));
  $("range-picker").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-range]");
    if (!button || button.dataset.range === range) return;
    range = button.dataset.range;
    resetExport();
    for (const b of $("range-picker").querySelectorAll("button[data-range]")) {
      b.setAttribute("aria-pressed", String(b === button));
    }
    load(generation);
  });
}
