import { useEffect, useEffectEvent, type RefObject } from 'react';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** The elements Tab can reach inside `root`, in document order. */
export function focusableIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    if (el.closest('fieldset:disabled') && !el.closest('legend')) return false;
    // a radio group is one Tab stop: only its checked radio (or its first, when none is checked)
    if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
      const group = [...root.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`)];
      const stop = group.find((r) => r.checked) ?? group[0];
      if (stop !== el) return false;
    }
    return !el.hidden && el.getAttribute('aria-hidden') !== 'true';
  });
}

// Open dialogs, innermost last: only the innermost one answers Tab and Escape.
const openDialogs: object[] = [];

/**
 * Makes `ref` behave as a modal dialog while mounted: focus moves into it, Tab and Shift+Tab
 * cycle through its controls only, Escape calls `onClose`, and when it goes away focus returns
 * to the element that had it before (the button that opened it). Dialogs opened from a dialog
 * stack: the innermost one owns the keyboard.
 */
export function useDialogFocus(ref: RefObject<HTMLElement | null>, onClose: () => void): void {
  // the onClose of the latest render, without re-running the focus set-up when it changes
  const close = useEffectEvent(() => onClose());

  useEffect(() => {
    const self = {};
    openDialogs.push(self);
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const root = ref.current;
    if (root && !root.contains(document.activeElement)) {
      // an element marked autofocus inside the dialog gets the focus, else the dialog itself
      const preferred = root.querySelector<HTMLElement>('[autofocus], [data-autofocus]');
      (preferred ?? root).focus();
    }

    const onKeyDown = (event: KeyboardEvent) => {
      if (openDialogs[openDialogs.length - 1] !== self) return;
      const dialog = ref.current;
      if (!dialog) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusableIn(dialog);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) {
        event.preventDefault();
        dialog.focus();
        return;
      }
      const active = document.activeElement;
      const inside = active instanceof Node && dialog.contains(active);
      if (event.shiftKey && (!inside || active === first || active === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (!inside || active === last)) {
        event.preventDefault();
        first.focus();
      }
    };
    // focus that wanders out (a click on the page behind, a script) is brought back in
    const onFocusIn = (event: FocusEvent) => {
      if (openDialogs[openDialogs.length - 1] !== self) return;
      const dialog = ref.current;
      if (dialog && event.target instanceof Node && !dialog.contains(event.target)) dialog.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('focusin', onFocusIn);
      const index = openDialogs.indexOf(self);
      if (index >= 0) openDialogs.splice(index, 1);
      if (opener?.isConnected) opener.focus();
    };
  }, [ref]);
}
