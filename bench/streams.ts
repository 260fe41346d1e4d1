/**
 * Streams inside a NANO isolate against the same script in plain Node (Node's own web streams):
 * piping 100 MB of 64 KB chunks through a TransformStream, reading a byte stream, and gzip through
 * CompressionStream/DecompressionStream. Then what the streams families cost every new isolate: the
 * bundle bytes they add and the time to evaluate them in a fresh context (V8 code cache warm, as in
 * pool/bootstrap.ts). Prints MB/s per case and NANO's ratio, then the bootstrap numbers.
 *
 *   ../shared/tools/debian13 node bench/streams.ts [--mb 100] [--gzip-mb 32] [--contexts 200]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { buildSync } from 'esbuild';
import ivm from 'isolated-vm';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const NODE_FLAGS = ['--no-node-snapshot', '--disable-warning=ExperimentalWarning'];

const { values: flags } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    'gzip-mb': { type: 'string', default: '32' },
    contexts: { type: 'string', default: '200' },
  },
});

/** One script for both runtimes; each case reports MB/s (Date.now: the same clock in both). */
const BENCHMARK = `
const MB = 1024 * 1024;
const CHUNK = 64 * 1024;
const total = ${Number(flags.mb)} * MB;
const gzipTotal = ${Number(flags['gzip-mb'])} * MB;

function chunkSource(bytes, chunkFor) {
  let produced = 0;
  return new ReadableStream({
    pull(controller) {
      if (produced >= bytes) return controller.close();
      controller.enqueue(chunkFor(produced));
      produced += CHUNK;
    },
  });
}

function countingSink() {
  const sink = { bytes: 0 };
  sink.stream = new WritableStream({ write(chunk) { sink.bytes += chunk.byteLength; } });
  return sink;
}

async function timed(bytes, body) {
  const start = Date.now();
  const moved = await body();
  if (moved !== bytes) throw new Error('moved ' + moved + ' of ' + bytes + ' bytes');
  return Math.round((bytes / MB) / ((Date.now() - start) / 1000));
}

// Semi-compressible input: JSON-like records with varying numbers (about 4:1 with gzip).
const sample = new TextEncoder().encode(
  Array.from({ length: 40000 }, (_, i) => '{"id":' + i * 7919 % 100003 + ',"name":"item-' + (i * 31 % 977) + '","ok":' + (i % 3 === 0) + '}\\n').join(''),
).subarray(0, MB);
const sampleChunk = (offset) => sample.slice(offset % MB, (offset % MB) + CHUNK);

const cases = {
  'pipeThrough(new TransformStream()) 64 KB chunks': () =>
    timed(total, async () => {
      const sink = countingSink();
      await chunkSource(total, () => new Uint8Array(CHUNK)).pipeThrough(new TransformStream()).pipeTo(sink.stream);
      return sink.bytes;
    }),
  'pipeThrough(transform: enqueue) 64 KB chunks': () =>
    timed(total, async () => {
      const sink = countingSink();
      const transform = new TransformStream({ transform(chunk, controller) { controller.enqueue(chunk); } });
      await chunkSource(total, () => new Uint8Array(CHUNK)).pipeThrough(transform).pipeTo(sink.stream);
      return sink.bytes;
    }),
  'byte stream, reader loop 64 KB chunks': () =>
    timed(total, async () => {
      let produced = 0;
      const stream = new ReadableStream({
        type: 'bytes',
        pull(controller) {
          if (produced >= total) return controller.close();
          controller.enqueue(new Uint8Array(CHUNK));
          produced += CHUNK;
        },
      });
      const reader = stream.getReader();
      let read = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return read;
        read += value.byteLength;
      }
    }),
  'CompressionStream gzip (input MB/s)': () =>
    timed(gzipTotal, async () => {
      const sink = countingSink();
      let consumed = 0;
      const counter = new TransformStream({ transform(chunk, controller) { consumed += chunk.byteLength; controller.enqueue(chunk); } });
      await chunkSource(gzipTotal, sampleChunk).pipeThrough(counter).pipeThrough(new CompressionStream('gzip')).pipeTo(sink.stream);
      globalThis.compressedRatio = (consumed / sink.bytes).toFixed(1);
      return consumed;
    }),
  'DecompressionStream gzip (output MB/s)': async () => {
    const compressedChunks = [];
    await chunkSource(gzipTotal, sampleChunk)
      .pipeThrough(new CompressionStream('gzip'))
      .pipeTo(new WritableStream({ write(chunk) { compressedChunks.push(chunk); } }));
    return timed(gzipTotal, async () => {
      const sink = countingSink();
      let index = 0;
      const source = new ReadableStream({
        pull(controller) {
          if (index === compressedChunks.length) return controller.close();
          controller.enqueue(compressedChunks[index++]);
        },
      });
      await source.pipeThrough(new DecompressionStream('gzip')).pipeTo(sink.stream);
      return sink.bytes;
    });
  },
};
const results = {};
for (const [name, body] of Object.entries(cases)) results[name] = await body();
results['gzip ratio'] = globalThis.compressedRatio;
console.log(JSON.stringify(results));
`;

async function runIn(command: 'nano' | 'node', script: string): Promise<Record<string, number | string>> {
  const args =
    command === 'nano' ? [...NODE_FLAGS, join(root, 'bin/nano.ts'), 'run', script] : [...NODE_FLAGS, script];
  const { stdout } = await run(process.execPath, args, { cwd: root, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

/** The isolate halves a context evaluates, bundled the way pool/isolate-bundle.ts does. */
function bundle(modules: readonly string[]): string {
  const contents = modules.map((path, index) => `import * as m${index} from './${path}'; void m${index};`);
  const result = buildSync({
    stdin: { contents: contents.join('\n'), resolveDir: join(root, 'apis'), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2024',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Median microseconds to create a context and run `code` in it, the compile cached as in production. */
function contextCost(code: string, contexts: number): number {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const first: ivm.Script & ivm.CachedDataResult = isolate.compileScriptSync(code, {
    produceCachedData: true,
  });
  const cachedData = first.cachedData;
  const samples: number[] = [];
  for (let i = 0; i < contexts; i++) {
    const start = process.hrtime.bigint();
    const context = isolate.createContextSync();
    isolate.compileScriptSync(code, { cachedData }).runSync(context);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
    context.release();
  }
  isolate.dispose();
  samples.sort((a, b) => a - b);
  return Math.round(samples[Math.floor(samples.length / 2)] ?? 0);
}

function bootstrapCost(): void {
  // What streams and compression import from earlier families, so the difference is theirs alone.
  const dependencies = [
    'runtime/isolate.ts',
    'dom-exception/isolate.ts',
    'encoding/isolate.ts',
    'fetch/isolate-webidl.ts',
  ];
  const without = bundle(dependencies);
  const withStreams = bundle([...dependencies, 'streams/isolate.ts', 'compression/isolate.ts']);
  const contexts = Number(flags.contexts);
  const base = contextCost(without, contexts);
  const streams = contextCost(withStreams, contexts);
  console.log('\nPer-isolate cost of the streams + compression families (new context, code cache warm):');
  console.log(
    `  bundle bytes: ${without.length} → ${withStreams.length} (+${withStreams.length - without.length})`,
  );
  console.log(
    `  context + evaluate, median of ${contexts}: ${base} µs → ${streams} µs (+${streams - base} µs)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'nano-bench-streams-'));
try {
  const script = join(dir, 'streams-bench.mjs');
  writeFileSync(script, BENCHMARK);
  const nano = await runIn('nano', script);
  const node = await runIn('node', script);
  console.log(`Streams throughput (${flags.mb} MB piped, ${flags['gzip-mb']} MB gzip), MB/s:`);
  for (const [name, value] of Object.entries(nano)) {
    const reference = node[name];
    const ratio =
      typeof value === 'number' && typeof reference === 'number'
        ? ` (${(value / reference).toFixed(2)}× Node)`
        : '';
    console.log(
      `  ${name.padEnd(48)} NANO ${String(value).padStart(6)}   Node ${String(reference).padStart(6)}${ratio}`,
    );
  }
  bootstrapCost();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
