import { useRef, useState } from 'react';
import { money, type Api, type Cart, type Order } from '../api';

export interface CartPageProps {
  api: Api;
  cart: Cart | null;
  onCart: (cart: Cart) => void;
  newKey?: () => string;
}

function randomKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `web-${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export function CartPage({ api, cart, onCart, newKey = randomKey }: CartPageProps) {
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // One key per checkout attempt: a retry after a lost answer returns the
  // same order instead of placing a second one.
  const idempotencyKey = useRef<string | null>(null);

  async function run(action: () => Promise<Cart>) {
    setError('');
    try {
      onCart(await action());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function checkout() {
    setBusy(true);
    setError('');
    idempotencyKey.current ??= newKey();
    try {
      const placed = await api.checkout(idempotencyKey.current);
      idempotencyKey.current = null;
      setOrder(placed);
      onCart(await api.cart());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="cart-heading" className="mx-auto max-w-3xl">
      <h2 id="cart-heading" className="text-xl font-bold">
        Your cart
      </h2>
      {order && (
        <div role="status" className="mt-3 rounded-lg border border-emerald-700 bg-emerald-50 p-3" data-testid="order-confirmation">
          <p className="font-semibold text-emerald-900">Order placed: {order.order_id}</p>
          <p className="text-sm text-stone-800">
            {order.item_count} items, total {money(order.total)}
            {order.replayed ? ' (already placed)' : ''}
          </p>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      )}
      {!cart || cart.items.length === 0 ? (
        <p className="mt-3 text-stone-700">Your cart is empty.</p>
      ) : (
        <>
          <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {cart.items.map((item) => (
              <li key={item.product_id} className="flex flex-wrap items-center gap-3 p-3" data-testid="cart-line">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{item.name}</p>
                  <p className="text-sm text-stone-600">
                    {money(item.price)} each
                    {item.in_stock === false && <span className="ml-2 font-semibold text-red-700">not enough stock</span>}
                  </p>
                </div>
                <label className="flex items-center gap-1 text-sm">
                  <span>Quantity</span>
                  <input
                    type="number"
                    min={0}
                    max={1000}
                    defaultValue={item.quantity}
                    key={`${item.product_id}-${item.quantity}`}
                    aria-label={`Quantity of ${item.name}`}
                    onBlur={(e) => {
                      const q = Number(e.target.value);
                      if (Number.isFinite(q) && q >= 0 && q !== item.quantity) void run(() => api.setQuantity(item.product_id, q));
                    }}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
                    }}
                    className="w-16 rounded border border-stone-400 px-2 py-1"
                  />
                </label>
                <span className="w-20 text-right font-semibold">{money(item.line_total)}</span>
                <button
                  type="button"
                  onClick={() => run(() => api.removeFromCart(item.product_id))}
                  className="rounded px-2 py-1 text-sm text-red-800 underline hover:bg-red-50"
                  aria-label={`Remove ${item.name}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
            <p className="text-lg">
              Subtotal: <strong data-testid="subtotal">{money(cart.subtotal)}</strong>
            </p>
            <div className="flex gap-2">
              <button
                type="button"
                onClick={() => run(() => api.clearCart())}
                className="rounded border border-stone-500 px-3 py-2 hover:bg-stone-100"
              >
                Empty cart
              </button>
              <button
                type="button"
                onClick={checkout}
                disabled={busy}
                className="rounded bg-emerald-700 px-4 py-2 font-semibold text-white hover:bg-emerald-800 disabled:bg-stone-400"
              >
                {busy ? 'Placing order…' : 'Check out'}
              </button>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
