// Runs the browser tests: bundles tests/browser/dashboard.ts with esbuild (npm packages
// stay external) into var/build/browser/, three levels below the project root like its
// source, so the shared test support finds stack/stack.env, then runs it with node.
// Needs the built CLI and page: `npm run build && node web/build.mjs` first.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, 'var', 'build', 'browser', 'dashboard.cjs');
await build({
  entryPoints: [join(root, 'tests', 'browser', 'dashboard.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile], { stdio: 'inherit' });
process.exit(run.status ?? 1);
