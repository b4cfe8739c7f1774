import type { ReactNode } from 'react';

type NoticeKind = 'empty' | 'loading' | 'error' | 'warning';

/** A boxed message in place of (or above) content. Errors are announced as alerts. */
export function Notice({ kind, title, children }: { kind: NoticeKind; title?: string; children?: ReactNode }) {
  const role = kind === 'error' || kind === 'warning' ? 'alert' : 'status';
  return (
    <div className={`notice notice--${kind}`} role={role}>
      {title && <p className="notice__title">{title}</p>}
      {children}
    </div>
  );
}
