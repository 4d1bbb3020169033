import { useEffect, useState } from 'react';
import { money, type Api, type Cart, type Product, type ReorderItem, type Usual } from '../api';

export interface UsualPageProps {
  api: Api;
  onCart: (cart: Cart) => void;
  onAdd: (product: Product, quantity: number) => Promise<void>;
}

function due(item: ReorderItem): string {
  if (item.days_overdue > 0.5) return `overdue by ${Math.round(item.days_overdue)} days`;
  if (item.days_overdue < -0.5) return `due in ${Math.round(-item.days_overdue)} days`;
  return 'due today';
}

export function UsualPage({ api, onCart, onAdd }: UsualPageProps) {
  const [usual, setUsual] = useState<Usual | null>(null);
  const [reorder, setReorder] = useState<ReorderItem[] | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    api.usual().then(setUsual, (e) => setError(String(e.message ?? e)));
    api.reorder().then((r) => setReorder(r.items), () => setReorder([]));
  }, [api]);

  async function addBasket() {
    setError('');
    try {
      const cart = (await api.addUsual()) as Cart & { added?: unknown[] };
      onCart(cart);
      const n = cart.added?.length ?? 0;
      setMessage(n > 0 ? `Added ${n} usual items to your cart.` : 'Your usual items are already in your cart.');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-labelledby="usual-heading">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="usual-heading" className="text-xl font-bold">
            My usual
          </h2>
          <button
            type="button"
            onClick={addBasket}
            disabled={!usual || usual.basket.length === 0}
            className="rounded bg-emerald-700 px-4 py-2 font-semibold text-white hover:bg-emerald-800 disabled:bg-stone-400"
          >
            Add my usual basket{usual?.basket_total ? ` (${money(usual.basket_total)})` : ''}
          </button>
        </div>
        <div role="status" className="min-h-6 text-sm text-emerald-900">
          {message}
        </div>
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
        {usual === null ? (
          <p>Loading…</p>
        ) : usual.items.length === 0 ? (
          <p className="text-stone-700">No usual items yet: place an order and they appear here.</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {usual.items.map((item) => (
              <li key={item.product_id} className="flex items-center gap-3 p-3" data-testid="usual-item">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{item.name}</p>
                  <p className="text-sm text-stone-600">
                    {money(item.price)} · usually {item.usual_quantity} · in {Math.round(item.frequency * 100)}% of your orders
                    {item.seasonal ? ' · seasonal' : ''}
                  </p>
                </div>
                <button
                  type="button"
                  onClick={() => onAdd({ ...item }, Math.max(1, Math.round(item.usual_quantity)))}
                  className="rounded border border-emerald-700 px-2 py-1 text-sm font-semibold text-emerald-800 hover:bg-emerald-50"
                  aria-label={`Add ${item.name} to cart`}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="reorder-heading">
        <h2 id="reorder-heading" className="text-xl font-bold">
          Time to reorder
        </h2>
        {reorder === null ? (
          <p>Loading…</p>
        ) : reorder.length === 0 ? (
          <p className="text-stone-700">Nothing is due soon.</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {reorder.map((item) => (
              <li key={item.product_id} className="flex items-center gap-3 p-3" data-testid="reorder-item">
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{item.name}</p>
                  <p className="text-sm text-stone-600">
                    {money(item.price)} · every {Math.round(item.cycle_days)} days · {due(item)}
                    {item.holiday ? ` (before ${item.holiday})` : ''}
                  </p>
                </div>
                <button
                  type="button"
                  onClick={() => onAdd({ ...item }, Math.max(1, Math.round(item.quantity ?? 1)))}
                  className="rounded border border-emerald-700 px-2 py-1 text-sm font-semibold text-emerald-800 hover:bg-emerald-50"
                  aria-label={`Add ${item.name} to cart`}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
