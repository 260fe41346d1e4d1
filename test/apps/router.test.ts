import t from 'tap';
import { Router } from '../../src/server/router.ts';

const apps = [
  { name: 'shop' },
  { name: 'blog', routes: ['example.com/*', '*.example.org/api/*'] },
  { name: 'docs', routes: ['example.com/docs/*', 'docs.example.net'] },
];

t.test('routes by the first label of the Host', async (t) => {
  const router = new Router(apps, 'both');
  t.same(router.match('http://shop.localhost:3000/cart?x=1'), {
    app: 'shop',
    url: 'http://shop.localhost:3000/cart?x=1',
  });
  t.same(router.match('http://SHOP.example.com/')?.app, 'shop', 'host names are case-insensitive');
  t.equal(router.match('http://shop/')?.app, undefined, 'a bare name is not <app>.<domain>');
  t.equal(router.match('http://nobody.localhost/'), undefined);
});

t.test('routes by wrangler route patterns, the most specific first', async (t) => {
  const router = new Router(apps, 'host');
  t.equal(router.match('http://example.com/')?.app, 'blog');
  t.equal(router.match('http://example.com/docs/intro')?.app, 'docs');
  t.equal(router.match('http://a.example.org/api/x')?.app, 'blog');
  t.equal(router.match('http://a.example.org/other'), undefined, 'the path part must match');
  t.equal(
    router.match('http://docs.example.net:8080/any/path')?.app,
    'docs',
    'a bare host is a custom domain',
  );
  t.equal(
    router.match('http://example.com/docs/intro?q=/x')?.url,
    'http://example.com/docs/intro?q=/x',
    'host routing keeps the URL',
  );
});

t.test('routes by path prefix and strips it', async (t) => {
  const router = new Router(apps, 'both');
  t.same(router.match('http://127.0.0.1:3000/shop/cart?x=1'), {
    app: 'shop',
    url: 'http://127.0.0.1:3000/cart?x=1',
  });
  t.same(router.match('http://127.0.0.1/shop'), { app: 'shop', url: 'http://127.0.0.1/' });
  t.same(router.match('http://127.0.0.1/shop?x'), { app: 'shop', url: 'http://127.0.0.1/?x' });
  t.equal(router.match('http://127.0.0.1/shopping'), undefined, 'a prefix is a whole segment');
  t.equal(router.match('http://127.0.0.1/'), undefined);
  t.equal(router.match('http://shop.localhost/blog/x')?.app, 'shop', 'the host wins over the path with both');
});

t.test('--route-by limits the ways', async (t) => {
  t.equal(new Router(apps, 'host').match('http://127.0.0.1/shop/x'), undefined);
  t.equal(new Router(apps, 'path').match('http://shop.localhost/x'), undefined);
  t.equal(new Router(apps, 'path').match('http://shop.localhost/blog/x')?.app, 'blog');
});

t.test('one --app gets every request unchanged', async (t) => {
  const router = new Router([{ name: 'solo' }], 'both', 'solo');
  t.same(router.match('http://anything/shop/x'), { app: 'solo', url: 'http://anything/shop/x' });
});
