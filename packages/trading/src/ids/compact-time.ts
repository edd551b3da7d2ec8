/** Largest instant that still has a four-digit year. */
export const MAX_ID_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** 'YYYYMMDDTHHMM' in UTC: a readable, sortable bar time inside ids. */
// The last instant formatted: a replay makes every order and fill id of one bar time in a row.
let lastEpochMs = Number.NaN;
let lastText = '';

export function compactUtcMinute(epochMs: number): string {
  if (epochMs === lastEpochMs) return lastText;
  const iso = new Date(epochMs).toISOString(); // 2024-03-08T14:30:00.000Z
  lastText = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  lastEpochMs = epochMs;
  return lastText;
}
