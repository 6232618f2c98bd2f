// Editing the student's batch and project on Home, checked as at sign-up.

import * as api from "./api.js";
import { clearErrors, showError, whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

function close() {
  $("student-form").hidden = true;
  // The link is for students only, as the profile's student rows are.
  $("student-edit").hidden = document.querySelector(".profile-row[data-student-only]").hidden;
}

/** @param {{ onSaved: (user: object) => void }} handlers */
export function initStudent({ onSaved }) {
  $("student-edit").addEventListener("click", () => {
    clearErrors("student");
    $("student-batch").value = $("home-batch").textContent;
    $("student-project").value = $("home-project").textContent;
    $("student-form").hidden = false;
    $("student-edit").hidden = true;
    $("student-batch").focus();
  });
  $("student-cancel").addEventListener("click", close);
  $("student-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors("student");
    whileBusy($("student-save"), async () => {
      try {
        const user = await api.updateStudent(
          $("student-batch").value,
          $("student-project").value,
        );
        close();
        onSaved(user);
      } catch (error) {
        showError("student", error);
      }
    });
  });
}

/** Closes the form (another account, or Home left). */
export const closeStudent = close;
