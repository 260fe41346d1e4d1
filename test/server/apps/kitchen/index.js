// One module-format app with a route per behaviour the server tests check (test/server/serve-module.test.ts).
import { sleep } from './lib.js';

let requestsSeen = 0;

const routes = {
  '/hello': () => new Response('hello'),
  '/async-timer': async () => {
    await sleep(50);
    return new Response('waited');
  },
  '/echo': async (request) =>
    new Response(await request.arrayBuffer(), { headers: { 'content-type': 'application/octet-stream' } }),
  '/sleep': async (request) => {
    await sleep(Number(new URL(request.url).searchParams.get('ms')));
    return new Response('slept');
  },
  '/count': () => new Response(String(++requestsSeen)),
  '/request-info': async (request) =>
    Response.json({
      method: request.method,
      url: request.url,
      host: request.headers.get('host'),
      custom: request.headers.get('x-custom'),
      body: await request.text(),
    }),
  '/throw': () => {
    throw new Error('boom from the handler');
  },
  '/reject': async () => {
    await sleep(1);
    throw new TypeError('async boom');
  },
  '/not-response': () => ({ hello: 'world' }),
  '/wait-until': (_request, _env, ctx) => {
    ctx.waitUntil(sleep(20).then(() => Promise.reject(new Error('late failure in waitUntil'))));
    ctx.passThroughOnException();
    return new Response('sent before waitUntil settled');
  },
  '/server-owned-headers': () =>
    new Response('abc', {
      headers: {
        'content-length': '999',
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'x-kept': 'yes',
      },
    }),
  '/no-content': () => new Response(null, { status: 204 }),
  '/console': () => {
    console.log('log line from the app', { n: 1 });
    console.error('error line from the app');
    return new Response('logged');
  },
  '/env': (_request, env, ctx) =>
    Response.json({ env, waitUntil: typeof ctx.waitUntil, pass: typeof ctx.passThroughOnException }),
};

export default {
  fetch(request, env, ctx) {
    const route = routes[new URL(request.url).pathname];
    if (!route) return new Response('not found in the app', { status: 404 });
    return route(request, env, ctx);
  },
};
