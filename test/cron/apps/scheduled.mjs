// Scheduled-event fixture: reports what the handler receives; "*/2 * * * *" and "0 0 1 1 *" fail.
let runs = 0;

export default {
  fetch() {
    return new Response(`runs ${runs}`);
  },
  async scheduled(controller, env, ctx) {
    runs++;
    const seen = {
      cron: controller.cron,
      scheduledTime: controller.scheduledTime,
      type: controller.type,
      controller: Object.prototype.toString.call(controller),
      env,
      ctx: typeof ctx.waitUntil,
    };
    ctx.waitUntil(
      new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
        console.log(`waitUntil done ${controller.scheduledTime}`),
      ),
    );
    console.log(`scheduled ${JSON.stringify(seen)}`);
    if (controller.cron === '*/2 * * * *') throw new Error(`boom at ${controller.scheduledTime}`);
    if (controller.cron === '0 0 1 1 *') {
      controller.noRetry();
      ctx.waitUntil(Promise.reject(new TypeError('waitUntil rejected')));
    }
  },
};
