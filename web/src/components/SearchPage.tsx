import { useEffect, useRef, useState } from 'react';
import { ApiError, type Api, type Facet, type Filters, type Product, type SearchResponse } from '../api';
import { ProductCard } from './ProductCard';

interface FilterState {
  department: string;
  dietary: string[];
  brands: string[];
  minPrice: string;
  maxPrice: string;
  inStock: boolean;
}

const EMPTY: FilterState = { department: '', dietary: [], brands: [], minPrice: '', maxPrice: '', inStock: false };

function toFilters(f: FilterState): Filters {
  const out: Filters = {};
  if (f.department) out.category = f.department;
  if (f.dietary.length) out.dietary_tags = f.dietary;
  if (f.brands.length) out.brands = f.brands;
  if (f.minPrice !== '' && !Number.isNaN(Number(f.minPrice))) out.min_price = Number(f.minPrice);
  if (f.maxPrice !== '' && !Number.isNaN(Number(f.maxPrice))) out.max_price = Number(f.maxPrice);
  if (f.inStock) out.in_stock = true;
  return out;
}

function facet(res: SearchResponse | null, name: string): Facet[] {
  const v = res?.facets?.[name];
  return Array.isArray(v) ? v : [];
}

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
}

// How the order changed: the products that moved up, best first.
export function movedUp(before: string[], after: string[]): string[] {
  return after.filter((id, i) => {
    const was = before.indexOf(id);
    return was === -1 || was > i;
  });
}

export interface SearchPageProps {
  api: Api;
  onAdd: (product: Product, quantity: number) => Promise<void>;
  debounceMs?: number;
}

export function SearchPage({ api, onAdd, debounceMs = 200 }: SearchPageProps) {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<FilterState>(EMPTY);
  const [tick, setTick] = useState(0);
  const [res, setRes] = useState<SearchResponse | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [learning, setLearning] = useState('');
  const [showFilters, setShowFilters] = useState(false);
  const last = useRef<{ key: string; ids: string[] }>({ key: '', ids: [] });
  const learnPending = useRef(false);

  useEffect(() => {
    let cancelled = false;
    const key = JSON.stringify([query, filters]);
    const timer = setTimeout(async () => {
      setLoading(true);
      const f = toFilters(filters);
      try {
        let r: SearchResponse;
        try {
          r = await api.search(query, f);
        } catch (e) {
          if (e instanceof ApiError && e.status === 401) throw e;
          r = await api.textSearch(query, f); // plain ranking when personalization is refused
        }
        if (cancelled) return;
        const ids = r.results.map((p) => p.product_id);
        if (learnPending.current && last.current.key === key) {
          const up = movedUp(last.current.ids.slice(0, ids.length), ids);
          const changed = ids.some((id, i) => last.current.ids[i] !== id);
          if (changed && up.length > 0) {
            const first = r.results.find((p) => p.product_id === up[0]);
            setLearning(`Learning from your clicks: results re-ranked${first ? ` (${first.name} moved up)` : ''}`);
          }
        } else if (last.current.key !== key) {
          setLearning('');
        }
        learnPending.current = false;
        last.current = { key, ids };
        setRes(r);
        setError('');
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (!cancelled) setLoading(false);
      }
    }, debounceMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, query, filters, tick, debounceMs]);

  function learnAndRefresh() {
    learnPending.current = true;
    setTick((t) => t + 1);
  }

  async function open(product: Product, position: number) {
    try {
      await api.track({ event_type: 'click_product', product_id: product.product_id, query, position });
      learnAndRefresh();
    } catch {
      // Tracking is best effort: the page works without it.
    }
  }

  async function add(product: Product, quantity: number) {
    await onAdd(product, quantity); // the cart endpoints teach the ranker themselves
    learnAndRefresh();
  }

  const departments = facet(res, 'department');
  const dietary = facet(res, 'dietary_tags');
  const brands = facet(res, 'brand').slice(0, 8);

  return (
    <div className="flex flex-col gap-4 md:flex-row">
      <aside className="md:w-56 md:shrink-0" aria-label="Filters">
        <button
          type="button"
          onClick={() => setShowFilters((v) => !v)}
          aria-expanded={showFilters}
          aria-controls="filters"
          className="rounded border border-stone-500 px-3 py-1.5 text-sm font-medium md:hidden"
        >
          {showFilters ? 'Hide filters' : 'Filters'}
        </button>
        <form
          id="filters"
          className={`${showFilters ? 'flex' : 'hidden'} mt-2 flex-col gap-3 text-sm md:mt-0 md:flex`}
          onSubmit={(e) => e.preventDefault()}
        >
          <div>
            <label htmlFor="department" className="block font-semibold">
              Department
            </label>
            <select
              id="department"
              value={filters.department}
              onChange={(e) => setFilters({ ...filters, department: e.target.value })}
              className="mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1"
            >
              <option value="">All departments</option>
              {filters.department && !departments.some((d) => d.value === filters.department) && (
                <option value={filters.department}>{filters.department}</option>
              )}
              {departments.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.value} ({d.count})
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend className="font-semibold">Dietary</legend>
            <div className="mt-1 grid grid-cols-2 gap-x-2 md:grid-cols-1">
              {[...new Set([...filters.dietary, ...dietary.map((d) => d.value)])].map((tag) => {
                const count = dietary.find((d) => d.value === tag)?.count;
                return (
                  <label key={tag} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={filters.dietary.includes(tag)}
                      onChange={() => setFilters({ ...filters, dietary: toggle(filters.dietary, tag) })}
                    />
                    {tag}
                    {count !== undefined && <span className="text-stone-600">({count})</span>}
                  </label>
                );
              })}
            </div>
          </fieldset>
          <fieldset>
            <legend className="font-semibold">Price</legend>
            <div className="mt-1 flex items-center gap-1">
              <label className="sr-only" htmlFor="min-price">
                Minimum price
              </label>
              <input
                id="min-price"
                type="number"
                min={0}
                step="0.5"
                placeholder="min"
                value={filters.minPrice}
                onChange={(e) => setFilters({ ...filters, minPrice: e.target.value })}
                className="w-20 rounded border border-stone-400 px-2 py-1"
              />
              <span aria-hidden="true">–</span>
              <label className="sr-only" htmlFor="max-price">
                Maximum price
              </label>
              <input
                id="max-price"
                type="number"
                min={0}
                step="0.5"
                placeholder="max"
                value={filters.maxPrice}
                onChange={(e) => setFilters({ ...filters, maxPrice: e.target.value })}
                className="w-20 rounded border border-stone-400 px-2 py-1"
              />
            </div>
          </fieldset>
          {brands.length > 0 && (
            <fieldset>
              <legend className="font-semibold">Brand</legend>
              <div className="mt-1 grid grid-cols-2 gap-x-2 md:grid-cols-1">
                {[...new Set([...filters.brands, ...brands.map((b) => b.value)])].map((b) => (
                  <label key={b} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      checked={filters.brands.includes(b)}
                      onChange={() => setFilters({ ...filters, brands: toggle(filters.brands, b) })}
                    />
                    {b}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <label className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={filters.inStock}
              onChange={(e) => setFilters({ ...filters, inStock: e.target.checked })}
            />
            In stock only
          </label>
          <button
            type="button"
            onClick={() => setFilters(EMPTY)}
            className="self-start rounded border border-stone-500 px-2 py-1 text-stone-800 hover:bg-stone-100"
          >
            Clear filters
          </button>
        </form>
      </aside>
      <section className="min-w-0 flex-1" aria-label="Search">
        <label htmlFor="search" className="block text-sm font-semibold">
          Search products
        </label>
        <input
          id="search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="oat milk, pasta, bananas…"
          autoComplete="off"
          autoFocus
          className="mt-1 w-full rounded-lg border border-stone-400 bg-white px-3 py-2 text-base"
        />
        <div className="mt-2 flex min-h-6 flex-wrap items-center gap-2 text-sm" role="status" aria-live="polite">
          {res && (
            <span className="text-stone-700">
              {res.total} results{loading ? ' · updating…' : ''}
              {res.personalization_applied ? ' · personalized for you' : ''}
            </span>
          )}
          {learning && (
            <span data-testid="learning" className="rounded-full bg-amber-100 px-2 py-0.5 font-medium text-amber-900">
              {learning}
            </span>
          )}
        </div>
        {error && (
          <p role="alert" className="mt-2 text-red-700">
            {error}
          </p>
        )}
        <div className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
          {res?.results.map((p, i) => (
            <ProductCard
              key={p.product_id}
              product={p}
              onOpen={(prod) => open(prod, i)}
              onAdd={add}
              loadComplements={async (id) => (await api.complements(id)).items}
            />
          ))}
        </div>
        {res && res.results.length === 0 && <p className="mt-4 text-stone-700">No products match.</p>}
      </section>
    </div>
  );
}
