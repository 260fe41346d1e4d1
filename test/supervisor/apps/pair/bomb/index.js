// Aborts its whole server process on /abort: a Map grown past V8's limits is a fatal error, not a
// catchable one, whatever isolated-vm's memory limit (reliability notes, scenario 5; ~0.5 s, ~160 MB).
export default {
  fetch(request) {
    if (new URL(request.url).pathname === '/abort') {
      const map = new Map();
      for (let i = 0; ; i++) map.set(i, i);
    }
    return new Response('bomb is fine');
  },
};
