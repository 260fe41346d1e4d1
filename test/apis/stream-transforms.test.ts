import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';
import { scratchDir } from '../helpers/nano-cli.ts';
import { runScriptChecks, webApiFixture } from '../helpers/script-checks.ts';

/** A text whose gzip the host's own `gzip` makes, so DecompressionStream is checked against another implementation. */
const ORIGINAL = `${'Hello from the host gzip! '.repeat(200)}ünïcödé ✓`;

t.test(
  'TextEncoderStream/TextDecoderStream, CompressionStream/DecompressionStream, IdentityTransformStream, FixedLengthStream',
  async (t) => {
    const gzipped = execFileSync('gzip', ['-c', '-9'], { input: ORIGINAL });
    const dir = scratchDir({
      'gzip-sample.js': [
        `export const gzipped = new Uint8Array(${JSON.stringify([...gzipped])});`,
        `export const original = ${JSON.stringify(ORIGINAL)};`,
      ].join('\n'),
    });
    for (const name of ['harness.js', 'stream-transforms.js'])
      copyFileSync(webApiFixture(name), join(dir, name));
    // runScriptChecks resolves names against the fixtures folder; the scratch copy sits beside the sample.
    const checks = await runScriptChecks(t, relative(webApiFixture(''), join(dir, 'stream-transforms.js')));
    t.ok(checks >= 50, `ran ${checks} checks`);
  },
);
