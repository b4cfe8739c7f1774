import { useRef, useState } from 'react';

/** A button that asks "Are you sure?" inline before it acts. */
export function ConfirmButton({
  label,
  ariaLabel,
  confirmLabel = 'Yes, delete',
  disabled,
  onConfirm,
  className = 'button button--danger',
}: {
  label: string;
  ariaLabel?: string;
  confirmLabel?: string;
  disabled?: boolean;
  onConfirm: () => void;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const returnFocus = useRef(false);
  // after "Cancel" (or Escape) the button that asked gets the focus back
  const cancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  if (!asking) {
    return (
      <button
        type="button"
        ref={(el) => {
          if (el && returnFocus.current) {
            returnFocus.current = false;
            el.focus();
          }
        }}
        className={className}
        aria-label={ariaLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label="Confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          cancel();
        }
      }}
    >
      <span className="confirm__question">Are you sure?</span>
      <button
        type="button"
        className="button button--danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={cancel}>
        Cancel
      </button>
    </span>
  );
}
