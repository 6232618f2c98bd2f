// How times read on the dashboard: durations the way WakaTime writes them, dates of the
// stats (which are UTC calendar days), and "5 minutes ago" for the last sync.

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

/** "Tue, Nov 18" */
export const formatDay = (date) =>
  utcDay(date).toLocaleDateString(undefined, {
    timeZone: "UTC",
    weekday: "short",
    month: "short",
    day: "numeric",
  });

/** "Nov 18" */
export const formatShortDay = (date) =>
  utcDay(date).toLocaleDateString(undefined, { timeZone: "UTC", month: "short", day: "numeric" });

/** "November 2026", for a `YYYY-MM` month. */
export const formatMonth = (month) =>
  utcDay(`${month}-01`).toLocaleDateString(undefined, {
    timeZone: "UTC",
    month: "long",
    year: "numeric",
  });

/** "Tue" */
export const formatWeekday = (date) =>
  utcDay(date).toLocaleDateString(undefined, { timeZone: "UTC", weekday: "short" });

/** A Unix time as a local date and time, e.g. "Nov 25, 2026, 2:03 PM". */
export const formatMoment = (unixSeconds) =>
  new Date(unixSeconds * 1000).toLocaleString(undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });

/** "just now", "5 minutes ago", "3 hours ago", "yesterday", "4 days ago". */
export function relativeTime(unixSeconds, nowMs = Date.now()) {
  const ago = Math.max(0, nowMs / 1000 - unixSeconds);
  if (ago < 45) return "just now";
  const minutes = Math.max(1, Math.round(ago / 60));
  if (minutes < 60) return `${unit(minutes, "minute", "minutes")} ago`;
  const hours = Math.round(ago / 3600);
  if (hours < 24) return `${unit(hours, "hour", "hours")} ago`;
  const days = Math.round(ago / 86400);
  return days === 1 ? "yesterday" : `${days} days ago`;
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
