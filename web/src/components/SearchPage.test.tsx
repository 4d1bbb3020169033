import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Product } from '../api';
import { fakeApi } from '../test-utils';
import { movedUp, SearchPage } from './SearchPage';

const p = (id: string, name: string): Product => ({ product_id: id, name, price: 2, in_stock: true });
const facets = {
  department: [{ value: 'Dairy & Eggs', count: 3 }],
  dietary_tags: [{ value: 'vegan', count: 1 }],
  brand: [{ value: 'Oatly', count: 1 }],
};

describe('movedUp', () => {
  it('lists products that rank higher than before', () => {
    expect(movedUp(['a', 'b', 'c'], ['c', 'a', 'b'])).toEqual(['c']);
    expect(movedUp(['a', 'b'], ['a', 'b'])).toEqual([]);
  });
});

describe('SearchPage', () => {
  it('searches as you type with the filters, personalized for the user', async () => {
    const { api, calls } = fakeApi({
      'POST /api/search/personalized': () => ({
        query: 'milk',
        total: 2,
        results: [p('A', 'Whole Milk'), p('B', 'Oat Milk')],
        facets,
        personalization_applied: true,
      }),
    });
    render(<SearchPage api={api} onAdd={vi.fn()} debounceMs={0} />);
    await userEvent.type(screen.getByLabelText('Search products'), 'milk');
    expect(await screen.findByText('Whole Milk')).toBeInTheDocument();
    expect(screen.getByText(/personalized for you/)).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText(/vegan/));
    await userEvent.selectOptions(screen.getByLabelText('Department'), 'Dairy & Eggs');
    await userEvent.type(screen.getByLabelText('Maximum price'), '5');
    await waitFor(() => {
      const last = calls.at(-1)!.body as { query: string; user_id: string; filters: Record<string, unknown> };
      expect(last.query).toBe('milk');
      expect(last.user_id).toBe('U0001');
      expect(last.filters).toEqual({ category: 'Dairy & Eggs', dietary_tags: ['vegan'], max_price: 5 });
    });
  });

  it('tracks a click and shows that it learned when the order changes', async () => {
    let clicked = false;
    const { api, calls } = fakeApi({
      'POST /api/search/personalized': () => ({
        query: 'milk',
        total: 2,
        results: clicked ? [p('B', 'Oat Milk'), p('A', 'Whole Milk')] : [p('A', 'Whole Milk'), p('B', 'Oat Milk')],
      }),
      'POST /api/interactions/track': () => {
        clicked = true;
        return { status: 'tracked' };
      },
      'GET /api/products/B/complements': () => ({ items: [] }),
    });
    render(<SearchPage api={api} onAdd={vi.fn()} debounceMs={0} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Oat Milk' }));
    const indicator = await screen.findByTestId('learning');
    expect(indicator).toHaveTextContent('Learning from your clicks');
    expect(indicator).toHaveTextContent('Oat Milk moved up');
    const track = calls.find((c) => c.url === '/api/interactions/track')!;
    expect(track.body).toMatchObject({ event_type: 'click_product', product_id: 'B', position: 1, user_id: 'U0001' });
  });

  it('falls back to plain text search when personalization is refused', async () => {
    const { api } = fakeApi({
      'POST /api/search/personalized': () => ({ status: 403, body: { error: { code: 'permission_denied', message: 'no' } } }),
      'GET /api/search': () => ({ query: '', total: 1, results: [p('A', 'Bananas')] }),
    });
    render(<SearchPage api={api} onAdd={vi.fn()} debounceMs={0} />);
    expect(await screen.findByText('Bananas')).toBeInTheDocument();
  });
});
