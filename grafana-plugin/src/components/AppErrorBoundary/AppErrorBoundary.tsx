import React, { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Stack } from '@grafana/ui';

interface Props {
  children: ReactNode;
  /** A new key (e.g. another page's path) clears the error: navigating away recovers. */
  resetKey?: string;
  /** Reloads the browser page; tests replace it. */
  reload?: () => void;
}

interface State {
  error?: Error;
}

/** Shows a crash in one page as an error with a way out, instead of a blank app. */
export class AppErrorBoundary extends Component<Props, State> {
  state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    // Grafana's console is where a user finds the stack to report.
    console.error('ScaleTrace app crashed', error, info.componentStack);
  }

  componentDidUpdate(prev: Props) {
    if (this.state.error && prev.resetKey !== this.props.resetKey) {
      this.setState({ error: undefined });
    }
  }

  render() {
    const { error } = this.state;
    if (!error) {
      return this.props.children;
    }
    const reload = this.props.reload ?? (() => window.location.reload());
    return (
      <Alert severity="error" title="Something went wrong in ScaleTrace">
        <Stack direction="column" gap={2} alignItems="flex-start">
          <pre>{error.message}</pre>
          <Stack gap={1}>
            <Button icon="sync" onClick={() => this.setState({ error: undefined })}>
              Retry
            </Button>
            <Button variant="secondary" icon="history" onClick={reload}>
              Reload page
            </Button>
          </Stack>
        </Stack>
      </Alert>
    );
  }
}
