/** Medians of interleaved rounds: one slow round (another process took the cores) does not move them. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median of each numeric field over `rows`. */
export function medianOf<T extends { [K in keyof T]: number }>(rows: readonly T[]): T {
  const first = rows[0];
  if (first === undefined) throw new Error('medianOf: no rows');
  const result = {} as T;
  for (const key of Object.keys(first) as Array<keyof T>) {
    result[key] = median(rows.map((row) => row[key])) as T[keyof T];
  }
  return result;
}
