// The seed's format: __setDefault({ fetch }), with the seed README's example routes.
__setDefault({
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/api/hello') {
      return Response.json({ message: 'Hello, World!' });
    }
    return new Response('Not Found', { status: 404 });
  },
});
