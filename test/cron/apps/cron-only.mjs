// A cron-only Worker: no fetch handler, which is fine for an app that only answers cron triggers.
export default {
  scheduled(controller) {
    console.log(`cron only ${controller.cron}`);
  },
};
