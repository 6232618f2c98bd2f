// Starts the window: asks the shell how startup went and who is logged in, then
// switches between the Log in, Sign up, Home and Settings screens.
//
// The first screen is Log in or Sign up unless an account is kept logged in, so only
// their modules load before it (`ui/index.html` preloads them). Home and Settings, with
// their markup (a template in `ui/index.html` until then) and the cards and charts they
// import, load once that screen shows; or at once, beside the first questions, when the
// window opened on Home last time (the tray's *Open*).

import * as api from "./api.js";
import { initLogin, resetLogin } from "./login.js";
import { initSignup, resetSignup } from "./signup.js";

/** Every module of Home and Settings, imported at once rather than one import level
 *  after another. */
const LATER = [
  "./home.js",
  "./settings.js",
  "./apikey.js",
  "./charts.js",
  "./codes.js",
  "./dashboard.js",
  "./desktop.js",
  "./export.js",
  "./format.js",
  "./goal.js",
  "./heatmap.js",
  "./project.js",
  "./student.js",
  "./wakatime.js",
];

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
    // Home and Settings are not in the page before `loadLater`.
    const element = $(screen.id);
    if (element) element.hidden = key !== name;
  }
  document.title = `${SCREENS[name].title} · wakadesk`;
  $(SCREENS[name].focus).focus();
}

let later = null;

/** Home and Settings, wired up and listening to the shell's events, loaded once. Home
 *  asks nothing before this resolves: whatever the shell finishes after it listens is
 *  heard, and whatever it finished before is in Home's answers. */
function loadLater() {
  if (!later) {
    addLaterScreens();
    later = Promise.all([Promise.all(LATER.map((module) => import(module))), homeStyles()]).then(
      ([modules]) => wireLater(modules),
    );
  }
  return later;
}

/** Puts Home's and Settings' markup, kept in a template until now, into the page where
 *  the template was: their modules find their elements as soon as they load. */
function addLaterScreens() {
  const template = $("later-screens");
  template.replaceWith(template.content);
}

/** Wires up Home and Settings once their modules are in, and starts listening. */
async function wireLater([home, settings]) {
  home.initHome({
    onLoggedOut: () => {
      rememberOpensOnHome(false);
      resetLogin();
      show("login");
    },
    onWantSettings: async () => {
      home.leaveHome();
      await settings.openSettings();
      show("settings");
    },
  });
  settings.initSettings({
    onBack: () => {
      show("home");
      home.returnHome();
    },
  });
  await home.listenHome().catch((error) => warn(error.message));
  return home;
}

/** Home's and the dashboard's styles, which no first screen needs: loaded with Home's
 *  modules, so the page's first screen waits for one stylesheet instead of two. */
function homeStyles() {
  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "css/dashboard.css";
    link.onload = resolve;
    link.onerror = resolve;
    document.head.append(link);
  });
}

async function showHome(user) {
  const home = await loadLater();
  home.renderHome(user);
  show("home");
}

/** Whether the window opened on Home last time: a hint kept in the page's storage
 *  (no account, only yes or no), so Home's modules can load beside the first questions. */
const OPENS_ON_HOME = "wakadesk.opensOnHome";

function opensOnHome() {
  try {
    return localStorage.getItem(OPENS_ON_HOME) === "1";
  } catch {
    return false;
  }
}

function rememberOpensOnHome(yes) {
  try {
    localStorage.setItem(OPENS_ON_HOME, yes ? "1" : "0");
  } catch {
    // Only a hint: without it Home loads after the first questions, as on any start.
  }
}

const warnings = [];

/** Adds a problem to the banner above the screens; it stays for the whole session. */
function warn(message) {
  if (warnings.includes(message)) return;
  warnings.push(message);
  $("startup-warning-text").textContent = warnings.join(" ");
  $("startup-warning").hidden = false;
}

/** A settled question's answer; a failure goes to the banner and reads as null. */
function valueOrWarn(settled) {
  if (settled.status === "fulfilled") return settled.value;
  warn(settled.reason.message);
  return null;
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

  const early = opensOnHome();
  if (early) loadLater();
  // Both wait for the stores; asked together, they cost one round trip.
  const answers = Promise.allSettled([api.startupStatus(), api.currentUser()]);
  // Home listens to the shell's events before its first question: asked for now,
  // after the first screen's questions, that wait is over by the time Home is loaded.
  if (early) api.listenEarly();
  const [startupAnswer, userAnswer] = await answers;
  const startup = valueOrWarn(startupAnswer);
  if (startup) showStartupStatus(startup);
  const user = valueOrWarn(userAnswer);
  rememberOpensOnHome(Boolean(user));
  if (user) await showHome(user);
  // A first start: nobody has an account yet, so signing up comes first.
  else if (startup && startup.hasAccounts === false) {
    resetSignup();
    show("signup");
  } else show("login");
  // After the frame that draws the first screen, not competing with it.
  requestAnimationFrame(() => setTimeout(loadLater));
}

start();
