/**
 * Streamed bodies through a real `nano serve` (issue 5 part 2): a response leaves chunk by chunk, a
 * slow reader holds the server's memory flat, a client that goes away cancels the isolate's stream,
 * CompressionStream/DecompressionStream work on served bodies, request bodies are streams.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { residentBytes } from '../helpers/process-memory.ts';
import { appPath, type NanoServer, rawRequest, startServer, statusOf } from './serve-helpers.ts';

const MIB = 1024 * 1024;

function get(server: NanoServer, path: string, init: { method?: string } = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.origin}${path}`, { method: init.method ?? 'GET', agent: false });
    request.on('response', resolve).on('error', reject).end();
  });
}

function firstChunk(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => response.once('data', resolve));
}

function readRest(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
  });
}

async function appState(server: NanoServer): Promise<{ produced: number; cancelled: string | null }> {
  return (await server.fetch('/state')).json() as Promise<{ produced: number; cancelled: string | null }>;
}

/** Polls `/state` until `done` holds (the isolate acts on the host's message a moment later). */
async function stateWhen(
  server: NanoServer,
  done: (state: { produced: number; cancelled: string | null }) => boolean,
): Promise<{ produced: number; cancelled: string | null }> {
  for (let attempt = 0; ; attempt++) {
    const state = await appState(server);
    if (done(state) || attempt === 200) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

t.test('streamed bodies through nano serve', async (t) => {
  const server = await startServer(
    ['--app', appPath('streaming.js'), '--threads', '1', '--response-timeout', '3'],
    { NANO_LOG_FORMAT: 'json' },
  );
  t.teardown(() => server.stop());

  t.test('the first chunk arrives before the stream ends', async (t) => {
    const response = await get(server, '/chunks');
    t.equal(response.headers['transfer-encoding'], 'chunked', 'no length known: chunked');
    const first = await firstChunk(response);
    t.equal(first.toString(), 'chunk-1;', 'chunk 1 arrived while chunk 2 is not yet produced');
    const rest = readRest(response);
    t.equal(await (await server.fetch('/release')).text(), 'released');
    t.equal((await rest).toString(), 'chunk-2;', 'chunk 2 followed once released');
  });

  t.test('a chunk larger than the socket takes is all delivered before the next one', async (t) => {
    const pad = 8 * MIB;
    const response = await get(server, `/chunks?pad=${pad}`);
    let received = 0;
    await new Promise<void>((resolve) => {
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= pad + 8) resolve();
      });
    });
    t.equal(received, pad + 8, 'chunk 1 arrived whole while the stream waits');
    const rest = readRest(response);
    await server.fetch('/release');
    t.equal((await rest).toString(), 'chunk-2;');
  });

  t.test('a slow reader does not grow server memory', async (t) => {
    const warm = await get(server, '/big?mb=8');
    t.equal((await readRest(warm)).length, 8 * MIB);
    const pid = server.child.pid as number;
    const baseline = residentBytes(pid);
    const response = await get(server, '/big?mb=100');
    response.pause();
    let previous = -1;
    const paused = await stateWhen(server, (state) => {
      const settled = state.produced === previous;
      previous = state.produced;
      return settled;
    });
    t.ok(paused.produced < 32 * MIB, `a paused client stops the producer (${paused.produced} bytes made)`);
    let peak = residentBytes(pid);
    const sampler = setInterval(() => {
      peak = Math.max(peak, residentBytes(pid));
    }, 20);
    let received = 0;
    response.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // Read in bursts: pause now and then, as a slow client does.
      if (received % (8 * MIB) < chunk.length) {
        response.pause();
        setTimeout(() => response.resume(), 20);
      }
    });
    response.resume();
    await new Promise((resolve) => response.on('end', resolve));
    clearInterval(sampler);
    t.equal(received, 100 * MIB, 'the whole body arrived');
    const growth = peak - baseline;
    t.ok(growth < 64 * MIB, `server RSS grew by ${(growth / MIB).toFixed(1)} MiB (< 64 MiB)`);
  });

  t.test('a client that disconnects cancels the stream inside the isolate', async (t) => {
    const response = await get(server, '/big?mb=1000');
    await firstChunk(response);
    response.destroy();
    const state = await stateWhen(server, (current) => current.cancelled !== null);
    t.match(state.cancelled, /TypeError: Network connection lost/, "the source's cancel() ran");
    t.ok(state.produced < 1000 * MIB, 'the producer stopped');
  });

  t.test('a stream that stalls after the head is cut at the idle timeout', async (t) => {
    const response = await get(server, '/stall');
    t.equal((await firstChunk(response)).toString(), 'stalled;');
    const ended = await new Promise<string>((resolve) => {
      response.on('error', () => resolve('error'));
      response.on('aborted', () => resolve('aborted'));
      response.on('end', () => resolve('end'));
      response.resume();
    });
    t.not(ended, 'end', 'the body does not look complete');
    const state = await stateWhen(server, (current) => current.cancelled !== null);
    t.match(state.cancelled, /Network connection lost/, 'the stalled stream was cancelled');
    await server.waitFor(/stalled past the idle timeout/);
  });

  t.test('gzip through CompressionStream and DecompressionStream', async (t) => {
    const response = await get(server, '/gzip');
    t.equal(response.headers['x-round-trip'], 'true', 'compress then decompress inside the app');
    const compressed = await readRest(response);
    t.equal(
      gunzipSync(compressed).toString(),
      'streaming through gzip '.repeat(2000),
      'the client gunzips it',
    );
    const text = 'a request body, gzipped by the client. '.repeat(5000);
    const echoed = await server.fetch('/gunzip', { method: 'POST', body: gzipSync(text) });
    t.equal(await echoed.text(), text, 'the app gunzips a request body as a stream');
  });

  t.test('a request body is a ReadableStream and streams back', async (t) => {
    const body = Buffer.alloc(3 * MIB, 'nano');
    const response = await server.fetch('/echo', { method: 'POST', body });
    t.equal(response.headers.get('x-body-is-stream'), 'true');
    t.equal(response.headers.get('x-body-used-before'), 'false');
    t.ok(Buffer.from(await response.arrayBuffer()).equals(body), 'the echoed body is the same bytes');
    const used = await server.fetch('/echo-used', { method: 'POST', body: 'twelve bytes' });
    t.same(await used.json(), { length: 12, bodyUsed: true }, 'bodyUsed after text()');
  });

  t.test('a FixedLengthStream is sent with Content-Length', async (t) => {
    const response = await server.fetch('/fixed');
    t.equal(response.headers.get('content-length'), '11');
    t.equal(response.headers.get('transfer-encoding'), null);
    t.equal(await response.text(), 'hello world');
    const big = await get(server, '/fixed-big?mb=24');
    t.equal(big.headers['content-length'], String(24 * MIB), 'a large known length');
    big.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const whole = readRest(big);
    big.resume();
    t.equal((await whole).length, 24 * MIB, 'every byte arrives after the client paused');
    const head = await server.fetch('/fixed', { method: 'HEAD' });
    t.equal(head.headers.get('content-length'), '11', 'HEAD reports the length');
    t.equal(await head.text(), '');
  });

  t.test('a stream that errors after the head aborts the connection', async (t) => {
    const request = 'GET /error-mid HTTP/1.1\r\nHost: localhost\r\n\r\n';
    const raw = await rawRequest(server.port, request, 3000);
    t.equal(statusOf(raw), 200, 'the head was sent');
    t.match(raw, /partial;/, 'the chunk before the error was sent');
    t.notMatch(raw, /\r\n0\r\n\r\n$/, 'no final chunk: the client cannot take the body as complete');
    await server.waitFor(/the tenant stream broke/);
    const notBytes = await rawRequest(
      server.port,
      'GET /not-bytes HTTP/1.1\r\nHost: localhost\r\n\r\n',
      3000,
    );
    t.notMatch(notBytes, /\r\n0\r\n\r\n$/, 'a chunk that is not bytes aborts too');
    await server.waitFor(/not an ArrayBuffer or ArrayBufferView/);
    t.equal((await server.fetch('/fixed')).status, 200, 'the server keeps serving');
  });
});
