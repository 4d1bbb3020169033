"""Black-box tests of purchase intelligence over HTTP on the demo shop."""
import datetime
import sqlite3
import unittest

from harness import DemoShopTest


def iso_day(text):
    return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))


class PurchaseApiTest(DemoShopTest):
    def get(self, path, key=None, expect=200):
        status, body = self.server.request('GET', path, key=key or self.admin)
        self.assertEqual(status, expect, body)
        return body

    def baskets_of(self, user):
        """{product external id: orders holding it}, and the number of orders, from the database."""
        db = sqlite3.connect(f'file:{self.data}/leafloaf.db?mode=ro', uri=True)
        try:
            rows = db.execute(
                "SELECT p.external_id, COUNT(DISTINCT o.id) FROM orders o "
                "JOIN users u ON u.id = o.user_id JOIN order_lines l ON l.order_id = o.id "
                "JOIN products p ON p.id = l.product_id "
                "WHERE o.shop_id = 'demo' AND u.external_id = ? GROUP BY p.external_id", (user,)).fetchall()
            orders = db.execute(
                "SELECT COUNT(*) FROM orders o JOIN users u ON u.id = o.user_id "
                "WHERE o.shop_id = 'demo' AND u.external_id = ? "
                "AND EXISTS (SELECT 1 FROM order_lines l WHERE l.shop_id = o.shop_id AND l.order_id = o.id)", (user,)).fetchone()[0]
        finally:
            db.close()
        return dict(rows), orders

    def test_usual_items_match_the_users_orders(self):
        counts, orders = self.baskets_of('U0001')
        self.assertGreater(orders, 3)
        body = self.get('/api/users/U0001/usual?as_of=2026-11-01')
        self.assertTrue(body['items'], body)
        for item in body['items']:
            self.assertEqual(item['purchases'], counts[item['product_id']])
            self.assertGreaterEqual(item['purchases'], 2)
            self.assertIsInstance(item['name'], str)
            self.assertGreater(item['usual_quantity'], 0)
            self.assertTrue(0 < item['confidence'] <= 1)
            if not item['seasonal']:
                self.assertAlmostEqual(item['frequency'], item['purchases'] / orders, places=3)
                self.assertGreaterEqual(item['frequency'], 0.25)
        in_season = [i['product_id'] for i in body['items'] if i['in_season'] and i['product_id'] not in body['out_of_stock']]
        self.assertEqual([b['product_id'] for b in body['basket']], in_season)
        # Bought once or never: not usual.
        usual = {i['product_id'] for i in body['items']}
        for product, n in counts.items():
            if n < 2:
                self.assertNotIn(product, usual)

    def test_reorder_items_are_due_with_consistent_dates(self):
        body = self.get('/api/users/U0001/reorder?k=5&as_of=2026-11-15')
        self.assertLessEqual(len(body['items']), 5)
        self.assertTrue(body['items'], body)
        for item in body['items']:
            last = iso_day(item['last_purchased'])
            due = iso_day(item['due_date'])
            cycle_due = iso_day(item['unadjusted_due_date'])
            self.assertAlmostEqual((cycle_due - last).total_seconds() / 86400, item['cycle_days'], delta=0.1)
            if item['holiday'] is None:
                self.assertEqual(due, cycle_due)
            else:  # brought forward to before the holiday
                self.assertLess(due, cycle_due)
            self.assertGreaterEqual(item['overdue_score'], 0.8)
            self.assertGreaterEqual(item['purchases'], 2)
            self.assertTrue(0 < item['confidence'] <= 1)
        bundled = sorted(p for b in body['bundles'] for p in b['product_ids'])
        self.assertEqual(bundled, sorted(i['product_id'] for i in body['items']))

    def test_next_basket_mixes_repeats_and_names_each_product(self):
        counts, _ = self.baskets_of('U0002')
        body = self.get('/api/users/U0002/next-basket?k=8')
        self.assertEqual(len(body['items']), 8)
        scores = [i['score'] for i in body['items']]
        self.assertEqual(scores, sorted(scores, reverse=True))
        for item in body['items']:
            self.assertIsInstance(item['name'], str)
            self.assertEqual(item['source'], 'repeat' if item['product_id'] in counts else 'explore')
            # Quantity memory: what the user usually takes, for products they bought.
            if item['source'] == 'repeat':
                self.assertGreater(item['quantity'], 0)
            else:
                self.assertIsNone(item['quantity'])
        self.assertIn('repeat', {i['source'] for i in body['items']})
        # A user with no orders gets the shop's bestsellers.
        new = self.get('/api/users/nobody-yet/next-basket?k=3')
        self.assertEqual([i['source'] for i in new['items']], ['explore'] * 3)

    def test_complements_have_lift_above_one_and_personal_counts(self):
        top = self.get('/api/users/U0001/usual')['items'][0]['product_id']
        body = self.get(f'/api/products/{top}/complements?user_id=U0001&k=5')
        self.assertTrue(body['items'], body)
        for item in body['items']:
            self.assertNotEqual(item['product_id'], top)
            self.assertGreater(item['lift'], 1)
            self.assertGreaterEqual(item['together'], 2)
            self.assertGreaterEqual(item['bought_together_by_you'], 0)
        scores = [i['score'] for i in body['items']]
        self.assertEqual(scores, sorted(scores, reverse=True))

    def test_declared_dietary_restrictions_filter_every_suggestion(self):
        plain = self.get('/api/users/U0003/next-basket?k=10')
        vegan = self.get('/api/users/U0003/next-basket?k=10&dietary_restrictions=vegan')
        for item in vegan['items']:
            self.assertIn('vegan', item['dietary_tags'])
        dropped = [i for i in plain['items'] if 'vegan' not in i['dietary_tags']]
        self.assertTrue(dropped, 'the plain list has non-vegan products to drop')
        self.assertGreater(vegan['filtered_out'], 0)
        usual = self.get('/api/users/U0003/usual?dietary_restrictions=gluten-free')
        for item in usual['items']:
            self.assertIn('gluten-free', item['dietary_tags'])
        bad = self.get('/api/users/U0003/usual?dietary_restrictions=carnivore', expect=400)
        self.assertIn('carnivore', bad['error']['message'])

    def test_a_declared_budget_bounds_the_one_click_basket(self):
        full = self.get('/api/users/U0001/usual?as_of=2026-10-15')
        self.assertGreater(full['basket_total'], 2)
        budget = round(full['basket_total'] / 2, 2)
        half = self.get(f'/api/users/U0001/usual?as_of=2026-10-15&budget={budget}')
        self.assertLessEqual(half['basket_total'], budget)
        self.assertTrue(half['left_out_for_budget'])
        kept = [b['product_id'] for b in half['basket']]
        self.assertEqual(sorted(kept + half['left_out_for_budget']),
                         sorted(b['product_id'] for b in full['basket']))
        self.get('/api/users/U0001/usual?budget=-3', expect=400)

    def test_access_bad_input_and_other_shops(self):
        self.get('/api/users/U0001/usual', key=self.shopper)
        self.get('/api/users/U0002/usual', key=self.shopper, expect=403)
        self.get('/api/users/U0002/reorder', key=self.shopper, expect=403)
        self.get('/api/users/U0002/next-basket', key=self.shopper, expect=403)
        self.get('/api/products/P000001/complements?user_id=U0002', key=self.shopper, expect=403)
        bad = self.get('/api/users/U0001/reorder?as_of=yesterday', expect=400)
        self.assertIn('as_of', bad['error']['message'])
        self.get('/api/users/U0001/next-basket?k=0', expect=400)
        # Another shop's key sees none of the demo shop's orders.
        self.assertEqual(self.get('/api/users/U0001/usual', key=self.other)['items'], [])
        self.assertEqual(self.get('/api/users/U0001/next-basket', key=self.other)['items'], [])
        self.assertEqual(self.get('/api/products/P000001/complements', key=self.other)['items'], [])

    def test_insights_match_the_users_orders(self):
        self.get('/api/users/U0001/usual')  # the purchase models first: each request stays short
        body = self.get('/api/users/U0001/insights')
        self.assertGreater(body['orders'], 3)
        # Typical basket spend: the median order total, from the database.
        db = sqlite3.connect(f'file:{self.data}/leafloaf.db?mode=ro', uri=True)
        try:
            totals = sorted(t for (t,) in db.execute(
                "SELECT SUM(l.quantity * l.unit_price_cents) FROM orders o JOIN users u ON u.id = o.user_id "
                "JOIN order_lines l ON l.shop_id = o.shop_id AND l.order_id = o.id "
                "WHERE o.shop_id = 'demo' AND u.external_id = 'U0001' GROUP BY o.id"))
        finally:
            db.close()
        n = len(totals)
        median = totals[n // 2] if n % 2 else (totals[n // 2 - 1] + totals[n // 2]) / 2
        self.assertAlmostEqual(body['budget']['typical_basket_spend'], round(median) / 100, places=2)
        self.assertTrue(body['budget']['preferred_tiers'])
        for t in body['budget']['preferred_tiers']:
            self.assertIn(t['tier'], ('budget', 'mid', 'premium'))
            self.assertTrue(0 <= t['mean_percentile'] <= 1)
        household = body['household']
        self.assertIn(household['size'], ('1', '2', '3+'))
        self.assertTrue(0 <= household['size_confidence'] <= 1)
        self.assertIsInstance(household['has_kids'], bool)
        for r in body['dietary']['inferred']:
            self.assertIn(r['restriction'], ('no-dairy', 'no-meat', 'no-gluten', 'vegan'))
            self.assertTrue(0 < r['confidence'] <= 1)
        # Nobody's orders: empty, not an error.
        nobody = self.get('/api/users/NOBODY/insights')
        self.assertEqual((nobody['orders'], nobody['household']), (0, None))
        self.assertEqual(nobody['budget']['preferred_tiers'], [])
        self.get('/api/users/U0002/insights', key=self.shopper, expect=403)
        self.assertEqual(self.get('/api/users/U0001/insights', key=self.other)['orders'], 0)

    def test_cheaper_alternatives_are_cheaper_and_alike(self):
        self.get('/api/users/U0001/usual')
        product = self.get('/api/products/P000412')
        body = self.get('/api/products/P000412/alternatives?k=5')
        self.assertTrue(body['items'], body)
        for item in body['items']:
            self.assertLess(item['price'], product['price'])
            self.assertEqual(item['category'], product['category'])
            self.assertAlmostEqual(item['savings'], product['price'] - item['price'], places=2)
        similarity = [i['name_similarity'] for i in body['items']]
        self.assertEqual(similarity, sorted(similarity, reverse=True))
        vegan = self.get('/api/products/P000412/alternatives?k=5&dietary_restrictions=vegan')
        self.assertGreater(vegan['filtered_out'], 0)  # the filter ran on real candidates
        self.assertTrue(all('vegan' in i['dietary_tags'] for i in vegan['items']))
        self.get('/api/products/P000412/alternatives?k=0', expect=400)
        self.get('/api/products/P000412/alternatives?dietary_restrictions=nope', expect=400)
        self.assertEqual(self.get('/api/products/NOPE/alternatives')['items'], [])
        # Quantity memory with a user: what U0001 usually takes, or null.
        mine = self.get('/api/products/P000412/alternatives?k=5', key=self.shopper)
        self.assertEqual(mine['user_id'], 'U0001')
        self.assertTrue(mine['items'])
        for item in mine['items']:
            self.assertTrue(item['quantity'] is None or item['quantity'] > 0, item)
        self.get('/api/products/P000412/alternatives?user_id=U0002', key=self.shopper, expect=403)


if __name__ == '__main__':
    unittest.main()
