// How times read on the dashboard: durations the way WakaTime writes them, and the
// stats' days. A stats day is a calendar date in the user's WakaTime time zone, so it is
// printed as written (placed at UTC midnight and printed in UTC, which shifts nothing).
// When the last sync was comes worded from the core, in that same zone.

const unit = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** "3 hrs 12 mins", "45 mins", "30 secs": the same words as the core and WakaTime. */
export function durationText(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (hours === 0 && minutes === 0) return unit(s, "sec", "secs");
  if (hours === 0) return unit(minutes, "min", "mins");
  if (minutes === 0) return unit(hours, "hr", "hrs");
  return `${unit(hours, "hr", "hrs")} ${unit(minutes, "min", "mins")}`;
}

/** A `YYYY-MM-DD` stats day as a Date at UTC midnight. */
const utcDay = (date) => new Date(`${date}T00:00:00Z`);

/** One formatter per way of writing, made at its first use and kept: each one loads
 *  the locale's calendar data, and the dashboard writes hundreds of days. */
const formatters = new Map();

function formatter(key, options) {
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(undefined, options);
    formatters.set(key, made);
  }
  return made;
}

/** A stats day written by the formatter `key` with `options`, in UTC. */
const dayIn = (key, options) => (date) =>
  formatter(key, { timeZone: "UTC", ...options }).format(utcDay(date));

/** "Tue, Nov 18" */
export const formatDay = dayIn("day", { weekday: "short", month: "short", day: "numeric" });

/** "Nov 18" */
export const formatShortDay = dayIn("shortDay", { month: "short", day: "numeric" });

/** "November 2026", for a `YYYY-MM` month. */
const monthDay = dayIn("month", { month: "long", year: "numeric" });
export const formatMonth = (month) => monthDay(`${month}-01`);

/** "Tue" */
export const formatWeekday = dayIn("weekday", { weekday: "short" });

/** A Unix time as a date and time in `timeZone` (an IANA name; this computer's zone
 *  when it is missing or unknown), e.g. "Nov 25, 2026, 2:03 PM". */
export function formatMoment(unixSeconds, timeZone) {
  const options = { dateStyle: "medium", timeStyle: "short" };
  const moment = new Date(unixSeconds * 1000);
  if (timeZone) {
    try {
      return formatter(`moment ${timeZone}`, { ...options, timeZone }).format(moment);
    } catch {
      // An unknown zone name: this computer's zone below.
    }
  }
  return formatter("moment", options).format(moment);
}

/** "42.5%" */
export const formatPercent = (percent) => `${Number(percent).toFixed(1)}%`;

/** The host of a URL, or null when there is none. */
export function hostOf(url) {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}
