/**
 * `console.table` as Node 24 draws it (lib/internal/console/constructor.js `table`,
 * lib/internal/cli_table.js): one row per entry of the data, one column per property seen (or per
 * name in `properties`), cells inspected shallowly, left-aligned in a box-drawing frame.
 */
import { isMap, isSet, mapEntries, setValues } from './isolate-brands.ts';
import { inspect } from './isolate-inspect.ts';

const INDEX_HEADER = '(index)';
const ITERATION_HEADER = '(iteration index)';
const KEY_HEADER = 'Key';
const VALUES_HEADER = 'Values';

/** Terminal columns a string takes: East Asian wide characters count two, combining marks none. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (
      (code >= 0x300 && code <= 0x36f) ||
      (code >= 0x200b && code <= 0x200f) ||
      (code >= 0xfe00 && code <= 0xfe0f)
    ) {
      continue;
    }
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x1f900 && code <= 0x1f9ff) ||
      (code >= 0x20000 && code <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

function renderRow(cells: readonly string[], widths: readonly number[]): string {
  const padded = cells.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell)));
  return `│ ${padded.join(' │ ')} │`;
}

/** Draws the table: `head` names the columns, `columns[i]` holds column i's cells by row. */
function renderTable(head: readonly string[], columns: ReadonlyArray<readonly string[]>): string {
  const widths = head.map(displayWidth);
  const rowCount = columns.reduce((count, column) => Math.max(count, column.length), 0);
  const rows: string[][] = [];
  for (let row = 0; row < rowCount; row++) {
    rows.push(
      head.map((_, i) => {
        const cell = Object.hasOwn(columns[i] ?? [], row) ? ((columns[i] as string[])[row] as string) : '';
        widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
        return cell;
      }),
    );
  }
  const divider = widths.map((width) => '─'.repeat(width + 2));
  return [
    `┌${divider.join('┬')}┐`,
    renderRow(head, widths),
    `├${divider.join('┼')}┤`,
    ...rows.map((row) => renderRow(row, widths)),
    `└${divider.join('┴')}┘`,
  ].join('\n');
}

/** A cell: objects with more than two keys collapse to `[Object]`, arrays show three items. */
function cell(value: unknown): string {
  const collapse =
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 2;
  return inspect(value, {
    depth: collapse ? -1 : 0,
    maxArrayLength: 3,
    breakLength: Number.POSITIVE_INFINITY,
  });
}

const indexColumn = (length: number) => Array.from({ length }, (_, i) => cell(i));

/** The table for `data`, or undefined when `data` is not an object (console.table then logs it). */
export function formatTable(data: unknown, properties?: readonly string[]): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  if (isMap(data)) {
    const keys: string[] = [];
    const values: string[] = [];
    for (const [key, value] of mapEntries(data)) {
      keys.push(cell(key));
      values.push(cell(value));
    }
    return renderTable(
      [ITERATION_HEADER, KEY_HEADER, VALUES_HEADER],
      [indexColumn(keys.length), keys, values],
    );
  }
  if (isSet(data)) {
    const values = Array.from(setValues(data), cell);
    return renderTable([ITERATION_HEADER, VALUES_HEADER], [indexColumn(values.length), values]);
  }
  const columns = new Map<string, string[]>();
  const primitives: string[] = [];
  let hasPrimitives = false;
  const rowKeys = Object.keys(data);
  rowKeys.forEach((rowKey, row) => {
    const item: unknown = (data as Record<string, unknown>)[rowKey];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      primitives[row] = cell(item);
      return;
    }
    for (const key of properties ?? Object.keys(item as object)) {
      let column = columns.get(key);
      if (!column) {
        column = [];
        columns.set(key, column);
      }
      const present = !primitive && Object.hasOwn(item as object, key);
      column[row] = present ? cell((item as Record<string, unknown>)[key]) : '';
    }
  });
  const head = [INDEX_HEADER, ...columns.keys()];
  const body = [rowKeys, ...columns.values()];
  if (hasPrimitives) {
    head.push(VALUES_HEADER);
    body.push(primitives);
  }
  return renderTable(head, body);
}
