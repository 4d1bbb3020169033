import { useCallback, useEffect, useMemo, useState } from 'react';
import { Api, loadSession, saveSession, type Cart, type Product, type Session } from './api';
import { CartPage } from './components/CartPage';
import { ChatPanel } from './components/ChatPanel';
import { SearchPage } from './components/SearchPage';
import { SignIn } from './components/SignIn';
import { UsualPage } from './components/UsualPage';

type View = 'shop' | 'usual' | 'cart' | 'chat';

const VIEWS: { id: View; label: string }[] = [
  { id: 'shop', label: 'Shop' },
  { id: 'usual', label: 'My usual' },
  { id: 'chat', label: 'Assistant' },
  { id: 'cart', label: 'Cart' },
];

const defaultApi = (s: Session) => new Api(s.key, s.userId);

export function App({ makeApi = defaultApi }: { makeApi?: (s: Session) => Api }) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [view, setView] = useState<View>('shop');
  const [cart, setCart] = useState<Cart | null>(null);
  const [toast, setToast] = useState('');
  const api = useMemo(() => (session ? makeApi(session) : null), [session, makeApi]);

  useEffect(() => {
    if (!api) return;
    api.cart().then(setCart, () => undefined);
  }, [api]);

  const onAdd = useCallback(
    async (product: Product, quantity: number) => {
      if (!api) return;
      try {
        setCart(await api.addToCart(product.product_id, quantity));
        setToast(`Added ${quantity} × ${product.name} to your cart.`);
      } catch (e) {
        setToast(`Could not add ${product.name}: ${e instanceof Error ? e.message : e}`);
      }
    },
    [api],
  );

  function signIn(s: Session) {
    saveSession(s);
    setSession(s);
  }

  function signOut() {
    saveSession(null);
    setSession(null);
    setCart(null);
  }

  if (!session || !api) return <SignIn onSignIn={signIn} />;

  const count = cart?.item_count ?? 0;
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2">
          <h1 className="text-xl font-bold text-emerald-800">LeafLoaf</h1>
          <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
            <ul className="flex gap-1">
              {VIEWS.map((v) => (
                <li key={v.id}>
                  <button
                    type="button"
                    onClick={() => setView(v.id)}
                    aria-current={view === v.id ? 'page' : undefined}
                    className={`rounded px-3 py-1.5 text-sm font-medium ${
                      view === v.id ? 'bg-emerald-700 text-white' : 'text-stone-800 hover:bg-stone-100'
                    }`}
                  >
                    {v.label}
                    {v.id === 'cart' && (
                      <span className="ml-1" data-testid="cart-count">
                        ({count}
                        <span className="sr-only"> items</span>)
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm text-stone-700">
            <span>
              Signed in as <strong>{session.userId}</strong>
            </span>
            <button type="button" onClick={signOut} className="rounded px-2 py-1 underline hover:bg-stone-100">
              Sign out
            </button>
          </div>
        </div>
      </header>
      <div
        role="status"
        aria-live="polite"
        data-testid="toast"
        className={toast ? 'mx-auto max-w-7xl px-3 pt-2 text-sm text-emerald-900' : 'sr-only'}
      >
        {toast}
      </div>
      <main id="main" className="mx-auto max-w-7xl px-3 py-4">
        {view === 'shop' && <SearchPage api={api} onAdd={onAdd} />}
        {view === 'usual' && <UsualPage api={api} onCart={setCart} onAdd={onAdd} />}
        {view === 'chat' && <ChatPanel api={api} onCart={setCart} onAdd={onAdd} />}
        {view === 'cart' && <CartPage api={api} cart={cart} onCart={setCart} />}
      </main>
    </div>
  );
}
