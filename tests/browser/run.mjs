// Runs the browser tests (or, with `capture [URL]`, screenshots of a running dashboard):
// bundles tests/browser/<name>.ts with esbuild (npm packages
// stay external) into var/build/browser/, three levels below the project root like its
// source, so the shared test support finds stack/stack.env, then runs it with node.
// Needs the built CLI and page: `npm run build && node web/build.mjs` first.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [name = 'dashboard', ...rest] = process.argv.slice(2);
if (!['dashboard', 'capture'].includes(name)) throw new Error(`unknown browser script ${name}`);
const outfile = join(root, 'var', 'build', 'browser', `${name}.cjs`);
await build({
  entryPoints: [join(root, 'tests', 'browser', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...rest], { stdio: 'inherit' });
process.exit(run.status ?? 1);
