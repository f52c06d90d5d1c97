import { Component, type ErrorInfo, Fragment, type ReactNode } from 'react';
import { Modal } from './Modal.js';

interface Props {
  /** What failed, for the console and the fallback's test id (`failed-<name>`). */
  name: string;
  children: ReactNode;
  /** Where the fallback sits in the page's layout (the canvas keeps its grid area, a panel its padding). */
  className?: string;
  /**
   * Awaited before "Try again" remounts the children: e.g. fetch again the server data that a
   * panel could not render, rather than fail again on the cached copy.
   */
  onReset?: () => unknown;
  /** A dialog: the message shows in a dialog of its own that this closes. */
  onClose?: () => void;
}

interface State {
  error: Error | undefined;
  /** Bumped by "Try again": a new key remounts the children with fresh state. */
  attempt: number;
}

/**
 * Keeps a render error inside the panel or dialog it happened in: the panel says it failed and
 * offers to try again, and the rest of the editor keeps working. React unmounts the whole tree on
 * an error no boundary catches, which leaves a white page.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The message on screen is short; the console has the stack and which component threw.
    console.error(`The ${this.props.name} panel failed:`, error, info.componentStack);
  }

  private readonly tryAgain = async () => {
    try {
      await this.props.onReset?.();
    } catch (error) {
      // Trying again is still worth it: the children may fetch for themselves.
      console.error(`Resetting the ${this.props.name} panel failed:`, error);
    }
    this.setState((state) => ({ error: undefined, attempt: state.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    // A new key on each attempt throws the failed subtree away, state and all.
    if (error === undefined) return <Fragment key={attempt}>{this.props.children}</Fragment>;
    const message = (
      <div
        role="alert"
        className={`panel-failed ${this.props.className ?? ''}`}
        data-testid={`failed-${this.props.name}`}
      >
        <p>This panel failed: {error.message || error.name}</p>
        <button type="button" onClick={() => void this.tryAgain()}>
          Try again
        </button>
        {this.props.onClose ? (
          <button type="button" onClick={this.props.onClose}>
            Close
          </button>
        ) : null}
      </div>
    );
    const { onClose } = this.props;
    if (onClose === undefined) return message;
    return (
      <Modal
        label={this.props.name}
        testId={`failed-dialog-${this.props.name}`}
        className=""
        onClose={onClose}
      >
        {message}
      </Modal>
    );
  }
}
