// The other way to connect, on the not-connected WakaTime card: a personal API key, for
// self-hosted servers that offer no OAuth (Wakapi, Hackatime) or for anyone who prefers
// a key. The server list comes from the shell; a preset only fills in the address, which
// stays editable (Wakapi's has a HOST to replace). The key never stays in the form.

import * as api from "./api.js";
import { clearErrors, showError, whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

/** Shell field names -> input ids, where they do not follow `apikey-<field>`. */
const INPUTS = { serverUrl: "apikey-server", apiKey: "apikey-key" };
const PLACEHOLDER_HOST = "HOST";
const OTHER = "";

/** Preset name -> API root, once loaded. */
let presets = null;

function option(value, label) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = label;
  return element;
}

async function loadPresets() {
  if (presets) return;
  try {
    const list = await api.serverPresets();
    presets = new Map(list.map((p) => [p.name, p.url]));
    $("apikey-preset").replaceChildren(
      ...list.map((p) => option(p.name, p.name)),
      option(OTHER, "Another server"),
    );
    applyPreset();
  } catch (error) {
    showError("apikey", error);
  }
}

/** Puts the chosen preset's address in the field; a HOST to replace is selected. */
function applyPreset() {
  const input = $("apikey-server");
  const url = presets?.get($("apikey-preset").value) ?? "";
  input.value = url;
  const host = url.indexOf(PLACEHOLDER_HOST);
  if (host >= 0) {
    input.focus();
    input.setSelectionRange(host, host + PLACEHOLDER_HOST.length);
  } else if (!url) {
    input.focus();
  }
}

/** Shows the form instead of its link. */
export async function openApiKeyForm() {
  clearErrors("apikey");
  $("apikey-form").hidden = false;
  $("apikey-open").hidden = true;
  await loadPresets();
  if (document.activeElement !== $("apikey-server")) $("apikey-preset").focus();
}

/** Hides and empties the form; the link comes back when `offerLink`. */
export function closeApiKeyForm(offerLink) {
  $("apikey-form").reset();
  clearErrors("apikey");
  $("apikey-form").hidden = true;
  $("apikey-open").hidden = !offerLink;
  if (presets) applyPreset();
}

export const isApiKeyFormOpen = () => !$("apikey-form").hidden;

/** @param {{ onConnected: (status: object) => void }} handlers */
export function initApiKey({ onConnected }) {
  $("apikey-open").addEventListener("click", openApiKeyForm);
  $("apikey-preset").addEventListener("change", applyPreset);
  $("apikey-cancel").addEventListener("click", () => {
    closeApiKeyForm(true);
    $("apikey-open").focus();
  });
  $("apikey-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors("apikey");
    await whileBusy($("apikey-submit"), async () => {
      try {
        const status = await api.connectApiKey($("apikey-server").value.trim(), $("apikey-key").value);
        closeApiKeyForm(false);
        onConnected(status);
      } catch (error) {
        showError("apikey", error, INPUTS);
      }
    });
  });
}
