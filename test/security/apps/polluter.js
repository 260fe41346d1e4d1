// Pollutes every shared-looking intrinsic it can reach, then reports what it sees.
Object.prototype.polluted = 'by tenant A';
Array.prototype.push = function push() {
  return -1;
};
JSON.parse = () => 'hijacked';
// biome-ignore lint/suspicious/noThenProperty: a tenant replacing Promise#then is the point
Promise.prototype.then = function then() {
  return 'hijacked';
};
globalThis.sharedSecret = 'tenant A only';

export default {
  fetch() {
    return new Response(`A sees ${{}.polluted}`);
  },
};
