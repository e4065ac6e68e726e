/** Least-squares line y = intercept + slope·x through (0, y0), (1, y1), …; null for fewer than two points. */
export function leastSquares(ys: readonly number[]): { slope: number; intercept: number } | null {
  const n = ys.length;
  if (n < 2) return null;
  const meanX = (n - 1) / 2;
  let meanY = 0;
  for (const y of ys) meanY += y / n;
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) * (x - meanX);
  });
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}
