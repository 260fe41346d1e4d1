/**
 * Two apps never share a global or an intrinsic: prototype pollution in one changes nothing in another
 * app or in the host (reliability notes (b) 7; issue 7 "no way out of the isolate"). Both apps run in
 * the same thread, as two apps of one server do.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { AppIsolate, type AppLog } from '../../pool/app-isolate.ts';

const quiet: AppLog = { console: () => {}, error: () => {}, warn: () => {} };

function load(name: string): AppIsolate {
  return new AppIsolate(
    { name, entry: fileURLToPath(new URL(`./apps/${name}.js`, import.meta.url)) },
    quiet,
    5000,
  );
}

async function get(app: AppIsolate): Promise<string> {
  const result = await app.dispatch({
    app: app.spec.name,
    method: 'GET',
    url: 'http://x/',
    headers: [],
    body: null,
  });
  return result.body === null ? '' : new TextDecoder().decode(result.body);
}

t.test('prototype pollution stays inside the app that did it', async (t) => {
  const polluter = load('polluter');
  const observer = load('observer');
  t.teardown(() => {
    polluter.dispose();
    observer.dispose();
  });
  t.match(await polluter.loaded, { ok: true });
  t.match(await observer.loaded, { ok: true });
  t.same(JSON.parse(await get(observer)), { polluted: null, push: 2, parse: 1, sharedSecret: null });
  const host = {} as Record<string, unknown>;
  t.equal(host.polluted, undefined, "the host's Object.prototype is untouched");
  t.equal([1].push(2), 2, "the host's Array.prototype.push is untouched");
  t.same(JSON.parse('{"a":1}'), { a: 1 }, "the host's JSON is untouched");
  t.equal(typeof Promise.prototype.then, 'function');
  t.equal((globalThis as Record<string, unknown>).sharedSecret, undefined);
});
