"""Black-box tests of `leafloaf serve` on the demo shop."""
import signal
import socket
import time
import unittest

from harness import DemoShopTest, Server, TempDataDir, create_key


class DemoShopServerTest(DemoShopTest):
    server_config = 'server:\n  body_limit_bytes: 4096\n  header_timeout_ms: 1500\n'

    @classmethod
    def prepare(cls):
        cls.other_shop = cls.other

    def assertJsonError(self, status, body, want_status, want_code=None):
        self.assertEqual(status, want_status, body)
        self.assertIsInstance(body, dict, body)
        self.assertIn('error', body)
        self.assertIsInstance(body['error'].get('message'), str)
        if want_code:
            self.assertEqual(body['error']['code'], want_code)

    def test_health_reports_each_dependency(self):
        status, body = self.server.request('GET', '/health')
        self.assertEqual(status, 200)
        self.assertEqual(body['status'], 'ok')
        self.assertEqual(body['dependencies']['store']['status'], 'ok')
        self.assertEqual(body['dependencies']['store']['backend'], 'sqlite')

    def test_metrics_are_prometheus_text_with_route_histograms(self):
        self.server.request('GET', '/api/products?limit=1', key=self.admin)
        status, text = self.server.request('GET', '/metrics')
        self.assertEqual(status, 200)
        self.assertIn('# TYPE leafloaf_http_requests_total counter', text)
        self.assertIn('route="/api/products"', text)
        self.assertIn('leafloaf_http_request_duration_seconds_bucket', text)
        self.assertIn('leafloaf_store_commits_total', text)

    def test_openapi_documents_the_routes(self):
        status, doc = self.server.request('GET', '/openapi.json')
        self.assertEqual(status, 200)
        self.assertEqual(doc['openapi'], '3.0.3')
        self.assertIn('/api/products/{id}', doc['paths'])
        self.assertIn('get', doc['paths']['/api/products'])

    def test_missing_and_bad_credentials_get_401_json(self):
        self.assertJsonError(*self.server.request('GET', '/api/products'), 401, 'unauthenticated')
        self.assertJsonError(*self.server.request('GET', '/api/products', key='ll_nope'), 401)
        status, _ = self.server.request('GET', '/api/products?limit=1',
                                        headers={'Authorization': 'Bearer ' + self.admin})
        self.assertEqual(status, 200)

    def test_product_by_source_id_and_404(self):
        status, page = self.server.request('GET', '/api/products?limit=3', key=self.shopper)
        self.assertEqual(status, 200)
        first = page['products'][0]
        status, one = self.server.request('GET', '/api/products/' + first['product_id'], key=self.shopper)
        self.assertEqual(status, 200)
        self.assertEqual(one['name'], first['name'])
        for field in ('product_id', 'name', 'brand', 'category', 'price', 'price_cents', 'dietary_tags'):
            self.assertIn(field, one)
        self.assertJsonError(*self.server.request('GET', '/api/products/no-such-product', key=self.admin),
                             404, 'not_found')

    def test_other_shops_never_see_demo_products(self):
        _, page = self.server.request('GET', '/api/products?limit=1', key=self.admin)
        pid = page['products'][0]['product_id']
        self.assertJsonError(*self.server.request('GET', '/api/products/' + pid, key=self.other_shop), 404)
        status, other = self.server.request('GET', '/api/products?limit=10', key=self.other_shop)
        self.assertEqual(status, 200)
        self.assertEqual(other['products'], [])

    def test_paging_visits_every_product_once(self):
        seen, cursor = [], None
        while True:
            path = '/api/products?limit=1000' + (f'&cursor={cursor}' if cursor else '')
            status, page = self.server.request('GET', path, key=self.admin)
            self.assertEqual(status, 200, page)
            seen += [p['product_id'] for p in page['products']]
            cursor = page['next_cursor']
            if not cursor:
                break
        self.assertGreaterEqual(len(seen), 5000)
        self.assertEqual(len(seen), len(set(seen)))

    def test_category_and_brand_filters(self):
        _, page = self.server.request('GET', '/api/products?limit=100', key=self.admin)
        branded = [p for p in page['products'] if p['brand']]
        self.assertTrue(branded)
        category = branded[0]['category_path'][0]
        brand = branded[0]['brand']
        status, by_cat = self.server.request('GET', f'/api/products?limit=200&category={category.replace(" ", "%20").replace("&", "%26")}',
                                             key=self.admin)
        self.assertEqual(status, 200)
        self.assertTrue(by_cat['products'])
        self.assertTrue(all(p['category_path'][0] == category for p in by_cat['products']))
        status, by_brand = self.server.request('GET', f'/api/products?limit=200&brand={brand.replace(" ", "%20").replace("&", "%26")}',
                                               key=self.admin)
        self.assertTrue(by_brand['products'])
        self.assertTrue(all(p['brand'].lower() == brand.lower() for p in by_brand['products']))

    def test_bad_parameters_get_400(self):
        self.assertJsonError(*self.server.request('GET', '/api/products?limit=0', key=self.admin), 400, 'invalid_argument')
        self.assertJsonError(*self.server.request('GET', '/api/products?limit=abc', key=self.admin), 400)
        self.assertJsonError(*self.server.request('GET', '/api/products?cursor=%%%', key=self.admin), 400)
        self.assertJsonError(*self.server.request('GET', '/api/products?cursor=bm9wZQ', key=self.admin), 400)

    def test_unknown_route_404_and_wrong_method_405(self):
        self.assertJsonError(*self.server.request('GET', '/nope'), 404, 'not_found')
        self.assertJsonError(*self.server.request('DELETE', '/api/products', key=self.admin), 405)

    def test_body_over_limit_gets_413(self):
        status, body = self.server.request('POST', '/api/products', raw='x' * 10000, key=self.admin)
        self.assertJsonError(status, body, 413, 'payload_too_large')

    def test_slow_header_is_cut_off(self):
        s = socket.create_connection(('127.0.0.1', self.server.port))
        s.sendall(b'GET /health HTTP/1.1\r\nHost: x\r\n')  # never finishes the header
        s.settimeout(10)
        start = time.time()
        data = s.recv(4096)
        self.assertEqual(data, b'')  # closed by the server
        self.assertLess(time.time() - start, 8)
        s.close()

    def test_garbage_request_gets_400_and_server_survives(self):
        s = socket.create_connection(('127.0.0.1', self.server.port))
        s.sendall(b'\x00\x01 NOT HTTP\r\n\r\n')
        s.settimeout(5)
        data = s.recv(4096)
        s.close()
        self.assertIn(b'400', data.split(b'\r\n')[0])
        self.assertEqual(self.server.request('GET', '/health')[0], 200)


class GracefulShutdownTest(unittest.TestCase):
    def test_sigterm_finishes_request_in_flight(self):
        with TempDataDir() as data:
            key = create_key(data, 'shop', 'admin')
            server = Server(data)
            s = socket.create_connection(('127.0.0.1', server.port))
            body = b'{"x": 1}'
            s.sendall(b'POST /health HTTP/1.1\r\nHost: x\r\nX-API-Key: ' + key.encode() +
                      b'\r\nContent-Type: application/json\r\nContent-Length: ' +
                      str(len(body)).encode() + b'\r\n\r\n' + body[:3])
            time.sleep(0.3)
            server.proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            self.assertIsNone(server.proc.poll(), 'server quit with a request in flight')
            s.sendall(body[3:])
            s.settimeout(10)
            reply = b''
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                reply += chunk
            s.close()
            self.assertTrue(reply.startswith(b'HTTP/1.1 405'), reply[:200])
            self.assertIn(b'Connection: close', reply)
            self.assertEqual(server.stop(timeout=15), 0)


if __name__ == '__main__':
    unittest.main()
