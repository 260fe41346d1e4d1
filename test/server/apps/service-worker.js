// The service-worker format: a classic script with a fetch event listener.
let served = 0;

addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.pathname === '/sleep') {
    event.respondWith(new Promise((resolve) => setTimeout(() => resolve(new Response('slept')), 2000)));
    return;
  }
  if (url.pathname === '/no-respond') return;
  if (url.pathname === '/respond-twice') {
    event.respondWith(new Response('first'));
    event.respondWith(new Response('second'));
    return;
  }
  event.waitUntil(Promise.resolve());
  event.respondWith(new Response(`service worker response ${++served}`));
});
