// Reports whether anything tenant A changed is visible here.
export default {
  fetch() {
    const seen = {
      polluted: {}.polluted ?? null,
      push: [1].push(2),
      parse: JSON.parse('{"a":1}').a,
      sharedSecret: globalThis.sharedSecret ?? null,
    };
    return Response.json(seen);
  },
};
