"""Black-box tests of the conversation (/graph/invoke, /webhooks/elevenlabs) on the demo shop."""
import hashlib
import hmac
import http.server
import json
import os
import sqlite3
import threading
import time
import unittest

from harness import DemoShopTest


class Conversation:
    """A client keeping its session id between turns."""

    def __init__(self, test, user, key=None):
        self.test, self.user, self.key, self.session = test, user, key, None

    def say(self, query, expect=200, headers=None):
        body = {'user_id': self.user, 'query': query}
        if self.session:
            body['session_id'] = self.session
        status, reply = self.test.server.request('POST', '/graph/invoke', body=body,
                                                 key=self.key or self.test.admin, headers=headers)
        self.test.assertEqual(status, expect, reply)
        if status == 200:
            self.session = reply['session_id']
        return reply


def lines(reply):
    return {i['product_id']: i['quantity'] for i in (reply['cart'] or {}).get('items', [])}


class ConversationTest(DemoShopTest):
    def db(self, sql, *args):
        db = sqlite3.connect(f'file:{self.data}/leafloaf.db?mode=ro', uri=True)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def product(self, product_id):
        status, body = self.server.request('GET', f'/api/products/{product_id}', key=self.admin)
        self.assertEqual(status, 200, body)
        return body

    def test_reply_shape(self):
        reply = Conversation(self, 'TALK-SHAPE').say('organic milk')
        for field in ['session_id', 'intent', 'confidence', 'message', 'products', 'cart', 'suggestions',
                      'personalization', 'timings_ms', 'entities', 'needs_clarification']:
            self.assertIn(field, reply)
        self.assertEqual(reply['intent'], 'search')
        self.assertTrue(reply['products'])
        self.assertEqual(set(reply['suggestions']), {'usual', 'reorder', 'complements'})
        self.assertEqual(set(reply['timings_ms']), {'supervisor', 'search', 'personalization', 'compile', 'total'})
        self.assertGreaterEqual(reply['timings_ms']['total'], reply['timings_ms']['supervisor'])
        self.assertIn('applied', reply['personalization'])

    def test_multi_turn_cart(self):
        talk = Conversation(self, 'TALK-CART')
        reply = talk.say('add 2 organic milk')
        self.assertEqual(reply['intent'], 'add_to_cart')
        milk = [p for p in lines(reply) if 'milk' in self.product(p)['name'].lower()]
        self.assertEqual(len(milk), 1, reply)
        self.assertEqual(lines(reply)[milk[0]], 2)
        self.assertIn('organic', self.product(milk[0])['dietary_tags'])
        self.assertEqual(lines(talk.say('actually make it 3'))[milk[0]], 3)
        reply = talk.say('add a dozen eggs')
        eggs = [p for p in lines(reply) if 'egg' in self.product(p)['name'].lower()]
        self.assertEqual(len(eggs), 1, reply)
        # A dozen eggs is one carton of 12, not twelve cartons.
        carton = self.product(eggs[0])
        self.assertEqual((carton['size'], carton['unit']), (12, 'ct'))
        self.assertEqual(lines(reply)[eggs[0]], 1)
        reply = talk.say('remove the milk')
        self.assertEqual(reply['intent'], 'remove_from_cart')
        self.assertNotIn(milk[0], lines(reply))
        self.assertIn(eggs[0], lines(reply))
        reply = talk.say("what's in my cart")
        self.assertEqual(reply['intent'], 'show_cart')
        self.assertEqual([p['product_id'] for p in reply['products']], [eggs[0]])
        # The cart is the store's: the REST endpoint shows the same.
        status, cart = self.server.request('GET', '/api/cart?user_id=TALK-CART', key=self.admin)
        self.assertEqual({i['product_id']: i['quantity'] for i in cart['items']}, lines(reply))
        reply = talk.say('empty my cart')
        self.assertEqual(reply['intent'], 'clear_cart')
        self.assertEqual(lines(reply), {})

    def test_references_to_earlier_results(self):
        talk = Conversation(self, 'TALK-REFS')
        shown = talk.say('organic milk')['products']
        self.assertGreaterEqual(len(shown), 2)
        reply = talk.say('add the second one')
        self.assertEqual(reply['intent'], 'add_to_cart')
        self.assertEqual(lines(reply), {shown[1]['product_id']: 1})
        reply = talk.say('is it gluten free')
        self.assertEqual(reply['intent'], 'product_question')
        self.assertEqual(reply['products'][0]['product_id'], shown[1]['product_id'])
        expected = 'Yes' if 'gluten-free' in shown[1]['dietary_tags'] else 'No'
        self.assertTrue(reply['message'].startswith(expected), reply['message'])

    def test_checkout_through_the_conversation_is_idempotent(self):
        talk = Conversation(self, 'TALK-BUY')
        talk.say('add 2 bananas')
        headers = {'Idempotency-Key': 'talk-buy-1'}
        first = talk.say('checkout', headers=headers)
        self.assertEqual(first['intent'], 'checkout')
        order = first['order']
        self.assertTrue(order['order_id'])
        self.assertEqual(lines(first), {})
        again = talk.say('place my order', headers=headers)
        self.assertEqual(again['intent'], 'checkout')
        self.assertEqual(again['order']['order_id'], order['order_id'])
        self.assertTrue(again['order']['replayed'])
        count = self.db("SELECT COUNT(*) FROM orders o JOIN users u ON u.id = o.user_id "
                        "WHERE o.shop_id = 'demo' AND u.external_id = 'TALK-BUY'")[0][0]
        self.assertEqual(count, 1)
        # Nothing left to buy: a clear answer, not an error.
        reply = talk.say('checkout')
        self.assertIn('empty', reply['message'])
        self.assertNotIn('order', reply)

    def test_usual_reorder_and_complements(self):
        talk = Conversation(self, 'U0001')
        talk.say('empty my cart')
        status, usual = self.server.request('GET', '/api/users/U0001/usual', key=self.admin)
        expected = {b['product_id']: b['quantity'] for b in usual['basket']}
        reply = talk.say('add my usual items')
        self.assertEqual(reply['intent'], 'add_usual')
        self.assertEqual(lines(reply), expected)
        self.assertEqual({p['product_id'] for p in reply['suggestions']['usual']}, set(expected))
        reply = talk.say('what am I running low on')
        self.assertEqual(reply['intent'], 'reorder_due')
        status, due = self.server.request('GET', '/api/users/U0001/reorder?k=20', key=self.admin)
        self.assertTrue(reply['products'], reply)
        # The same reminders as the REST endpoint (in-stock ones, in its order).
        due_ids = [i['product_id'] for i in due['items']]
        shown = [p['product_id'] for p in reply['products']]
        self.assertTrue(set(shown) <= set(due_ids), (shown, due_ids))
        self.assertEqual(shown, sorted(shown, key=due_ids.index))
        reply = talk.say('what goes with spaghetti')
        self.assertEqual(reply['intent'], 'complements')
        self.assertTrue(reply['products'], reply)
        talk.say('empty my cart')

    def test_declared_diet_filters_what_is_suggested(self):
        talk = Conversation(self, 'TALK-VEGAN')
        reply = talk.say("I'm vegan")
        self.assertEqual(reply['intent'], 'set_dietary')
        self.assertEqual(reply['entities']['dietary'], ['vegan'])
        reply = talk.say('find yogurt')
        self.assertTrue(reply['products'])
        for p in reply['products'] + reply['suggestions']['complements']:
            self.assertIn('vegan', p['dietary_tags'], p)
        # Another session of the same user does not carry it.
        other = Conversation(self, 'TALK-VEGAN').say('find yogurt')
        self.assertFalse(all('vegan' in p['dietary_tags'] for p in other['products']))

    def test_unclear_requests_ask_and_change_nothing(self):
        talk = Conversation(self, 'TALK-UNCLEAR')
        talk.say('add 1 bananas')
        before = lines(talk.say("what's in my cart"))
        for query in ['blorp zzk qwv', '???', 'tell me a joke']:
            reply = talk.say(query)
            self.assertTrue(reply['needs_clarification'], reply)
            self.assertTrue(reply['message'])
        self.assertEqual(lines(talk.say("what's in my cart")), before)

    def test_bad_requests_and_isolation(self):
        for body in [{}, {'user_id': 'X'}, {'user_id': 'X', 'query': ''}, {'user_id': 'X', 'query': ['milk']},
                     {'user_id': 'X', 'query': 'x' * 2000}, {'query': 'milk'}, [1]]:
            status, reply = self.server.request('POST', '/graph/invoke', body=body, key=self.admin)
            self.assertEqual(status, 400, (body, reply))
        status, _ = self.server.request('POST', '/graph/invoke', raw='{', key=self.admin)
        self.assertEqual(status, 400)
        status, _ = self.server.request('POST', '/graph/invoke', body={'user_id': 'X', 'query': 'milk'})
        self.assertEqual(status, 401)
        # A shopper key talks as its own user only.
        reply = Conversation(self, 'U0001', key=self.shopper).say('organic milk')
        self.assertEqual(reply['intent'], 'search')
        Conversation(self, 'U0002', key=self.shopper).say('organic milk', expect=403)
        # Another shop's key never reaches this shop's session or cart.
        mine = Conversation(self, 'TALK-ISO')
        mine.say('add 2 organic milk')
        theirs = Conversation(self, 'TALK-ISO', key=self.other)
        theirs.session = mine.session
        reply = theirs.say("what's in my cart")
        self.assertEqual(lines(reply), {})
        # (The id may be the same string: sessions are per shop, and theirs is empty.)
        reply = theirs.say('add the first one')
        self.assertEqual(lines(reply), {}, reply)
        self.assertEqual(reply['products'], [])  # nothing was shown in their session
        self.assertIn('not sure which product', reply['message'])
        # Another user of the same shop cannot take over the session either.
        thief = Conversation(self, 'TALK-THIEF')
        thief.session = mine.session
        self.assertNotEqual(thief.say('add the first one')['session_id'], mine.session)


SECRET = 'test-voice-secret'


def sign(body, secret=SECRET, at=None):
    at = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f'{at}.'.encode() + body, hashlib.sha256).hexdigest()
    return f't={at},v0={mac}'


class FakeLlm(http.server.BaseHTTPRequestHandler):
    answer = 'help'
    calls = 0

    def do_POST(self):
        FakeLlm.calls += 1
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        assert body['messages'][1]['role'] == 'user'
        out = json.dumps({'choices': [{'message': {'role': 'assistant', 'content': FakeLlm.answer}}]}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


class VoiceAndLlmTest(DemoShopTest):
    @classmethod
    def prepare(cls):
        os.environ['LEAFLOAF_TEST_VOICE_SECRET'] = SECRET
        cls.llm = http.server.ThreadingHTTPServer(('127.0.0.1', 0), FakeLlm)
        threading.Thread(target=cls.llm.serve_forever, daemon=True).start()
        cls.server_config = (
            'conversation:\n'
            '  elevenlabs:\n    shop: demo\n    secret_env: LEAFLOAF_TEST_VOICE_SECRET\n'
            f'  llm:\n    base_url: http://127.0.0.1:{cls.llm.server_address[1]}/v1\n'
            '    model: fake\n    timeout_ms: 2000\n')

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.llm.shutdown()

    def voice(self, payload, signature=None):
        raw = json.dumps(payload).encode()
        headers = {'Content-Type': 'application/json',
                   'ElevenLabs-Signature': signature if signature is not None else sign(raw)}
        return self.server.request('POST', '/webhooks/elevenlabs', raw=raw, headers=headers)

    def test_signed_transcripts_are_answered(self):
        status, reply = self.voice({'transcript': 'add 2 organic milk', 'user_id': 'VOICE-1'})
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply['intent'], 'add_to_cart')
        self.assertTrue(reply['text'].startswith('Added 2'), reply['text'])
        status, reply = self.voice({'transcript': "what's in my cart", 'user_id': 'VOICE-1',
                                    'session_id': reply['session_id']})
        self.assertEqual(status, 200, reply)
        self.assertEqual(len(reply['cart']['items']), 1)

    def test_a_replayed_delivery_gets_its_first_reply_and_acts_once(self):
        raw = json.dumps({'transcript': 'add 2 organic milk', 'user_id': 'VOICE-3'}).encode()
        headers = {'Content-Type': 'application/json', 'ElevenLabs-Signature': sign(raw)}
        status, first = self.server.request('POST', '/webhooks/elevenlabs', raw=raw, headers=headers)
        self.assertEqual(status, 200, first)
        status, again = self.server.request('POST', '/webhooks/elevenlabs', raw=raw, headers=headers)
        self.assertEqual(status, 200, again)
        self.assertEqual(again, first)
        status, cart = self.server.request('GET', '/api/cart?user_id=VOICE-3', key=self.admin)
        self.assertEqual([i['quantity'] for i in cart['items']], [2])

    def test_bad_signatures_get_401_and_change_nothing(self):
        payload = {'transcript': 'add 3 bananas', 'user_id': 'VOICE-2'}
        raw = json.dumps(payload).encode()
        for signature in ['', 'nonsense', sign(raw, secret='wrong'), sign(raw, at=int(time.time()) - 3600),
                          sign(raw + b' ')]:
            status, reply = self.voice(payload, signature=signature)
            self.assertEqual(status, 401, (signature, reply))
            self.assertEqual(reply['error']['code'], 'unauthenticated')
        status, cart = self.server.request('GET', '/api/cart?user_id=VOICE-2', key=self.admin)
        self.assertEqual(cart['items'], [])

    def test_llm_names_the_intent_the_rules_could_not(self):
        FakeLlm.answer = 'help'
        calls = FakeLlm.calls
        status, reply = self.server.request('POST', '/graph/invoke', key=self.admin,
                                            body={'user_id': 'LLM-1', 'query': 'blorp zzk qwv'})
        self.assertEqual(status, 200, reply)
        self.assertEqual(FakeLlm.calls, calls + 1)
        self.assertEqual(reply['answered_by'], 'llm')
        self.assertEqual(reply['intent'], 'help')
        self.assertFalse(reply['needs_clarification'])
        # A confident understanding never asks the LLM.
        status, reply = self.server.request('POST', '/graph/invoke', key=self.admin,
                                            body={'user_id': 'LLM-1', 'query': 'show me my cart'})
        self.assertEqual(reply['answered_by'], 'rules')
        self.assertEqual(FakeLlm.calls, calls + 1)
        # An answer that is not an intent is ignored: the shopper gets the clarifying question.
        FakeLlm.answer = 'I would love to help you with that!'
        status, reply = self.server.request('POST', '/graph/invoke', key=self.admin,
                                            body={'user_id': 'LLM-1', 'query': 'blorp zzk qwv'})
        self.assertEqual(reply['answered_by'], 'rules')
        self.assertTrue(reply['needs_clarification'])
        # An intent that would change the cart is never acted on, only asked about.
        FakeLlm.answer = 'checkout'
        status, reply = self.server.request('POST', '/graph/invoke', key=self.admin,
                                            body={'user_id': 'LLM-1', 'query': 'blorp zzk qwv'})
        self.assertEqual((reply['answered_by'], reply['intent']), ('llm', 'checkout'))
        self.assertTrue(reply['needs_clarification'])
        self.assertIn('place your order', reply['message'])
        self.assertNotIn('order', reply)
        FakeLlm.answer = 'help'


class VoiceNotConfiguredTest(DemoShopTest):
    def test_unconfigured_webhook_is_unavailable(self):
        raw = b'{"transcript": "hi", "user_id": "V"}'
        status, reply = self.server.request('POST', '/webhooks/elevenlabs', raw=raw,
                                            headers={'ElevenLabs-Signature': sign(raw)})
        self.assertEqual(status, 503, reply)


if __name__ == '__main__':
    unittest.main()
