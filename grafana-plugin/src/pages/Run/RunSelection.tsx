import React from 'react';
import {
  SceneAppPage,
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  type EmbeddedScene,
  type SceneComponentProps,
  type SceneObject,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';

import type { AppSettings } from '../../settings';
import { RUN_ID_URL_KEY } from '../../utils/utils.routing';
import { runsScene } from '../Runs/runsScene';
import { runScene } from './runScene';

interface RunSelectionState extends SceneObjectState {
  settings: AppSettings;
  /** The run shown; undefined lists the runs to pick one from. */
  runId?: string;
  body: EmbeddedScene;
}

/** The Run page's title and subtitle, for one run or for the list to pick from. */
export function runPageTitles(runId: string | undefined): { title: string; subTitle: string } {
  return runId === undefined
    ? { title: 'Run', subTitle: 'Pick a run to see its latency, errors, failed requests and replicas side by side.' }
    : {
        title: `Run ${runId}`,
        subTitle: 'Latency, errors, failed requests and replicas of one load-test run, on one time axis.',
      };
}

/**
 * The Run page's content: the run named by `?runId=` (synced with the URL like any scene state, so
 * the id is decoded exactly once), or the runs to pick from. Another id builds that run's scene.
 */
export class RunSelection extends SceneObjectBase<RunSelectionState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [RUN_ID_URL_KEY] });

  constructor(state: { settings: AppSettings; runId?: string }) {
    super({ ...state, body: bodyOf(state.runId, state.settings) });
    this.addActivationHandler(() => this.titlePage());
  }

  getUrlState(): SceneObjectUrlValues {
    return { [RUN_ID_URL_KEY]: this.state.runId ?? null };
  }

  updateFromUrl(values: SceneObjectUrlValues): void {
    const value = values[RUN_ID_URL_KEY];
    const runId = typeof value === 'string' && value !== '' ? value : undefined;
    if (runId !== this.state.runId) {
      this.setState({ runId, body: bodyOf(runId, this.state.settings) });
      this.titlePage();
    }
  }

  /** The page's title names the run, as Grafana's breadcrumb and tab title show it. */
  private titlePage() {
    const page = pageOf(this);
    const titles = runPageTitles(this.state.runId);
    if (page && page.state.title !== titles.title) {
      page.setState(titles);
    }
  }

  static Component = ({ model }: SceneComponentProps<RunSelection>) => {
    const { body } = model.useState();
    return <body.Component model={body} />;
  };
}

function bodyOf(runId: string | undefined, settings: AppSettings): EmbeddedScene {
  return runId === undefined ? runsScene(settings) : runScene(runId, settings);
}

function pageOf(o: SceneObject): SceneAppPage | undefined {
  for (let p = o.parent; p; p = p.parent) {
    if (p instanceof SceneAppPage) {
      return p;
    }
  }
  return undefined;
}
