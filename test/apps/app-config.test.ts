import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { readAppConfig } from '../../src/apps/app-config.ts';
import { parseDotenv, readSecrets } from '../../src/apps/secrets.ts';

function appDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nano-app-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const TOML = `
name = "shop"
main = "src/index.ts"
compatibility_date = "2025-04-01"
compatibility_flags = ["nodejs_compat"]
workers_dev = true
route = "shop.example.com/*"
[vars]
GREETING = "hello"
COUNT = 3
[triggers]
crons = ["*/5 * * * *"]
[limits]
cpu_ms = 200
[env.staging]
name = "shop-staging"
routes = [{ pattern = "staging.example.com/*", zone_name = "example.com" }]
[env.staging.vars]
GREETING = "hello from staging"
`;

t.test('wrangler.toml: the keys NANO reads', async (t) => {
  const config = readAppConfig(appDir({ 'wrangler.toml': TOML }), undefined);
  t.equal(config.name, 'shop');
  t.equal(config.main, 'src/index.ts');
  t.equal(config.compatibilityDate, '2025-04-01');
  t.same(config.compatibilityFlags, ['nodejs_compat']);
  t.same(config.vars, { GREETING: 'hello', COUNT: 3 });
  t.same(config.routes, ['shop.example.com/*']);
  t.same(config.crons, ['*/5 * * * *']);
  t.equal(config.cpuMs, 200);
  t.same(config.ignoredKeys, ['workers_dev']);
  t.same(config.unsupportedBindings, []);
});

t.test('[env.<name>] overrides key by key; vars are not inherited', async (t) => {
  const config = readAppConfig(appDir({ 'wrangler.toml': TOML }), 'staging');
  t.equal(config.name, 'shop-staging');
  t.same(config.vars, { GREETING: 'hello from staging' }, 'COUNT is not inherited, as in wrangler');
  t.same(config.routes, ['staging.example.com/*']);
  t.same(config.crons, ['*/5 * * * *'], 'triggers are inherited');
  t.equal(config.cpuMs, 200);
  const unknown = readAppConfig(appDir({ 'wrangler.toml': TOML }), 'production');
  t.equal(unknown.name, 'shop', 'an environment without a section is the top level');
});

t.test('wrangler.jsonc with comments and trailing commas; bindings are reported', async (t) => {
  const config = readAppConfig(
    appDir({
      'wrangler.jsonc': `{
        // a comment
        "name": "api",
        "kv_namespaces": [{ "binding": "CACHE", "id": "x" }, { "binding": "SESSIONS", "id": "y" }],
        "d1_databases": [],
        "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room" }] },
        "vars": { "A": "1", },
      }`,
    }),
    undefined,
  );
  t.equal(config.name, 'api');
  t.same(config.vars, { A: '1' });
  t.same(config.unsupportedBindings, ['kv_namespaces (CACHE, SESSIONS)', 'durable_objects (ROOM)']);
});

t.test('nano.json; no config; invalid files name themselves', async (t) => {
  t.equal(readAppConfig(appDir({ 'nano.json': '{"name":"n","vars":{"X":"y"}}' }), undefined).name, 'n');
  t.equal(readAppConfig(appDir({}), undefined).file, undefined);
  t.throws(
    () => readAppConfig(appDir({ 'wrangler.toml': 'name = ' }), undefined),
    /wrangler\.toml is not valid TOML/,
  );
  t.throws(
    () => readAppConfig(appDir({ 'wrangler.json': '{"name": }' }), undefined),
    /wrangler\.json is not valid JSON/,
  );
  t.throws(
    () => readAppConfig(appDir({ 'wrangler.toml': '[limits]\ncpu_ms = "fast"' }), undefined),
    /limits\.cpu_ms/,
  );
});

t.test('secrets: .dev.vars, .dev.vars.<env>, then NANO_SECRET_<APP>_<NAME>', async (t) => {
  t.same(parseDotenv('# c\nA=1\nexport B="two words"\nC=\'x y\'\nD=plain # note\nbad line\n'), {
    A: '1',
    B: 'two words',
    C: 'x y',
    D: 'plain',
  });
  const dir = appDir({ '.dev.vars': 'TOKEN=dev\nOTHER=o', '.dev.vars.staging': 'TOKEN=staging' });
  t.same(readSecrets(dir, 'my-api', undefined, {}), { TOKEN: 'dev', OTHER: 'o' });
  t.same(readSecrets(dir, 'my-api', 'staging', {}), { TOKEN: 'staging' });
  t.same(
    readSecrets(dir, 'my-api', undefined, { NANO_SECRET_MY_API_TOKEN: 'env', NANO_SECRET_MY_APIX_Y: 'no' }),
    {
      TOKEN: 'env',
      OTHER: 'o',
    },
  );
});
