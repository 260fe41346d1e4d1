/**
 * The data: URL processor (apis/fetch/isolate-data-url.ts) against WPT's data-urls.json and base64.json.
 * No public API reaches it before outbound `fetch()` exists, so the test bundles the isolate module
 * and runs the tables inside a real isolate; the inputs are parsed by the host's WHATWG URL parser, as the
 * URL family's parser needs its host half.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import ivm from 'isolated-vm';
import t from 'tap';

const apisDir = fileURLToPath(new URL('../../apis/', import.meta.url));
const tablesDir = fileURLToPath(
  new URL('../../../shared/wpt-data/fetch/data-urls/resources/', import.meta.url),
);

type Processed = [mimeType: string, body: number[]] | null;

const ENTRY = `
import { processDataURL } from './fetch/isolate-data-url.ts';
globalThis.processAll = (json) => JSON.stringify(JSON.parse(json).map((href) => {
  if (href === null) return null;
  const result = processDataURL(href);
  return result === null ? null : [result.mimeType, Array.from(result.body)];
}));
`;

function processInIsolate(inputs: string[]): Processed[] {
  const hrefs = inputs.map((input) => URL.parse(input)?.href ?? null);
  const bundle = buildSync({
    stdin: { contents: ENTRY, resolveDir: apisDir, loader: 'ts', sourcefile: 'data-url-entry.ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2024',
    logLevel: 'silent',
  });
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  try {
    const context = isolate.createContextSync();
    context.evalSync((bundle.outputFiles[0] as { text: string }).text);
    const output = context.evalClosureSync('return processAll($0)', [JSON.stringify(hrefs)], {
      arguments: { copy: true },
    }) as string;
    return JSON.parse(output) as Processed[];
  } finally {
    isolate.dispose();
  }
}

t.test('data-urls.json and base64.json', (t) => {
  const dataURLs = JSON.parse(readFileSync(`${tablesDir}data-urls.json`, 'utf8')) as [
    string,
    string | null,
    number[]?,
  ][];
  const base64 = JSON.parse(readFileSync(`${tablesDir}base64.json`, 'utf8')) as [string, number[] | null][];
  const inputs = [...dataURLs.map(([input]) => input), ...base64.map(([input]) => `data:;base64,${input}`)];
  const results = processInIsolate(inputs);
  for (const [index, [input, mimeType, body]] of dataURLs.entries()) {
    t.same(results[index], mimeType === null ? null : [mimeType, body], JSON.stringify(input));
  }
  for (const [index, [input, body]] of base64.entries()) {
    const result = results[dataURLs.length + index];
    t.same(
      result === null || result === undefined ? null : result[1],
      body,
      `base64 ${JSON.stringify(input)}`,
    );
  }
  t.end();
});
