import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Button, LinkButton, type Column } from '@grafana/ui';

import type { FailedRequestRow } from './failedRequestRows';

export const formatTime = (ms: number): string => dateTimeFormat(ms, { format: 'YYYY-MM-DD HH:mm:ss.SSS' });

interface Actions {
  openTrace: (row: FailedRequestRow) => void;
  exploreUrl: (row: FailedRequestRow) => string;
}

export function failedRequestColumns({ openTrace, exploreUrl }: Actions): Array<Column<FailedRequestRow>> {
  return [
    { id: 'timeMs', header: 'Time', cell: ({ row }) => formatTime(row.original.timeMs) },
    {
      id: 'request',
      header: 'Request',
      cell: ({ row }) => (
        <Button variant="primary" fill="text" size="sm" onClick={() => openTrace(row.original)}>
          {row.original.request || '(unnamed)'}
        </Button>
      ),
    },
    { id: 'status', header: 'Status' },
    { id: 'errorType', header: 'error.type' },
    {
      id: 'readyReplicas',
      header: 'Ready replicas',
      cell: ({ row }) => row.original.readyReplicas?.toString() ?? '–',
    },
    { id: 'durationMs', header: 'Duration', cell: ({ row }) => `${row.original.durationMs.toFixed(1)} ms` },
    { id: 'pod', header: 'Serving pod' },
    {
      id: 'explore',
      header: '',
      cell: ({ row }) => (
        <LinkButton
          variant="secondary"
          fill="text"
          size="sm"
          icon="compass"
          href={exploreUrl(row.original)}
          aria-label={`Open trace ${row.original.traceId} in Explore`}
        >
          Explore
        </LinkButton>
      ),
    },
  ];
}
