import React from 'react';
import { SceneFlexItem, SceneObjectBase, type SceneComponentProps, type SceneObjectState } from '@grafana/scenes';

import { Onboarding } from '../components/Onboarding/Onboarding';
import type { AppSettings, DataSourceKind } from '../settings';
import { missingDatasources, type MissingDatasource } from './missingDatasources';

interface OnboardingSceneState extends SceneObjectState {
  missing: MissingDatasource[];
}

/** Says which data sources the page cannot find, and where to set them up. */
export class OnboardingScene extends SceneObjectBase<OnboardingSceneState> {
  static Component = function OnboardingSceneRenderer({ model }: SceneComponentProps<OnboardingScene>) {
    const { missing } = model.useState();
    return <Onboarding missing={missing} />;
  };
}

/** The onboarding panel to put above a page's panels, or nothing when every data source it uses exists. */
export function onboardingItems(settings: AppSettings, kinds: readonly DataSourceKind[]): SceneFlexItem[] {
  const missing = missingDatasources(settings, kinds);
  return missing.length ? [new SceneFlexItem({ body: new OnboardingScene({ missing }) })] : [];
}
