// The service-worker format: a scheduled listener whose waitUntil work runs after the listener returns.
addEventListener('fetch', (event) => event.respondWith(new Response('ok')));
addEventListener('scheduled', (event) => {
  const seen = [event.type, event.cron, event.scheduledTime, String(event), event.isTrusted];
  event.waitUntil(
    new Promise((resolve) => setTimeout(resolve, 20)).then(() => console.log(`sw ${JSON.stringify(seen)}`)),
  );
});
