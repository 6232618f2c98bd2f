// The year at a glance: a calendar of days, a column a week (Monday on top) and a cell a
// day, for the Year and All synced ranges, in place of hundreds of thin bars. Drawn on
// one canvas, not an element per day (a year of elements cost the web process tens of
// MiB). The shade of a day is its level among the user's own coding days: quartiles of
// the days with any time, so a light coder's busy day is as dark as a heavy coder's.
// One hover label names the day under the pointer; the hidden table (by month) is the
// text twin, as for the bar chart.

import { fillTable } from "./charts.js";
import { durationText, formatDay } from "./format.js";

const GAP = 2;
const LEVELS = 5;

/** The upper bounds of levels 1 to 3 (level 4 is above): the quartiles of the days
 *  with any time. Exported for its tests' sake through the canvas's data. */
export function thresholds(series) {
  const coded = series.map((d) => d.seconds).filter((s) => s > 0).sort((a, b) => a - b);
  if (coded.length === 0) return [0, 0, 0];
  const at = (p) => coded[Math.floor(p * (coded.length - 1))];
  return [at(0.25), at(0.5), at(0.75)];
}

function level(seconds, [q1, q2, q3]) {
  if (seconds <= 0) return 0;
  if (seconds <= q1) return 1;
  if (seconds <= q2) return 2;
  if (seconds <= q3) return 3;
  return 4;
}

/** Monday = 0. `date` is `YYYY-MM-DD`, a calendar day (no zone). */
function weekday(date) {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * Draws `series` (`[{date, seconds}]`, oldest first, every day) into `canvas`, fills
 * `table` by month, and names the day under the pointer in `hover`.
 */
export function drawHeatmap(canvas, table, hover, series, label) {
  const offset = series.length > 0 ? weekday(series[0].date) : 0;
  const weeks = Math.max(1, Math.ceil((offset + series.length) / 7));
  const available = canvas.parentElement?.clientWidth || 640;
  const cell = Math.max(3, Math.min(16, Math.floor(available / weeks) - GAP));
  const pitch = cell + GAP;
  const ratio = window.devicePixelRatio || 1;
  canvas.style.width = `${weeks * pitch}px`;
  canvas.style.height = `${7 * pitch}px`;
  canvas.width = Math.ceil(weeks * pitch * ratio);
  canvas.height = Math.ceil(7 * pitch * ratio);
  canvas.setAttribute("aria-label", label);

  const bounds = thresholds(series);
  const style = getComputedStyle(canvas);
  const colours = [...Array(LEVELS).keys()].map((l) => style.getPropertyValue(`--heat-${l}`));
  const counts = Array(LEVELS).fill(0);
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, weeks * pitch, 7 * pitch);
  series.forEach((day, i) => {
    const at = offset + i;
    const l = level(day.seconds, bounds);
    counts[l] += 1;
    context.fillStyle = colours[l].trim() || "#ccc";
    context.fillRect(Math.floor(at / 7) * pitch, (at % 7) * pitch, cell, cell);
  });
  // What tests and the hover need: where the days are and how they were shaded.
  Object.assign(canvas.dataset, {
    first: series[0]?.date ?? "",
    days: String(series.length),
    offset: String(offset),
    pitch: String(pitch),
    thresholds: bounds.join(","),
    levels: counts.join(","),
  });

  hover.hidden = true;
  canvas.onpointerleave = () => {
    hover.hidden = true;
  };
  canvas.onpointermove = (event) => {
    const box = canvas.getBoundingClientRect();
    const column = Math.floor((event.clientX - box.left) / pitch);
    const row = Math.floor((event.clientY - box.top) / pitch);
    const i = column * 7 + row - offset;
    if (row < 0 || row > 6 || i < 0 || i >= series.length) {
      hover.hidden = true;
      return;
    }
    hover.textContent = `${formatDay(series[i].date)}: ${durationText(series[i].seconds)}`;
    hover.hidden = false;
  };
  fillTable(table, series, label);
}
