import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { InlineField, RadioButtonGroup, useStyles2 } from '@grafana/ui';

import type { FailedRequestRow } from './failedRequestRows';

/** The table's filters; undefined shows all. `ready` is a replica count, '' for "unknown". */
export interface FailedRequestFilter {
  errorType?: string;
  ready?: string;
}

export const readyKey = (row: FailedRequestRow): string => row.readyReplicas?.toString() ?? '';

export function filterRows(rows: FailedRequestRow[], f: FailedRequestFilter): FailedRequestRow[] {
  return rows.filter(
    (r) => (f.errorType === undefined || r.errorType === f.errorType) && (f.ready === undefined || readyKey(r) === f.ready)
  );
}

const ALL = '*';

function options(values: string[], label: (v: string) => string): Array<SelectableValue<string>> {
  return [{ label: 'All', value: ALL }, ...values.map((v) => ({ label: label(v), value: v }))];
}

interface Props {
  rows: FailedRequestRow[];
  filter: FailedRequestFilter;
  onChange: (f: FailedRequestFilter) => void;
}

/** One choice per error type and per ready-replica count present in the rows. */
export function FailedRequestFilters({ rows, filter, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const errorTypes = [...new Set(rows.map((r) => r.errorType))].sort();
  const ready = [...new Set(rows.map(readyKey))].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : Number(a) - Number(b)));
  const pick = (v: string) => (v === ALL ? undefined : v);
  return (
    <div className={styles.filters}>
      <InlineField label="error.type">
        <div role="group" aria-label="Filter by error.type">
          <RadioButtonGroup
            size="sm"
            options={options(errorTypes, (v) => v || '(none)')}
            value={filter.errorType ?? ALL}
            onChange={(v) => onChange({ ...filter, errorType: pick(v) })}
          />
        </div>
      </InlineField>
      <InlineField label="Ready replicas">
        <div role="group" aria-label="Filter by ready replicas">
          <RadioButtonGroup
            size="sm"
            options={options(ready, (v) => v || 'unknown')}
            value={filter.ready ?? ALL}
            onChange={(v) => onChange({ ...filter, ready: pick(v) })}
          />
        </div>
      </InlineField>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) }),
});
