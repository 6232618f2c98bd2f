// The WakaTime card on Home: not connected, waiting for approval in the browser, or
// connected (through OAuth, or by API key to the server it names). The browser's answer
// reaches the shell, not this page; the shell says when it has finished one
// (`connection-changed`) and the card asks for the account's status again. A connected
// card opens the dashboard next to it.

import * as api from "./api.js";
import { closeApiKeyForm, initApiKey, isApiKeyFormOpen } from "./apikey.js";
import { CODES } from "./codes.js";
import { closeDashboard, openDashboard } from "./dashboard.js";
import { whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

// Bumped on every change of course (a click, leaving Home), so an answer to an older
// question cannot overwrite a newer state.
let generation = 0;
// Status questions are numbered as they are asked; an answer older than the one shown
// is dropped, so a late answer saying "waiting" cannot hide a finished connection.
let asked = 0;
let shown = 0;
/** The account the card belongs to, and whether Home shows it right now. */
let account = null;
let active = false;
/** What this computer's WakaTime configuration offers (`{ server }`), and the status
 *  last drawn, so the offer can be drawn when it arrives. */
let offer = null;
let lastStatus = null;

/** Home is left: answers still on their way and the shell's events no longer matter. */
export function stopWakatime() {
  generation += 1;
  active = false;
}

function showProblem(problem) {
  const box = $("wakatime-problem-box");
  box.hidden = !problem;
  $("wakatime-problem").textContent = problem?.message ?? "";
  $("problem-to-settings").hidden = problem?.code !== CODES.notConfigured;
}

/** Draws a `WakatimeStatus`; `notice` (an error-shaped object) wins over its problem. */
function render(status, notice = null) {
  lastStatus = status;
  const { connected, waiting } = status;
  const idle = !connected && !waiting;
  $("wakatime-status").textContent = waiting
    ? "Waiting for approval in your browser…"
    : connected
      ? `Connected as ${status.username ?? "unknown user"}`
      : "Not connected";
  $("wakatime-dot").classList.toggle("status-dot-on", connected && !waiting);
  $("wakatime-dot").classList.toggle("status-dot-waiting", waiting);
  $("wakatime-card").dataset.state = waiting ? "waiting" : connected ? "connected" : "none";
  $("wakatime-hint").hidden = !waiting;
  // The ways in, easiest first: Connect when an app is set up, the key this computer's
  // WakaTime configuration holds, an API key typed in, and how to set an app up.
  $("connect").hidden = !idle || status.appConfigured === false;
  $("wakatime-cfg-offer").hidden = !idle || !offer;
  $("wakatime-cfg-server").textContent = offer?.server ?? "";
  $("wakatime-setup-help").hidden = !idle || status.appConfigured !== false;
  $("cancel-connect").hidden = !waiting;
  $("disconnect").hidden = waiting || !connected;
  $("wakatime-server").hidden = !(connected && status.server);
  $("wakatime-server").textContent = status.server ? `Server: ${status.server}` : "";
  if (waiting || connected) closeApiKeyForm(false);
  else $("apikey-open").hidden = isApiKeyFormOpen();
  showProblem(notice ?? status.problem);
  if (connected && !waiting) openDashboard(status, account);
  else closeDashboard();
}

/** Asks `question` (a command answering a `WakatimeStatus`) and draws its answer,
 *  unless the course changed or a newer answer is already shown. */
async function ask(question, notice = null) {
  const mine = generation;
  const number = ++asked;
  const status = await question();
  if (mine !== generation || number < shown) return;
  shown = number;
  render(status, notice);
}

/** Runs `task` and shows its failure on the card, unless the course changed. */
async function attempt(task) {
  const mine = generation;
  try {
    await task();
  } catch (error) {
    if (mine === generation) showProblem(error);
  }
}

/** Runs a click's command with its button busy. */
async function act(button, task) {
  generation += 1;
  await whileBusy(button, () => attempt(task));
}

/** Shows the card of a user just loaded (`{ id, wakatime }`) and, when connected, asks
 *  WakaTime once whether the access still works (a revoked grant comes back as not
 *  connected). */
export async function openWakatime(user) {
  stopWakatime();
  active = true;
  account = user.id;
  const link = user.wakatime;
  const connected = Boolean(link?.connected);
  render({
    connected,
    username: link?.username ?? null,
    server: link?.server ?? null,
    waiting: false,
    problem: null,
  });
  await attempt(() => ask(connected ? api.checkWakatime : api.wakatimeStatus));
  if (!connected) await loadOffer();
}

/** Asks whether this computer's WakaTime configuration offers a key, and draws it. */
async function loadOffer() {
  const mine = generation;
  let found = null;
  try {
    found = await api.wakatimeConfigOffer();
  } catch {
    // No offer is not a problem worth showing: the other ways in remain.
  }
  if (mine !== generation || !lastStatus) return;
  offer = found;
  render(lastStatus);
}

/** Shows the current state again without asking WakaTime: back from Settings, after a
 *  sync found the connection gone (`notice` says why), or when the shell finished a
 *  browser's answer. */
export async function resumeWakatime(notice = null) {
  active = true;
  await attempt(() => ask(api.wakatimeStatus, notice));
}

/** Follows the shell's word on finished connections; resolves once it listens, so
 *  the page asks for a status only after that and misses nothing in between. */
export function listenWakatime() {
  return api.onEvent(api.CONNECTION_CHANGED, ({ userId }) => {
    if (active && (userId === null || userId === account)) resumeWakatime();
  });
}

/** @param {{ onWantSettings: () => void }} handlers */
export function initWakatime({ onWantSettings }) {
  $("connect").addEventListener("click", () =>
    act($("connect"), () => ask(api.connectWakatime)),
  );
  $("cancel-connect").addEventListener("click", () =>
    act($("cancel-connect"), () => ask(api.cancelConnect)),
  );
  $("disconnect").addEventListener("click", () =>
    act($("disconnect"), async () => {
      // A sync still running would only find the access gone.
      closeDashboard();
      const outcome = await api.disconnectWakatime();
      await ask(api.wakatimeStatus, outcome.problem);
    }),
  );
  $("wakatime-cfg-offer").addEventListener("click", () =>
    act($("wakatime-cfg-offer"), () => ask(api.connectWakatimeConfig)),
  );
  $("problem-to-settings").addEventListener("click", onWantSettings);
  $("setup-help-to-settings").addEventListener("click", onWantSettings);
  initApiKey({
    onConnected: (status) => {
      generation += 1;
      shown = ++asked;
      render(status);
    },
  });
}
