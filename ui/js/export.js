// Export for a mentor: the range's days per project and language as a CSV file in the
// downloads folder (the shell names it and never overwrites), then where it went.

import * as api from "./api.js";
import { whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);

let folder = null;

/** Forgets the last export's message (another range, or the dashboard closed). */
export function resetExport() {
  folder = null;
  $("export-result").hidden = true;
  $("export-error").hidden = true;
}

/** @param {{ currentRange: () => string }} handlers */
export function initExport({ currentRange }) {
  $("export").addEventListener("click", () =>
    whileBusy($("export"), async () => {
      resetExport();
      try {
        const saved = await api.exportCsv(currentRange());
        folder = saved.folder;
        $("export-path").textContent = `Saved ${saved.path}`;
        $("export-result").hidden = false;
      } catch (error) {
        $("export-error").textContent = error.message;
        $("export-error").hidden = false;
      }
    }),
  );
  $("export-show").addEventListener("click", async () => {
    if (!folder) return;
    try {
      await api.showFolder(folder);
    } catch (error) {
      $("export-error").textContent = error.message;
      $("export-error").hidden = false;
    }
  });
}
