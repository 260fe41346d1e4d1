// Takes 2 s to load (top-level await), then owns /healthz itself (the server moves its built-ins).
await new Promise((resolve) => setTimeout(resolve, 2000));

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return new Response('the app owns /healthz');
    if (url.pathname === '/sleep') {
      await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('ms'))));
      return new Response('slept');
    }
    return new Response('hello');
  },
};
