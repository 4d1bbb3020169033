"""Black-box tests of product search over HTTP on the demo shop."""
import unittest
import urllib.parse

from harness import DemoShopTest, copy_demo_shop, Server, TempDataDir, create_key, run


class SearchApiTest(DemoShopTest):
    def search(self, key=None, **params):
        path = '/api/search?' + urllib.parse.urlencode(params)
        return self.server.request('GET', path, key=key or self.shopper)

    def test_results_have_the_documented_shape(self):
        status, body = self.search(q='oat milk')
        self.assertEqual(status, 200, body)
        for field in ('results', 'total', 'facets', 'took_ms'):
            self.assertIn(field, body)
        self.assertTrue(body['results'])
        first = body['results'][0]
        for field in ('product_id', 'name', 'brand', 'category', 'price', 'score', 'highlights'):
            self.assertIn(field, first)
        self.assertIn('oat', first['name'].lower())
        self.assertIn('<mark>', first['highlights'][0]['snippet'])

    def test_typos_find_the_intended_products(self):
        for typo, word in (('bananna', 'banana'), ('chedar', 'cheddar'), ('yoghurt', 'yogurt'),
                           ('brocoli', 'broccoli')):
            status, body = self.search(q=typo, limit=3)
            self.assertEqual(status, 200)
            names = [r['name'].lower() for r in body['results']]
            self.assertTrue(any(word in n for n in names), f'{typo}: {names}')

    def test_filters_and_facets(self):
        status, body = self.search(q='milk', dietary='vegan', limit=50)
        self.assertEqual(status, 200)
        self.assertTrue(body['results'])
        self.assertTrue(all('vegan' in r['dietary_tags'] for r in body['results']))
        self.assertTrue(body['facets']['brand'])
        status, cheap = self.search(q='milk', max_price='3.00', limit=50)
        self.assertTrue(all(r['price'] <= 3.0 for r in cheap['results']))

    def test_empty_query_browses_by_popularity(self):
        status, body = self.search(q='', limit=5)
        self.assertEqual(status, 200)
        self.assertEqual(len(body['results']), 5)
        self.assertGreaterEqual(body['total'], 5000)

    def test_bad_queries_get_400(self):
        status, body = self.search(q='x' * 1100)
        self.assertEqual(status, 400)
        self.assertEqual(body['error']['code'], 'invalid_argument')
        status, body = self.server.request('GET', '/api/search?q=%FF%FE', key=self.shopper)
        self.assertEqual(status, 400)
        self.assertIn('UTF-8', body['error']['message'])
        status, _ = self.search(q='milk', limit='0')
        self.assertEqual(status, 400)
        status, _ = self.search(q='milk', dietary='carnivore')
        self.assertEqual(status, 400)

    def test_product_writes_are_searchable_at_once(self):
        product = {'product_id': 'BB-1', 'name': 'Zanzibar Clove Honey', 'brand': 'Testbee',
                   'category': 'Pantry > Honey', 'price': 7.5, 'dietary_tags': ['vegetarian']}
        status, body = self.server.request('POST', '/api/products', product, key=self.admin)
        self.assertEqual(status, 201, body)
        _, found = self.search(q='zanzibar')
        self.assertEqual(found['results'][0]['product_id'], 'BB-1')
        product['name'] = 'Madagascar Clove Honey'
        self.server.request('POST', '/api/products', product, key=self.admin)
        _, old = self.search(q='zanzibar', typos='false', prefix='false')
        self.assertEqual(old['results'], [])
        status, _ = self.server.request('DELETE', '/api/products/BB-1', key=self.admin)
        self.assertEqual(status, 200)
        _, gone = self.search(q='madagascar')
        self.assertNotIn('BB-1', [r['product_id'] for r in gone['results']])
        # Shoppers may not write products; bad products change nothing.
        status, _ = self.server.request('POST', '/api/products', product, key=self.shopper)
        self.assertEqual(status, 403)
        status, body = self.server.request('POST', '/api/products', [product, {'name': 'no id'}], key=self.admin)
        self.assertEqual(status, 400)
        _, none = self.search(q='madagascar')
        self.assertNotIn('BB-1', [r['product_id'] for r in none['results']])

    def test_other_shops_never_see_demo_products(self):
        status, body = self.search(key=self.other, q='milk')
        self.assertEqual(status, 200)
        self.assertEqual(body['results'], [])

    def test_personalized_endpoint_returns_text_ranking_for_now(self):
        status, body = self.server.request('POST', '/api/search/personalized',
                                           {'query': 'yogurt', 'user_id': 'U0001', 'limit': 5},
                                           key=self.shopper)
        self.assertEqual(status, 200, body)
        self.assertIs(body['personalization_applied'], False)
        self.assertTrue(body['results'])
        status, _ = self.server.request('POST', '/api/search/personalized',
                                        {'query': 'yogurt', 'user_id': 'U0002'}, key=self.shopper)
        self.assertEqual(status, 403)
        status, _ = self.server.request('POST', '/api/search/personalized', raw='{bad', key=self.shopper)
        self.assertEqual(status, 400)


class PerShopSynonymsTest(unittest.TestCase):
    def test_a_shops_synonym_file_applies_to_that_shop_only(self):
        import os
        with TempDataDir() as data:
            with open(os.path.join(data, 'shop-a.yaml'), 'w') as f:
                f.write('synonyms:\n  - [booch, kombucha]\n')
            key_a = create_key(data, 'a', 'admin')
            key_b = create_key(data, 'b', 'admin')
            server = Server(data, config='search:\n  shops:\n    a:\n      synonyms: shop-a.yaml\n')
            try:
                product = {'product_id': 'K1', 'name': 'Ginger Kombucha', 'price': 3.5}
                for key in (key_a, key_b):
                    status, _ = server.request('POST', '/api/products', product, key=key)
                    self.assertEqual(status, 201)
                _, a = server.request('GET', '/api/search?q=booch', key=key_a)
                _, b = server.request('GET', '/api/search?q=booch', key=key_b)
                self.assertEqual([r['product_id'] for r in a['results']], ['K1'])
                self.assertEqual(b['results'], [])
            finally:
                server.stop()


class SearchCliTest(unittest.TestCase):
    def test_cli_prints_the_same_results(self):
        with TempDataDir() as data:
            copy_demo_shop(data)
            out = run('search', '--data', data, '--shop', 'demo', 'oat milk', '--json').stdout
            import json
            body = json.loads(out)
            self.assertTrue(body['results'])
            self.assertIn('oat', body['results'][0]['name'].lower())


if __name__ == '__main__':
    unittest.main()
