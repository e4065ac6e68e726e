import React, { useMemo } from 'react';
import { useLocation } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';

import type { AppSettings } from '../../settings';
import { AppErrorBoundary } from '../AppErrorBoundary/AppErrorBoundary';
import { sceneApp } from './sceneApp';

function App({ meta }: AppRootProps<AppSettings>) {
  const jsonData = meta.jsonData;
  // One SceneApp per settings: the pages' data source variables start from them.
  const scene = useMemo(() => sceneApp(jsonData ?? {}), [jsonData]);
  const { pathname } = useLocation();
  return (
    <AppErrorBoundary resetKey={pathname}>
      <scene.Component model={scene} />
    </AppErrorBoundary>
  );
}

export default App;
