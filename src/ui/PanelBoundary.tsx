/**
 * An error boundary around one panel: when the panel throws while rendering, it alone is replaced
 * by a box that names it, gives the error in one line and offers "Try again" (which mounts it
 * afresh), and the rest of the page goes on working. Without it, one panel's exception unmounts
 * the whole React tree and leaves a blank page.
 */
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** The panel's name as the page shows it ("Runs", "Try the model"). */
  name: string;
  children?: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
  /** Bumped by "Try again": a new key mounts the panel afresh, with fresh local state. */
  attempt: number;
}

/** An error in one line: its kind and the first line of its message, cut to a readable length. */
export function errorLine(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  const first = message.split('\n', 1)[0].trim() || 'no message';
  const line = name && name !== 'Error' ? `${name}: ${first}` : first;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The box shows one line; the console keeps the whole story for a bug report.
    console.error(`The ${this.props.name} panel failed:`, error, info.componentStack);
  }

  private readonly retry = () => this.setState((s) => ({ error: null, failed: false, attempt: s.attempt + 1 }));

  override render(): ReactNode {
    const { name, children } = this.props;
    if (this.state.failed) {
      return (
        <section className="panel panel-failed" role="alert" data-testid="panel.failed" data-panel={name}>
          <h2 className="panel-title">{name}</h2>
          <p>
            This panel failed and was closed; the rest of the page still works. <span data-testid="panel.failed.error">{errorLine(this.state.error)}</span>
          </p>
          <button type="button" className="btn btn-small" data-testid="panel.retry" onClick={this.retry}>
            Try again
          </button>
        </section>
      );
    }
    return <Fragment key={this.state.attempt}>{children}</Fragment>;
  }
}
