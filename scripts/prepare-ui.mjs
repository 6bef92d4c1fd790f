// `npm install` / `npm ci` (the `prepare` script): builds the dashboard into dist/ui so that
// `npm start` serves it. Skipped with a note when the dev dependencies are not installed
// (`npm install --omit=dev`): the server then answers `/` with how to build it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  require.resolve('vite/package.json');
} catch {
  console.warn(
    'prepare: vite is not installed (dev dependencies omitted); the dashboard is not built.',
  );
  process.exit(0);
}
const result = spawnSync('npm', ['run', 'build:ui', '--silent'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
