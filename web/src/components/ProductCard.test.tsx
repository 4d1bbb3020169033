import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Product } from '../api';
import { ProductCard } from './ProductCard';

const milk: Product = {
  product_id: 'P1',
  name: 'Oatly Oat Milk, 1/2 gal',
  brand: 'Oatly',
  category: 'Dairy > Plant-Based Milk',
  price: 4.99,
  dietary_tags: ['vegan'],
  in_stock: true,
  badges: ['your usual', 'bought 5 times'],
  reasons: [
    { factor: 'text', contribution: 1, detail: 'text relevance 1.00' },
    { factor: 'brand', contribution: 0.2, detail: 'you often choose Oatly' },
  ],
  suggested_quantity: 3,
};

describe('ProductCard', () => {
  it('pre-fills the quantity from quantity memory and adds that many', async () => {
    const onAdd = vi.fn();
    render(<ProductCard product={milk} onAdd={onAdd} />);
    const qty = screen.getByLabelText(/Qty \(your usual\)/);
    expect(qty).toHaveValue(3);
    await userEvent.click(screen.getByRole('button', { name: 'Add Oatly Oat Milk, 1/2 gal to cart' }));
    expect(onAdd).toHaveBeenCalledWith(milk, 3);
    expect(screen.getByRole('button', { name: /to cart/ })).toHaveTextContent('Added ✓');
  });

  it('shows badges and the reasons, without the text factor, on hover or focus', async () => {
    render(<ProductCard product={milk} onAdd={() => {}} />);
    expect(screen.getByText('Your usual')).toBeInTheDocument();
    expect(screen.getByText('Bought 5 times')).toBeInTheDocument();
    const why = screen.getByText('Why this?');
    expect(why).toHaveAttribute('tabindex', '0');
    const tip = screen.getByRole('tooltip', { hidden: true });
    expect(why).toHaveAttribute('aria-describedby', tip.id);
    expect(tip).toHaveTextContent('You often choose Oatly');
    expect(tip).not.toHaveTextContent('text relevance');
  });

  it('defaults the quantity to 1 and loads complements when opened', async () => {
    const onOpen = vi.fn();
    const loadComplements = vi.fn(async () => [{ product_id: 'P2', name: 'Granola', price: 3.5 }]);
    const onAdd = vi.fn();
    render(
      <ProductCard
        product={{ ...milk, suggested_quantity: null, badges: [], reasons: [] }}
        onAdd={onAdd}
        onOpen={onOpen}
        loadComplements={loadComplements}
      />,
    );
    expect(screen.getByLabelText('Qty')).toHaveValue(1);
    expect(screen.queryByText('Why this?')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Oatly Oat Milk, 1/2 gal' }));
    expect(onOpen).toHaveBeenCalledOnce();
    expect(loadComplements).toHaveBeenCalledWith('P1');
    await userEvent.click(await screen.findByRole('button', { name: 'Add Granola to cart' }));
    expect(onAdd).toHaveBeenCalledWith(expect.objectContaining({ product_id: 'P2' }), 1);
  });

  it('disables adding an out-of-stock product', () => {
    render(<ProductCard product={{ ...milk, in_stock: false }} onAdd={() => {}} />);
    expect(screen.getByText('Out of stock')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /to cart/ })).toBeDisabled();
  });
});
