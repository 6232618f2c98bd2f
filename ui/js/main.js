// Starts the window: asks the shell how startup went and who is logged in, then
// switches between the Log in, Sign up, Home and Settings screens.

import * as api from "./api.js";
import { initHome, leaveHome, listenHome, renderHome, returnHome } from "./home.js";
import { initLogin, resetLogin } from "./login.js";
import { initSettings, openSettings } from "./settings.js";
import { initSignup, resetSignup } from "./signup.js";

const $ = (id) => document.getElementById(id);

const SCREENS = {
  login: { id: "login-screen", title: "Log in", focus: "login-email" },
  signup: { id: "signup-screen", title: "Sign up", focus: "signup-email" },
  home: { id: "home-screen", title: "Home", focus: "home-title" },
  settings: { id: "settings-screen", title: "Settings", focus: "settings-title" },
};

function show(name) {
  $("loading").hidden = true;
  for (const [key, screen] of Object.entries(SCREENS)) {
    $(screen.id).hidden = key !== name;
  }
  document.title = `${SCREENS[name].title} · wakadesk`;
  $(SCREENS[name].focus).focus();
}

function showHome(user) {
  renderHome(user);
  show("home");
}

const warnings = [];

/** Adds a problem to the banner above the screens; it stays for the whole session. */
function warn(message) {
  if (warnings.includes(message)) return;
  warnings.push(message);
  $("startup-warning-text").textContent = warnings.join(" ");
  $("startup-warning").hidden = false;
}

function showStartupStatus(status) {
  for (const check of [status.database, status.keyring, status.systemConfig]) {
    if (check && check.ok === false) warn(check.message ?? "Something is not working.");
  }
  // The window opens its stores once, at startup.
  if (status.keyring?.ok === false || status.database?.ok === false) {
    warn("Once that is fixed, restart wakadesk.");
  }
  if (status.dataDir) {
    $("data-dir").textContent = `Data folder: ${status.dataDir}`;
    $("data-dir").hidden = false;
  }
}

async function start() {
  initLogin({
    onLoggedIn: showHome,
    onWantSignup: () => {
      resetSignup();
      show("signup");
    },
  });
  initSignup({
    onSignedUp: showHome,
    onWantLogin: () => {
      resetLogin();
      show("login");
    },
  });
  initHome({
    onLoggedOut: () => {
      resetLogin();
      show("login");
    },
    onWantSettings: async () => {
      leaveHome();
      await openSettings();
      show("settings");
    },
  });
  initSettings({
    onBack: () => {
      show("home");
      returnHome();
    },
  });

  // Listening before asking who is logged in: whatever the shell finishes after that
  // is heard, and whatever it finished before is in the answers.
  const listening = listenHome().catch((error) => warn(error.message));
  let startup = null;
  try {
    startup = await api.startupStatus();
    showStartupStatus(startup);
  } catch (error) {
    warn(error.message);
  }
  await listening;
  let user = null;
  try {
    user = await api.currentUser();
  } catch (error) {
    warn(error.message);
  }
  if (user) showHome(user);
  // A first start: nobody has an account yet, so signing up comes first.
  else if (startup && startup.hasAccounts === false) {
    resetSignup();
    show("signup");
  } else show("login");
}

start();
