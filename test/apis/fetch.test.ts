/**
 * Outbound fetch() from `nano run` scripts against loopback upstreams (test/helpers/upstream.ts):
 * Request/init handling, every body type, redirect modes, abort, clone, data: URLs, the address policy
 * (each loopback spelling refused by default, allowed when listed) and the subrequest limit. Each run
 * batches its cases into one JSON line.
 */
import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';
import { startUpstream } from '../helpers/upstream.ts';

async function runScript(source: string, args: string[] = []): Promise<Record<string, unknown>> {
  const dir = scratchDir({ 'main.mjs': source });
  const result = await nano(['run', join(dir, 'main.mjs'), ...args], { killAfterMs: 60_000 });
  if (result.code !== 0) throw new Error(`nano run exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/** Prelude of every script: `attempt` records a result or the error's name and message. */
const PRELUDE = `
const results = {};
async function attempt(name, run) {
  try { results[name] = await run(); }
  catch (error) { results[name] = { error: error?.name, message: String(error?.message ?? error), isTypeError: error instanceof TypeError }; }
}
`;

t.test('requests, bodies, redirects, abort and clone', async (t) => {
  const upstream = await startUpstream();
  t.teardown(() => upstream.close());
  const base = `http://127.0.0.1:${upstream.port}`;
  const results = await runScript(
    `${PRELUDE}
const base = ${JSON.stringify(base)};
const echo = async (init, path = '/echo') => (await fetch(base + path, init)).json();
await attempt('get', async () => {
  const response = await fetch(base + '/echo?q=1', { headers: { 'X-Test': 'yes' } });
  const body = await response.json();
  return { status: response.status, ok: response.ok, type: response.type, url: response.url,
    contentType: response.headers.get('content-type'), cookies: response.headers.getSetCookie(),
    method: body.method, path: body.url, xTest: body.headers['x-test'], accept: body.headers.accept,
    host: body.headers.host, immutable: (() => { try { response.headers.set('x', 'y'); return false; } catch { return true; } })() };
});
await attempt('methods', async () => {
  const out = [];
  for (const method of ['DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'put']) {
    const response = await fetch(base + '/echo', { method });
    out.push(method === 'HEAD' ? [response.status, response.body] : (await response.json()).method);
  }
  return out;
});
await attempt('string', () => echo({ method: 'POST', body: 'héllo' }));
await attempt('bytes', () => echo({ method: 'POST', body: new Uint8Array([0, 1, 2, 255]) }));
await attempt('blob', () => echo({ method: 'PUT', body: new Blob(['blob body'], { type: 'text/x-blob' }) }));
await attempt('urlsearchparams', () => echo({ method: 'POST', body: new URLSearchParams({ a: '1', b: 'two words' }) }));
await attempt('formdata', async () => {
  const form = new FormData();
  form.append('field', 'value');
  form.append('file', new Blob(['file content'], { type: 'text/plain' }), 'a.txt');
  const body = await echo({ method: 'POST', body: form });
  return { type: body.headers['content-type'].split(';')[0], hasField: body.body.includes('name="field"') && body.body.includes('value'), hasFile: body.body.includes('filename="a.txt"') && body.body.includes('file content') };
});
await attempt('stream', async () => {
  const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('chunk1-')); c.enqueue(new TextEncoder().encode('chunk2')); c.close(); } });
  const body = await echo({ method: 'POST', body: stream });
  return { body: body.body, te: body.headers['transfer-encoding'] };
});
await attempt('requestObject', async () => {
  const request = new Request(base + '/echo', { method: 'POST', body: 'from a Request', headers: { 'x-r': '1' } });
  const body = await (await fetch(request)).json();
  return { body: body.body, xr: body.headers['x-r'], used: request.bodyUsed };
});
await attempt('follow302post', async () => {
  const response = await fetch(base + '/redirect?code=302&to=/echo%3Fafter', { method: 'POST', body: 'x' });
  const body = await response.json();
  return { status: response.status, redirected: response.redirected, url: response.url, method: body.method, body: body.body, contentType: body.headers['content-type'] ?? null };
});
await attempt('follow307', async () => {
  const body = await echo({ method: 'POST', body: 'kept' }, '/redirect?code=307&to=/echo');
  return { method: body.method, body: body.body };
});
await attempt('follow307stream', () => echo({ method: 'POST', body: new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(1)); c.close(); } }) }, '/redirect?code=307&to=/echo'));
await attempt('manual', async () => {
  const response = await fetch(base + '/redirect?code=301&to=/elsewhere', { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), redirected: response.redirected };
});
await attempt('error', () => fetch(base + '/redirect?code=302&to=/echo', { redirect: 'error' }));
await attempt('loop', () => fetch(base + '/loop'));
await attempt('abortBefore', () => { const c = new AbortController(); c.abort(); return fetch(base + '/echo', { signal: c.signal }); });
await attempt('abortReason', () => fetch(base + '/echo', { signal: AbortSignal.abort(new RangeError('custom reason')) }).catch((e) => { throw { name: e.name, message: e.message }; }));
await attempt('abortDuring', () => { const c = new AbortController(); setTimeout(() => c.abort(), 50); return fetch(base + '/hang', { signal: c.signal }); });
await attempt('abortTimeout', () => fetch(base + '/hang', { signal: AbortSignal.timeout(50) }));
await attempt('abortBody', async () => {
  const c = new AbortController();
  const response = await fetch(base + '/trickle', { signal: c.signal });
  const reader = response.body.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  c.abort();
  try { await reader.read(); return { first, read: 'no error' }; } catch (e) { return { first, error: e.name }; }
});
await attempt('clone', async () => {
  const response = await fetch(base + '/echo', { method: 'POST', body: 'clone me' });
  const copy = response.clone();
  const [a, b] = await Promise.all([response.json(), copy.json()]);
  return { same: a.body === b.body && a.body === 'clone me', used: [response.bodyUsed, copy.bodyUsed] };
});
await attempt('bigBody', async () => {
  const response = await fetch(base + '/bytes?n=3000000');
  let total = 0, chunks = 0;
  for await (const chunk of response.body) { total += chunk.byteLength; chunks++; }
  return { total, manyChunks: chunks > 1 };
});
await attempt('byob', async () => {
  const reader = (await fetch(base + '/bytes?n=100')).body.getReader({ mode: 'byob' });
  let total = 0;
  for (;;) { const { done, value } = await reader.read(new Uint8Array(64)); if (done) break; total += value.byteLength; }
  return total;
});
await attempt('dataUrl', async () => { const r = await fetch('data:text/plain;base64,aGk='); return [r.status, r.headers.get('content-type'), await r.text()]; });
await attempt('badScheme', () => fetch('ftp://example.invalid/'));
await attempt('badUrl', () => fetch('not a url'));
await attempt('getBody', () => fetch(base + '/echo', { body: 'x' }));
await attempt('refused', () => fetch('http://127.0.0.1:1/'));
await attempt('noArgs', () => fetch());
console.log(JSON.stringify(results));
`,
    ['--allow-outbound', `127.0.0.1:${upstream.port},127.0.0.1:1`],
  );
  const get = results.get as Record<string, unknown>;
  t.match(get, {
    status: 200,
    ok: true,
    url: `${base}/echo?q=1`,
    contentType: 'application/json',
    cookies: ['a=1', 'b=2'],
    method: 'GET',
    path: '/echo?q=1',
    xTest: 'yes',
    accept: '*/*',
    host: `127.0.0.1:${upstream.port}`,
    immutable: true,
  });
  t.same(results.methods, ['DELETE', 'PATCH', 'OPTIONS', [200, null], 'PUT']);
  t.match(results.string, {
    method: 'POST',
    body: 'hÃ©llo',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'content-length': '6' },
  });
  t.match(results.bytes, { body: '\u0000\u0001\u0002ÿ', headers: { 'content-length': '4' } });
  t.match(results.blob, { method: 'PUT', body: 'blob body', headers: { 'content-type': 'text/x-blob' } });
  t.match(results.urlsearchparams, {
    body: 'a=1&b=two+words',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
  });
  t.same(results.formdata, { type: 'multipart/form-data', hasField: true, hasFile: true });
  t.same(results.stream, { body: 'chunk1-chunk2', te: 'chunked' });
  t.same(results.requestObject, { body: 'from a Request', xr: '1', used: true });
  t.same(results.follow302post, {
    status: 200,
    redirected: true,
    url: `${base}/echo?after`,
    method: 'GET',
    body: '',
    contentType: null,
  });
  t.same(results.follow307, { method: 'POST', body: 'kept' });
  t.match(results.follow307stream, { isTypeError: true, message: /ReadableStream request body/ });
  t.same(results.manual, { status: 301, location: '/elsewhere', redirected: false });
  t.match(results.error, { isTypeError: true, message: /redirect mode is "error"/ });
  t.match(results.loop, { isTypeError: true, message: /more than 20 redirects/ });
  t.match(results.abortBefore, { error: 'AbortError' });
  t.same(results.abortReason, { error: 'RangeError', message: 'custom reason', isTypeError: false });
  t.match(results.abortDuring, { error: 'AbortError' });
  t.match(results.abortTimeout, { error: 'TimeoutError' });
  t.same(results.abortBody, { first: 'first', error: 'AbortError' });
  t.same(results.clone, { same: true, used: [true, true] });
  t.same(results.bigBody, { total: 3_000_000, manyChunks: true });
  t.equal(results.byob, 100);
  t.same(results.dataUrl, [200, 'text/plain', 'hi']);
  t.match(results.badScheme, { isTypeError: true, message: /unsupported URL scheme "ftp:"/ });
  t.match(results.badUrl, { isTypeError: true });
  t.match(results.getBody, { isTypeError: true, message: /GET\/HEAD/ });
  t.match(results.refused, { isTypeError: true, message: /^fetch failed: .*ECONNREFUSED/ });
  t.match(results.noArgs, { isTypeError: true, message: /1 argument required/ });
});

/** Every spelling of a loopback target the policy must see through. */
function loopbackForms(port: number, port6: number | null): Record<string, string> {
  return {
    dotted: `http://127.0.0.1:${port}/echo`,
    decimal: `http://2130706433:${port}/echo`,
    hex: `http://0x7f.1:${port}/echo`,
    octal: `http://0177.1:${port}/echo`,
    mapped: `http://[::ffff:127.0.0.1]:${port}/echo`,
    localhost: `http://localhost:${port}/echo`,
    ...(port6 === null ? {} : { v6: `http://[::1]:${port6}/echo` }),
  };
}

const PROBE_FORMS = `
const forms = FORMS;
for (const [name, url] of Object.entries(forms)) {
  await attempt(name, async () => { const response = await fetch(url); await response.text(); return { status: response.status }; });
}
results.parsed = ['2130706433', '0x7f.1', '0177.1', '[::ffff:127.0.0.1]'].map((host) => new URL('http://' + host + '/').hostname);
console.log(JSON.stringify(results));
`;

async function startUpstream6(): Promise<Awaited<ReturnType<typeof startUpstream>> | null> {
  try {
    return await startUpstream('::1');
  } catch {
    return null;
  }
}

t.test('each loopback spelling is refused by default and reachable when listed', async (t) => {
  const upstream = await startUpstream();
  const upstream6 = await startUpstream6();
  t.teardown(async () => {
    await upstream.close();
    await upstream6?.close();
  });
  const forms = loopbackForms(upstream.port, upstream6?.port ?? null);
  const script = `${PRELUDE}${PROBE_FORMS.replace('FORMS', JSON.stringify(forms))}`;

  const refused = await runScript(script);
  t.same(
    refused.parsed,
    ['127.0.0.1', '127.0.0.1', '127.0.0.1', '[::ffff:7f00:1]'],
    'the URL parser normalises numeric hosts',
  );
  for (const name of Object.keys(forms)) {
    t.match(
      refused[name],
      { isTypeError: true, message: /^fetch failed: .* not a public address \(.+\)/ },
      `${name} refused`,
    );
  }
  t.match(refused.mapped, { message: /IPv4-mapped/ });
  t.match(refused.localhost, { message: /localhost:\d+ resolves to/ });

  const allow = [`127.0.0.1:${upstream.port}`, `[::ffff:127.0.0.1]:${upstream.port}`];
  if (upstream6 !== null) allow.push(`[::1]:${upstream6.port}`);
  const allowed = await runScript(script, ['--allow-outbound', allow.join(',')]);
  for (const name of Object.keys(forms))
    t.same(allowed[name], { status: 200 }, `${name} allowed when listed`);

  const viaEnv = await nano(
    [
      'run',
      join(
        scratchDir({
          'one.mjs': `const r = await fetch(${JSON.stringify(forms.localhost)}); console.log(r.status);`,
        }),
        'one.mjs',
      ),
    ],
    { env: { NANO_ALLOW_OUTBOUND: `localhost:${upstream.port}` } },
  );
  t.equal(viaEnv.stdout.trim(), '200', 'NANO_ALLOW_OUTBOUND allows a name');
});

t.test('redirects are checked again; limits on subrequests, connections and time', async (t) => {
  const allowedUpstream = await startUpstream();
  const otherUpstream = await startUpstream();
  t.teardown(async () => {
    await allowedUpstream.close();
    await otherUpstream.close();
  });
  const base = `http://127.0.0.1:${allowedUpstream.port}`;
  const elsewhere = encodeURIComponent(`http://127.0.0.1:${otherUpstream.port}/echo`);
  const results = await runScript(
    `${PRELUDE}
const base = ${JSON.stringify(base)};
await attempt('redirectElsewhere', () => fetch(base + '/redirect?code=302&to=${elsewhere}'));
await attempt('timeout', () => fetch(base + '/hang'));
await attempt('connections', async () => {
  const responses = await Promise.all(Array.from({ length: 10 }, () => fetch(base + '/hold').then((r) => r.text())));
  return responses.every((text) => text === 'held');
});
await attempt('count', async () => {
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await fetch(base + '/echo')).status);
  return statuses;
});
await attempt('overLimit', () => fetch(base + '/echo'));
console.log(JSON.stringify(results));
`,
    [
      '--allow-outbound',
      `127.0.0.1:${allowedUpstream.port}`,
      '--max-subrequests',
      '16',
      '--subrequest-timeout',
      '0.3',
    ],
  );
  t.match(results.redirectElsewhere, {
    isTypeError: true,
    message: new RegExp(`127\\.0\\.0\\.1:${otherUpstream.port} is not a public address`),
  });
  t.match(results.timeout, { isTypeError: true, message: /no response from 127\.0\.0\.1:\d+ within 0\.3 s/ });
  t.equal(results.connections, true, 'ten concurrent fetches all finish');
  t.ok(allowedUpstream.maxActive <= 6, `at most 6 at once (saw ${allowedUpstream.maxActive})`);
  // 2 (the refused redirect's hops) + 1 + 10 + 3 = 16, the limit: the next one is refused.
  t.same(results.count, [200, 200, 200]);
  t.match(results.overLimit, { isTypeError: true, message: /^Too many subrequests\./ });
});
