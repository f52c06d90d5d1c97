import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** What Tab can reach inside `root`, in order: enabled, shown, not in a disabled fieldset. */
function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (element) => element.getClientRects().length > 0 && !element.closest('fieldset:disabled'),
  );
}

/**
 * A modal dialog over a dimmed page: focused when it opens; Tab and Shift+Tab cycle inside it;
 * Escape closes it; focus goes back to what opened it when it closes.
 */
export function Modal({
  label,
  testId,
  className,
  onClose,
  children,
}: {
  label: string;
  testId: string;
  className: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    dialog.current?.focus();
    // Focus that leaves the dialog (a click on the page behind) comes back to it.
    const keepInside = (event: FocusEvent) => {
      const root = dialog.current;
      if (root !== null && event.target instanceof Node && !root.contains(event.target)) root.focus();
    };
    document.addEventListener('focusin', keepInside);
    return () => {
      document.removeEventListener('focusin', keepInside);
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || dialog.current === null) return;
    const stops = tabbables(dialog.current);
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (first === undefined || last === undefined) return event.preventDefault();
    const at = document.activeElement;
    if (event.shiftKey && (at === first || at === dialog.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && at === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    <div className="modal-backdrop">
      <div
        className={`modal ${className}`}
        role="dialog"
        aria-modal="true"
        aria-label={label}
        data-testid={testId}
        tabIndex={-1}
        ref={dialog}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}
