// The Home screen: who is logged in, their student details, the WakaTime card and,
// once connected, the dashboard.

import * as api from "./api.js";
import { CODES } from "./codes.js";
import { closeDashboard, initDashboard, listenDashboard, refreshDashboard } from "./dashboard.js";
import { initDesktop, openDesktop } from "./desktop.js";
import { whileBusy } from "./form.js";
import { closeStudent, initStudent } from "./student.js";
import {
  initWakatime,
  listenWakatime,
  openWakatime,
  resumeWakatime,
  stopWakatime,
} from "./wakatime.js";

const $ = (id) => document.getElementById(id);

/** Fills the screen from a `User` just loaded (log in, sign up, start). */
export function renderHome(user) {
  $("home-greeting").textContent = user.name.split(/\s+/)[0] || user.name;
  $("home-name").textContent = user.name;
  $("home-email").textContent = user.email;
  $("home-batch").textContent = user.student?.batch ?? "";
  $("home-project").textContent = user.student?.project ?? "";
  for (const row of document.querySelectorAll("[data-student-only]")) {
    row.hidden = !user.student;
  }
  $("home-error").hidden = true;
  closeStudent();
  openWakatime(user);
  openDesktop();
}

/** Home is shown again without a new user (back from Settings). */
export const returnHome = () => resumeWakatime();

/** Home is being left: nothing on it may keep running. */
export function leaveHome() {
  stopWakatime();
  closeDashboard();
}

/** Starts following the shell's events for the card and the dashboard. */
export const listenHome = () => Promise.all([listenWakatime(), listenDashboard()]);

/** @param {{ onLoggedOut: () => void, onWantSettings: () => void }} handlers */
export function initHome({ onLoggedOut, onWantSettings }) {
  initWakatime({ onWantSettings });
  initDesktop();
  initStudent({
    onSaved: (user) => {
      $("home-batch").textContent = user.student?.batch ?? "";
      $("home-project").textContent = user.student?.project ?? "";
      for (const row of document.querySelectorAll("[data-student-only]")) {
        row.hidden = !user.student;
      }
      refreshDashboard();
    },
  });
  // A sync that finds the access refused: the card shows it disconnected, and why.
  initDashboard({
    onConnectionLost: (error) =>
      resumeWakatime(error.code === CODES.reconnectNeeded ? error : null),
  });
  $("to-settings").addEventListener("click", (event) => {
    event.preventDefault();
    onWantSettings();
  });
  $("logout").addEventListener("click", async () => {
    leaveHome();
    await whileBusy($("logout"), async () => {
      try {
        await api.logout();
        onLoggedOut();
      } catch (error) {
        $("home-error").textContent = error.message;
        $("home-error").hidden = false;
        returnHome();
      }
    });
  });
}
