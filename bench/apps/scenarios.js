// The app every server in `npm run bench` runs (NANO, workerd, Deno, Bun): one route per scenario.
const KIB = 1024;
const digestInput = new Uint8Array(KIB).fill(7);
const streamChunk = new Uint8Array(64 * KIB).fill(120);
const hex = (buffer) =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** CPU work the harness calibrated to about 2 ms (`n` iterations): clocks may be frozen in an isolate. */
function spin(iterations) {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x * 31 + i) % 1000003;
  return x;
}

function streamed(bytes) {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(streamChunk);
      sent += streamChunk.byteLength;
    },
  });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/hello':
        return new Response('Hello, World!');
      case '/json':
        return Response.json({ message: 'Hello, World!', items: [1, 2, 3], ok: true });
      case '/echo':
        return new Response(await request.arrayBuffer(), {
          headers: { 'content-type': 'application/octet-stream' },
        });
      case '/digest':
        return new Response(hex(await crypto.subtle.digest('SHA-256', digestInput)));
      case '/proxy':
        return fetch(`http://127.0.0.1:${url.searchParams.get('port')}/hello`);
      case '/cpu':
        return new Response(String(spin(Number(url.searchParams.get('n')))));
      case '/stream':
        return new Response(streamed(Number(url.searchParams.get('mb')) * KIB * KIB), {
          headers: { 'content-type': 'application/octet-stream' },
        });
      default:
        return new Response('Not Found', { status: 404 });
    }
  },
};
