"""Black-box tests of `leafloaf import` on the real datasets, then serving them."""
import os
import re
import unittest

from harness import Server, TempDataDir, create_key, run, shared_data_or_skip


class ImportCliTest(unittest.TestCase):
    def test_instacart_products_are_served_by_source_id(self):
        shared = shared_data_or_skip(self)
        with TempDataDir() as data:
            p = run('import', '--data', data, '--shop', 'ic', '--format', 'instacart',
                    os.path.join(shared, 'instacart_samples', 'random_orders_sample'))
            self.assertRegex(p.stdout, r'accepted \d+ rows, rejected \d+ rows')
            key = create_key(data, 'ic', 'merchant')
            server = Server(data)
            try:
                status, product = server.request('GET', '/api/products/1', key=key)
                self.assertEqual(status, 200, product)
                self.assertEqual(product['product_id'], '1')
                self.assertEqual(product['name'], 'Chocolate Sandwich Cookies')
            finally:
                server.stop()

    def test_bad_rows_are_reported_by_line_and_reimport_is_idempotent(self):
        shared = shared_data_or_skip(self)
        with TempDataDir() as data:
            src = os.path.join(shared, 'groceries_kaggle', 'Groceries_dataset.csv')
            with open(src) as f:
                lines = f.read().splitlines()
            bad = lines[:50] + ['1808,31-02-2015,whole milk', 'only-one-field'] + lines[50:100]
            path = os.path.join(data, 'g.csv')
            with open(path, 'w') as f:
                f.write('\n'.join(bad) + '\n')
            first = run('import', '--data', data, '--shop', 'g', '--format', 'groceries', path)
            self.assertRegex(first.stdout, r'g\.csv:51\b')
            self.assertRegex(first.stdout, r'g\.csv:52\b')
            m = re.search(r'accepted (\d+) rows, rejected (\d+) rows', first.stdout)
            self.assertEqual((int(m.group(1)), int(m.group(2))), (99, 2))
            second = run('import', '--data', data, '--shop', 'g', '--format', 'groceries', path)
            self.assertIn('accepted 99 rows, rejected 2 rows', second.stdout)

    def test_unknown_format_fails_with_a_message(self):
        with TempDataDir() as data:
            p = run('import', '--data', data, '--shop', 's', '--format', 'nope', data, check=False)
            self.assertNotEqual(p.returncode, 0)
            self.assertIn('format', (p.stderr + p.stdout).lower())


if __name__ == '__main__':
    unittest.main()
