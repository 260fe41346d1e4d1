// bench/proxy.ts: forwards every request to the origin named in x-upstream, streaming the body back.
export default {
  fetch(request) {
    const url = new URL(request.url);
    return fetch(`${request.headers.get('x-upstream')}${url.pathname}${url.search}`);
  },
};
