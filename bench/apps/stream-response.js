// bench/stream-response.ts: a response body made by a pull-based ReadableStream, `mb` MiB in
// `kb` KiB chunks (one chunk enqueued per pull, so production follows the reader's pace).
export default {
  fetch(request) {
    const url = new URL(request.url);
    const total = Number(url.searchParams.get('mb') ?? 100) * 1024 * 1024;
    const size = Number(url.searchParams.get('kb') ?? 64) * 1024;
    const chunk = new Uint8Array(size).fill(120);
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= total) {
          controller.close();
          return;
        }
        const next = Math.min(size, total - sent);
        controller.enqueue(next === size ? chunk.slice() : chunk.slice(0, next));
        sent += next;
      },
    });
    return new Response(body);
  },
};
