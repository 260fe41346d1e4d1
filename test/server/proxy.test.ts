/**
 * A served proxy app (test/server/apps/proxy.js) in front of loopback upstreams: a 50 MB body streams
 * through intact, request bodies go upstream, the address policy applies to served apps, and each
 * incoming request has its own subrequest budget.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import t from 'tap';
import { expectedHash, startUpstream } from '../helpers/upstream.ts';
import { appPath, startServer } from './serve-helpers.ts';

const BODY_BYTES = 50 * 1024 * 1024;

t.test('a proxy app streams, forwards bodies, obeys the policy and per-request limits', async (t) => {
  const upstream = await startUpstream();
  const forbidden = await startUpstream();
  const server = await startServer([
    '--app',
    appPath('proxy.js'),
    '--threads',
    '1',
    '--allow-outbound',
    `127.0.0.1:${upstream.port}`,
    '--max-subrequests',
    '3',
  ]).then((started) => started.started());
  t.teardown(async () => {
    await server.stop();
    await upstream.close();
    await forbidden.close();
  });
  const origin = `http://127.0.0.1:${upstream.port}`;

  await t.test('50 MB body, byte count and hash', async (t) => {
    const { bytes, hash } = await new Promise<{ bytes: number; hash: string }>((resolve, reject) => {
      const request = httpRequest(`${server.origin}/bytes?n=${BODY_BYTES}`, {
        headers: { 'x-upstream': origin },
      });
      request.on('error', reject);
      request.on('response', (response) => {
        const digest = createHash('sha256');
        let count = 0;
        response.on('data', (chunk: Buffer) => {
          count += chunk.length;
          digest.update(chunk);
        });
        response.on('end', () => resolve({ bytes: count, hash: digest.digest('hex') }));
        response.on('error', reject);
      });
      request.end();
    });
    t.equal(bytes, BODY_BYTES);
    t.equal(hash, expectedHash(BODY_BYTES));
  });

  await t.test('request body and headers go upstream', async (t) => {
    const response = await server.fetch('/echo?x=1', {
      method: 'POST',
      headers: { 'x-upstream': origin, 'x-custom': 'kept' },
      body: 'proxied body',
    });
    const echoed = (await response.json()) as {
      method: string;
      url: string;
      body: string;
      headers: Record<string, string>;
    };
    t.match(echoed, {
      method: 'POST',
      url: '/echo?x=1',
      body: 'proxied body',
      // Host names the upstream (from the URL), not the proxy the client called.
      headers: { 'x-custom': 'kept', host: `127.0.0.1:${upstream.port}` },
    });
  });

  await t.test('a non-allowed loopback upstream is refused', async (t) => {
    const response = await server.text('/echo', {
      headers: { 'x-upstream': `http://127.0.0.1:${forbidden.port}` },
    });
    t.equal(response.status, 502);
    t.match(response.body, /^TypeError: fetch failed: 127\.0\.0\.1:\d+ is not a public address \(loopback/);
  });

  await t.test('each incoming request has its own subrequest budget', async (t) => {
    const many = () =>
      server
        .fetch('/many?n=5', { headers: { 'x-upstream': origin } })
        .then((r) => r.json() as Promise<{ ok: number; error: string | null }>);
    const [first, second] = await Promise.all([many(), many()]);
    for (const result of [first, second]) {
      t.equal(result.ok, 3);
      t.match(result.error, /^TypeError: Too many subrequests\./);
    }
    t.equal((await many()).ok, 3, 'a later request starts afresh');
  });
});
