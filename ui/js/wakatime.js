// The WakaTime card on Home: not connected, waiting for approval in the browser, or
// connected (through OAuth, or by API key to the server it names). The browser's answer
// reaches the shell, not this page, so while a request waits the card asks the shell
// once a second; it stops asking as soon as anything changes, and whenever Home is
// left. A connected card opens the dashboard next to it.

import * as api from "./api.js";
import { closeApiKeyForm, initApiKey, isApiKeyFormOpen } from "./apikey.js";
import { closeDashboard, openDashboard } from "./dashboard.js";
import { whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

const POLL_MS = 1000;
/** Polls after a request stops waiting, for the code exchange to finish. */
const SETTLE_POLLS = 15;

let pollTimer = null;
// Bumped on every change of course (a click, leaving Home), so an answer to an older
// question cannot overwrite a newer state.
let generation = 0;

/** Stops polling and makes answers still on their way irrelevant. */
export function stopWakatime() {
  generation += 1;
  clearTimeout(pollTimer);
  pollTimer = null;
}

function showProblem(problem) {
  const box = $("wakatime-problem-box");
  box.hidden = !problem;
  $("wakatime-problem").textContent = problem?.message ?? "";
  $("problem-to-settings").hidden = problem?.code !== "not_configured";
}

/** Draws a `WakatimeStatus`; `notice` (an error-shaped object) wins over its problem. */
function render(status, notice = null) {
  const { connected, waiting } = status;
  $("wakatime-status").textContent = waiting
    ? "Waiting for approval in your browser…"
    : connected
      ? `Connected as ${status.username ?? "unknown user"}`
      : "Not connected";
  $("wakatime-dot").classList.toggle("status-dot-on", connected && !waiting);
  $("wakatime-dot").classList.toggle("status-dot-waiting", waiting);
  $("wakatime-card").dataset.state = waiting ? "waiting" : connected ? "connected" : "none";
  $("wakatime-hint").hidden = !waiting;
  $("connect").hidden = waiting || connected;
  $("cancel-connect").hidden = !waiting;
  $("disconnect").hidden = waiting || !connected;
  $("wakatime-server").hidden = !(connected && status.server);
  $("wakatime-server").textContent = status.server ? `Server: ${status.server}` : "";
  if (waiting || connected) closeApiKeyForm(false);
  else $("apikey-open").hidden = isApiKeyFormOpen();
  showProblem(notice ?? status.problem);
  if (connected && !waiting) openDashboard(status);
  else closeDashboard();
}

/** Polls while `status` says a request waits and nothing went wrong. */
function follow(status, notice = null, settling = 0) {
  // The shell stops counting a request as waiting when the browser's answer arrives,
  // before the code is exchanged; "neither waiting nor connected" right after waiting
  // may be that exchange still running, so keep looking (as waiting) for a while.
  const finishing = settling > 0 && !status.waiting && !status.connected && !status.problem;
  render(finishing ? { ...status, waiting: true } : status, notice);
  if (!finishing && (!status.waiting || status.problem)) return;
  const mine = generation;
  pollTimer = setTimeout(async () => {
    let next;
    try {
      next = await api.wakatimeStatus();
    } catch (error) {
      if (mine === generation) render({ ...status, waiting: false }, error);
      return;
    }
    if (mine !== generation) return;
    follow(next, null, status.waiting ? SETTLE_POLLS : settling - 1);
  }, POLL_MS);
}

/** Runs a click's command with its button busy; a failure is shown on the card. */
async function act(button, task) {
  stopWakatime();
  const mine = generation;
  await whileBusy(button, async () => {
    try {
      await task(mine);
    } catch (error) {
      if (mine === generation) showProblem(error);
    }
  });
}

/** Shows the state of a user just loaded and, when connected, asks WakaTime once
 *  whether the access still works (a revoked grant comes back as not connected). */
export async function openWakatime(link) {
  stopWakatime();
  const mine = generation;
  const connected = Boolean(link?.connected);
  render({
    connected,
    username: link?.username ?? null,
    server: link?.server ?? null,
    waiting: false,
    problem: null,
  });
  try {
    const status = connected ? await api.checkWakatime() : await api.wakatimeStatus();
    if (mine === generation) follow(status);
  } catch (error) {
    if (mine === generation) showProblem(error);
  }
}

/** Shows the current state again without asking WakaTime: back from Settings, or after
 *  a sync found the connection gone (`notice` says why). */
export async function resumeWakatime(notice = null) {
  stopWakatime();
  const mine = generation;
  try {
    const status = await api.wakatimeStatus();
    if (mine === generation) follow(status, notice);
  } catch (error) {
    if (mine === generation) showProblem(error);
  }
}

/** @param {{ onWantSettings: () => void }} handlers */
export function initWakatime({ onWantSettings }) {
  $("connect").addEventListener("click", () =>
    act($("connect"), async (mine) => {
      const status = await api.connectWakatime();
      if (mine === generation) follow(status);
    }),
  );
  $("cancel-connect").addEventListener("click", () =>
    act($("cancel-connect"), async (mine) => {
      const status = await api.cancelConnect();
      if (mine === generation) follow(status);
    }),
  );
  $("disconnect").addEventListener("click", () =>
    act($("disconnect"), async (mine) => {
      // A sync still running would only find the access gone.
      closeDashboard();
      const outcome = await api.disconnectWakatime();
      const status = await api.wakatimeStatus();
      const warning = outcome.warning ? { code: "revoke_failed", message: outcome.warning } : null;
      if (mine === generation) follow(status, warning);
    }),
  );
  $("problem-to-settings").addEventListener("click", onWantSettings);
  initApiKey({
    onConnected: (status) => {
      stopWakatime();
      follow(status);
    },
  });
}
