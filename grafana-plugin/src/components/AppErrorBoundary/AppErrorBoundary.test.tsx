import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { AppErrorBoundary } from './AppErrorBoundary';

let crash = true;

function Page() {
  if (crash) {
    throw new Error('boom');
  }
  return <p>page content</p>;
}

describe('AppErrorBoundary', () => {
  beforeEach(() => {
    crash = true;
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the error in an alert, and renders the page again on Retry', () => {
    render(
      <AppErrorBoundary>
        <Page />
      </AppErrorBoundary>
    );
    expect(screen.getByRole('alert').textContent).toContain('boom');
    crash = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByText('page content')).toBeTruthy();
  });

  it('reloads the browser page on Reload page', () => {
    const reload = jest.fn();
    render(
      <AppErrorBoundary reload={reload}>
        <Page />
      </AppErrorBoundary>
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reload page' }));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('recovers when the user navigates to another page', () => {
    const { rerender } = render(
      <AppErrorBoundary resetKey="/a/scaletrace-loadtest-app/runs">
        <Page />
      </AppErrorBoundary>
    );
    expect(screen.queryByText('page content')).toBeNull();
    crash = false;
    rerender(
      <AppErrorBoundary resetKey="/a/scaletrace-loadtest-app/scaling">
        <Page />
      </AppErrorBoundary>
    );
    expect(screen.getByText('page content')).toBeTruthy();
  });
});
