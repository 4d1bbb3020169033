import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Cart } from '../api';
import { emptyCart, fakeApi } from '../test-utils';
import { CartPage } from './CartPage';

const cart: Cart = {
  user_id: 'U0001',
  items: [{ product_id: 'P1', name: 'Bananas', price: 0.5, quantity: 6, line_total: 3, in_stock: true }],
  item_count: 1,
  total_quantity: 6,
  subtotal: 3,
};

describe('CartPage', () => {
  it('edits and removes lines', async () => {
    const onCart = vi.fn();
    const { api, calls } = fakeApi({
      'PATCH /api/cart/items/P1': () => ({ ...cart, items: [{ ...cart.items[0], quantity: 2, line_total: 1 }] }),
      'DELETE /api/cart/items/P1': () => emptyCart,
    });
    render(<CartPage api={api} cart={cart} onCart={onCart} />);
    const qty = screen.getByLabelText('Quantity of Bananas');
    await userEvent.clear(qty);
    await userEvent.type(qty, '2{Enter}');
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ quantity: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Remove Bananas' }));
    await waitFor(() => expect(onCart).toHaveBeenLastCalledWith(emptyCart));
  });

  it('checks out with one Idempotency-Key, reused on a retry, and confirms the order', async () => {
    let attempts = 0;
    const { api, calls } = fakeApi({
      'POST /api/cart/checkout': () => {
        attempts += 1;
        if (attempts === 1) return { status: 503, body: { error: { code: 'unavailable', message: 'try again' } } };
        return { order_id: 'co_1', placed_at: 'now', status: 'placed', lines: [], item_count: 1, total: 3 };
      },
      'GET /api/cart': () => emptyCart,
    });
    const newKey = vi.fn(() => 'key-1');
    render(<CartPage api={api} cart={cart} onCart={vi.fn()} newKey={newKey} />);
    await userEvent.click(screen.getByRole('button', { name: 'Check out' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('try again');
    await userEvent.click(screen.getByRole('button', { name: 'Check out' }));
    expect(await screen.findByTestId('order-confirmation')).toHaveTextContent('Order placed: co_1');
    const keys = calls.filter((c) => c.url.startsWith('/api/cart/checkout')).map((c) => c.headers['Idempotency-Key']);
    expect(keys).toEqual(['key-1', 'key-1']);
    expect(newKey).toHaveBeenCalledOnce();
  });
});
