/**
 * Laying out the entries of an inspected object, as Node's util.inspect does (`reduceToSingleString`,
 * `groupArrayElements`, `isBelowBreakLength` in lib/internal/util/inspect.js): the innermost `compact`
 * levels go on one line when they fit in `breakLength`; long arrays of short items are set in columns;
 * everything else gets one entry per line, indented by two spaces.
 */

export interface LayoutContext {
  breakLength: number;
  compact: number;
  indentationLvl: number;
  /** The depth of the innermost object formatted most recently. */
  currentDepth: number;
  maxArrayLength: number;
}

/** Entries of arrays (and typed arrays) may be grouped in columns; those of other objects may not. */
export type EntryKind = 'array' | 'object';

function isBelowBreakLength(
  ctx: LayoutContext,
  output: readonly string[],
  start: number,
  base: string,
): boolean {
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    totalLength += entry.length;
    if (totalLength > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

/** Sets more than six short array items in aligned columns, numbers right-aligned. */
function groupArrayElements(ctx: LayoutContext, output: string[], value: unknown): string[] {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  // The "... n more items" entry is not part of the grid.
  if (ctx.maxArrayLength < output.length) outputLength--;
  const separatorSpace = 2;
  const dataLen: number[] = [];
  for (let i = 0; i < outputLength; i++) {
    const len = (output[i] as string).length;
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  if (
    actualMax * 3 + ctx.indentationLvl >= ctx.breakLength ||
    (totalLength / actualMax <= 5 && maxLength > 6)
  ) {
    return output;
  }
  const approxCharHeights = 2.5;
  const averageBias = Math.sqrt(actualMax - totalLength / output.length);
  const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
    Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
    ctx.compact * 4,
    15,
  );
  if (columns <= 1) return output;
  const maxLineLength: number[] = [];
  for (let i = 0; i < columns; i++) {
    let lineLength = 0;
    for (let j = i; j < output.length; j += columns) {
      if ((dataLen[j] ?? 0) > lineLength) lineLength = dataLen[j] ?? 0;
    }
    maxLineLength.push(lineLength + separatorSpace);
  }
  const items = value as ArrayLike<unknown> | undefined;
  let padStart = true;
  if (items !== undefined) {
    for (let i = 0; i < output.length; i++) {
      if (typeof items[i] !== 'number' && typeof items[i] !== 'bigint') {
        padStart = false;
        break;
      }
    }
  }
  const grouped: string[] = [];
  for (let i = 0; i < outputLength; i += columns) {
    const max = Math.min(i + columns, outputLength);
    let line = '';
    let j = i;
    for (; j < max - 1; j++) {
      const cell = `${output[j]}, `;
      const width = maxLineLength[j - i] ?? 0;
      line += padStart ? cell.padStart(width, ' ') : cell.padEnd(width, ' ');
    }
    const lastCell = output[j] as string;
    line += padStart ? lastCell.padStart((maxLineLength[j - i] ?? 0) - separatorSpace, ' ') : lastCell;
    grouped.push(line);
  }
  if (ctx.maxArrayLength < output.length) grouped.push(output[outputLength] as string);
  return grouped;
}

/** Joins formatted entries inside `braces`, after `base` (a function's or an error's description). */
export function reduceToSingleString(
  ctx: LayoutContext,
  entries: string[],
  base: string,
  braces: [string, string],
  kind: EntryKind,
  recurseTimes: number,
  value: unknown,
): string {
  let output = entries;
  const entryCount = output.length;
  if (kind === 'array' && entryCount > 6) output = groupArrayElements(ctx, output, value);
  if (ctx.currentDepth - recurseTimes < ctx.compact && entryCount === output.length) {
    // Node adds 10 "to start next to all other factors that may reduce breakLength".
    const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
    if (isBelowBreakLength(ctx, output, start, base)) {
      const joined = output.join(', ');
      if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
  return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
}
