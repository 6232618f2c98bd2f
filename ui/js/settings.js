// The Settings screen: which WakaTime app wakadesk acts as. Shows the redirect URIs to
// register at wakatime.com/apps, takes the client id and secret (the secret is never
// shown again), and says so when the environment decides instead. Only the account
// created first may change them, confirming with its password.

import * as api from "./api.js";
import { clearErrors, showError, whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

/** Where an app that the Settings did not save comes from. */
const SOURCE_NOTES = {
  build: "Set up by your school's package.",
  system: "Set up for everyone on this computer (the system-wide wakatime.toml).",
};

let fromEnv = false;
let locked = true;

function render(settings) {
  fromEnv = settings.fromEnv;
  locked = !settings.canChange;
  $("settings-state").textContent = settings.configured ? "Configured" : "Not configured";
  $("settings-dot").classList.toggle("status-dot-on", settings.configured);
  const list = $("settings-redirect-uris");
  list.replaceChildren(
    ...settings.redirectUris.map((uri) => {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = uri;
      item.append(code);
      return item;
    }),
  );
  $("settings-env-note").hidden = !fromEnv;
  $("settings-admin-note").hidden = fromEnv || !locked;
  const installed = SOURCE_NOTES[settings.source];
  $("settings-source-note").hidden = !installed;
  $("settings-source-note").textContent = installed
    ? installed + (settings.canChange ? " You can set another app here; it takes precedence." : "")
    : "";
  $("settings-client-id").value = settings.clientId ?? "";
  $("settings-client-secret").value = "";
  $("settings-password").value = "";
  $("settings-client-secret").placeholder =
    settings.configured && !fromEnv ? "Saved; type a new one to replace it" : "";
  $("settings-server").textContent = `Server: ${settings.baseUrl}`;
  lockUnlessAllowed();
}

function lockUnlessAllowed() {
  const ids = ["settings-client-id", "settings-client-secret", "settings-password", "settings-save"];
  for (const id of ids) {
    $(id).disabled = locked;
  }
}

/** Loads the settings into the screen; a failure is shown in the form's error area. */
export async function openSettings() {
  clearErrors("settings");
  $("settings-saved").hidden = true;
  try {
    render(await api.wakatimeSettings());
  } catch (error) {
    showError("settings", error);
  }
}

/** @param {{ onBack: () => void }} handlers */
export function initSettings({ onBack }) {
  $("settings-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (locked) return;
    clearErrors("settings");
    $("settings-saved").hidden = true;
    await whileBusy($("settings-save"), async () => {
      try {
        const saved = await api.saveWakatimeSettings(
          $("settings-client-id").value.trim(),
          $("settings-client-secret").value,
          $("settings-password").value,
        );
        render(saved);
        const n = saved.mustReconnect;
        $("settings-saved").textContent =
          n > 0
            ? `Saved. ${n} ${n === 1 ? "connection was" : "connections were"} made with the ` +
              "previous app and must reconnect (Disconnect, then Connect)."
            : "Saved.";
        $("settings-saved").hidden = false;
      } catch (error) {
        showError("settings", error);
      }
    });
    lockUnlessAllowed();
  });
  $("settings-back").addEventListener("click", () => {
    $("settings-client-secret").value = "";
    $("settings-password").value = "";
    onBack();
  });
}
