import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';

/** A row to render: its index, and where it lies in the list (pixels from the list's top). */
export interface WindowedRow {
  index: number;
  top: number;
  height: number;
}

export interface WindowedRowsOptions {
  /** How many rows the list holds in all. */
  count: number;
  /** The height of a row, in pixels. */
  rowHeight: number;
  /** Rows taller than `rowHeight` (few: a row showing an error), by index. */
  tall?: ReadonlyMap<number, number>;
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
}

/**
 * A list of many rows in a page that scrolls as a whole: only the rows in the viewport, plus
 * `overscan` on each side, are rendered, each placed absolutely in a list as tall as all rows.
 * Pass `ref` to the list element. Where the list lies is read from the layout after every render
 * and on every scroll or resize, so content above it that grows or shrinks moves the window too.
 */
export function useWindowedRows({ count, rowHeight, tall, overscan = 4 }: WindowedRowsOptions) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [range, setRange] = useState<{ first: number; last: number }>(() => ({
    first: 0,
    last: Math.min(count, Math.ceil((typeof window === 'undefined' ? 0 : window.innerHeight) / rowHeight) + overscan) - 1,
  }));

  // the few taller rows, in order, as (index, extra pixels)
  const extras = useMemo(
    () =>
      [...(tall ?? [])]
        .filter(([index, height]) => index < count && height > rowHeight)
        .map(([index, height]) => [index, height - rowHeight] as const)
        .sort((a, b) => a[0] - b[0]),
    [tall, count, rowHeight],
  );
  const topOf = useCallback(
    (index: number) => {
      let top = index * rowHeight;
      for (const [at, extra] of extras) {
        if (at >= index) break;
        top += extra;
      }
      return top;
    },
    [extras, rowHeight],
  );
  /** The row at `y` pixels from the list's top (the last row's index past the end). */
  const indexAt = useCallback(
    (y: number) => {
      let low = 0;
      let high = Math.max(0, count - 1);
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (topOf(middle) <= y) low = middle;
        else high = middle - 1;
      }
      return low;
    },
    [count, topOf],
  );

  const measure = useCallback(() => {
    if (!element) return;
    const rect = element.getBoundingClientRect();
    const viewTop = Math.max(0, -rect.top);
    const viewBottom = Math.max(0, window.innerHeight - rect.top);
    const first = count === 0 ? 0 : Math.max(0, indexAt(viewTop) - overscan);
    const last = count === 0 ? -1 : Math.min(count - 1, indexAt(viewBottom) + overscan);
    setRange((previous) => (previous.first === first && previous.last === last ? previous : { first, last }));
  }, [element, count, indexAt, overscan]);

  // after every render, before paint: content above the list may have moved it (reading the
  // layout and correcting the rows before they show is what a layout effect is for)
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useLayoutEffect(measure);
  useEffect(() => {
    // capture: a scroll of any container the list sits in counts too
    window.addEventListener('scroll', measure, { passive: true, capture: true });
    window.addEventListener('resize', measure);
    return () => {
      window.removeEventListener('scroll', measure, { capture: true });
      window.removeEventListener('resize', measure);
    };
  }, [measure]);

  const rows: WindowedRow[] = [];
  for (let index = range.first; index <= Math.min(range.last, count - 1); index++) {
    const top = topOf(index);
    rows.push({ index, top, height: topOf(index + 1) - top });
  }
  return { ref: setElement, rows, totalHeight: topOf(count) };
}
