import { useEffect, useRef, useState } from 'react';
import { money, type Api, type Cart, type ChatReply, type Product } from '../api';
import { ProductCard } from './ProductCard';

interface Turn {
  who: 'you' | 'leafloaf';
  text: string;
  products?: Product[];
}

export interface ChatPanelProps {
  api: Api;
  onCart: (cart: Cart) => void;
  onAdd: (product: Product, quantity: number) => Promise<void>;
}

const SESSION_KEY = 'leafloaf.chat_session';

export function ChatPanel({ api, onCart, onAdd }: ChatPanelProps) {
  const [turns, setTurns] = useState<Turn[]>([
    { who: 'leafloaf', text: 'Hi! Ask me to find products, add things to your cart, or "add my usual".' },
  ]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const sessionId = useRef<string | undefined>(sessionStorage.getItem(SESSION_KEY) ?? undefined);
  const logRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    logRef.current?.scrollTo?.({ top: logRef.current.scrollHeight });
  }, [turns]);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    const query = text.trim();
    if (!query || busy) return;
    setText('');
    setTurns((t) => [...t, { who: 'you', text: query }]);
    setBusy(true);
    try {
      const reply: ChatReply = await api.chat(query, sessionId.current);
      sessionId.current = reply.session_id;
      sessionStorage.setItem(SESSION_KEY, reply.session_id);
      let message = reply.message;
      if (reply.order) message += ` Order ${reply.order.order_id}, ${money(reply.order.total)}.`;
      setTurns((t) => [...t, { who: 'leafloaf', text: message, products: reply.products }]);
      if (reply.cart) onCart(reply.cart);
    } catch (err) {
      setTurns((t) => [...t, { who: 'leafloaf', text: `Sorry, that failed: ${err instanceof Error ? err.message : err}` }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="chat-heading" className="mx-auto flex max-w-3xl flex-col">
      <h2 id="chat-heading" className="text-xl font-bold">
        Shopping assistant
      </h2>
      <div
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label="Conversation"
        className="mt-2 flex max-h-[65vh] min-h-64 flex-col gap-3 overflow-y-auto rounded-lg border border-stone-200 bg-white p-3"
      >
        {turns.map((turn, i) => (
          <div key={i} className={turn.who === 'you' ? 'self-end' : 'self-start'} data-testid={`chat-${turn.who}`}>
            <p
              className={`rounded-lg px-3 py-2 text-sm ${
                turn.who === 'you' ? 'bg-emerald-700 text-white' : 'bg-stone-100 text-stone-900'
              }`}
            >
              <span className="sr-only">{turn.who === 'you' ? 'You: ' : 'LeafLoaf: '}</span>
              {turn.text}
            </p>
            {turn.products && turn.products.length > 0 && (
              <div className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2">
                {turn.products.map((p) => (
                  <ProductCard key={p.product_id} product={p} onAdd={onAdd} compact />
                ))}
              </div>
            )}
          </div>
        ))}
        {busy && <p className="text-sm text-stone-600">LeafLoaf is typing…</p>}
      </div>
      <form onSubmit={send} className="mt-2 flex gap-2">
        <label htmlFor="chat-input" className="sr-only">
          Message
        </label>
        <input
          id="chat-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder='Try "find oat milk" or "add 2 bananas"'
          autoComplete="off"
          className="flex-1 rounded-lg border border-stone-400 bg-white px-3 py-2"
        />
        <button
          type="submit"
          disabled={busy || !text.trim()}
          className="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white hover:bg-emerald-800 disabled:bg-stone-400"
        >
          Send
        </button>
      </form>
    </section>
  );
}
