// Bundles the dashboard page into dist/web: one script (sources + npm packages, map
// geometry included), one stylesheet, the HTML shell. Nothing is loaded from a CDN.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'web');
await mkdir(out, { recursive: true });
const result = await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});
for (const file of ['index.html', 'app.css', 'favicon.svg']) await copyFile(join(here, file), join(out, file));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(JSON.stringify({ step: 'build-web', status: 'ok', out, scriptBytes: bytes }));
