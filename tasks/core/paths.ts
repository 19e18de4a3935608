import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project root, found by walking up to package.json, so that schemas/ resolves the
 * same from TypeScript sources (tests), from dist/ and inside the container image.
 */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no project root above ${from}`);
    dir = parent;
  }
}

export const schemasDir = (...parts: string[]) => join(projectRoot(), 'schemas', ...parts);
