// "On this computer" on Home: keep wakadesk in the tray when the window closes, start
// it at log-in, tell me when I reach my daily goal. Each switch saves at once.

import * as api from "./api.js";

const $ = (id) => document.getElementById(id);

const SWITCHES = {
  "desktop-close-to-tray": "closeToTray",
  "desktop-start-at-login": "startAtLogin",
  "desktop-goal-notify": "goalNotifications",
};

function render(settings) {
  for (const [id, key] of Object.entries(SWITCHES)) $(id).checked = settings[key];
  $("desktop-no-tray").hidden = settings.trayHost;
  $("desktop").hidden = false;
}

function showError(error) {
  $("desktop-error").textContent = error.message;
  $("desktop-error").hidden = false;
}

/** Reads the choices as they are now and shows them. */
export async function openDesktop() {
  $("desktop-error").hidden = true;
  try {
    render(await api.desktopSettings());
  } catch (error) {
    showError(error);
  }
}

export function initDesktop() {
  for (const [id, name] of Object.entries(SWITCHES)) {
    $(id).addEventListener("change", async (event) => {
      const input = event.target;
      $("desktop-error").hidden = true;
      input.disabled = true;
      try {
        render(await api.setDesktopSetting(name, input.checked));
      } catch (error) {
        input.checked = !input.checked;
        showError(error);
      } finally {
        input.disabled = false;
      }
    });
  }
}
