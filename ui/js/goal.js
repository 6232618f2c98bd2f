// The daily goal on the dashboard: today's progress toward it and the streaks (from the
// dashboard's figures), and the form that sets or removes it.

import * as api from "./api.js";
import { clearErrors, showError, whileBusy } from "./form.js";

const $ = (id) => document.getElementById(id);
const days = (n) => `${n} ${n === 1 ? "day" : "days"}`;

/** Draws the goal figures of a dashboard view (`goal`, `goalProgress`, streaks). */
export function renderGoal(view) {
  const progress = view.goalProgress;
  const set = view.goal != null && progress;
  $("goal-progress").textContent = set
    ? `${progress.text} of ${progress.goalText} today` + (progress.met ? ": goal met." : ".")
    : "No daily goal yet.";
  $("goal-bar").hidden = !set;
  $("goal-bar").value = set ? Math.min(100, progress.percent) : 0;
  $("goal-streaks").hidden = !set;
  $("streak-current").textContent = set ? `Streak: ${days(view.currentStreak ?? 0)}` : "";
  $("streak-longest").textContent = set ? `Longest: ${days(view.longestStreak ?? 0)}` : "";
  $("goal-clear").hidden = !set;
  if (document.activeElement !== $("goal-minutes")) {
    $("goal-minutes").value = set ? String(view.goal) : "";
  }
}

/** @param {{ onChanged: () => void }} handlers: the dashboard reloads its figures. */
export function initGoal({ onChanged }) {
  const save = async (minutes) => {
    clearErrors("goal");
    try {
      await api.setDailyGoal(minutes);
      onChanged();
    } catch (error) {
      showError("goal", error, { goal: "goal-minutes" });
    }
  };
  $("goal-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = $("goal-minutes").value.trim();
    // An empty or odd entry goes to the core as it is, which says what is wrong.
    const minutes = typed === "" ? 0 : Number(typed);
    whileBusy($("goal-save"), () => save(Number.isFinite(minutes) ? minutes : 0));
  });
  $("goal-clear").addEventListener("click", () => whileBusy($("goal-clear"), () => save(null)));
}
