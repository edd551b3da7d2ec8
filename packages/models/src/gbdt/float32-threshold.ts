// Split thresholds are stored as float32 values (MODELS-CONTRACT.md) because ONNX's tree ensembles
// compare float32 inputs against float32 thresholds. A threshold chosen here separates two
// neighbouring training values `a < b` both in float64 (a <= t < b, the trainer's own predictor)
// and in float32 (fround(a) <= t < fround(b), an ONNX runtime), so every training row takes the
// same branch under either arithmetic.

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The next float32 above a finite float32 value `x`. */
function nextFloat32Up(x: number): number {
  if (x === 0) return 1.401298464324817e-45; // smallest positive subnormal
  scratch[0] = x;
  scratchBits[0] = x > 0 ? scratchBits[0]! + 1 : scratchBits[0]! - 1;
  return scratch[0]!;
}

function separates(t: number, a: number, b: number, b32: number): boolean {
  return a <= t && t < b && t < b32 && Number.isFinite(t);
}

/**
 * A float32-representable threshold t with a <= t < b and fround(a) <= t < fround(b), preferring
 * the midpoint (so unseen values near either side fall with their nearer neighbour); null when
 * a and b are the same float32 value (they cannot be told apart by a float32 comparison, so they
 * must share a bin).
 */
export function separatingThreshold(a: number, b: number): number | null {
  const a32 = Math.fround(a);
  const b32 = Math.fround(b);
  if (!(a < b) || a32 === b32) return null;
  const midpoint = Math.fround(a + (b - a) / 2);
  if (separates(midpoint, a, b, b32)) return midpoint;
  if (separates(a32, a, b, b32)) return a32;
  const above = nextFloat32Up(a32);
  if (separates(above, a, b, b32)) return above;
  return null;
}
