import { vi } from 'vitest';
import { Api } from './api';

export interface Call {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: Call) => unknown | { status: number; body: unknown };

// An Api over a fake fetch: `routes` maps "METHOD /path" (no query) to a
// handler; its return value is the JSON answer (200), or {status, body}.
export function fakeApi(routes: Record<string, Handler>, userId = 'U0001') {
  const calls: Call[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const call: Call = {
      method,
      url,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const handler = routes[`${method} ${url.split('?')[0]}`];
    if (!handler) return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no route' } }), { status: 404 });
    const out = handler(call) as { status?: number; body?: unknown };
    if (out && typeof out === 'object' && 'status' in out && typeof out.status === 'number' && 'body' in out) {
      return new Response(JSON.stringify(out.body), { status: out.status });
    }
    return new Response(JSON.stringify(out), { status: 200 });
  });
  return { api: new Api('ll_test', userId, fetchFn as unknown as typeof fetch), calls, fetchFn };
}

export const emptyCart = { user_id: 'U0001', items: [], item_count: 0, total_quantity: 0, subtotal: 0 };
