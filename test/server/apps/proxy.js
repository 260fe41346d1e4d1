// A proxy app for test/server/proxy.test.ts: the upstream origin comes in the x-upstream header.
//   /many?n=N   makes N sequential subrequests, answers how many succeeded and the first error
//   anything else is proxied to x-upstream with the same method, headers and body
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const upstream = request.headers.get('x-upstream');
    if (url.pathname === '/many') {
      const wanted = Number(url.searchParams.get('n'));
      let ok = 0;
      for (let i = 0; i < wanted; i++) {
        try {
          await (await fetch(`${upstream}/echo`)).text();
          ok++;
        } catch (error) {
          return Response.json({ ok, error: `${error.name}: ${error.message}` });
        }
      }
      return Response.json({ ok, error: null });
    }
    try {
      return await fetch(`${upstream}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
    } catch (error) {
      return new Response(`${error.name}: ${error.message}`, { status: 502 });
    }
  },
};
