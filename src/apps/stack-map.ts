/**
 * Stack traces of bundled apps, mapped back to the app's own files: every `<bundle url>:line:column`
 * in a text (an isolate's error stack, a console line, a load failure) becomes `<original file>:line:
 * column`, using the bundle's source map and node:module's SourceMap (Source Map v3 §"mappings").
 */
import { SourceMap } from 'node:module';
import type { AppLog } from '../../pool/app-isolate.ts';
import type { AppBundle, AppSpec } from '../../pool/task.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type StackMapper = (text: string) => string;

export function stackMapperFor(bundle: AppBundle): StackMapper {
  let map: SourceMap | undefined;
  const position = new RegExp(`${escapeRegExp(bundle.url)}:(\\d+):(\\d+)`, 'g');
  return (text) => {
    if (!text.includes(bundle.url)) return text;
    map ??= new SourceMap(JSON.parse(bundle.sourceMap));
    const sourceMap = map;
    return text.replace(position, (whole, line: string, column: string) => {
      const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1) as {
        originalSource?: string;
        originalLine?: number;
        originalColumn?: number;
      };
      if (entry.originalSource === undefined || entry.originalLine === undefined) return whole;
      return `${entry.originalSource}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    });
  };
}

function mappedFields(fields: Record<string, unknown>, map: StackMapper): Record<string, unknown> {
  const mapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    mapped[key] = typeof value === 'string' ? map(value) : value;
  return mapped;
}

/** The app's log with every bundle position mapped to the original files (a no-op without a bundle). */
export function mappedAppLog(app: AppSpec, log: AppLog): AppLog {
  if (app.bundle === undefined) return log;
  const map = stackMapperFor(app.bundle);
  return {
    console: (level, text) => log.console(level, map(text)),
    error: (message, fields) => log.error(message, mappedFields(fields, map)),
    warn: (message, fields) => log.warn(message, mappedFields(fields, map)),
  };
}
