"""Starts the real leafloaf binary on a free loopback port and talks HTTP to it."""
import atexit
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

BINARY = os.environ.get('LEAFLOAF_BINARY', os.path.join(os.path.dirname(__file__), '..', '..', 'build', 'leafloaf'))
SHARED = os.environ.get('LEAFLOAF_SHARED_DATA', os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data'))


def shared_data_or_skip(test):
    """The shared data dir; skips the test without it, fails under CI=true."""
    if os.path.isdir(SHARED):
        return SHARED
    if os.environ.get('CI') == 'true':
        test.fail('../shared/data is missing under CI')
    raise unittest.SkipTest('../shared/data not found; skipping')


def run(*args, check=True, timeout=600):
    p = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f'leafloaf {" ".join(args)} exited {p.returncode}: {p.stderr[-500:]}')
    return p


def create_key(data, shop, role, user=None):
    args = ['keys', 'create', '--data', data, '--shop', shop, '--role', role]
    if user:
        args += ['--user', user]
    return run(*args).stdout.strip().split()[-1]


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, data, config=None, warm_up=False):
        self.data = data
        self.port = free_port()
        args = [BINARY, 'serve', '--data', data, '--port', str(self.port)]
        if not warm_up:  # tests build what they use on first use; no background CPU
            args.append('--no-warm-up')
        if config:
            path = os.path.join(data, 'config.yaml')
            with open(path, 'w') as f:
                f.write(config)
            args += ['--config', path]
        self.log = open(os.path.join(data, 'server.log'), 'w')
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if self.request('GET', '/health')[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise AssertionError(f'server exited {self.proc.returncode}: {self.log_text()}')
            time.sleep(0.05)
        raise AssertionError('server did not answer /health in 20 s')

    def log_text(self):
        with open(os.path.join(self.data, 'server.log')) as f:
            return f.read()[-2000:]

    def request(self, method, path, body=None, key=None, headers=None, raw=None):
        h = dict(headers or {})
        if key:
            h['X-API-Key'] = key
        payload = raw if raw is not None else (json.dumps(body) if body is not None else None)
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        try:
            c.request(method, path, body=payload, headers=h)
            r = c.getresponse()
            data = r.read()
        finally:
            c.close()
        ctype = r.getheader('Content-Type', '')
        if 'json' in ctype:
            return r.status, json.loads(data)
        return r.status, data.decode('utf-8', 'replace')

    def wait_events_ingested(self, timeout=10):
        """Waits until every acknowledged tracking event is a row of the
        events table (the event journal's backlog is 0), for tests that read
        the database file directly."""
        deadline = time.time() + timeout
        while True:
            status, text = self.request('GET', '/metrics')
            assert status == 200, text
            for line in text.splitlines():
                if line.startswith('leafloaf_store_journal_backlog '):
                    if float(line.split()[1]) == 0:
                        return
            if time.time() > deadline:
                raise AssertionError('tracked events were not ingested in time')
            time.sleep(0.02)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


class TempDataDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix='leafloaf-bb-')
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


_demo_copy = None


def copy_demo_shop(data):
    """Puts the demo shop in `data`: generated once per test process, then copied."""
    global _demo_copy
    if _demo_copy is None:
        _demo_copy = tempfile.mkdtemp(prefix='leafloaf-bb-demo-')
        atexit.register(shutil.rmtree, _demo_copy, True)
        out = run('demo', '--data', _demo_copy).stdout
        assert 'products' in out, out
    shutil.copytree(_demo_copy, data, dirs_exist_ok=True)


class DemoShopTest(unittest.TestCase):
    """A test class with its own copy of the demo shop, keys and a server.

    Keys: admin and shopper (bound to U0001) of the demo shop, and other (an
    admin of another shop). Subclasses may set server_config (YAML) and
    override prepare() to change the data before the server starts.
    """
    server_config = None

    @classmethod
    def prepare(cls):
        pass

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDataDir()
        cls.data = cls.tmp.__enter__()
        copy_demo_shop(cls.data)
        cls.admin = create_key(cls.data, 'demo', 'admin')
        cls.shopper = create_key(cls.data, 'demo', 'shopper', 'U0001')
        cls.other = create_key(cls.data, 'other', 'admin')
        cls.prepare()
        cls.server = Server(cls.data, config=cls.server_config)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.__exit__(None, None, None)
