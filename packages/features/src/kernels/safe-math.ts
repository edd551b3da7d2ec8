// FEATURES.md: a division by zero or the log of a non-positive number is NULL (NaN internally).
// JavaScript would give ±Infinity or -Infinity/NaN instead, so every ratio and log goes through here.

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? NaN : numerator / denominator;
}

export function safeLog(x: number): number {
  return x > 0 ? Math.log(x) : NaN;
}
