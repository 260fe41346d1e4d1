/** The address classifier and the allow list, as pure functions (no connections are made). */
import t from 'tap';
import { classifyAddress, ipv6Groups, isPublicAddress } from '../../src/net/address-policy.ts';
import { isAllowed, parseAllowList } from '../../src/net/allow-list.ts';
import { resolveOutbound } from '../../src/net/outbound-options.ts';

t.test('refuses every special-purpose IPv4 range', async (t) => {
  const refused: Record<string, RegExp> = {
    '0.0.0.0': /this network/,
    '0.1.2.3': /this network/,
    '10.0.0.1': /private/,
    '10.255.255.255': /private/,
    '100.64.0.1': /carrier-grade/,
    '100.127.255.254': /carrier-grade/,
    '127.0.0.1': /loopback/,
    '127.255.0.9': /loopback/,
    '169.254.169.254': /link-local/,
    '172.16.0.1': /private/,
    '172.31.255.255': /private/,
    '192.0.0.8': /IETF/,
    '192.0.2.1': /documentation/,
    '192.88.99.1': /6to4/,
    '192.168.1.1': /private/,
    '198.18.0.1': /benchmarking/,
    '198.19.255.255': /benchmarking/,
    '198.51.100.7': /documentation/,
    '203.0.113.9': /documentation/,
    '224.0.0.1': /multicast/,
    '239.255.255.250': /multicast/,
    '240.0.0.1': /reserved/,
    '255.255.255.255': /broadcast/,
  };
  for (const [address, why] of Object.entries(refused)) t.match(classifyAddress(address), why, address);
});

t.test('accepts public IPv4 addresses next to the special ranges', async (t) => {
  for (const address of [
    '1.1.1.1',
    '8.8.8.8',
    '9.255.255.255',
    '11.0.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.167.255.255',
    '192.169.0.0',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
  ]) {
    t.equal(classifyAddress(address), null, address);
  }
});

t.test('refuses special IPv6 ranges, mapped and compatible forms, NAT64 and 6to4 of private', async (t) => {
  const refused: Record<string, RegExp> = {
    '::': /unspecified/,
    '::1': /loopback/,
    '[::1]': /loopback/,
    '0:0:0:0:0:0:0:1': /loopback/,
    '::ffff:127.0.0.1': /IPv4-mapped/,
    '::ffff:7f00:1': /IPv4-mapped/,
    '::ffff:8.8.8.8': /IPv4-mapped/,
    '::127.0.0.1': /IPv4-compatible/,
    '64:ff9b::10.0.0.1': /NAT64 of private/,
    '64:ff9b::7f00:1': /NAT64 of loopback/,
    '64:ff9b:1::1': /local-use NAT64/,
    '2002:c0a8:0101::1': /6to4 of private/,
    '2001:db8::1': /documentation/,
    '2001::1': /IETF|Teredo/,
    'fc00::1': /unique-local/,
    'fd12:3456::1': /unique-local/,
    'fe80::1': /link-local/,
    'febf::1': /link-local/,
    'fec0::1': /site-local/,
    'ff02::1': /multicast/,
    '100::1': /discard/,
    '3fff::1': /documentation/,
    '4000::1': /reserved/,
    'fe80::1%eth0': /not an IP address/,
    'example.com': /not an IP address/,
  };
  for (const [address, why] of Object.entries(refused)) t.match(classifyAddress(address), why, address);
});

t.test('accepts public IPv6, and NAT64/6to4 of public IPv4', async (t) => {
  for (const address of [
    '2606:4700:4700::1111',
    '2a00:1450:4001:82b::200e',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
  ]) {
    t.ok(isPublicAddress(address), address);
  }
});

t.test('parses IPv6 text', async (t) => {
  t.same(ipv6Groups('1::'), [1, 0, 0, 0, 0, 0, 0, 0]);
  t.same(ipv6Groups('::ffff:1.2.3.4'), [0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
  t.equal(ipv6Groups('1:2:3:4:5:6:7:8:9'), null);
  t.equal(ipv6Groups('1::2::3'), null);
  t.equal(ipv6Groups('12345::'), null);
});

t.test('the allow list normalises hosts the way URLs are parsed', async (t) => {
  const list = parseAllowList(
    '--allow-outbound',
    '2130706433:8080, [::FFFF:127.0.0.1]:80,Internal.Example:*',
  );
  t.same(list, [
    { host: '127.0.0.1', port: 8080 },
    { host: '[::ffff:7f00:1]', port: 80 },
    { host: 'internal.example', port: null },
  ]);
  t.ok(isAllowed(list, '127.0.0.1', 8080));
  t.notOk(isAllowed(list, '127.0.0.1', 8081));
  t.ok(isAllowed(list, 'internal.example', 1));
  t.throws(() => parseAllowList('--allow-outbound', '127.0.0.1'), /is not host:port/);
  t.throws(() => parseAllowList('--allow-outbound', '127.0.0.1:99999'), /is not host:port/);
  t.throws(() => parseAllowList('NANO_ALLOW_OUTBOUND', '::1:80'), /NANO_ALLOW_OUTBOUND/);
});

t.test('outbound settings: flags over variables over defaults', async (t) => {
  t.same(resolveOutbound({}, {}), {
    allow: [],
    maxSubrequests: 50,
    maxConnections: 6,
    subrequestTimeoutMs: 30_000,
  });
  const settings = resolveOutbound(
    { 'max-subrequests': '7' },
    { NANO_MAX_SUBREQUESTS: '9', NANO_SUBREQUEST_TIMEOUT: '2.5', NANO_ALLOW_OUTBOUND: 'a.test:1' },
  );
  t.equal(settings.maxSubrequests, 7);
  t.equal(settings.subrequestTimeoutMs, 2500);
  t.same(settings.allow, [{ host: 'a.test', port: 1 }]);
  t.throws(() => resolveOutbound({ 'subrequest-timeout': 'soon' }, {}), /--subrequest-timeout soon/);
});

t.test('refusals: by name or by address, literals checked before any lookup', async (t) => {
  const { configureOutbound } = await import('../../apis/fetch/host-settings.ts');
  const { literalRefusal, refusal } = await import('../../apis/fetch/host-connect.ts');
  configureOutbound(resolveOutbound({ 'allow-outbound': 'localhost:80,[::1]:8080' }, {}));
  t.teardown(() => configureOutbound(undefined));
  t.equal(refusal('localhost', 80, '127.0.0.1'), null, 'allowed by name, whatever it resolves to');
  t.match(
    refusal('localhost', 81, '127.0.0.1'),
    /^fetch failed: localhost:81 resolves to 127\.0\.0\.1, which is not a public address \(loopback/,
  );
  t.equal(refusal('other.test', 8080, '::1'), null, 'allowed by the address it resolves to');
  t.match(refusal('rebound.test', 443, '169.254.169.254'), /link-local/);
  t.equal(refusal('public.test', 443, '8.8.8.8'), null);
  t.match(literalRefusal('[::1]', 80), /\[::1\]:80 is not a public address/);
  t.equal(literalRefusal('[::1]', 8080), null);
  t.equal(literalRefusal('example.test', 80), null, 'names are left to the lookup');
});
