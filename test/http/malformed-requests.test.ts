/**
 * Malformed and hostile HTTP/1.1 input over raw sockets, in the style of Http11Probe (reliability notes
 * (b) 11, 13-17). Each case asserts the status, or that no response reaches the app. Where uWebSockets.js
 * decides (it parses requests before NANO sees them), the expectation records what it does; SECURITY.md
 * lists them. test/server/http-framing.test.ts covers body size, conflicting Content-Length,
 * Transfer-Encoding codings and Host validation.
 */
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { appPath, rawRequest, startServer, statusOf } from '../server/serve-helpers.ts';

const server = await startServer(['--app', appPath('echo.js'), '--threads', '1']);
t.teardown(() => server.stop('SIGKILL'));

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

/** Raw bytes in, status out (0: no response before the server closed or went quiet). */
async function statusFor(request: string | Buffer): Promise<number> {
  return statusOf(await rawRequest(server.port, request, 400));
}

/**
 * Slowloris (scenario 13): connections that send one header line at a time, slowly. Started first so
 * the other cases run while they are open; the server closes them on its own idle timeout.
 */
const SLOW_CONNECTIONS = 40;
const slowSockets: Socket[] = [];
const slowClosed = Promise.all(
  Array.from(
    { length: SLOW_CONNECTIONS },
    () =>
      new Promise<number>((resolve) => {
        const opened = performance.now();
        const socket = connect(server.port, '127.0.0.1');
        slowSockets.push(socket);
        let line = 0;
        const drip = setInterval(() => {
          if (!socket.destroyed)
            socket.write(line++ === 0 ? 'GET / HTTP/1.1\r\nHost: slow\r\n' : `X-Drip-${line}: 1\r\n`);
        }, 2000);
        socket.on('error', () => {});
        socket.on('close', () => {
          clearInterval(drip);
          resolve(performance.now() - opened);
        });
      }),
  ),
);

t.test('request smuggling and framing: 400 from uWebSockets.js', async (t) => {
  const cases: Record<string, string> = {
    'Content-Length with Transfer-Encoding': `${head(['POST / HTTP/1.1', 'Host: a', 'Content-Length: 5', 'Transfer-Encoding: chunked'])}0\r\n\r\n`,
    'a chunk size that is not hex': `${head(['POST / HTTP/1.1', 'Host: a', 'Transfer-Encoding: chunked'])}zz\r\nhello\r\n0\r\n\r\n`,
    'a chunk size that overflows': `${head(['POST / HTTP/1.1', 'Host: a', 'Transfer-Encoding: chunked'])}fffffffffffffffffff\r\nx\r\n0\r\n\r\n`,
    'Content-Length: +2': `${head(['POST / HTTP/1.1', 'Host: a', 'Content-Length: +2'])}ab`,
    'Content-Length: -1': head(['POST / HTTP/1.1', 'Host: a', 'Content-Length: -1']),
    'Content-Length: 0x2': `${head(['POST / HTTP/1.1', 'Host: a', 'Content-Length: 0x2'])}ab`,
    'Content-Length: 2, 2': `${head(['POST / HTTP/1.1', 'Host: a', 'Content-Length: 2, 2'])}ab`,
    'obs-fold (a continuation line)': head(['GET / HTTP/1.1', 'Host: a', 'X-Folded: one', ' two']),
    'whitespace before the colon': head(['GET / HTTP/1.1', 'Host: a', 'X-Space : 1']),
    'NUL in a header value': head(['GET / HTTP/1.1', 'Host: a', 'X-Nul: a\0b']),
    'two Host headers': head(['GET / HTTP/1.1', 'Host: a', 'Host: b']),
    'no Host': head(['GET / HTTP/1.1']),
  };
  const statuses = await Promise.all(Object.values(cases).map((request) => statusFor(request)));
  Object.keys(cases).forEach((name, index) => {
    t.equal(statuses[index], 400, name);
  });
});

t.test('a bare CR in a header value never reaches the app', async (t) => {
  // uWebSockets.js 20.57 neither answers nor closes (until its idle timeout): documented in SECURITY.md.
  const status = await statusFor(head(['GET / HTTP/1.1', 'Host: a', 'X-Cr: a\rb']));
  t.not(status, 200);
});

t.test('HTTP/1.0, absolute-form targets and OPTIONS *: 505 from uWebSockets.js', async (t) => {
  t.equal(await statusFor(head(['GET / HTTP/1.0', 'Host: a'])), 505, 'HTTP/1.0');
  t.equal(await statusFor(head(['GET http://a/ HTTP/1.1', 'Host: a'])), 505, 'absolute-form');
  t.equal(await statusFor(head(['OPTIONS * HTTP/1.1', 'Host: a'])), 505, 'asterisk-form');
});

t.test('oversize input: 431 for lines and header floods', async (t) => {
  t.equal(
    await statusFor(head([`GET /${'a'.repeat(20 * 1024)} HTTP/1.1`, 'Host: a'])),
    431,
    '20 KiB request line',
  );
  t.equal(
    await statusFor(head(['GET / HTTP/1.1', 'Host: a', `X-Big: ${'b'.repeat(64 * 1024)}`])),
    431,
    '64 KiB header',
  );
  const flood = Array.from({ length: 150 }, (_, index) => `X-Flood-${index}: 1`);
  t.equal(await statusFor(head(['GET / HTTP/1.1', 'Host: a', ...flood])), 431, '150 header fields');
  const many = Array.from({ length: 90 }, (_, index) => `X-Many-${index}: 1`);
  t.equal(await statusFor(head(['GET / HTTP/1.1', 'Host: a', ...many])), 200, '90 header fields are fine');
});

t.test('a well-formed request still works after all of the above', async (t) => {
  t.equal(await statusFor(head(['GET /after HTTP/1.1', 'Host: a'])), 200);
});

t.test('slowloris: service continues, and the server closes the slow connections itself', async (t) => {
  const during = await Promise.all(Array.from({ length: 10 }, () => server.text('/during-slowloris')));
  t.same(
    during.map((response) => response.status),
    Array(10).fill(200),
    `requests answered while ${SLOW_CONNECTIONS} slow connections are open`,
  );
  const guard = setTimeout(() => {
    for (const socket of slowSockets) socket.destroy();
  }, 60_000);
  const lifetimes = await slowClosed;
  clearTimeout(guard);
  const longest = Math.max(...lifetimes);
  t.ok(
    longest < 60_000,
    `all ${SLOW_CONNECTIONS} closed by the server (the last after ${Math.round(longest / 1000)} s)`,
  );
  t.equal((await server.text('/after-slowloris')).status, 200);
});
