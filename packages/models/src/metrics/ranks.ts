/**
 * 1-based ranks with ties given the average of the ranks they span (so [5, 7, 7, 9] → [1, 2.5, 2.5, 4]).
 * Both ROC AUC (Mann–Whitney) and Spearman's correlation need exactly this tie rule.
 *
 * The values are sorted with the typed array's native numeric sort (no JS comparator: several times
 * faster, and the bootstrap ranks every resample), then each value finds its tie run by binary search.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  // Average rank of the tie run each sorted position belongs to.
  const runRank = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    const rank = (start + 1 + end) / 2; // mean of 1-based ranks start+1 .. end
    for (let k = start; k < end; k++) runRank[k] = rank;
    start = end;
  }
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = runRank[lowerBound(sorted, values[i]!)]!;
  return ranks;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
