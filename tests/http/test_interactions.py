"""Black-box tests of POST /api/interactions/track: durable acknowledgement,
validation, unknown products, users created on first use, batches, roles,
and survival of acknowledged events across kill -9."""
import os
import signal
import sqlite3
import threading
import unittest

from harness import Server, TempDataDir, create_key

EVENT_TYPES = ['search', 'click_product', 'add_to_cart', 'remove_from_cart', 'purchase',
               'displayed_but_scrolled', 'rate']
TRACK = '/api/interactions/track'


def db_rows(data, sql, args=()):
    """Reads the server's database through a separate read-only connection."""
    path = os.path.join(data, 'leafloaf.db')
    conn = sqlite3.connect(f'file:{path}?mode=ro', uri=True, timeout=10)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def add_products(server, key, ids):
    products = [{'product_id': pid, 'name': f'Oat Milk {pid}', 'brand': 'Oatly',
                 'category': 'Dairy > Milk', 'price': 3.5} for pid in ids]
    status, body = server.request('POST', '/api/products', products, key=key)
    assert status == 201, body


class TrackApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDataDir()
        cls.data = cls.tmp.__enter__()
        cls.admin = create_key(cls.data, 'shop1', 'admin')
        cls.merchant = create_key(cls.data, 'shop1', 'merchant')
        cls.shopper = create_key(cls.data, 'shop1', 'shopper', 'U1')
        cls.unbound_shopper = create_key(cls.data, 'shop1', 'shopper')
        cls.other_shop = create_key(cls.data, 'shop2', 'admin')
        cls.server = Server(cls.data)
        add_products(cls.server, cls.admin, ['P1', 'P2', 'P3'])

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.__exit__(None, None, None)

    def track(self, body, key=None):
        return self.server.request('POST', TRACK, body, key=key or self.admin)

    def rows(self, sql, args=()):
        """The database's rows once every acknowledged event is ingested."""
        self.server.wait_events_ingested()
        return db_rows(self.data, sql, args)

    def event_count(self):
        return self.rows("SELECT COUNT(*) FROM events WHERE shop_id = 'shop1'")[0][0]

    def assertJsonError(self, status, body, want_status, want_code):
        self.assertEqual(status, want_status, body)
        self.assertEqual(body['error']['code'], want_code, body)
        self.assertIsInstance(body['error']['message'], str)

    def test_event_is_acknowledged_and_stored(self):
        status, body = self.track({'event_type': 'add_to_cart', 'user_id': 'U9', 'product_id': 'P2',
                                   'session_id': 'sess-1', 'quantity': 2, 'position': 4,
                                   'query': 'oat milk', 'context': {'page': 'search'}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body['status'], 'tracked')
        self.assertIsInstance(body['event_id'], int)
        self.assertIsInstance(body['response_time_ms'], (int, float))
        self.assertGreaterEqual(body['response_time_ms'], 0)
        # Acknowledged means durable in the event journal; the row follows
        # within journal_ingest_interval_ms.
        rows = self.rows('SELECT shop_id, type, user_external_id, product_external_id, '
                       'session_id, quantity, position, query, context FROM events WHERE id = ?',
                       (body['event_id'],))
        self.assertEqual(rows, [('shop1', 'add_to_cart', 'U9', 'P2', 'sess-1', 2.0, 4, 'oat milk',
                                 '{"page":"search"}')])

    def test_every_event_type_is_accepted(self):
        for event_type in EVENT_TYPES:
            event = {'event_type': event_type, 'user_id': 'U2', 'product_id': 'P1'}
            if event_type == 'search':
                event = {'event_type': 'search', 'user_id': 'U2', 'query': 'milk'}
            if event_type == 'rate':
                event['rating'] = 4
            status, body = self.track(event)
            self.assertEqual(status, 200, (event_type, body))
            stored = self.rows('SELECT type, strength FROM events WHERE id = ?',
                             (body['event_id'],))
            self.assertEqual(stored[0][0], event_type)
            if event_type == 'rate':
                self.assertEqual(stored[0][1], 4.0)

    def test_bad_bodies_get_400_and_write_nothing(self):
        before = self.event_count()
        cases = [
            ('{"event_type": "hover", "user_id": "U1", "product_id": "P1"}', 'event_type'),
            ('{"event_type": "click_product", "user_id": "U1"', 'JSON'),
            ('{"user_id": "U1", "product_id": "P1"}', 'event_type'),
            ('{"event_type": "click_product", "product_id": "P1"}', 'user_id'),
            ('{"event_type": "click_product", "user_id": "U1"}', 'product_id'),
            ('{"event_type": "rate", "user_id": "U1", "product_id": "P1", "rating": 9}', 'rating'),
            ('{"event_type": "add_to_cart", "user_id": "U1", "product_id": "P1", "quantity": -1}',
             'quantity'),
            ('"click_product"', 'object'),
            ('[]', 'no events'),
            ('', 'body'),
        ]
        for raw, word in cases:
            status, body = self.server.request('POST', TRACK, raw=raw, key=self.admin,
                                               headers={'Content-Type': 'application/json'})
            self.assertJsonError(status, body, 400, 'invalid_argument')
            self.assertIn(word, body['error']['message'], raw)
        self.assertEqual(self.event_count(), before)

    def test_unknown_product_gets_404_and_creates_no_user(self):
        before = self.event_count()
        status, body = self.track({'event_type': 'click_product', 'user_id': 'ghost-user',
                                   'product_id': 'NOPE'})
        self.assertJsonError(status, body, 404, 'not_found')
        self.assertIn("'NOPE'", body['error']['message'])
        self.assertEqual(self.event_count(), before)
        self.assertEqual(self.rows("SELECT COUNT(*) FROM users WHERE external_id = "
                                 "'ghost-user'")[0][0], 0)

    def test_unseen_user_is_created_on_first_use(self):
        users = "SELECT COUNT(*) FROM users WHERE shop_id = 'shop1' AND external_id = 'newbie-7'"
        self.assertEqual(self.rows(users)[0][0], 0)
        status, body = self.track({'event_type': 'search', 'user_id': 'newbie-7', 'query': 'milk'})
        self.assertEqual(status, 200, body)
        self.assertEqual(self.rows(users)[0][0], 1)
        status, _ = self.track({'event_type': 'purchase', 'user_id': 'newbie-7', 'product_id': 'P3'})
        self.assertEqual(status, 200)
        self.assertEqual(self.rows(users)[0][0], 1)

    def test_batch_is_all_or_nothing(self):
        batch = [{'event_type': 'click_product', 'user_id': 'B1', 'product_id': 'P1'},
                 {'event_type': 'add_to_cart', 'user_id': 'B1', 'product_id': 'P2', 'quantity': 3},
                 {'event_type': 'search', 'user_id': 'B2', 'query': 'bread'}]
        status, body = self.track(batch)
        self.assertEqual(status, 200, body)
        self.assertEqual(body['status'], 'tracked')
        self.assertEqual(body['count'], 3)
        ids = [r['event_id'] for r in body['results']]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(set(ids)), 3)
        self.assertTrue(all(r['status'] == 'tracked' for r in body['results']))
        rows = self.rows(f'SELECT type, user_external_id FROM events WHERE id IN '
                       f'({",".join("?" * 3)}) ORDER BY id', ids)
        self.assertEqual(rows, [('click_product', 'B1'), ('add_to_cart', 'B1'), ('search', 'B2')])

        before = self.event_count()
        bad_product = batch[:2] + [{'event_type': 'click_product', 'user_id': 'B3',
                                    'product_id': 'MISSING'}]
        status, body = self.track(bad_product)
        self.assertJsonError(status, body, 404, 'not_found')
        self.assertIn('event 2', body['error']['message'])
        bad_field = [batch[0], {'event_type': 'teleport', 'user_id': 'B1'}]
        status, body = self.track(bad_field)
        self.assertJsonError(status, body, 400, 'invalid_argument')
        self.assertIn('event 1', body['error']['message'])
        self.assertEqual(self.event_count(), before)
        self.assertEqual(self.rows("SELECT COUNT(*) FROM users WHERE external_id = 'B3'"),
                         [(0,)])

    def test_batch_size_is_capped(self):
        event = {'event_type': 'click_product', 'user_id': 'C1', 'product_id': 'P1'}
        before = self.event_count()
        status, body = self.track([event] * 1001)
        self.assertJsonError(status, body, 413, 'payload_too_large')
        self.assertEqual(self.event_count(), before)
        status, body = self.track([event] * 1000)
        self.assertEqual(status, 200, body)
        self.assertEqual(body['count'], 1000)
        self.assertEqual(self.event_count(), before + 1000)

    def test_shopper_keys_track_their_own_user(self):
        status, body = self.track({'event_type': 'click_product', 'product_id': 'P1'},
                                  key=self.shopper)
        self.assertEqual(status, 200, body)
        self.assertEqual(self.rows('SELECT user_external_id FROM events WHERE id = ?',
                                 (body['event_id'],)), [('U1',)])
        status, body = self.track({'event_type': 'click_product', 'user_id': 'U1',
                                   'product_id': 'P1'}, key=self.shopper)
        self.assertEqual(status, 200, body)
        status, body = self.track({'event_type': 'click_product', 'user_id': 'U2',
                                   'product_id': 'P1'}, key=self.shopper)
        self.assertJsonError(status, body, 403, 'permission_denied')
        # A shopper key without a user names the user, like staff keys.
        status, body = self.track({'event_type': 'click_product', 'product_id': 'P1'},
                                  key=self.unbound_shopper)
        self.assertJsonError(status, body, 400, 'invalid_argument')
        status, body = self.track({'event_type': 'click_product', 'user_id': 'U5',
                                   'product_id': 'P1'}, key=self.unbound_shopper)
        self.assertEqual(status, 200, body)
        status, body = self.track({'event_type': 'click_product', 'user_id': 'U5',
                                   'product_id': 'P1'}, key=self.merchant)
        self.assertEqual(status, 200, body)

    def test_shop_comes_from_the_key(self):
        status, body = self.track({'event_type': 'click_product', 'user_id': 'U1',
                                   'product_id': 'P1'}, key=self.other_shop)
        self.assertJsonError(status, body, 404, 'not_found')
        status, body = self.track({'event_type': 'search', 'user_id': 'U1', 'query': 'x'},
                                  key=self.other_shop)
        self.assertEqual(status, 200, body)
        self.assertEqual(self.rows('SELECT shop_id FROM events WHERE id = ?',
                                 (body['event_id'],)), [('shop2',)])

    def test_credential_is_required(self):
        status, body = self.server.request('POST', TRACK, {'event_type': 'search', 'user_id': 'U1',
                                                           'query': 'x'})
        self.assertJsonError(status, body, 401, 'unauthenticated')

    def test_openapi_documents_the_route(self):
        status, doc = self.server.request('GET', '/openapi.json')
        self.assertEqual(status, 200)
        op = doc['paths'][TRACK]['post']
        self.assertEqual(sorted(op['x-roles']), ['admin', 'merchant', 'shopper'])
        schema = op['requestBody']['content']['application/json']['schema']['oneOf'][0]
        self.assertEqual(schema['properties']['event_type']['enum'], EVENT_TYPES)
        for code in ('200', '400', '404', '413'):
            self.assertIn(code, op['responses'])


class TrackDurabilityTest(unittest.TestCase):
    def test_acknowledged_events_survive_kill_9(self):
        with TempDataDir() as data:
            admin = create_key(data, 'shop1', 'admin')
            server = Server(data)
            add_products(server, admin, ['P1', 'P2'])
            acked, lock = [], threading.Lock()

            def client(n):
                for i in range(40):
                    status, body = server.request(
                        'POST', TRACK, {'event_type': 'click_product', 'user_id': f'K{n}',
                                        'product_id': 'P1' if i % 2 else 'P2'}, key=admin)
                    self.assertEqual(status, 200, body)
                    with lock:
                        acked.append(body['event_id'])

            threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            status, body = server.request('POST', TRACK, [
                {'event_type': 'purchase', 'user_id': 'K-last', 'product_id': 'P2'}] * 5, key=admin)
            self.assertEqual(status, 200, body)
            acked += [r['event_id'] for r in body['results']]
            # No graceful shutdown: the store gets no chance to flush, ingest
            # its event journal or checkpoint.
            self.assertEqual(server.stop(sig=signal.SIGKILL), -signal.SIGKILL)

            # The restarted server ingests what the journal holds, and keeps
            # appending after the survivors.
            server = Server(data)
            try:
                server.wait_events_ingested()
                stored = {row[0] for row in db_rows(data, 'SELECT id FROM events')}
                self.assertEqual(len(acked), 165)
                self.assertEqual(set(acked) - stored, set())
                self.assertEqual(
                    db_rows(data, "SELECT COUNT(*) FROM users WHERE external_id LIKE 'K%'"), [(5,)])
                status, body = server.request('POST', TRACK, {'event_type': 'search',
                                                              'user_id': 'K0', 'query': 'milk'},
                                              key=admin)
                self.assertEqual(status, 200, body)
                self.assertGreater(body['event_id'], max(acked))
            finally:
                server.stop()


if __name__ == '__main__':
    unittest.main()
