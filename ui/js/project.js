// The student's registered project on the dashboard: this week and last week on it, its
// share of the range and its days; when no synced WakaTime project has its name, the
// synced names to choose from. It is highlighted in the projects list.

import * as api from "./api.js";
import { drawDays } from "./charts.js";
import { clearErrors, showError, whileBusy } from "./form.js";
import { formatDay } from "./format.js";

const $ = (id) => document.getElementById(id);

let asked = 0;
let range = null;

/** Loads and draws the tile for `forRange`; hidden for an account that is not a student. */
export async function loadProject(forRange) {
  range = forRange;
  const mine = ++asked;
  let project = null;
  try {
    project = await api.projectView(forRange);
  } catch {
    // The tile is extra: without it the dashboard is whole.
  }
  if (mine !== asked) return;
  renderProject(project);
}

/** Hides the tile (the dashboard closed). */
export function closeProject() {
  asked += 1;
  $("project-tile").hidden = true;
}

function renderProject(project) {
  $("project-tile").hidden = !project;
  if (!project) return;
  $("project-name").textContent = project.matched ?? project.registered;
  $("project-this-week").textContent = project.thisWeek.text;
  $("project-last-week").textContent = project.lastWeek.text;
  $("project-share").textContent = `${Math.round(project.percent)}%`;
  $("project-week-start").value = project.weekStart;
  drawDays(
    $("project-chart"),
    $("project-table"),
    project.series,
    `${project.matched ?? project.registered}, ${formatDay(project.start)} to ` +
      `${formatDay(project.end)}: ${project.total.text}.`,
  );
  const unmatched = !project.matched;
  $("project-choose-form").hidden = !unmatched || project.candidates.length === 0;
  $("project-unmatched").textContent = unmatched
    ? `None of your WakaTime projects is called "${project.registered}". Which one is it?`
    : "";
  $("project-choose").replaceChildren(
    ...project.candidates.map((name) => {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name;
      return option;
    }),
  );
  highlight(new Set(project.names));
}

/** Marks the project's lines in the projects list. */
function highlight(names) {
  for (const item of $("list-projects").querySelectorAll("li")) {
    const name = item.querySelector(".breakdown-name")?.textContent ?? "";
    item.classList.toggle("breakdown-registered", names.has(name));
  }
}

/** @param {{ onChanged: () => void }} handlers: the dashboard reloads. */
export function initProject({ onChanged }) {
  $("project-choose-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors("project-choose");
    whileBusy($("project-choose-save"), async () => {
      try {
        await api.chooseProject($("project-choose").value);
        onChanged();
      } catch (error) {
        showError("project-choose", error, { wakatimeProject: "project-choose" });
      }
    });
  });
  $("project-week-start").addEventListener("change", async () => {
    try {
      await api.setWeekStart($("project-week-start").value);
    } finally {
      if (range) loadProject(range);
    }
  });
}
