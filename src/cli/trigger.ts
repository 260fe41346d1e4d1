/** `nano trigger <app> --cron "<expr>"`: check the arguments, then hand over to src/cron/trigger-app.ts. */
import { defineCommand } from 'citty';
import { resolveApp } from '../config/app-loader.ts';
import { SERVE_DEFAULTS } from '../config/serve-options.ts';
import { ConfigError } from '../config/values.ts';
import { CronExpression, CronSyntaxError } from '../cron/cron-expression.ts';
import { UsageError } from './exit-codes.ts';

function parseScheduledTime(text: string): number {
  const time = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(time)) {
    throw new UsageError(`--scheduled-time ${text} is neither milliseconds since the epoch nor an ISO date`);
  }
  return time;
}

export const triggerCommand = defineCommand({
  meta: {
    name: 'trigger',
    description: "Fire one scheduled event at an app's scheduled() handler and report how it ended",
  },
  args: {
    app: { type: 'positional', description: 'App directory or entry file', required: true },
    cron: {
      type: 'string',
      description: 'The cron expression the event carries (controller.cron)',
      valueHint: 'expr',
      required: true,
    },
    'scheduled-time': {
      type: 'string',
      description: 'controller.scheduledTime: milliseconds since the epoch or an ISO date (default: now)',
      valueHint: 'time',
    },
  },
  async run({ args }) {
    try {
      CronExpression.parse(args.cron);
    } catch (error) {
      if (error instanceof CronSyntaxError) throw new UsageError(error.message);
      throw error;
    }
    let app: ReturnType<typeof resolveApp>;
    try {
      app = resolveApp(args.app);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const scheduledTime =
      args['scheduled-time'] === undefined ? Date.now() : parseScheduledTime(args['scheduled-time']);
    const { triggerScheduled } = await import('../cron/trigger-app.ts');
    process.exitCode = await triggerScheduled({
      app,
      cron: args.cron.trim(),
      scheduledTime,
      startupTimeoutMs: SERVE_DEFAULTS.startupTimeoutMs,
    });
  },
});
