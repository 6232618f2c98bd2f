// The Log in screen: email and password in, the logged-in user out.

import * as api from "./api.js";
import { clearErrors, showError, whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

/** @param {{ onLoggedIn: (user: object) => void, onWantSignup: () => void }} handlers */
export function initLogin({ onLoggedIn, onWantSignup }) {
  const form = $("login-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors("login");
    await whileBusy($("login-submit"), async () => {
      try {
        const user = await api.login(
          $("login-email").value.trim(),
          $("login-password").value,
          $("login-keep").checked,
        );
        resetLogin();
        onLoggedIn(user);
      } catch (error) {
        showError("login", error);
      }
    });
  });
  $("to-signup").addEventListener("click", (event) => {
    event.preventDefault();
    onWantSignup();
  });
}

/** Empties the form and its errors, so a password never lingers after use. */
export function resetLogin() {
  $("login-form").reset();
  clearErrors("login");
}
