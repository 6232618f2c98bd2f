// The dashboard on Home for a connected account. Figures come from the local cache
// (`dashboard`, fast and offline); syncing (`sync_stats`) updates that cache, on open when
// it is due and on the Sync button, while `sync_progress` is polled to show where it is.
// Whatever a sync's outcome, the figures are reloaded from the cache: a failed sync
// keeps the old ones and the banner says what happened and how old they are.

import * as api from "./api.js";
import { drawBreakdown, drawDays } from "./charts.js";
import { formatDay, formatMoment, hostOf, relativeTime } from "./format.js";

const $ = (id) => document.getElementById(id);

const PROGRESS_MS = 300;
const CLOCK_MS = 30_000;
const RANGES = {
  last_7_days: "Last 7 days",
  last_30_days: "Last 30 days",
  last_6_months: "Last 6 months",
  last_year: "Last year",
};
const BREAKDOWNS = {
  languages: "list-languages",
  projects: "list-projects",
  editors: "list-editors",
  operatingSystems: "list-os",
};
/** Sync errors after which the account is no longer connected. */
const CONNECTION_LOST = new Set(["reconnect_needed", "not_connected"]);

let handlers = { onConnectionLost: () => {} };
let range = "last_7_days";
let isOpen = false;
// Bumped whenever the dashboard closes: answers meant for an earlier opening are dropped.
let generation = 0;
// Bumped on every load: only the answer to the latest one is drawn.
let loads = 0;
let view = null;
let serverHost = null;
let syncing = false;
/** The last failed sync of this opening, for problems the cache did not record. */
let syncError = null;
let loadError = null;
let clock = null;

/** Changes a live region only when its text changes, so it is not read out again. */
function setText(id, text) {
  if ($(id).textContent !== text) $(id).textContent = text;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Shows the dashboard for a connected `status`; already open, it only takes the
 *  status's server. */
export function openDashboard(status) {
  serverHost = hostOf(status?.server);
  if (isOpen) {
    renderSyncFacts();
    return;
  }
  isOpen = true;
  syncError = null;
  loadError = null;
  $("dashboard").hidden = false;
  document.querySelector(".app-main").classList.add("app-main-wide");
  clock = setInterval(renderSyncFacts, CLOCK_MS);
  load(generation, { autoSync: true });
}

/** Hides the dashboard and stops everything it runs (a sync already started in the
 *  shell finishes there; the next opening follows it). */
export function closeDashboard() {
  if (!isOpen) return;
  isOpen = false;
  generation += 1;
  syncing = false;
  clearInterval(clock);
  showSyncing(false);
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
  if (next.syncing) watch(mine, null);
  else if (autoSync && next.syncDue) sync(mine);
}

async function sync(mine) {
  if (syncing) return;
  syncError = null;
  const done = api.syncStats().then(
    () => null,
    (error) => error,
  );
  await watch(mine, done);
}

/** Shows progress until `done` (our sync) settles, or, when following a sync started
 *  before this opening, until the shell reports none; then reloads the figures. */
async function watch(mine, done) {
  syncing = true;
  showSyncing(true);
  let outcome = null;
  let settled = false;
  done?.then((error) => {
    settled = true;
    outcome = error;
  });
  while (mine === generation && !settled) {
    await Promise.race([sleep(PROGRESS_MS), done ?? sleep(PROGRESS_MS)]);
    if (settled || mine !== generation) break;
    let step = null;
    try {
      step = await api.syncProgress();
    } catch {
      // A missed progress answer only delays the next line.
    }
    if (mine !== generation || settled) break;
    if (step) showStep(step);
    else if (!done) break;
  }
  if (done) await done;
  if (mine !== generation) return;
  syncing = false;
  showSyncing(false);
  if (outcome?.code === "sync_running") {
    watch(mine, null);
    return;
  }
  if (outcome && CONNECTION_LOST.has(outcome.code)) {
    handlers.onConnectionLost(outcome);
    return;
  }
  syncError = outcome;
  await load(mine);
}

function showSyncing(on) {
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
  drawDays($("chart-days"), $("table-days"), view.series, chartLabel);
  for (const [key, id] of Object.entries(BREAKDOWNS)) drawBreakdown($(id), view[key] ?? []);

  const percent = view.sync.calculatingPercent;
  $("stats-calculating").hidden = percent == null;
  setText(
    "stats-calculating",
    percent == null
      ? ""
      : `WakaTime is still calculating: ${Math.round(percent)}%. ` +
          "The figures fill in when it is done; sync again later.",
  );
  renderSyncFacts();
  renderBanner();
  renderEmpty();
}

function setStat(id, amount) {
  $(id).textContent = amount.text;
  $(id).dataset.seconds = String(amount.seconds);
}

function renderSyncFacts() {
  if (!view) return;
  const at = view.sync.lastSuccessAt;
  $("last-synced").textContent = at ? `Last synced ${relativeTime(at)}` : "Never synced";
  if (at) $("last-synced").title = formatMoment(at);
  else $("last-synced").removeAttribute("title");
  $("data-source").textContent = `Data from ${serverHost ?? view.source}`;
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
    age = `The figures shown are from the last sync (${formatMoment(at)}).`;
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
  $("sync").addEventListener("click", () => sync(generation));
  $("range-picker").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-range]");
    if (!button || button.dataset.range === range) return;
    range = button.dataset.range;
    for (const b of $("range-picker").querySelectorAll("button[data-range]")) {
      b.setAttribute("aria-pressed", String(b === button));
    }
    load(generation);
  });
}
