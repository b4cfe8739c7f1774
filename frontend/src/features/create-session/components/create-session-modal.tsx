import { useQuery } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import type { SessionType } from '@/gql/graphql';
import { graphqlQuery, queryKeys, referenceQuery } from '@/lib/query';
import { useDialogFocus } from '@/lib/use-dialog-focus';
import { CreateSessionOptionsQuery, SessionConfigQuery } from '../api/operations';
import type { SessionPreset } from '../session-form';
import { CloneSessionForm, CreateSessionForm, EditSessionForm, type SessionFormDone } from './session-forms';

export type SessionFormMode =
  | { kind: 'create'; type?: SessionType; market?: string; preset?: SessionPreset; title?: string }
  | { kind: 'edit'; id: string }
  | { kind: 'clone'; id: string };

const TITLES = { create: 'Create New Session', edit: 'Edit Session', clone: 'Clone Session' } as const;

/**
 * The session form as a modal dialog: Create New Session, Edit of a created session, Clone of
 * any session. It loads what the form needs (strategies and markets; the session for edit and
 * clone) and hands it to the form of the mode.
 */
export function CreateSessionModal({ mode, onClose, onDone }: { mode: SessionFormMode; onClose: () => void; onDone: SessionFormDone }) {
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  // focus moves into the dialog and stays there (Tab cycles), Escape closes, focus returns to the opener
  useDialogFocus(dialog, onClose);
  const options = useQuery(referenceQuery(CreateSessionOptionsQuery, {}));
  const existingId = mode.kind === 'create' ? '' : mode.id;
  const existing = useQuery({ ...graphqlQuery(SessionConfigQuery, { id: existingId }, queryKeys.session(existingId)), enabled: existingId !== '' });

  const loadError = options.error ?? existing.error;
  const session = existing.data?.session ?? undefined;
  let body;
  if (loadError) {
    body = (
      <p className="form-error" role="alert">
        Could not load the options: {loadError.message}
      </p>
    );
  } else if (!options.data || (existingId && !session)) {
    body = <p className="muted">Loading…</p>;
  } else if (mode.kind === 'create') {
    body = <CreateSessionForm idPrefix={titleId} options={options.data} type={mode.type} market={mode.market} preset={mode.preset} onClose={onClose} onDone={onDone} />;
  } else if (session && mode.kind === 'edit') {
    body = <EditSessionForm idPrefix={titleId} options={options.data} session={session} onClose={onClose} onDone={onDone} />;
  } else if (session) {
    body = <CloneSessionForm idPrefix={titleId} options={options.data} session={session} onClose={onClose} onDone={onDone} />;
  }

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialog} tabIndex={-1}>
        <header className="modal__header">
          <h2 id={titleId}>{(mode.kind === 'create' && mode.title) || TITLES[mode.kind]}</h2>
          <button type="button" className="button button--ghost" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {body}
      </div>
    </div>
  );
}
