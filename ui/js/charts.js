// The dashboard's charts, drawn here as SVG with DOM calls: no library, nothing inline
// for the CSP to refuse. Colours come from CSS classes, so both themes apply. Each chart
// has a text twin for screen readers: a hidden table of the days (of the months, for
// ranges longer than a month), and the breakdown lists, whose bars are decoration next
// to the figures they repeat.
//
// The day chart has one hover label, moved to the bar under the pointer, rather than a
// tooltip element per bar: a year is 365 bars, and an element per bar (like a row per
// day in the hidden table) costs the web process tens of MiB (see BENCHMARKS.md).

import {
  durationText,
  formatDay,
  formatMonth,
  formatPercent,
  formatShortDay,
  formatWeekday,
} from "./format.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** One SVG element with its attributes, appended to `parent` when given. */
function svg(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  parent?.append(element);
  return element;
}

function html(name, className, text) {
  const element = document.createElement(name);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

// The day chart's drawing area, in viewBox units; the SVG scales as a whole.
const WIDTH = 640;
const HEIGHT = 200;
const PLOT = { left: 44, right: 8, top: 10, bottom: 26 };
const PLOT_WIDTH = WIDTH - PLOT.left - PLOT.right;
const PLOT_HEIGHT = HEIGHT - PLOT.top - PLOT.bottom;
const MAX_BAR = 40;
// Above this many days, the hidden table lists months instead of days.
const TABLE_DAYS_MAX = 31;
// Gridline steps to choose from, in seconds: the smallest giving at most four lines.
const STEPS = [600, 900, 1800, 3600, 7200, 10800, 14400, 21600, 28800, 43200, 86400];

const stepLabel = (seconds) =>
  seconds >= 3600 ? `${seconds / 3600} h` : `${seconds / 60} m`;

/** Which days get a date under the axis: all of a week, else about six, ending today. */
function labelledDays(count) {
  if (count <= 7) return { every: 1, format: formatWeekday };
  return { every: count <= 31 ? 7 : Math.ceil(count / 6), format: formatShortDay };
}

/**
 * Draws one bar per day of `series` (`[{date, seconds}]`, oldest first) into `chart`, and
 * fills `table` with the same days as text. The last day (today) is highlighted.
 */
export function drawDays(chart, table, series, label) {
  chart.replaceChildren();
  chart.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  svg("title", { id: "chart-days-title" }, chart).textContent = label;

  const most = Math.max(0, ...series.map((day) => day.seconds));
  const step = STEPS.find((s) => most / s <= 4) ?? STEPS[STEPS.length - 1];
  const ceiling = Math.max(step, Math.ceil(most / step) * step);
  const y = (seconds) => PLOT.top + PLOT_HEIGHT - (seconds / ceiling) * PLOT_HEIGHT;

  const grid = svg("g", { class: "chart-grid", "aria-hidden": "true" }, chart);
  for (let mark = 0; mark <= ceiling; mark += step) {
    svg("line", { x1: PLOT.left, x2: WIDTH - PLOT.right, y1: y(mark), y2: y(mark) }, grid);
    const text = svg("text", { x: PLOT.left - 6, y: y(mark) + 4, class: "chart-axis-y" }, grid);
    text.textContent = stepLabel(mark);
  }

  const slot = PLOT_WIDTH / Math.max(1, series.length);
  const barWidth = Math.min(MAX_BAR, Math.max(slot * 0.72, 0.8));
  const bars = svg("g", { class: "chart-bars" }, chart);
  const { every, format } = labelledDays(series.length);
  series.forEach((day, i) => {
    const x = PLOT.left + i * slot + (slot - barWidth) / 2;
    const height = day.seconds > 0 ? Math.max(1, (day.seconds / ceiling) * PLOT_HEIGHT) : 1.5;
    const today = i === series.length - 1;
    svg(
      "rect",
      {
        x: x.toFixed(2),
        y: (PLOT.top + PLOT_HEIGHT - height).toFixed(2),
        width: barWidth.toFixed(2),
        height: height.toFixed(2),
        rx: Math.min(3, barWidth / 3).toFixed(2),
        class: `bar${today ? " bar-today" : ""}${day.seconds > 0 ? "" : " bar-empty"}`,
        "data-date": day.date,
        "data-seconds": day.seconds,
      },
      bars,
    );
    if ((series.length - 1 - i) % every === 0) {
      const centre = Math.min(Math.max(x + barWidth / 2, PLOT.left + 18), WIDTH - 22);
      const text = svg("text", { x: centre, y: HEIGHT - 8, class: "chart-axis-x" }, chart);
      text.setAttribute("aria-hidden", "true");
      text.textContent = format(day.date);
    }
  });

  followPointer(chart, bars, series, slot);
  fillTable(table, series, label);
}

/** Shows the day under the pointer in one label above the plot, and marks its bar. */
function followPointer(chart, bars, series, slot) {
  const hover = svg("text", { class: "chart-hover", y: PLOT.top + 2, "aria-hidden": "true" }, chart);
  hover.setAttribute("visibility", "hidden");
  let marked = null;
  const hide = () => {
    hover.setAttribute("visibility", "hidden");
    marked?.classList.remove("bar-hover");
    marked = null;
  };
  chart.onpointerleave = hide;
  chart.onpointermove = (event) => {
    const matrix = chart.getScreenCTM();
    if (!matrix || series.length === 0) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const i = Math.floor((point.x - PLOT.left) / slot);
    if (i < 0 || i >= series.length) return hide();
    const day = series[i];
    marked?.classList.remove("bar-hover");
    marked = bars.children[i] ?? null;
    marked?.classList.add("bar-hover");
    hover.textContent = `${formatDay(day.date)}: ${durationText(day.seconds)}`;
    const centre = PLOT.left + (i + 0.5) * slot;
    const nearRight = centre > WIDTH / 2;
    hover.setAttribute("x", (nearRight ? centre - 6 : centre + 6).toFixed(2));
    hover.setAttribute("text-anchor", nearRight ? "end" : "start");
    hover.setAttribute("visibility", "visible");
  };
}

/** The chart as a table: one row per day, or per month for ranges over a month. */
export function fillTable(table, series, label) {
  const byMonth = series.length > TABLE_DAYS_MAX;
  const rows = byMonth ? monthTotals(series) : series.map((d) => [formatDay(d.date), d.seconds]);
  const body = html("tbody");
  for (const [name, seconds] of rows) {
    const row = html("tr");
    row.append(html("th", "", name), html("td", "", durationText(seconds)));
    row.firstChild.setAttribute("scope", "row");
    body.append(row);
  }
  const head = html("thead");
  const headRow = html("tr");
  headRow.append(html("th", "", byMonth ? "Month" : "Day"), html("th", "", "Time"));
  head.append(headRow);
  const caption = byMonth ? `${label} Time per month.` : label;
  table.replaceChildren(html("caption", "", caption), head, body);
}

/** `[[month name, seconds]]` in the order of `series`. */
function monthTotals(series) {
  const months = new Map();
  for (const day of series) {
    const month = day.date.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + day.seconds);
  }
  return [...months].map(([month, seconds]) => [formatMonth(month), seconds]);
}

/**
 * Fills `list` with one item per share (`[{name, seconds, text, percent}]`): the name,
 * its time and percentage, and a bar as long as the percentage; `unreported` names what
 * the server does not report, in place of an empty list that would look like no
 * activity. Five elements an item: the web process pays for each element (see
 * BENCHMARKS.md), so the bar is one element whose fill is drawn by its stylesheet.
 */
export function drawBreakdown(list, shares, unreported = null) {
  if (unreported) {
    list.replaceChildren(html("li", "breakdown-empty", `This server does not report ${unreported}.`));
    list.dataset.unreported = "true";
    return;
  }
  delete list.dataset.unreported;
  if (shares.length === 0) {
    list.replaceChildren(html("li", "breakdown-empty", "No time in this range"));
    return;
  }
  list.replaceChildren(
    ...shares.map((share, i) => {
      const item = html("li", "breakdown-item");
      item.dataset.name = share.name;
      item.dataset.seconds = String(share.seconds);
      const colour = share.name === "Other" ? "bar-other" : `bar-c${i % 8}`;
      const bar = html("span", `breakdown-bar ${colour}`);
      bar.setAttribute("aria-hidden", "true");
      bar.style.setProperty("--share", `${Math.max(0, Math.min(100, share.percent))}%`);
      item.append(
        html("span", "breakdown-name", share.name),
        html("span", "breakdown-time", share.text),
        html("span", "breakdown-percent", formatPercent(share.percent)),
        bar,
      );
      return item;
    }),
  );
}
