import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { saveSession } from './api';
import { App } from './App';
import { fakeApi } from './test-utils';

describe('App', () => {
  it('shows sign-in without a stored key', () => {
    render(<App />);
    expect(screen.getByLabelText('Shopper API key')).toBeInTheDocument();
  });

  it('navigates between screens and adds to the cart', async () => {
    saveSession({ key: 'll_k', userId: 'U0001' });
    const cart = { user_id: 'U0001', items: [], item_count: 0, total_quantity: 0, subtotal: 0 };
    const { api } = fakeApi({
      'GET /api/cart': () => cart,
      'POST /api/search/personalized': () => ({
        query: '',
        total: 1,
        results: [{ product_id: 'P1', name: 'Bananas', price: 0.5, in_stock: true }],
      }),
      'POST /api/cart/items': () => ({
        ...cart,
        item_count: 1,
        items: [{ product_id: 'P1', name: 'Bananas', price: 0.5, quantity: 1, line_total: 0.5 }],
        subtotal: 0.5,
      }),
      'GET /api/users/U0001/usual': () => ({ user_id: 'U0001', items: [], basket: [] }),
      'GET /api/users/U0001/reorder': () => ({ items: [] }),
    });
    render(<App makeApi={() => api} />);
    expect(screen.getByText('U0001')).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: 'Add Bananas to cart' }));
    expect(await screen.findByTestId('cart-count')).toHaveTextContent('(1 items)');
    await userEvent.click(screen.getByRole('button', { name: 'My usual' }));
    expect(await screen.findByText(/No usual items yet/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Cart/ }));
    expect(screen.getByRole('heading', { name: 'Your cart' })).toBeInTheDocument();
    expect(screen.getByText('Bananas')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByLabelText('Shopper API key')).toBeInTheDocument();
  });
});
