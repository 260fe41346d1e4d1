const config = {};

config.missing.value = 1;

export default { fetch: () => new Response('never') };
