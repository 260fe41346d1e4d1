/**
 * The front door's limits and framing checks, over raw sockets (fetch would refuse to send most of
 * these): body and header size limits, conflicting Content-Length, unsupported Transfer-Encoding.
 */
import { connect } from 'node:net';
import t from 'tap';
import { appPath, rawRequest, startServer, statusOf } from './serve-helpers.ts';

// Configured through NANO_* variables rather than flags.
const server = await startServer([], { NANO_APP: appPath('echo.js'), NANO_THREADS: '1' });
t.teardown(() => server.stop('SIGKILL'));

const MIB = 1024 * 1024;

function head(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Streams a chunked body of `size` bytes (without the terminating chunk unless `finish`), reading
 * whatever the server answers; resolves when the server closes the connection.
 */
function uploadChunked(
  port: number,
  size: number,
  finish: boolean,
): Promise<{ response: string; sent: number }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    let response = '';
    const pump = () => {
      while (sent < size && response === '' && !socket.destroyed) {
        const length = Math.min(256 * 1024, size - sent);
        sent += length;
        const ok = socket.write(`${length.toString(16)}\r\n${'x'.repeat(length)}\r\n`);
        if (!ok) return void socket.once('drain', pump);
      }
      if (finish && sent >= size) socket.write('0\r\n\r\n');
    };
    socket.on('connect', () => {
      socket.write(head(['POST /upload HTTP/1.1', 'Host: test', 'Transfer-Encoding: chunked']));
      pump();
    });
    socket.on('data', (data) => {
      response += data.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ response, sent }));
  });
}

t.test('NANO_APP and NANO_THREADS configure the server', async (t) => {
  t.match(
    server.jsonLines().find((line) => line.msg === 'listening'),
    { app: 'echo', threads: 1 },
  );
});

t.test('Content-Length over 16 MiB: 413 with Connection: close before the body is sent', async (t) => {
  const response = await rawRequest(
    server.port,
    head(['POST /upload HTTP/1.1', 'Host: test', `Content-Length: ${20 * MIB}`]),
  );
  t.equal(statusOf(response), 413);
  t.match(response, /\r\nConnection: close\r\n/i);
  t.match(response, /Payload Too Large: the request body exceeds 16777216 bytes/);
});

t.test('a chunked body passing 16 MiB: 413 with Connection: close as the limit is passed', async (t) => {
  // Stops sending at limit + 1 byte, so the server has read everything when it answers and closes.
  const { response } = await uploadChunked(server.port, 16 * MIB + 1, false);
  t.equal(statusOf(response), 413);
  t.match(response, /\r\nConnection: close\r\n/i);
});

t.test(
  'a 20 MB chunked upload is cut off: the server closes the connection, the rest is never read',
  async (t) => {
    const { response, sent } = await uploadChunked(server.port, 20 * MIB, true);
    t.ok(sent < 20 * MIB, `the connection closed after ${sent} bytes were written`);
    // A client still sending when the server closes may get a reset instead of the 413 (no lingering close).
    if (response !== '') t.equal(statusOf(response), 413);
  },
);

t.test('a body just under the limit is delivered whole', async (t) => {
  const size = 16 * MIB;
  const response = await fetch(`${server.origin}/upload`, { method: 'POST', body: Buffer.alloc(size) });
  t.same(await response.json(), { method: 'POST', path: '/upload', length: size });
});

t.test('two differing Content-Length headers: 400', async (t) => {
  const response = await rawRequest(
    server.port,
    `${head(['POST /x HTTP/1.1', 'Host: test', 'Content-Length: 3', 'Content-Length: 4'])}abcd`,
  );
  t.equal(statusOf(response), 400);
  t.match(response, /conflicting Content-Length/);
});

t.test('two identical Content-Length headers are accepted (RFC 9110 §8.6)', async (t) => {
  const response = await rawRequest(
    server.port,
    `${head(['POST /x HTTP/1.1', 'Host: test', 'Content-Length: 3', 'Content-Length: 3'])}abc`,
    300,
  );
  t.equal(statusOf(response), 200);
  t.match(response, /"length":3/);
});

t.test('Transfer-Encoding other than chunked: 501', async (t) => {
  for (const coding of ['gzip', 'gzip, chunked']) {
    const response = await rawRequest(
      server.port,
      head(['POST /x HTTP/1.1', 'Host: test', `Transfer-Encoding: ${coding}`]),
    );
    t.equal(statusOf(response), 501, coding);
  }
});

t.test('a Host that is not host[:port]: 400', async (t) => {
  for (const host of ['a b', 'user:pw@example.test', 'example.test/path']) {
    const response = await rawRequest(server.port, head(['GET /x HTTP/1.1', `Host: ${host}`]));
    t.equal(statusOf(response), 400, host);
  }
  const ipv6 = await rawRequest(server.port, head(['GET /x HTTP/1.1', 'Host: [::1]:8080']), 300);
  t.equal(statusOf(ipv6), 200, 'an IPv6 literal with a port is fine');
});

t.test('headers: 15 KiB pass, 20 KiB get 431', async (t) => {
  const small = await rawRequest(
    server.port,
    head(['GET /small HTTP/1.1', 'Host: test', `X-Fill: ${'a'.repeat(15 * 1024)}`]),
    300,
  );
  t.equal(statusOf(small), 200);
  const big = await rawRequest(
    server.port,
    head(['GET /big HTTP/1.1', 'Host: test', `X-Fill: ${'a'.repeat(20 * 1024)}`]),
  );
  t.equal(statusOf(big), 431);
});

t.test('any method on any path reaches the app (the catch-all route)', async (t) => {
  const response = await rawRequest(server.port, head(['PATCH /deep/path/here HTTP/1.1', 'Host: test']), 300);
  t.equal(statusOf(response), 200);
  t.match(response, /"method":"PATCH","path":"\/deep\/path\/here"/);
});
