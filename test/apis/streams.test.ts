import t from 'tap';
import { runScriptChecks } from '../helpers/script-checks.ts';

t.test(
  'ReadableStream, WritableStream, TransformStream: reading, writing, backpressure, pipes, tee, iteration, from',
  async (t) => {
    const checks = await runScriptChecks(t, 'streams.js');
    t.ok(checks >= 60, `ran ${checks} checks`);
  },
);

t.test(
  'readable byte streams: BYOB readers, respond/respondWithNewView, min, autoAllocateChunkSize, tee',
  async (t) => {
    const checks = await runScriptChecks(t, 'streams-bytes.js');
    t.ok(checks >= 30, `ran ${checks} checks`);
  },
);
