import React, { useMemo } from 'react';
import type { AppRootProps } from '@grafana/data';

import type { AppSettings } from '../../settings';
import { sceneApp } from './sceneApp';

function App({ meta }: AppRootProps<AppSettings>) {
  const jsonData = meta.jsonData;
  // One SceneApp per settings: the pages' data source variables start from them.
  const scene = useMemo(() => sceneApp(jsonData ?? {}), [jsonData]);
  return <scene.Component model={scene} />;
}

export default App;
