import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generatedFiles } from './generated-files';

// Writes the dashboards, provisioning and rule files next to dist/ (run after the build).
const root = path.resolve(__dirname, '..');
for (const [file, content] of Object.entries(generatedFiles())) {
  const target = path.join(root, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
  console.log(`wrote dashboards/${file}`);
}
