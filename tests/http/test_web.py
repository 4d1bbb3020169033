"""Black-box tests of the web app served by `leafloaf serve` at / (docs/WEB.md).

The server finds web/dist beside its binary's directory (build/leafloaf ->
web/dist); `make web` builds it. Skipped without web/dist, failed under CI.
"""
import http.client
import os
import re
import unittest

from harness import BINARY, DemoShopTest

WEB_DIST = os.path.join(os.path.dirname(os.path.abspath(BINARY)), '..', 'web', 'dist')


def raw(server, method, target, headers=None):
    """Sends `target` as is (no client-side normalization)."""
    c = http.client.HTTPConnection('127.0.0.1', server.port, timeout=30)
    try:
        c.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            c.putheader(name, value)
        c.endheaders()
        r = c.getresponse()
        return r.status, r.getheader('Content-Type', ''), r.read()
    finally:
        c.close()


class WebAppTest(DemoShopTest):
    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(os.path.join(WEB_DIST, 'index.html')):
            if os.environ.get('CI') == 'true':
                raise AssertionError(f'{WEB_DIST} is missing under CI (make web)')
            raise unittest.SkipTest('web/dist not built (make web); skipping')
        super().setUpClass()

    def test_index_and_its_hashed_assets_are_public_with_content_types(self):
        status, ctype, body = raw(self.server, 'GET', '/')
        self.assertEqual(status, 200)
        self.assertEqual(ctype, 'text/html; charset=utf-8')
        html = body.decode()
        self.assertIn('<div id="root">', html)
        scripts = re.findall(r'src="(/assets/[^"]+\.js)"', html)
        styles = re.findall(r'href="(/assets/[^"]+\.css)"', html)
        self.assertTrue(scripts and styles, html)
        status, ctype, js = raw(self.server, 'GET', scripts[0])
        self.assertEqual((status, ctype), (200, 'text/javascript; charset=utf-8'))
        with open(os.path.join(WEB_DIST, scripts[0].lstrip('/')), 'rb') as f:
            self.assertEqual(js, f.read())
        status, ctype, _ = raw(self.server, 'GET', styles[0])
        self.assertEqual((status, ctype), (200, 'text/css; charset=utf-8'))
        status, ctype, _ = raw(self.server, 'GET', '/favicon.svg')
        self.assertEqual((status, ctype), (200, 'image/svg+xml'))

    def test_head_has_no_body(self):
        status, ctype, body = raw(self.server, 'HEAD', '/')
        self.assertEqual(status, 200)
        self.assertEqual(body, b'')

    def test_browser_navigation_gets_the_app_other_clients_get_404(self):
        status, ctype, body = raw(self.server, 'GET', '/cart', {'Accept': 'text/html'})
        self.assertEqual(status, 200)
        self.assertIn(b'<div id="root">', body)
        status, ctype, _ = raw(self.server, 'GET', '/cart')
        self.assertEqual(status, 404)
        self.assertIn('json', ctype)
        status, _, _ = raw(self.server, 'GET', '/assets/missing-123.js', {'Accept': 'text/html'})
        self.assertEqual(status, 404)

    def test_api_paths_never_fall_back_to_the_app(self):
        for target in ('/api/nope', '/api', '/graph/nope', '/webhooks/nope'):
            status, ctype, _ = raw(self.server, 'GET', target, {'Accept': 'text/html'})
            self.assertEqual(status, 404, target)
            self.assertIn('json', ctype, target)
        status, products = self.server.request('GET', '/api/products?limit=1', key=self.shopper)
        self.assertEqual(status, 200)
        self.assertEqual(len(products['products']), 1)
        status, _ = self.server.request('GET', '/api/products?limit=1')
        self.assertEqual(status, 401)

    def test_no_path_traversal(self):
        for target in ('/../README.md', '/assets/../../README.md', '/%2e%2e/%2e%2e/README.md',
                       '/assets/..%2f..%2fREADME.md', '/..%5c..%5cREADME.md', '/%2e%2e/%2e%2e/etc/passwd',
                       '/../../../../../../etc/passwd'):
            status, _, body = raw(self.server, 'GET', target, {'Accept': 'text/html'})
            self.assertIn(status, (400, 404), target)
            self.assertNotIn(b'# LeafLoaf', body, target)
            self.assertNotIn(b'root:', body, target)

    def test_only_get_and_head(self):
        for method in ('POST', 'PUT', 'DELETE'):
            status, ctype, _ = raw(self.server, method, '/index.html')
            self.assertIn(status, (404, 405), method)
            self.assertIn('json', ctype)

    def test_openapi_documents_the_web_app_route(self):
        status, doc = self.server.request('GET', '/openapi.json')
        self.assertEqual(status, 200)
        self.assertIn('get', doc['paths']['/{path...}'])
        self.assertIn('/api/products', doc['paths'])


if __name__ == '__main__':
    unittest.main()
