import type { ReactNode } from 'react';
import { formatInteger } from '@/lib/format';

/**
 * "Showing 21-40 of 1,234" with [< Prev] … [Next >] under a paged table. `lowerBound`: the total is
 * only a lower bound ("of 10,000+"). Between the buttons goes what the table offers (page numbers,
 * "2 / 62").
 */
export function Pager({
  label,
  first,
  last,
  total,
  lowerBound = false,
  page,
  hasNext,
  onPage,
  children,
}: {
  label: string;
  first: number;
  last: number;
  total: number;
  lowerBound?: boolean;
  page: number;
  hasNext: boolean;
  onPage: (page: number) => void;
  children?: ReactNode;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <span className="muted tabular">
        Showing {formatInteger(first)}-{formatInteger(last)} of {formatInteger(total)}
        {lowerBound ? '+' : ''}
      </span>
      <span className="pager__buttons">
        <button type="button" className="button button--small" disabled={page === 0} onClick={() => onPage(page - 1)}>
          &lt; Prev
        </button>
        {children}
        <button type="button" className="button button--small" disabled={!hasNext} onClick={() => onPage(page + 1)}>
          Next &gt;
        </button>
      </span>
    </nav>
  );
}
