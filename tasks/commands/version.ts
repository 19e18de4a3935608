import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { projectRoot } from '../core/paths';
import { printSummary } from '../core/run-command';

/** `aqi version`: which build is running (useful inside the container). */
export function register(program: Command): void {
  program
    .command('version')
    .description('print the version of the aqi tasks as a JSON line')
    .action(() => {
      const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
      printSummary({ step: 'version', status: 'ok', version: pkg.version, node: process.version });
    });
}
