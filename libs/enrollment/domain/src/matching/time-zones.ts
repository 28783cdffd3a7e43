/**
 * Time-zone arithmetic on UTC offsets, around the clock: the offsets come from each participant's IANA zone on
 * the day of the run (daylight saving included), and two offsets a day apart are the same local clock, so
 * +12:00 and −11:00 are 1 hour apart, not 23.
 */
const DAY_MINUTES = 1440;

/** The distance between two UTC offsets on a 24-hour clock, in minutes (0–720). */
export function tzDistanceMinutes(a: number, b: number): number {
  const d = Math.abs(a - b) % DAY_MINUTES;
  return Math.min(d, DAY_MINUTES - d);
}

/** Default working hours, local time: 09:00–17:00. */
export const WORKING_HOURS = { startMinute: 9 * 60, endMinute: 17 * 60 } as const;

/**
 * How many minutes of two people's working days overlap, each working `hours` of their local time, measured on
 * the UTC clock around midnight (so a window that crosses midnight UTC is handled).
 */
export function workingHoursOverlapMinutes(offsetA: number, offsetB: number, hours: { startMinute: number; endMinute: number } = WORKING_HOURS): number {
  const length = hours.endMinute - hours.startMinute;
  if (length <= 0) return 0;
  // Local hh:mm = UTC + offset, so the window starts at (start − offset) UTC; compare the two starts mod 24 h.
  const shift = tzDistanceMinutes(offsetA, offsetB);
  return Math.max(0, length - shift) + Math.max(0, length - (DAY_MINUTES - shift));
}
