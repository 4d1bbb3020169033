"""Black-box test of `leafloaf train ranker` on the demo shop, and the server reading its model."""
import json
import os
import unittest

from harness import Server, TempDataDir, copy_demo_shop, create_key, run


class TrainRankerTest(unittest.TestCase):
    def test_trains_a_model_the_server_loads(self):
        with TempDataDir() as data:
            copy_demo_shop(data)
            out = os.path.join(data, 'ranker.json')
            p = run('train', 'ranker', '--data', data, '--shop', 'demo', '--out', out,
                    '--max-users', '300')
            self.assertIn('NDCG@10 on the training queries', p.stdout)
            self.assertIn('wrote ' + out, p.stdout)
            with open(out) as f:
                model = json.load(f)
            self.assertEqual(model['format'], 'leafloaf.linear_ranker')
            self.assertEqual(model['version'], 1)
            self.assertEqual(model['training']['shop'], 'demo')
            weights = model['weights']
            self.assertIn('frequency', weights)
            self.assertTrue(all(isinstance(v, (int, float)) for v in weights.values()))
            self.assertNotEqual(weights, {})

            # The server reads it through the personalization YAML's ranker.model.
            yaml_path = os.path.join(data, 'personalization.yaml')
            with open(yaml_path, 'w') as f:
                f.write(f'ranker:\n  model: {out}\n')
            key = create_key(data, 'demo', 'shopper', 'U0001')
            server = Server(data, config=f'personalization:\n  config: {yaml_path}\n')
            try:
                status, found = server.request('GET', '/api/search?q=oat+milk', key=key)
                self.assertEqual(status, 200, found)
                status, body = server.request('POST', '/api/interactions/track', key=key, body={
                    'event_type': 'click_product', 'user_id': 'U0001',
                    'product_id': found['results'][0]['product_id']})
                self.assertEqual(status, 200, body)
                status, body = server.request('POST', '/api/search/personalized', key=key,
                                              body={'query': 'milk', 'user_id': 'U0001'})
            finally:
                server.stop()
            self.assertEqual(status, 200, body)
            self.assertTrue(body['personalization_applied'])

    def test_unknown_shop_is_an_error(self):
        with TempDataDir() as data:
            copy_demo_shop(data)
            p = run('train', 'ranker', '--data', data, '--shop', 'nope', check=False)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn('error', p.stderr)


if __name__ == '__main__':
    unittest.main()
