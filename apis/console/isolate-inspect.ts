/**
 * Node-like value inspection, inside the isolate: what `console.log` prints and what the REPL echoes.
 */
import { withoutInternalFrames } from '../runtime/bridge.ts';

export interface InspectOptions {
  depth?: number;
}

export function inspect(value: unknown, options: InspectOptions = {}): string {
  return formatValue(value, options.depth ?? 2, new Set(), true);
}

function formatValue(value: unknown, depth: number, seen: Set<object>, top: boolean): string {
  switch (typeof value) {
    case 'string':
      return top ? `'${value}'` : `'${value}'`;
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function: ${value.name || '(anonymous)'}]`;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value === null) return 'null';
  if (value instanceof Error) return withoutInternalFrames(value.stack ?? `${value.name}: ${value.message}`);
  if (seen.has(value)) return '[Circular *1]';
  if (depth < 0) return Array.isArray(value) ? '[Array]' : '[Object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return `[ ${value.map((item) => formatValue(item, depth - 1, seen, false)).join(', ')} ]`;
    }
    const entries = Object.keys(value).map(
      (key) => `${key}: ${formatValue((value as Record<string, unknown>)[key], depth - 1, seen, false)}`,
    );
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  } finally {
    seen.delete(value);
  }
}

/** `console.log`'s formatting: printf-style directives in a first string argument, then inspection. */
export function formatLogArguments(args: readonly unknown[]): string {
  return args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ');
}
