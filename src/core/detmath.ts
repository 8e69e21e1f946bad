// Transcendental functions from IEEE basic arithmetic only (+, -, *, /, sqrt are correctly
// rounded everywhere), so sampled values are bit-identical in Node and in any browser. Math.log
// and friends may differ in the last bit between JavaScript engines.

const LN2 = 0.6931471805599453;

/** Natural logarithm for x > 0, accurate to a few ulp. */
export function detLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  // x = m · 2^k with m in [1/√2, √2): halve/double by exact powers of two.
  let k = 0;
  let m = x;
  while (m > 1.4142135623730951) {
    m /= 2;
    k++;
  }
  while (m < 0.7071067811865476) {
    m *= 2;
    k--;
  }
  // ln m = 2·atanh(z), z = (m-1)/(m+1), |z| < 0.172: the series converges fast.
  const z = (m - 1) / (m + 1);
  const z2 = z * z;
  let term = z;
  let sum = 0;
  for (let n = 1; n < 60; n += 2) {
    const add = term / n;
    sum += add;
    if (Math.abs(add) < 1e-18 * Math.abs(sum)) break;
    term *= z2;
  }
  return 2 * sum + k * LN2;
}
