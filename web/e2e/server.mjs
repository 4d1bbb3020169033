// Starts the real `leafloaf serve` on a fresh demo shop with the built web
// app, for the end-to-end tests.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(WEB, '..');

export function findBinary() {
  const candidates = [
    process.env.LEAFLOAF_BINARY,
    path.join(ROOT, 'build', 'leafloaf'),
    path.join(ROOT, 'build-helper', 'leafloaf'),
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startServer(binary) {
  const data = mkdtempSync(path.join(os.tmpdir(), 'leafloaf-e2e-'));
  const run = (...args) => execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('demo', '--data', data);
  const key = run('keys', 'create', '--data', data, '--shop', 'demo', '--role', 'shopper', '--user', 'U0001')
    .trim()
    .split(/\s+/)
    .at(-1);
  const port = await freePort();
  const proc = spawn(
    binary,
    ['serve', '--data', data, '--port', String(port), '--web-root', path.join(WEB, 'dist')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  proc.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null) throw new Error(`leafloaf serve exited ${proc.exitCode}: ${log.slice(-1000)}`);
    if (Date.now() > deadline) throw new Error('leafloaf serve did not answer /health in 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    key,
    data,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}
