// The LeafLoaf HTTP API (docs/API.md) as the web app uses it. Same origin:
// the production build is served by `leafloaf serve`.

export interface Reason {
  factor: string;
  contribution: number;
  detail: string;
}

export interface Product {
  product_id: string;
  name: string;
  brand?: string;
  category?: string;
  price: number;
  dietary_tags?: string[];
  in_stock?: boolean;
  badges?: string[];
  reasons?: Reason[];
  suggested_quantity?: number | null;
  quantity?: number | null;
  highlights?: { field: string; snippet: string }[];
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchResponse {
  query: string;
  total: number;
  results: Product[];
  facets?: Record<string, Facet[] | number>;
  personalization_applied?: boolean;
}

export interface Filters {
  category?: string;
  brands?: string[];
  dietary_tags?: string[];
  min_price?: number;
  max_price?: number;
  in_stock?: boolean;
}

export interface CartItem {
  product_id: string;
  name: string;
  brand?: string;
  price: number;
  quantity: number;
  unit?: string;
  line_total: number;
  available?: boolean;
  in_stock?: boolean;
}

export interface Cart {
  user_id: string;
  items: CartItem[];
  item_count: number;
  total_quantity: number;
  subtotal: number;
}

export interface OrderLine {
  product_id: string;
  quantity: number;
  unit_price: number;
  line_total: number;
}

export interface Order {
  order_id: string;
  placed_at: string;
  status: string;
  lines: OrderLine[];
  item_count: number;
  total: number;
  replayed?: boolean;
}

export interface UsualItem {
  product_id: string;
  name: string;
  brand?: string;
  price: number;
  usual_quantity: number;
  frequency: number;
  purchases: number;
  confidence: number;
  in_season?: boolean;
  seasonal?: boolean;
}

export interface Usual {
  user_id: string;
  items: UsualItem[];
  basket: { product_id: string; quantity: number }[];
  basket_total?: number;
}

export interface ReorderItem {
  product_id: string;
  name: string;
  price: number;
  due_date: string;
  days_overdue: number;
  cycle_days: number;
  quantity?: number | null;
  holiday?: string | null;
}

export interface ChatReply {
  session_id: string;
  intent: string;
  message: string;
  products?: Product[];
  cart?: Cart | null;
  order?: Order | null;
  needs_clarification?: boolean;
  personalization?: { applied: boolean; reasons: string[] };
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Session {
  key: string;
  userId: string;
}

const STORAGE_KEY = 'leafloaf.session';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return s.key && s.userId ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  if (s) localStorage.setItem(STORAGE_KEY, JSON.stringify(s));
  else localStorage.removeItem(STORAGE_KEY);
}

type Fetch = typeof fetch;

export class Api {
  // `userId` is "" until sign-in has found it (a bound key's cart names it).
  constructor(
    private key: string,
    public userId = '',
    private fetchFn: Fetch = (...args) => fetch(...args),
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.fetchFn(path, {
      method,
      headers: {
        'X-API-Key': this.key,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(res.status, err?.code ?? 'error', err?.message ?? `HTTP ${res.status}`);
    }
    return data as T;
  }

  // Query string with the user for unbound keys (a bound key ignores nothing:
  // its own user is the only one it may name).
  private userQuery(extra: Record<string, string | number | undefined> = {}): string {
    const p = new URLSearchParams();
    if (this.userId) p.set('user_id', this.userId);
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') p.set(k, String(v));
    const s = p.toString();
    return s ? `?${s}` : '';
  }

  private u(): string {
    return encodeURIComponent(this.userId);
  }

  // Who the key acts for: a shopper key bound to a user answers with its
  // user's cart. Also checks the key is valid (401 otherwise).
  async whoami(userId?: string): Promise<string> {
    const q = userId ? `?user_id=${encodeURIComponent(userId)}` : '';
    const cart = await this.call<Cart>('GET', `/api/cart${q}`);
    return cart.user_id;
  }

  search(query: string, filters: Filters, limit = 24): Promise<SearchResponse> {
    return this.call('POST', '/api/search/personalized', {
      query,
      user_id: this.userId,
      limit,
      filters,
    });
  }

  // Plain text search (GET /api/search): used when personalization fails.
  textSearch(query: string, filters: Filters, limit = 24): Promise<SearchResponse> {
    const p = new URLSearchParams({ q: query, limit: String(limit) });
    if (filters.category) p.set('category', filters.category);
    if (filters.brands?.length) p.set('brand', filters.brands.join(','));
    if (filters.dietary_tags?.length) p.set('dietary', filters.dietary_tags.join(','));
    if (filters.min_price !== undefined) p.set('min_price', String(filters.min_price));
    if (filters.max_price !== undefined) p.set('max_price', String(filters.max_price));
    if (filters.in_stock) p.set('in_stock', 'true');
    return this.call('GET', `/api/search?${p}`);
  }

  track(event: { event_type: string; product_id?: string; query?: string; position?: number; session_id?: string }) {
    return this.call<{ status: string }>('POST', '/api/interactions/track', {
      user_id: this.userId,
      context: { page: 'web' },
      ...event,
    });
  }

  complements(productId: string, k = 4): Promise<{ items: Product[] }> {
    return this.call('GET', `/api/products/${encodeURIComponent(productId)}/complements${this.userQuery({ k })}`);
  }

  cart(): Promise<Cart> {
    return this.call('GET', `/api/cart${this.userQuery()}`);
  }

  addToCart(productId: string, quantity: number): Promise<Cart> {
    return this.call('POST', `/api/cart/items${this.userQuery()}`, { product_id: productId, quantity });
  }

  setQuantity(productId: string, quantity: number): Promise<Cart> {
    return this.call('PATCH', `/api/cart/items/${encodeURIComponent(productId)}${this.userQuery()}`, { quantity });
  }

  removeFromCart(productId: string): Promise<Cart> {
    return this.call('DELETE', `/api/cart/items/${encodeURIComponent(productId)}${this.userQuery()}`);
  }

  clearCart(): Promise<Cart> {
    return this.call('DELETE', `/api/cart${this.userQuery()}`);
  }

  // The same Idempotency-Key on a retry returns the order already placed.
  checkout(idempotencyKey: string): Promise<Order> {
    return this.call('POST', `/api/cart/checkout${this.userQuery()}`, {}, { 'Idempotency-Key': idempotencyKey });
  }

  usual(): Promise<Usual> {
    return this.call('GET', `/api/users/${this.u()}/usual`);
  }

  addUsual(): Promise<Cart> {
    return this.call('POST', `/api/cart/usual${this.userQuery()}`, {});
  }

  reorder(k = 8): Promise<{ items: ReorderItem[] }> {
    return this.call('GET', `/api/users/${this.u()}/reorder?k=${k}`);
  }

  chat(query: string, sessionId?: string): Promise<ChatReply> {
    return this.call('POST', '/graph/invoke', {
      query,
      user_id: this.userId,
      ...(sessionId ? { session_id: sessionId } : {}),
    });
  }
}

export function money(n: number): string {
  return `$${n.toFixed(2)}`;
}
