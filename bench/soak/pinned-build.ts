/**
 * A private copy of the compiled CLI (dist/tasks) for the length of the soak. The working
 * tree is shared and rebuilt while a soak runs; without the copy, later cycles could run
 * other code than the first ones and their memory would not be comparable. The copy lives
 * under var/soak/, below the project root, so node_modules and schemas/ resolve as from dist/.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface PinnedBuild {
  cli: string;
  remove(): void;
}

export function pinBuild(root: string): PinnedBuild {
  const dir = join(root, 'var', 'soak', `build-${process.pid}`);
  cpSync(join(root, 'dist', 'tasks'), join(dir, 'dist', 'tasks'), { recursive: true });
  return { cli: join(dir, 'dist', 'tasks', 'cli.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
