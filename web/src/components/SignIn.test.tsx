import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Api, loadSession, saveSession } from '../api';
import { fakeApi } from '../test-utils';
import { SignIn } from './SignIn';

describe('SignIn', () => {
  it('finds the user of a bound shopper key from its cart', async () => {
    const { api } = fakeApi({ 'GET /api/cart': () => ({ user_id: 'U0007', items: [] }) }, '');
    const onSignIn = vi.fn();
    render(<SignIn onSignIn={onSignIn} makeApi={() => api} />);
    await userEvent.type(screen.getByLabelText('Shopper API key'), 'll_key{Enter}');
    expect(onSignIn).toHaveBeenCalledWith({ key: 'll_key', userId: 'U0007' });
  });

  it('asks for a user id when the key is not bound to one', async () => {
    const { api } = fakeApi(
      {
        'GET /api/cart': (c) =>
          c.url.includes('user_id=U9')
            ? { user_id: 'U9', items: [] }
            : { status: 400, body: { error: { code: 'invalid_argument', message: 'user_id is required' } } },
      },
      '',
    );
    const onSignIn = vi.fn();
    render(<SignIn onSignIn={onSignIn} makeApi={() => api} />);
    await userEvent.type(screen.getByLabelText('Shopper API key'), 'll_key{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('not bound to a user');
    await userEvent.type(screen.getByLabelText('User ID'), 'U9{Enter}');
    expect(onSignIn).toHaveBeenCalledWith({ key: 'll_key', userId: 'U9' });
  });

  it('says so when the key is rejected', async () => {
    const { api } = fakeApi({
      'GET /api/cart': () => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'invalid API key' } } }),
    });
    render(<SignIn onSignIn={vi.fn()} makeApi={() => api} />);
    await userEvent.type(screen.getByLabelText('Shopper API key'), 'nope{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('not accepted');
  });
});

describe('session storage', () => {
  it('round-trips through localStorage', () => {
    expect(loadSession()).toBeNull();
    saveSession({ key: 'k', userId: 'U1' });
    expect(loadSession()).toEqual({ key: 'k', userId: 'U1' });
    saveSession(null);
    expect(loadSession()).toBeNull();
    expect(new Api('k').userId).toBe('');
  });
});
