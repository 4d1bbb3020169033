"""Black-box tests of personalization over HTTP on the demo shop."""
import unittest

from harness import DemoShopTest, Server


class PersonalizationApiTest(DemoShopTest):
    def personalized(self, user, query, key=None, **extra):
        status, body = self.server.request('POST', '/api/search/personalized', key=key or self.admin,
                                           body={'query': query, 'user_id': user, **extra})
        self.assertEqual(status, 200, body)
        return body

    def track(self, user, event_type, product, **extra):
        status, body = self.server.request('POST', '/api/interactions/track', key=self.admin,
                                           body={'event_type': event_type, 'user_id': user,
                                                 'product_id': product, **extra})
        self.assertEqual(status, 200, body)

    def test_a_new_user_gets_text_ranking(self):
        body = self.personalized('new-user-1', 'yogurt')
        self.assertFalse(body['personalization_applied'])
        plain = self.server.request('GET', '/api/search?q=yogurt', key=self.admin)[1]
        self.assertEqual([r['product_id'] for r in body['results']],
                         [r['product_id'] for r in plain['results']])

    def test_one_click_personalizes_the_next_search_with_reasons(self):
        oat = self.personalized('p-user-1', 'oat milk')['results'][0]
        self.track('p-user-1', 'click_product', oat['product_id'])
        body = self.personalized('p-user-1', 'yogurt', limit=5)
        self.assertTrue(body['personalization_applied'])
        top = body['results'][0]
        self.assertIn('plant-based', top['dietary_tags'])
        factors = {r['factor'] for r in top['reasons']}
        self.assertIn('text', factors)
        self.assertIn('dietary', factors)
        self.assertGreater(top['personalization_score'], 0)
        for r in top['reasons']:
            self.assertIsInstance(r['contribution'], float)

    def test_declared_restrictions_are_a_hard_filter(self):
        body = self.personalized('p-user-2', 'yogurt', limit=20, dietary_restrictions=['vegan'])
        self.assertTrue(body['results'])
        for r in body['results']:
            self.assertIn('vegan', r['dietary_tags'])
        status, bad = self.server.request('POST', '/api/search/personalized', key=self.admin,
                                          body={'query': 'x', 'user_id': 'u',
                                                'dietary_restrictions': ['glutenish']})
        self.assertEqual(status, 400, bad)

    def test_quantity_memory_profile_and_export(self):
        milk = self.personalized('p-user-3', 'whole milk')['results'][0]
        self.track('p-user-3', 'add_to_cart', milk['product_id'], quantity=2)
        again = self.personalized('p-user-3', 'whole milk')['results']
        hit = next(r for r in again if r['product_id'] == milk['product_id'])
        self.assertEqual(hit['suggested_quantity'], 2)
        status, profile = self.server.request('GET', '/api/users/p-user-3/profile', key=self.admin)
        self.assertEqual(status, 200, profile)
        self.assertTrue(any(e['relation'] == 'clicked' or e['relation'] == 'purchased' or
                            e['dst_kind'] in ('brand', 'category') for e in profile['edges']),
                        profile['edges'])
        status, export = self.server.request('GET', '/api/users/p-user-3/export', key=self.admin)
        self.assertEqual(status, 200, export)
        self.assertEqual(len(export['events']), 1)
        self.assertEqual(export['events'][0]['event_type'], 'add_to_cart')
        self.assertEqual(export['user']['user_id'], 'p-user-3')

    def test_a_shopper_reads_only_their_own_profile(self):
        status, _ = self.server.request('GET', '/api/users/U0001/export', key=self.shopper)
        self.assertEqual(status, 200)
        status, body = self.server.request('GET', '/api/users/U0002/profile', key=self.shopper)
        self.assertEqual(status, 403, body)
        status, body = self.server.request('POST', '/api/search/personalized', key=self.shopper,
                                           body={'query': 'milk', 'user_id': 'U0002'})
        self.assertEqual(status, 403, body)

    def test_erasure_removes_events_and_preferences_and_is_audited(self):
        oat = self.personalized('p-user-5', 'oat milk')['results'][0]
        self.track('p-user-5', 'click_product', oat['product_id'])
        self.assertTrue(self.personalized('p-user-5', 'yogurt')['personalization_applied'])
        status, body = self.server.request('DELETE', '/api/users/p-user-5', key=self.admin)
        self.assertEqual(status, 200, body)
        self.assertEqual(body['events_erased'], 1)
        self.assertFalse(self.personalized('p-user-5', 'yogurt')['personalization_applied'])
        export = self.server.request('GET', '/api/users/p-user-5/export', key=self.admin)[1]
        self.assertEqual(export['events'], [])
        self.assertEqual(export['edges'], [])
        import sqlite3
        db = sqlite3.connect(f'file:{self.data}/leafloaf.db?mode=ro', uri=True)
        try:
            rows = db.execute("SELECT action, subject FROM audit_log WHERE subject = 'p-user-5'").fetchall()
            edges = db.execute("SELECT COUNT(*) FROM memory_edges WHERE user_external_id = 'p-user-5'").fetchone()
        finally:
            db.close()
        self.assertEqual(rows, [('erase_user', 'p-user-5')])
        self.assertEqual(edges[0], 0)
        # A shopper may erase only themselves.
        status, body = self.server.request('DELETE', '/api/users/U0002', key=self.shopper)
        self.assertEqual(status, 403, body)

    def test_preferences_survive_a_restart(self):
        oat = self.personalized('p-user-4', 'oat milk')['results'][0]
        self.track('p-user-4', 'click_product', oat['product_id'])
        before = [r['product_id'] for r in self.personalized('p-user-4', 'yogurt')['results']]
        self.server.stop()
        self.__class__.server = Server(self.data)
        after = [r['product_id'] for r in self.personalized('p-user-4', 'yogurt')['results']]
        self.assertEqual(before, after)


if __name__ == '__main__':
    unittest.main()
