import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelData } from '@grafana/data';
import {
  SceneObjectBase,
  type SceneComponentProps,
  type SceneDataProvider,
  type SceneObject,
  type SceneObjectState,
} from '@grafana/scenes';
import { EmptyState, Stack, TextLink, useStyles2 } from '@grafana/ui';

interface EmptyStateSceneState extends SceneObjectState {
  message: string;
  /** What to do about it, in a sentence. */
  remedy?: string;
  /** A command that does it. */
  command?: string;
  docs?: { title: string; url: string };
}

/** Says why there is nothing to show and how to get something there, in place of an empty panel. */
export class EmptyStateScene extends SceneObjectBase<EmptyStateSceneState> {
  static Component = function EmptyStateRenderer({ model }: SceneComponentProps<EmptyStateScene>) {
    const { message, remedy, command, docs } = model.useState();
    const styles = useStyles2(getStyles);
    return (
      <div className={styles.container}>
        <EmptyState variant="not-found" message={message}>
          <Stack direction="column" gap={1} alignItems="center">
            {remedy && <span>{remedy}</span>}
            {command && <pre className={styles.command}>{command}</pre>}
            {docs && (
              <TextLink href={docs.url} external>
                {docs.title}
              </TextLink>
            )}
          </Stack>
        </EmptyState>
      </div>
    );
  };
}

interface NoDataFallbackState extends SceneObjectState {
  $data: SceneDataProvider;
  /** Reads `$data` through the scene graph (it has none of its own), so it stays queried while hidden. */
  panel: SceneObject;
  empty: SceneObject;
  showEmpty: boolean;
}

/** Shows `panel`, or `empty` once the queries answered with no rows at all (an error stays on the panel). */
export class NoDataFallback extends SceneObjectBase<NoDataFallbackState> {
  constructor(state: Omit<NoDataFallbackState, 'showEmpty'>) {
    super({ ...state, showEmpty: false });
    this.addActivationHandler(() => {
      const update = (data: PanelData | undefined) => {
        const showEmpty = hasNoRows(data);
        if (showEmpty !== this.state.showEmpty) {
          this.setState({ showEmpty });
        }
      };
      update(this.state.$data.state.data);
      const sub = this.state.$data.subscribeToState((s) => update(s.data));
      return () => sub.unsubscribe();
    });
  }

  static Component = function NoDataFallbackRenderer({ model }: SceneComponentProps<NoDataFallback>) {
    const { panel, empty, showEmpty } = model.useState();
    const shown = showEmpty ? empty : panel;
    return <shown.Component model={shown} />;
  };
}

function hasNoRows(data: PanelData | undefined): boolean {
  return data?.state === LoadingState.Done && data.series.every((frame) => frame.length === 0);
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ padding: theme.spacing(2, 0) }),
  command: css({ margin: 0, whiteSpace: 'pre-wrap' }),
});
