/**
 * Every NANO function a tenant can reach, called with hostile arguments (getters that lie or throw,
 * revoked and trapping proxies, a 1 MiB string), hands back nothing of the host: no object of another
 * realm, no isolated-vm object (reliability notes (b) 8). The fixture prints what it found.
 */
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { nano } from '../helpers/nano-cli.ts';

const fixture = fileURLToPath(new URL('./fixtures/bridged-calls.mjs', import.meta.url));

t.test('calling every bridged function with hostile arguments', async (t) => {
  const result = await nano(['run', fixture], { killAfterMs: 60_000 });
  t.equal(result.code, 0, 'the run completes', { stderr: result.stderr });
  const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
  t.ok(report.functions > 300, `${report.functions} NANO functions reached`);
  t.ok(report.calls > 4000, `${report.calls} calls made`);
  t.ok(report.checked > 4000, `${report.checked} returned or thrown values inspected`);
  t.same(report.foreign, [], 'no object from another realm came back');
  t.same(report.ivm, [], 'no isolated-vm object came back');
});
