"""Black-box tests of hybrid (text + vector) search over HTTP on the demo shop."""
import hashlib
import http.server
import json
import os
import threading
import unittest
import urllib.parse

from harness import DemoShopTest, Server, TempDataDir, copy_demo_shop, create_key, run


class HybridSearchTest(DemoShopTest):
    @classmethod
    def prepare(cls):
        # A quick model: enough to check the plumbing, not the quality.
        out = run('train', 'embeddings', '--data', cls.data, '--shop', 'demo', '--epochs', '2',
                  '--max-baskets', '3000').stdout
        assert 'trained 64-dimension embeddings' in out, out
        cls.key = cls.shopper

    def search(self, key=None, **params):
        path = '/api/search?' + urllib.parse.urlencode(params)
        return self.server.request('GET', path, key=key or self.key)

    def test_hybrid_is_on_by_default_with_a_trained_model(self):
        status, body = self.search(q='plant based milk')
        self.assertEqual(status, 200, body)
        self.assertTrue(body['hybrid_applied'])
        self.assertTrue(body['results'])
        for r in body['results']:
            self.assertIn('vector_similarity', r)
            self.assertLessEqual(r['vector_similarity'], 1.0001)

    def test_hybrid_off_is_text_ranking(self):
        status, text = self.search(q='plant based milk', hybrid='off')
        self.assertEqual(status, 200, text)
        self.assertFalse(text['hybrid_applied'])
        self.assertNotIn('vector_similarity', text['results'][0])

    def test_vectors_alone_still_answer_in_the_shop(self):
        status, body = self.search(q='plant based milk', vector_weight='1', limit=20)
        self.assertEqual(status, 200, body)
        sims = [r['vector_similarity'] for r in body['results']]
        self.assertEqual(sims, sorted(sims, reverse=True))

    def test_bad_hybrid_parameters_are_400(self):
        for params in ({'hybrid': 'fancy'}, {'vector_weight': '2'}, {'vector_weight': 'x'}):
            status, body = self.search(q='milk', **params)
            self.assertEqual(status, 400, (params, body))
            self.assertIn('error', body)

    def test_personalized_endpoint_takes_hybrid_options(self):
        status, body = self.server.request('POST', '/api/search/personalized', key=self.key,
                                           body={'query': 'plant based milk', 'user_id': 'U0001',
                                                 'hybrid': 'relative', 'vector_weight': 0.5})
        self.assertEqual(status, 200, body)
        self.assertTrue(body['hybrid_applied'])
        status, body = self.server.request('POST', '/api/search/personalized', key=self.key,
                                           body={'query': 'oat milk', 'hybrid': 7})
        self.assertEqual(status, 400, body)

    def test_other_shops_get_no_demo_vectors(self):
        status, body = self.search(key=self.other, q='plant based milk')
        self.assertEqual(status, 200, body)
        self.assertEqual(body['results'], [])
        self.assertFalse(body['hybrid_applied'])


class FakeEmbeddings(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/embeddings: a vector per text from its words' hashes."""
    requests = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        FakeEmbeddings.requests.append((self.path, self.headers.get('Authorization'), body))
        data = []
        for i, text in enumerate(body['input']):
            v = [0.0] * 8
            for word in text.lower().split():
                h = hashlib.sha256(word.encode()).digest()
                v[h[0] % 8] += 1.0
            data.append({'index': i, 'embedding': v})
        out = json.dumps({'data': data, 'model': body['model']}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


class OpenAiEmbeddingsTest(unittest.TestCase):
    def test_server_embeds_products_and_queries_through_the_endpoint(self):
        fake = http.server.ThreadingHTTPServer(('127.0.0.1', 0), FakeEmbeddings)
        threading.Thread(target=fake.serve_forever, daemon=True).start()
        os.environ['LEAFLOAF_TEST_EMBEDDINGS_KEY'] = 'sk-test'
        try:
            with TempDataDir() as data:
                copy_demo_shop(data)
                key = create_key(data, 'demo', 'shopper', 'U0001')
                config = ('search:\n  embeddings:\n    provider: openai\n'
                          f'    base_url: http://127.0.0.1:{fake.server_port}/v1\n'
                          '    model: fake-embed\n    api_key_env: LEAFLOAF_TEST_EMBEDDINGS_KEY\n')
                server = Server(data, config=config)
                try:
                    status, body = server.request('GET', '/api/search?q=plant+based+milk', key=key)
                finally:
                    server.stop()
                self.assertEqual(status, 200, body)
                self.assertTrue(body['hybrid_applied'])
                self.assertIn('vector_similarity', body['results'][0])
        finally:
            fake.shutdown()
        paths = {p for p, _, _ in FakeEmbeddings.requests}
        self.assertEqual(paths, {'/v1/embeddings'})
        self.assertTrue(all(a == 'Bearer sk-test' for _, a, _ in FakeEmbeddings.requests))
        texts = [t for _, _, b in FakeEmbeddings.requests for t in b['input']]
        self.assertGreaterEqual(len(texts), 5000)  # every product, then the query
        self.assertEqual(texts[-1], 'plant based milk')


if __name__ == '__main__':
    unittest.main()
