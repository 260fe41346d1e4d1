export function describeRuns(count: number): string {
  return count === 1 ? '1 scheduled run' : `${count} scheduled runs`;
}
