// Requests for the supervisor tests: an id per isolate (recycling), slow requests (drain), waitUntil.
const isolateId = crypto.randomUUID();

export default {
  async fetch(request, _env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/id') return new Response(isolateId);
    if (url.pathname === '/sleep') {
      await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms'))));
      return new Response('slept');
    }
    if (url.pathname === '/wait-until') {
      ctx.waitUntil(
        new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms')))).then(() =>
          console.log('waitUntil work finished'),
        ),
      );
      return new Response('answered before the waitUntil work');
    }
    return new Response('ok');
  },
};
