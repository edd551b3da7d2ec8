/** Largest instant that still has a four-digit year. */
export const MAX_ID_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** 'YYYYMMDDTHHMM' in UTC: a readable, sortable bar time inside ids. */
export function compactUtcMinute(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2024-03-08T14:30:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}
