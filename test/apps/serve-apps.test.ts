/**
 * `nano serve --apps`: three apps side by side routed by Host and by path, env from wrangler vars and
 * `--env`, secrets, TypeScript with a package from the app's node_modules, live reload (a slow request
 * finishes on the old version, the next gets the new one; a broken version keeps the old one serving;
 * SIGHUP adds and removes apps), the admin endpoint's authentication, and the binding error.
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import t from 'tap';
import { nano, scratchDir } from '../helpers/nano-cli.ts';
import { type NanoServer, startServer } from '../server/serve-helpers.ts';

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** GET with a Host header of our choosing (fetch does not let a caller set Host). */
function get(server: NanoServer, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const alphaSource = (version: string) => `
import { shout } from 'shout-case';
const VERSION: string = '${version}';
export default {
  async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/slow') await new Promise((resolve) => setTimeout(resolve, 1500));
    return Response.json({ version: VERSION, path: url.pathname, search: url.search, greeting: shout(String(env.GREETING)), count: env.COUNT ?? null, token: env.TOKEN, apiKey: env.API_KEY });
  },
};
`;

const APPS = {
  'alpha/src/index.ts': alphaSource('one'),
  'alpha/wrangler.toml': `name = "alpha"\nmain = "src/index.ts"\nworkers_dev = true\n[vars]\nGREETING = "hello"\nCOUNT = 2\n[env.staging.vars]\nGREETING = "hello staging"\n`,
  'alpha/.dev.vars': 'TOKEN=from-dev-vars\n',
  'alpha/node_modules/shout-case/package.json':
    '{"name":"shout-case","exports":{"worker":"./worker.js","default":"./other.js"}}',
  'alpha/node_modules/shout-case/worker.js': 'export const shout = (text) => text.toUpperCase() + "!";\n',
  'alpha/node_modules/shout-case/other.js': 'export const shout = () => "wrong build";\n',
  'beta/index.js':
    'export default { fetch: (request) => new Response("beta " + new URL(request.url).pathname) };\n',
  'gamma/index.js': "addEventListener('fetch', (event) => event.respondWith(new Response('gamma')));\n",
  'gamma/wrangler.jsonc':
    '{\n  // routes as wrangler writes them\n  "routes": ["example.com/*", { "pattern": "*.example.org/api/*", "zone_name": "example.org" }],\n}\n',
};

t.test('three apps: routing, env, secrets, packages, reloads', async (t) => {
  const root = scratchDir({});
  writeTree(root, APPS);
  const server = await startServer(['serve', '--apps', root, '--env', 'staging', '--threads', '2'], {
    NANO_SECRET_ALPHA_API_KEY: 'from-variable',
    NANO_ADMIN_TOKEN: 'let-me-in',
  });
  t.teardown(() => server.stop('SIGKILL'));

  const alpha = JSON.parse((await get(server, 'alpha.localhost', '/a/b?c=1')).body);
  t.same(
    alpha,
    {
      version: 'one',
      path: '/a/b',
      search: '?c=1',
      greeting: 'HELLO STAGING!',
      count: null,
      token: 'from-dev-vars',
      apiKey: 'from-variable',
    },
    "TypeScript, the package's worker build, [env.staging] vars (not inherited), secrets",
  );
  t.same(
    await get(server, 'beta.example.net:8080', '/x'),
    { status: 200, body: 'beta /x' },
    '<app>.<any domain>',
  );
  t.same(await get(server, 'example.com', '/anything'), { status: 200, body: 'gamma' }, 'a routes pattern');
  t.same(await get(server, 'a.example.org', '/api/v1'), { status: 200, body: 'gamma' }, 'a wildcard pattern');
  t.same(
    await get(server, '127.0.0.1', '/beta/deep/path?q'),
    { status: 200, body: 'beta /deep/path' },
    'by path, prefix stripped',
  );
  t.equal(
    JSON.parse((await get(server, '127.0.0.1', '/alpha?x=1')).body).path,
    '/',
    '/<app> alone is the root',
  );
  const missing = await get(server, 'nobody.localhost', '/x');
  t.equal(missing.status, 404);
  t.match(missing.body, /^Not Found: no app on this server is routed for http:\/\/nobody\.localhost\/x/);
  t.equal((await server.text('/readyz')).status, 200);
  t.match(server.stdout, /app config keys NANO does not use: workers_dev/);
  t.notMatch(server.stdout + server.stderr, /from-dev-vars|from-variable/, 'secrets are never logged');

  // Admin endpoint: only with the token.
  t.equal((await server.fetch('/_nano/reload', { method: 'POST' })).status, 401);
  const wrong = await server.fetch('/_nano/reload', {
    method: 'POST',
    headers: { authorization: 'Bearer nope' },
  });
  t.equal(wrong.status, 401);
  const reload = () =>
    server
      .fetch('/_nano/reload', { method: 'POST', headers: { authorization: 'Bearer let-me-in' } })
      .then(
        (response) =>
          response.json() as Promise<{ changed: string[]; failed: Array<{ app: string; error: string }> }>,
      );

  // A slow request in flight while the app changes: it finishes on the old code, the next gets the new.
  const slow = get(server, 'alpha.localhost', '/slow');
  await new Promise((resolve) => setTimeout(resolve, 300));
  writeFileSync(join(root, 'alpha/src/index.ts'), alphaSource('two'));
  const changed = await reload();
  t.same(changed.changed, ['alpha']);
  t.equal(
    JSON.parse((await get(server, 'alpha.localhost', '/')).body).version,
    'two',
    'the next request: new code',
  );
  t.equal(JSON.parse((await slow).body).version, 'one', 'the slow request: old code');

  // A syntax error in a new version: the old one keeps serving, the error is logged with the file.
  writeFileSync(join(root, 'alpha/src/index.ts'), 'export default { fetch( {\n');
  const broken = await reload();
  t.same(
    broken.failed.map((failure) => failure.app),
    ['alpha'],
  );
  t.match(broken.failed[0]?.error, /alpha\/src\/index\.ts:\d+:\d+/);
  t.equal(
    JSON.parse((await get(server, 'alpha.localhost', '/')).body).version,
    'two',
    'still the old version',
  );
  t.ok(
    await server.waitFor(/app reload failed: the previous version keeps serving/),
    'the failure is logged',
  );

  // SIGHUP: a new app directory is served, a removed one is gone.
  writeTree(root, { 'delta/index.js': 'export default { fetch: () => new Response("delta") };\n' });
  rmSync(join(root, 'beta'), { recursive: true });
  server.child.kill('SIGHUP');
  await server.waitFor(/"added":\["delta"\]/);
  t.same(await get(server, 'delta.localhost', '/'), { status: 200, body: 'delta' });
  t.equal((await get(server, 'beta.localhost', '/')).status, 404);
});

t.test('a binding NANO does not provide stops start-up, naming it and the app', async (t) => {
  const root = scratchDir({});
  writeTree(root, {
    'kv-app/index.js': 'export default { fetch: () => new Response("x") };\n',
    'kv-app/wrangler.toml': 'name = "kv-app"\n[[kv_namespaces]]\nbinding = "CACHE"\nid = "abc"\n',
  });
  const result = await nano(['serve', '--apps', root, '--host', '127.0.0.1', '--port', '0'], {
    killAfterMs: 30_000,
  });
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    /app "kv-app" \(.*wrangler\.toml\) uses bindings NANO does not provide yet: kv_namespaces \(CACHE\) — remove them, or start with --allow-missing-bindings/,
  );
});
