import type { ReactNode } from 'react';

/** One column of a {@link Table}: its header and how a row fills its cell. */
export interface Column<Row> {
  /** React key of the column. */
  id: string;
  header: ReactNode;
  /** The header is for screen readers only (an actions column). */
  hideHeader?: boolean;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** This cell names the row (a `<th scope="row">`): the row's accessible name. */
  rowHeader?: boolean;
  /** The table is sorted by this column (`aria-sort` on its header); give the header a sort button. */
  sort?: 'ascending' | 'descending';
  /** Extra class names of the cell (may depend on the row). */
  className?: string | ((row: Row) => string | undefined);
  cell: (row: Row) => ReactNode;
}

/**
 * The dashboard's data table: a header row, one row per item, numbers right-aligned, a line
 * when there are no rows, inside a horizontally scrolling box. Used by the history, trades,
 * candles and parameters tables.
 */
export function Table<Row>({
  columns,
  rows,
  rowKey,
  label,
  busy,
  empty,
  className,
  rowClassName,
  scroll = true,
}: {
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  /** Accessible name of the table. */
  label?: string;
  /** Rows are being (re)loaded. */
  busy?: boolean;
  /** What the body says when there are no rows (nothing when undefined). */
  empty?: ReactNode;
  className?: string;
  rowClassName?: (row: Row) => string | undefined;
  scroll?: boolean;
}) {
  const table = (
    <table className={`sessions-table${className ? ` ${className}` : ''}`} aria-label={label} aria-busy={busy}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.id} scope="col" className={column.numeric ? 'num' : undefined} aria-sort={column.sort}>
              {column.hideHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined ? (
          <tr>
            <td colSpan={columns.length} className="muted">
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((column) => {
                const extra = typeof column.className === 'function' ? column.className(row) : column.className;
                const cellClass = [column.numeric ? 'num' : undefined, extra].filter(Boolean).join(' ') || undefined;
                return column.rowHeader ? (
                  <th key={column.id} scope="row" className={cellClass}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.id} className={cellClass}>
                    {column.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}
