import { useState } from 'react';
import { money, type Product } from '../api';
import { Badges } from './Badges';

export interface ProductCardProps {
  product: Product;
  // Called when the shopper opens the product (tracked as a click).
  onOpen?: (product: Product) => void;
  onAdd: (product: Product, quantity: number) => Promise<void> | void;
  loadComplements?: (productId: string) => Promise<Product[]>;
  compact?: boolean;
}

function initialQuantity(p: Product): number {
  const q = p.suggested_quantity ?? p.quantity ?? 1;
  return Math.max(1, Math.round(q));
}

export function ProductCard({ product, onOpen, onAdd, loadComplements, compact }: ProductCardProps) {
  const [quantity, setQuantity] = useState(initialQuantity(product));
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const [open, setOpen] = useState(false);
  const [complements, setComplements] = useState<Product[] | null>(null);
  const qtyId = `qty-${product.product_id}`;
  const suggested = product.suggested_quantity != null;

  async function add() {
    setBusy(true);
    try {
      await onAdd(product, quantity);
      setAdded(true);
    } finally {
      setBusy(false);
    }
  }

  async function toggle() {
    const next = !open;
    setOpen(next);
    if (next) {
      onOpen?.(product);
      if (loadComplements && complements === null) {
        setComplements(await loadComplements(product.product_id).catch(() => []));
      }
    }
  }

  return (
    <article
      className="flex flex-col rounded-lg border border-stone-200 bg-white p-3 shadow-sm"
      aria-label={product.name}
      data-testid="product-card"
      data-product-id={product.product_id}
    >
      <h3 className="text-sm font-semibold leading-snug">
        <button
          type="button"
          onClick={toggle}
          aria-expanded={open}
          className="text-left text-stone-900 underline-offset-2 hover:underline"
        >
          {product.name}
        </button>
      </h3>
      <p className="text-xs text-stone-600">
        {product.brand}
        {product.category ? ` · ${product.category.split(' > ').slice(-1)[0]}` : ''}
      </p>
      <p className="mt-1 text-base font-bold text-stone-900">{money(product.price)}</p>
      {product.in_stock === false && <p className="text-xs font-semibold text-red-700">Out of stock</p>}
      <Badges badges={product.badges ?? []} reasons={product.reasons ?? []} />
      {!compact && product.dietary_tags && product.dietary_tags.length > 0 && (
        <p className="mt-1 text-xs text-stone-600">{product.dietary_tags.slice(0, 4).join(', ')}</p>
      )}
      <div className="mt-auto flex items-end gap-2 pt-2">
        <div className="flex flex-col">
          <label htmlFor={qtyId} className="text-xs text-stone-700">
            Qty{suggested ? ' (your usual)' : ''}
          </label>
          <input
            id={qtyId}
            type="number"
            min={1}
            max={1000}
            value={quantity}
            onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
            className="w-16 rounded border border-stone-400 px-2 py-1 text-sm"
          />
        </div>
        <button
          type="button"
          onClick={add}
          disabled={busy || product.in_stock === false}
          className="flex-1 rounded bg-emerald-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-emerald-800 disabled:bg-stone-400"
          aria-label={`Add ${product.name} to cart`}
        >
          {added ? 'Added ✓' : 'Add to cart'}
        </button>
      </div>
      {open && loadComplements && (
        <section className="mt-2 border-t border-stone-200 pt-2" aria-label={`Goes with ${product.name}`}>
          <h4 className="text-xs font-semibold text-stone-700">Goes well with</h4>
          {complements === null ? (
            <p className="text-xs text-stone-600">Loading…</p>
          ) : complements.length === 0 ? (
            <p className="text-xs text-stone-600">Nothing yet.</p>
          ) : (
            <ul className="mt-1 space-y-1">
              {complements.map((c) => (
                <li key={c.product_id} className="flex items-center justify-between gap-2 text-xs">
                  <span>
                    {c.name} <span className="text-stone-600">{money(c.price)}</span>
                  </span>
                  <button
                    type="button"
                    className="rounded border border-emerald-700 px-2 py-0.5 font-semibold text-emerald-800 hover:bg-emerald-50"
                    onClick={() => onAdd(c, initialQuantity(c))}
                    aria-label={`Add ${c.name} to cart`}
                  >
                    Add
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </article>
  );
}
