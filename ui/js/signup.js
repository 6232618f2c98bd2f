// The Sign up screen: a new account, with batch and project for students.

import * as api from "./api.js";
import { clearErrors, showError, whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

function readForm() {
  const student = $("signup-student").checked
    ? { batch: $("signup-batch").value.trim(), project: $("signup-project").value.trim() }
    : null;
  return {
    email: $("signup-email").value.trim(),
    name: $("signup-name").value.trim(),
    password: $("signup-password").value,
    student,
  };
}

function syncStudentFields() {
  $("signup-student-fields").hidden = !$("signup-student").checked;
}

/** @param {{ onSignedUp: (user: object) => void, onWantLogin: () => void }} handlers */
export function initSignup({ onSignedUp, onWantLogin }) {
  $("signup-student").addEventListener("change", syncStudentFields);
  syncStudentFields();
  $("signup-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors("signup");
    await whileBusy($("signup-submit"), async () => {
      try {
        const user = await api.signup(readForm());
        resetSignup();
        onSignedUp(user);
      } catch (error) {
        showError("signup", error);
      }
    });
  });
  $("to-login").addEventListener("click", (event) => {
    event.preventDefault();
    onWantLogin();
  });
}

/** Empties the form and its errors, and hides the student fields again. */
export function resetSignup() {
  $("signup-form").reset();
  clearErrors("signup");
  syncStudentFields();
}
