/**
 * Distinct timestamps of time-sorted rows and where each one's rows start. Folds are cut on these
 * instants, so all symbols at one instant always land in the same fold.
 */
export interface DistinctTimes {
  times: Float64Array;
  /** rowStart[i]..rowStart[i+1]-1 are the rows at times[i]; length = times.length + 1. */
  rowStart: Int32Array;
}

export function distinctTimes(timestamps: Float64Array): DistinctTimes {
  const times: number[] = [];
  const rowStart: number[] = [];
  for (let r = 0; r < timestamps.length; r++) {
    const time = timestamps[r]!;
    if (r === 0 || time !== timestamps[r - 1]) {
      times.push(time);
      rowStart.push(r);
    }
  }
  rowStart.push(timestamps.length);
  return { times: Float64Array.from(times), rowStart: Int32Array.from(rowStart) };
}
