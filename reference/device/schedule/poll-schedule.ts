/**
 * POLL-002/POLL-003: the end user's polling period (hours of the day) and downtime windows. The spec gives
 * no format (ambiguity 18); ours: `HH:MM-HH:MM` in the device's local time, wrapping past midnight when
 * the end is earlier than the start, and ISO 8601 intervals `start/end` or `start/duration`.
 */
export interface PollingPeriod {
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
}

export interface DowntimeWindow {
  startMs: number;
  endMs: number;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parsePollingPeriod(text: string): PollingPeriod {
  const [start, end, ...rest] = text.split('-');
  const startMinute = minutesOf(start);
  const endMinute = minutesOf(end);
  if (rest.length > 0 || startMinute === undefined || endMinute === undefined || startMinute === endMinute) {
    throw new Error(`polling period "${text}" is not HH:MM-HH:MM with two different times (POLL-002). Use e.g. 06:00-22:00.`);
  }
  return { startMinute, endMinute };
}

export function parseDowntime(text: string): DowntimeWindow {
  const [start, end, ...rest] = text.split('/');
  const startMs = start === undefined ? NaN : Date.parse(start);
  const endMs = end === undefined ? NaN : end.startsWith('P') ? startMs + durationMs(end) : Date.parse(end);
  if (rest.length > 0 || !Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) {
    throw new Error(`downtime "${text}" is not an ISO 8601 interval START/END or START/DURATION with END after START (POLL-002). Use e.g. 2026-01-01T00:00:00Z/PT8H.`);
  }
  return { startMs, endMs };
}

export function inDowntime(windows: readonly DowntimeWindow[], now: number): boolean {
  return windows.some((window) => now >= window.startMs && now < window.endMs);
}

export function inPollingPeriod(period: PollingPeriod | undefined, now: number): boolean {
  if (!period) return true;
  const date = new Date(now);
  const minute = date.getHours() * 60 + date.getMinutes();
  return period.startMinute < period.endMinute
    ? minute >= period.startMinute && minute < period.endMinute
    : minute >= period.startMinute || minute < period.endMinute;
}

function minutesOf(text: string | undefined): number | undefined {
  const match = HH_MM.exec(text ?? '');
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

function durationMs(text: string): number {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return NaN;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
}
