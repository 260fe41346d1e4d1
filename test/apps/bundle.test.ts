import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { bundleApp } from '../../src/apps/bundle.ts';
import { stackMapperFor } from '../../src/apps/stack-map.ts';
import { scratchDir } from '../helpers/nano-cli.ts';

const SOURCE =
  "const label: string = 'big';\nexport default {\n  fetch(): Response {\n    throw new Error(label);\n  },\n};\n";

t.test('bundles once, reuses the bundle until an input changes, maps positions back', async (t) => {
  const dir = scratchDir({ 'index.ts': SOURCE });
  const request = { app: 'cached', dir, entry: join(dir, 'index.ts'), maxScriptBytes: 1_000_000 };
  const first = await bundleApp(request);
  t.equal(first.built, true);
  t.match(first.bundle.url, /^nano-app:\/\/cached\/[0-9a-f]{12}\/bundle\.js$/);
  t.notMatch(first.bundle.code, /: string/, 'types are gone');
  const again = await bundleApp(request);
  t.equal(again.built, false, 'unchanged inputs: the cached bundle');
  t.equal(again.bundle, first.bundle);
  writeFileSync(join(dir, 'index.ts'), `// changed\n${SOURCE.replace("'big'", "'bigger'")}`);
  const changed = await bundleApp(request);
  t.equal(changed.built, true, 'a changed input: bundled again');
  t.not(changed.bundle.url, first.bundle.url);

  const line = changed.bundle.code.split('\n').findIndex((text) => text.includes('throw new Error')) + 1;
  const column = (changed.bundle.code.split('\n')[line - 1] as string).indexOf('new Error') + 1;
  const mapped = stackMapperFor(changed.bundle)(
    `Error: bigger\n    at fetch (${changed.bundle.url}:${line}:${column})`,
  );
  t.equal(mapped, `Error: bigger\n    at fetch (${join(dir, 'index.ts')}:5:11)`);
});

t.test('a bundle over the script size limit is refused with both sizes', async (t) => {
  const dir = scratchDir({
    'index.js': `export default { fetch: () => new Response(${JSON.stringify('x'.repeat(5000))}) };\n`,
  });
  await t.rejects(bundleApp({ app: 'big', dir, entry: join(dir, 'index.js'), maxScriptBytes: 4096 }), {
    name: 'BundleError',
    message:
      /^app "big": its bundle is \d{4} bytes, over the script size limit of 4096 bytes \(--max-script-size\)$/,
  });
});

t.test('an unresolvable import names the file and the specifier', async (t) => {
  const dir = scratchDir({
    'index.js': "import 'node:fs';\nimport x from 'not-installed';\nexport default x;\n",
  });
  await t.rejects(bundleApp({ app: 'broken', dir, entry: join(dir, 'index.js'), maxScriptBytes: 1e6 }), {
    message:
      /app "broken" could not be bundled:\n.*index\.js:1:8: Could not resolve "node:fs"[\s\S]*index\.js:2:15: Could not resolve "not-installed"/,
  });
});
