/**
 * The training objective on standardized columns z_j (row-aligned with y):
 *   L(b, w) = (1/n) Σ_i [ log(1 + e^{η_i}) − y_i η_i ] + (λ/2) Σ_j w_j²,   η_i = b + Σ_j w_j z_ij
 * The intercept b is not penalized (penalizing it would pull predictions toward 50/50 whatever the
 * base rate). Using the mean, not the sum, keeps λ meaning the same at any row count.
 */
export function logisticLossOf(eta: number, y: number): number {
  // log(1 + e^η) − yη, written to stay finite for large |η|.
  const softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
  return softplus - y * eta;
}

export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** Loss and gradient ([∂b, ∂w_1..∂w_d]) — the trainer's definition, exported so tests can check it numerically. */
export function logisticObjective(
  columns: readonly Float64Array[],
  labels: Float64Array,
  l2: number,
  intercept: number,
  weights: ArrayLike<number>,
): { loss: number; gradient: Float64Array } {
  const n = labels.length;
  const d = columns.length;
  const eta = new Float64Array(n).fill(intercept);
  for (let j = 0; j < d; j++) {
    const w = weights[j]!;
    const z = columns[j]!;
    for (let i = 0; i < n; i++) eta[i]! += w * z[i]!;
  }
  let loss = 0;
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    loss += logisticLossOf(eta[i]!, labels[i]!);
    residual[i] = sigmoid(eta[i]!) - labels[i]!;
  }
  const gradient = new Float64Array(d + 1);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += residual[i]!;
  gradient[0] = sum / n;
  let penalty = 0;
  for (let j = 0; j < d; j++) {
    const z = columns[j]!;
    let dot = 0;
    for (let i = 0; i < n; i++) dot += residual[i]! * z[i]!;
    gradient[j + 1] = dot / n + l2 * weights[j]!;
    penalty += weights[j]! * weights[j]!;
  }
  return { loss: loss / n + 0.5 * l2 * penalty, gradient };
}
