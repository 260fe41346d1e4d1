// Streamed bodies through `nano serve` (test/server/streaming.test.ts). Module state persists between
// requests, so one request can release or inspect another's stream.
const encoder = new TextEncoder();
const state = { produced: 0, cancelled: null, released: null };
let release = () => {};

function bytesStream(totalBytes, chunkBytes) {
  const chunk = new Uint8Array(chunkBytes).fill(120);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) {
        controller.close();
        return;
      }
      const size = Math.min(chunkBytes, totalBytes - sent);
      controller.enqueue(size === chunkBytes ? chunk.slice() : chunk.slice(0, size));
      sent += size;
      state.produced = sent;
    },
    cancel(reason) {
      state.cancelled = String(reason);
    },
  });
}

const routes = {
  // Chunk 1 at once; chunk 2 only once /release is requested.
  // `?pad=n` makes chunk 1 n bytes longer: more than the socket takes at once.
  '/chunks': (_request, url) => {
    state.released = new Promise((resolve) => {
      release = resolve;
    });
    const pad = '.'.repeat(Number(url.searchParams.get('pad') ?? 0));
    const stream = new ReadableStream({
      async start(controller) {
        controller.enqueue(encoder.encode(`chunk-1;${pad}`));
        await state.released;
        controller.enqueue(encoder.encode('chunk-2;'));
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/plain' } });
  },
  '/release': () => {
    release();
    return new Response('released');
  },
  '/big': (_request, url) => {
    state.produced = 0;
    state.cancelled = null;
    return new Response(bytesStream(Number(url.searchParams.get('mb')) * 1024 * 1024, 64 * 1024));
  },
  '/state': () => Response.json(state),
  // One chunk, then nothing: the front door's idle timeout must end it.
  '/stall': () => {
    state.cancelled = null;
    return new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(encoder.encode('stalled;'));
        },
        cancel(reason) {
          state.cancelled = String(reason);
        },
      }),
    );
  },
  '/gzip': async () => {
    const text = 'streaming through gzip '.repeat(2000);
    const compressed = new Response(text).body.pipeThrough(new CompressionStream('gzip'));
    const roundTrip = await new Response(compressed.pipeThrough(new DecompressionStream('gzip'))).text();
    const body = new Response(text).body.pipeThrough(new CompressionStream('gzip'));
    return new Response(body, {
      headers: { 'content-encoding': 'gzip', 'x-round-trip': String(roundTrip === text) },
    });
  },
  '/gunzip': (request) => new Response(request.body.pipeThrough(new DecompressionStream('gzip'))),
  '/echo': (request) => {
    const before = request.bodyUsed;
    const isStream = request.body instanceof ReadableStream;
    const response = new Response(request.body, {
      headers: { 'x-body-used-before': String(before), 'x-body-is-stream': String(isStream) },
    });
    return response;
  },
  '/echo-used': async (request) => {
    const text = await request.text();
    return Response.json({ length: text.length, bodyUsed: request.bodyUsed });
  },
  '/fixed': () => {
    const { readable, writable } = new FixedLengthStream(11);
    const writer = writable.getWriter();
    writer.write(encoder.encode('hello '));
    writer.write(encoder.encode('world'));
    writer.close();
    return new Response(readable);
  },
  '/fixed-big': (_request, url) => {
    const total = Number(url.searchParams.get('mb')) * 1024 * 1024;
    const { readable, writable } = new FixedLengthStream(total);
    const chunk = new Uint8Array(100_000).fill(121);
    (async () => {
      const writer = writable.getWriter();
      for (let sent = 0; sent < total; sent += chunk.length) {
        await writer.write(chunk.subarray(0, Math.min(chunk.length, total - sent)));
      }
      await writer.close();
    })().catch(() => {});
    return new Response(readable);
  },
  '/error-mid': () => {
    let step = 0;
    return new Response(
      new ReadableStream({
        async pull(controller) {
          step++;
          if (step === 1) controller.enqueue(encoder.encode('partial;'));
          else {
            await new Promise((resolve) => setTimeout(resolve, 10));
            controller.error(new Error('the tenant stream broke'));
          }
        },
      }),
    );
  },
  '/not-bytes': () =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue('a string is not bytes');
          controller.close();
        },
      }),
    ),
};

export default {
  fetch(request) {
    const url = new URL(request.url);
    const route = routes[url.pathname];
    if (!route) return new Response('not found', { status: 404 });
    return route(request, url);
  },
};
