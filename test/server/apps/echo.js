// Answers every request with what it received: method, path and body length.
export default {
  async fetch(request) {
    const body = await request.arrayBuffer();
    return Response.json({
      method: request.method,
      path: new URL(request.url).pathname,
      length: body.byteLength,
    });
  },
};
