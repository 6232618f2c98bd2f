// The Home screen: who is logged in, their student details, and the WakaTime link.

import * as api from "./api.js";
import { whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

/** Fills the screen from a `User`. */
export function renderHome(user) {
  $("home-greeting").textContent = user.name.split(/\s+/)[0] || user.name;
  $("home-name").textContent = user.name;
  $("home-email").textContent = user.email;
  $("home-batch").textContent = user.student?.batch ?? "";
  $("home-project").textContent = user.student?.project ?? "";
  for (const row of document.querySelectorAll("[data-student-only]")) {
    row.hidden = !user.student;
  }
  const connected = Boolean(user.wakatime?.connected);
  $("wakatime-status").textContent = connected
    ? `Connected as ${user.wakatime.username ?? "unknown user"}`
    : "Not connected";
  $("wakatime-dot").classList.toggle("status-dot-on", connected);
  $("home-error").hidden = true;
}

/** @param {{ onLoggedOut: () => void }} handlers */
export function initHome({ onLoggedOut }) {
  $("logout").addEventListener("click", async () => {
    await whileBusy($("logout"), async () => {
      try {
        await api.logout();
        onLoggedOut();
      } catch (error) {
        $("home-error").textContent = error.message;
        $("home-error").hidden = false;
      }
    });
  });
}
