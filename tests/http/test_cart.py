"""Black-box tests of the cart and checkout over HTTP on the demo shop."""
import signal
import sqlite3
import unittest

from harness import DemoShopTest, Server


class CartApiTest(DemoShopTest):
    def call(self, method, path, body=None, key=None, expect=200, headers=None):
        status, reply = self.server.request(method, path, body=body, key=key or self.admin,
                                            headers=headers)
        self.assertEqual(status, expect, reply)
        return reply

    def db(self, sql, *args):
        db = sqlite3.connect(f'file:{self.data}/leafloaf.db?mode=ro', uri=True)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def products(self, n, min_stock=5):
        """n in-stock demo products: (id, price in cents, stock)."""
        return self.db("SELECT external_id, price_cents, stock FROM products WHERE shop_id = 'demo' "
                       "AND deleted = 0 AND stock >= ? ORDER BY id LIMIT ?", min_stock, n)

    def test_add_set_and_remove_lines(self):
        (a, price_a, _), (b, price_b, _) = self.products(2)
        cart = self.call('POST', '/api/cart/items', {'product_id': a, 'quantity': 2}, key=self.shopper)
        self.assertEqual(cart['user_id'], 'U0001')
        self.assertEqual(cart['change'], {'product_id': a, 'quantity_before': 0, 'quantity': 2})
        cart = self.call('POST', '/api/cart/items', {'product_id': b}, key=self.shopper)  # default 1
        cart = self.call('POST', '/api/cart/items', {'product_id': a, 'quantity': 1}, key=self.shopper)
        self.assertEqual([(i['product_id'], i['quantity']) for i in cart['items']], [(a, 3), (b, 1)])
        self.assertEqual(cart['subtotal_cents'], 3 * price_a + price_b)
        self.assertEqual(cart['item_count'], 2)
        self.assertTrue(all(i['available'] and i['in_stock'] and i['name'] for i in cart['items']))
        cart = self.call('PATCH', f'/api/cart/items/{a}', {'quantity': 1}, key=self.shopper)
        self.assertEqual(cart['items'][0]['quantity'], 1)
        cart = self.call('DELETE', f'/api/cart/items/{a}', key=self.shopper)
        self.assertTrue(cart['removed'])
        self.assertEqual([i['product_id'] for i in cart['items']], [b])
        cart = self.call('DELETE', f'/api/cart/items/{a}', key=self.shopper)
        self.assertFalse(cart['removed'])
        cart = self.call('PATCH', f'/api/cart/items/{b}', {'quantity': 0}, key=self.shopper)
        self.assertEqual(cart['items'], [])
        self.assertEqual(self.call('GET', '/api/cart', key=self.shopper)['subtotal'], 0)
        # Every change was recorded as the interaction it is.
        kinds = self.db("SELECT type, quantity FROM events WHERE shop_id = 'demo' AND "
                        "user_external_id = 'U0001' AND context = '{\"source\":\"cart\"}' "
                        "AND product_external_id = ? ORDER BY id", a)
        self.assertEqual(kinds, [('add_to_cart', 2.0), ('add_to_cart', 1.0), ('remove_from_cart', 2.0),
                                 ('remove_from_cart', 1.0)])

    def test_who_the_cart_belongs_to(self):
        (a, _, _), = self.products(1)
        # Staff keys name the user; shopper keys only reach their own cart.
        self.call('GET', '/api/cart', expect=400)
        self.call('POST', '/api/cart/items?user_id=CART-STAFF', {'product_id': a})
        cart = self.call('GET', '/api/cart?user_id=CART-STAFF')
        self.assertEqual([i['product_id'] for i in cart['items']], [a])
        body = self.call('POST', '/api/cart/items', {'product_id': a, 'user_id': 'CART-STAFF'})
        self.assertEqual(body['items'][0]['quantity'], 2)
        self.call('GET', '/api/cart?user_id=CART-STAFF', key=self.shopper, expect=403)
        self.call('POST', '/api/cart/items', {'product_id': a, 'user_id': 'CART-STAFF'},
                  key=self.shopper, expect=403)
        self.assertEqual(self.call('GET', '/api/cart?user_id=U0001', key=self.shopper)['user_id'], 'U0001')
        # Another shop sees neither the user's cart nor the demo's products.
        self.assertEqual(self.call('GET', '/api/cart?user_id=CART-STAFF', key=self.other)['items'], [])
        self.call('POST', '/api/cart/items?user_id=CART-STAFF', {'product_id': a}, key=self.other,
                  expect=404)
        self.call('POST', '/api/cart/checkout?user_id=CART-STAFF', key=self.other, expect=409)
        self.call('DELETE', '/api/cart?user_id=CART-STAFF')
        self.assertEqual(self.call('GET', '/api/cart?user_id=CART-STAFF')['items'], [])

    def test_bad_requests_change_nothing(self):
        (a, _, _), = self.products(1)
        user = '?user_id=CART-BAD'
        self.call('POST', '/api/cart/items' + user, {'product_id': a, 'quantity': 1})
        for body in [{'product_id': 'NO-SUCH'}, {'product_id': a, 'quantity': 0},
                     {'product_id': a, 'quantity': -2}, {'product_id': a, 'quantity': 'two'},
                     {'product_id': a, 'quantity': 1e9}, {}, {'product_id': 7.5}, [1, 2]]:
            status, reply = self.server.request('POST', '/api/cart/items' + user, body=body, key=self.admin)
            self.assertIn(status, (400, 404), (body, reply))
            self.assertIn('error', reply)
        for raw in ['{', 'null', '"x"']:
            status, reply = self.server.request('POST', '/api/cart/items' + user, raw=raw, key=self.admin)
            self.assertEqual(status, 400, (raw, reply))
        self.call('PATCH', f'/api/cart/items/{a}' + user, {}, expect=400)
        self.call('PATCH', f'/api/cart/items/{a}' + user, {'quantity': -1}, expect=400)
        self.call('POST', '/api/cart/checkout' + user, headers={'Idempotency-Key': 'k' * 300}, expect=400)
        cart = self.call('GET', '/api/cart' + user)
        self.assertEqual([(i['product_id'], i['quantity']) for i in cart['items']], [(a, 1)])

    def test_checkout_places_one_order_per_idempotency_key(self):
        (a, price_a, stock_a), (b, price_b, _) = self.products(2)
        user = '?user_id=CART-BUYER'
        self.call('POST', '/api/cart/items' + user, {'product_id': a, 'quantity': 2})
        self.call('POST', '/api/cart/items' + user, {'product_id': b, 'quantity': 1})
        order = self.call('POST', '/api/cart/checkout' + user, headers={'Idempotency-Key': 'try-1'},
                          expect=201)
        self.assertFalse(order['replayed'])
        self.assertEqual(order['user_id'], 'CART-BUYER')
        self.assertEqual([(l['product_id'], l['quantity']) for l in order['lines']], [(a, 2), (b, 1)])
        self.assertEqual(order['total_cents'], 2 * price_a + price_b)
        self.assertEqual(self.call('GET', '/api/cart' + user)['items'], [])
        # The retry of the same request returns the same order and places none.
        self.call('POST', '/api/cart/items' + user, {'product_id': b, 'quantity': 5})
        retry = self.call('POST', '/api/cart/checkout' + user, headers={'Idempotency-Key': 'try-1'})
        self.assertTrue(retry['replayed'])
        self.assertEqual(retry['order_id'], order['order_id'])
        self.assertEqual(retry['lines'], order['lines'])
        rows = self.db("SELECT COUNT(*) FROM orders o JOIN users u ON u.id = o.user_id "
                       "WHERE o.shop_id = 'demo' AND u.external_id = 'CART-BUYER'")
        self.assertEqual(rows[0][0], 1)
        self.assertEqual(self.db("SELECT stock FROM products WHERE shop_id = 'demo' AND external_id = ?",
                                 a)[0][0], stock_a - 2)
        purchases = self.db("SELECT product_external_id, quantity FROM events WHERE shop_id = 'demo' "
                            "AND user_external_id = 'CART-BUYER' AND type = 'purchase' ORDER BY id")
        self.assertEqual(purchases, [(a, 2.0), (b, 1.0)])
        # The product's new stock is what search shows at once.
        hit = self.call('GET', f'/api/products/{a}')
        self.assertEqual(hit['stock'], stock_a - 2)
        # Without a key every checkout is a new order; an empty cart is a conflict.
        second = self.call('POST', '/api/cart/checkout' + user, expect=201)
        self.assertNotEqual(second['order_id'], order['order_id'])
        conflict = self.call('POST', '/api/cart/checkout' + user, expect=409)
        self.assertEqual(conflict['error']['code'], 'cart_conflict')

    def test_checkout_refuses_what_is_out_of_stock(self):
        product = {'product_id': 'CART-SCARCE', 'name': 'Scarce saffron', 'price': 9.99, 'stock': 1}
        self.call('POST', '/api/products', product, expect=201)
        user = '?user_id=CART-SHORT'
        self.call('POST', '/api/cart/items' + user, {'product_id': 'CART-SCARCE', 'quantity': 2})
        cart = self.call('GET', '/api/cart' + user)
        self.assertFalse(cart['items'][0]['in_stock'])
        conflict = self.call('POST', '/api/cart/checkout' + user, expect=409)
        self.assertIn('CART-SCARCE', conflict['error']['message'])
        self.assertEqual(len(self.call('GET', '/api/cart' + user)['items']), 1)
        self.call('PATCH', '/api/cart/items/CART-SCARCE' + user, {'quantity': 1})
        self.call('POST', '/api/cart/checkout' + user, expect=201)
        self.assertEqual(self.call('GET', '/api/products/CART-SCARCE')['stock'], 0)
        # Sold out: search's in-stock filter drops it at once.
        hits = self.call('GET', '/api/search?q=scarce+saffron&in_stock=true')
        self.assertNotIn('CART-SCARCE', [h['product_id'] for h in hits['results']])

    def test_a_line_whose_product_was_deleted_can_be_removed(self):
        self.call('POST', '/api/products', {'product_id': 'CART-GONE', 'name': 'Discontinued dip',
                                            'price': 3.5}, expect=201)
        (a, _, _), = self.products(1)
        user = '?user_id=CART-GONE-USER'
        self.call('POST', '/api/cart/items' + user, {'product_id': 'CART-GONE', 'quantity': 1})
        self.call('POST', '/api/cart/items' + user, {'product_id': a, 'quantity': 1})
        self.call('DELETE', '/api/products/CART-GONE')
        cart = self.call('GET', '/api/cart' + user)
        self.assertEqual([i['available'] for i in cart['items']], [False, True])
        conflict = self.call('POST', '/api/cart/checkout' + user, expect=409)
        self.assertIn('no longer sold', conflict['error']['message'])
        cart = self.call('DELETE', '/api/cart/items/CART-GONE' + user)
        self.assertTrue(cart['removed'])
        self.assertEqual([i['product_id'] for i in cart['items']], [a])
        self.call('POST', '/api/cart/checkout' + user, expect=201)
        # Removing what was never there is no error either.
        self.assertFalse(self.call('DELETE', '/api/cart/items/NEVER' + user)['removed'])

    def test_usual_basket_goes_into_the_cart_once(self):
        usual = self.call('GET', '/api/users/U0001/usual', key=self.shopper)
        expected = {b['product_id']: b['quantity'] for b in usual['basket']}
        self.assertTrue(expected, usual)
        self.call('DELETE', '/api/cart', key=self.shopper)
        cart = self.call('POST', '/api/cart/usual', key=self.shopper)
        self.assertEqual({i['product_id']: i['quantity'] for i in cart['items']}, expected)
        self.assertEqual(len(cart['added']), len(expected))
        # Again: already there, nothing doubles.
        cart = self.call('POST', '/api/cart/usual', {}, key=self.shopper)
        self.assertEqual(cart['added'], [])
        self.assertEqual({i['product_id']: i['quantity'] for i in cart['items']}, expected)
        # A budget bounds what is added.
        self.call('DELETE', '/api/cart', key=self.shopper)
        cart = self.call('POST', '/api/cart/usual', {'budget': 5}, key=self.shopper)
        self.assertLessEqual(cart['subtotal'], 5)
        self.assertTrue(cart['left_out_for_budget'], cart)  # the budget did bind
        self.call('POST', '/api/cart/usual', {'budget': -1}, key=self.shopper, expect=400)
        self.call('POST', '/api/cart/usual', {'dietary_restrictions': ['no-such-diet']},
                  key=self.shopper, expect=400)
        self.call('DELETE', '/api/cart', key=self.shopper)

    def test_a_checkout_reaches_purchase_intelligence_at_once(self):
        (a, _, _), = self.products(1)
        user = 'CART-NEWCOMER'
        self.assertEqual(self.call('GET', f'/api/users/{user}/next-basket?k=50')['items'][0]['source'],
                         'explore')
        self.call('POST', f'/api/cart/items?user_id={user}', {'product_id': a, 'quantity': 3})
        self.call('POST', f'/api/cart/checkout?user_id={user}', expect=201)
        items = self.call('GET', f'/api/users/{user}/next-basket?k=50')['items']
        mine = [i for i in items if i['product_id'] == a]
        self.assertEqual(len(mine), 1, items)
        self.assertEqual(mine[0]['source'], 'repeat')
        self.assertEqual(mine[0]['quantity'], 3)

    def test_carts_survive_kill_9(self):
        (a, _, _), = self.products(1)
        self.call('POST', '/api/cart/items?user_id=CART-DURABLE', {'product_id': a, 'quantity': 4})
        self.server.stop(sig=signal.SIGKILL)
        type(self).server = Server(self.data, config=self.server_config)
        cart = self.call('GET', '/api/cart?user_id=CART-DURABLE')
        self.assertEqual([(i['product_id'], i['quantity']) for i in cart['items']], [(a, 4)])


if __name__ == '__main__':
    unittest.main()
