import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useRef, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useDialogFocus } from './use-dialog-focus';

function Dialog({ label, onClose, children }: { label: string; onClose: () => void; children?: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useDialogFocus(ref, onClose);
  return (
    <div role="dialog" aria-modal="true" aria-label={label} ref={ref} tabIndex={-1}>
      <button type="button">{label} first</button>
      <input aria-label={`${label} field`} />
      <button type="button" disabled>
        {label} disabled
      </button>
      {children}
      <button type="button" onClick={onClose}>
        {label} last
      </button>
    </div>
  );
}

function Page() {
  const [outer, setOuter] = useState(false);
  const [inner, setInner] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOuter(true)}>
        Open
      </button>
      <button type="button">Behind</button>
      {outer && (
        <Dialog label="Outer" onClose={() => setOuter(false)}>
          <button type="button" onClick={() => setInner(true)}>
            Open inner
          </button>
        </Dialog>
      )}
      {inner && <Dialog label="Inner" onClose={() => setInner(false)} />}
    </>
  );
}

describe('useDialogFocus', () => {
  it('moves focus in, keeps Tab and Shift+Tab inside, and gives focus back to the opener on Escape', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('dialog', { name: 'Outer' })).toHaveFocus();

    await user.tab();
    expect(screen.getByRole('button', { name: 'Outer first' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('textbox', { name: 'Outer field' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Open inner' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Outer last' })).toHaveFocus();
    // from the last control Tab wraps to the first, never to the page behind
    await user.tab();
    expect(screen.getByRole('button', { name: 'Outer first' })).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Outer last' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus();
  });

  it('lets the innermost of two dialogs own Tab and Escape, then hands focus back to the outer one', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('button', { name: 'Open' }));
    await user.click(screen.getByRole('button', { name: 'Open inner' }));
    expect(screen.getByRole('dialog', { name: 'Inner' })).toHaveFocus();
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(screen.getByRole('dialog', { name: 'Inner' })).toContainElement(document.activeElement as HTMLElement);
    }

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Inner' })).not.toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Outer' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open inner' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open' })).toHaveFocus();
  });
});
