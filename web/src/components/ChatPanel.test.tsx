import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../test-utils';
import { ChatPanel } from './ChatPanel';

describe('ChatPanel', () => {
  it('keeps the session id and renders the products as cards', async () => {
    const onCart = vi.fn();
    const { api, calls } = fakeApi({
      'POST /graph/invoke': (call) => {
        const q = (call.body as { query: string }).query;
        return q.startsWith('find')
          ? { session_id: 's-1', intent: 'search', message: 'Here are 1 results.', products: [{ product_id: 'P1', name: 'Oat Milk', price: 4 }] }
          : { session_id: 's-1', intent: 'add_to_cart', message: 'Added it.', cart: { user_id: 'U0001', items: [], item_count: 1, total_quantity: 1, subtotal: 4 } };
      },
    });
    render(<ChatPanel api={api} onCart={onCart} onAdd={vi.fn()} />);
    await userEvent.type(screen.getByLabelText('Message'), 'find oat milk{Enter}');
    expect(await screen.findByText('Here are 1 results.')).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Oat Milk' })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Message'), 'add the first one{Enter}');
    await waitFor(() => expect(onCart).toHaveBeenCalled());
    const bodies = calls.map((c) => c.body as { session_id?: string });
    expect(bodies[0].session_id).toBeUndefined();
    expect(bodies[1].session_id).toBe('s-1');
  });
});
