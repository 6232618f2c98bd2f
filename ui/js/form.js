// What the login and signup forms share: showing a command error next to its field
// (or above the submit button) and keeping the submit button disabled while a call runs.

/** Hides every error of the form whose id prefix is `prefix` (e.g. "signup"). */
export function clearErrors(prefix) {
  const form = document.getElementById(`${prefix}-form`);
  for (const el of form.querySelectorAll(".field-error, .form-error")) {
    el.textContent = "";
    el.hidden = true;
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}

/** `clientId` -> `client-id`: the shell names fields in camelCase, ids use dashes. */
const fieldId = (field) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Shows `error.message` next to `error.field` when the form has that field, else
 *  in the form-level error area. `inputIds` names inputs whose id does not follow
 *  `<prefix>-<field-in-dashes>` (e.g. `{ apiKey: "apikey-key" }`). */
export function showError(prefix, error, inputIds = {}) {
  const id = error.field && (inputIds[error.field] ?? `${prefix}-${fieldId(error.field)}`);
  const input = id && document.getElementById(id);
  const target = input
    ? document.getElementById(`${id}-error`)
    : document.getElementById(`${prefix}-error`);
  target.textContent = error.message;
  target.hidden = false;
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

/** Runs `task` with the button disabled and marked busy; re-enables it afterwards. */
export async function whileBusy(button, task) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await task();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}
