import { useState } from 'react';
import { Api, ApiError, type Session } from '../api';

export interface SignInProps {
  onSignIn: (session: Session) => void;
  makeApi?: (key: string) => Api;
}

export function SignIn({ onSignIn, makeApi = (key) => new Api(key) }: SignInProps) {
  const [key, setKey] = useState('');
  const [userId, setUserId] = useState('');
  const [needUser, setNeedUser] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError('');
    setBusy(true);
    try {
      const who = await makeApi(key.trim()).whoami(userId.trim() || undefined);
      onSignIn({ key: key.trim(), userId: who });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && !userId.trim()) {
        setNeedUser(true);
        setError('This key is not bound to a user: enter your user ID too.');
      } else if (err instanceof ApiError && err.status === 401) {
        setError('That key was not accepted. Check it and try again.');
      } else {
        setError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto mt-16 max-w-md px-4">
      <h1 className="text-3xl font-bold text-emerald-800">LeafLoaf</h1>
      <p className="mt-1 text-stone-700">Groceries that learn what you like.</p>
      <form onSubmit={submit} className="mt-6 flex flex-col gap-3 rounded-lg border border-stone-200 bg-white p-4 shadow-sm">
        <label htmlFor="api-key" className="font-semibold">
          Shopper API key
        </label>
        <input
          id="api-key"
          type="password"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
          autoComplete="off"
          className="rounded border border-stone-400 px-3 py-2"
          aria-describedby="api-key-help"
        />
        <p id="api-key-help" className="text-xs text-stone-600">
          Made with <code>leafloaf keys create --role shopper --user ID</code>. Kept in this browser only.
        </p>
        {needUser && (
          <>
            <label htmlFor="user-id" className="font-semibold">
              User ID
            </label>
            <input
              id="user-id"
              value={userId}
              onChange={(e) => setUserId(e.target.value)}
              className="rounded border border-stone-400 px-3 py-2"
            />
          </>
        )}
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy || !key.trim()}
          className="rounded bg-emerald-700 px-4 py-2 font-semibold text-white hover:bg-emerald-800 disabled:bg-stone-400"
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
