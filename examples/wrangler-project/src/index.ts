import { greet } from 'tiny-greeting';
import { describeRuns } from './runs.ts';

interface Env {
  GREETING: string;
  APP_ENV: string;
  API_TOKEN?: string;
}

interface ScheduledController {
  cron: string;
  scheduledTime: number;
}

let scheduledRuns = 0;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/boom') {
      throw new Error('boom from the example');
    }
    return Response.json({
      message: greet(env.GREETING, url.searchParams.get('name') ?? 'world'),
      environment: env.APP_ENV,
      hasToken: env.API_TOKEN !== undefined,
      runs: describeRuns(scheduledRuns),
    });
  },

  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    scheduledRuns++;
    console.log(`${env.APP_ENV}: cron "${controller.cron}" fired (${describeRuns(scheduledRuns)})`);
  },
};
