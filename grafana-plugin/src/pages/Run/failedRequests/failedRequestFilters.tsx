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
    (r) =>
      (f.errorType === undefined || r.errorType === f.errorType) && (f.ready === undefined || readyKey(r) === f.ready)
  );
}

const ALL = '*';

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
  const choices = [
    { key: 'errorType', label: 'error.type', values: errorTypes, blank: '(none)' },
    { key: 'ready', label: 'Ready replicas', values: ready, blank: 'unknown' },
  ] as const;
  return (
    <div className={styles.filters}>
      {choices.map(({ key, ...choice }) => (
        <FilterChoice
          key={key}
          {...choice}
          value={filter[key]}
          onChange={(value) => onChange({ ...filter, [key]: value })}
        />
      ))}
    </div>
  );
}

interface FilterChoiceProps {
  label: string;
  values: readonly string[];
  /** The label of the value '' (no error type, no replica count known). */
  blank: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}

/** "All" or one of the values, as radio buttons; undefined is All. */
function FilterChoice({ label, values, blank, value, onChange }: FilterChoiceProps) {
  const options: Array<SelectableValue<string>> = [
    { label: 'All', value: ALL },
    ...values.map((v) => ({ label: v || blank, value: v })),
  ];
  return (
    <InlineField label={label}>
      <div role="group" aria-label={`Filter by ${label.toLowerCase()}`}>
        <RadioButtonGroup
          size="sm"
          options={options}
          value={value ?? ALL}
          onChange={(v) => onChange(v === ALL ? undefined : v)}
        />
      </div>
    </InlineField>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  filters: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) }),
});
