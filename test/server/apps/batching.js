// Answers /n/<id> with its id: at once, after a timer (`?wait=ms`), or after throwing (`?throw`).
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const id = url.pathname.split('/').at(-1);
    if (url.searchParams.has('throw')) throw new Error(`request ${id} failed on purpose`);
    const wait = Number(url.searchParams.get('wait') ?? 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return new Response(`id ${id}`, { headers: { 'x-id': id } });
  },
};
