import { type ReactNode, useEffect, useRef } from 'react';

/** A modal dialog over a dimmed page: focused when it opens, closed with Escape. */
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
  useEffect(() => dialog.current?.focus(), []);
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
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        {children}
      </div>
    </div>
  );
}
