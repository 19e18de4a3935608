/**
 * `make down` stops a service's whole process group, including members that outlive the
 * group's leader and ignore TERM (Airflow's LocalExecutor workers once stayed behind their
 * scheduler after CI). Drives stack/lib.sh's spawn_service and stop_service with a real
 * process tree, under a name of its own.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/stack';

jest.setTimeout(60_000);

const NAME = 'stop-service-test';

/** Runs a bash snippet with stack/lib.sh sourced; returns its stdout. */
function withLib(script: string): string {
  return execFileSync('bash', ['-c', `set -euo pipefail; source "${join(ROOT, 'stack', 'lib.sh')}"; ${script}`], { encoding: 'utf8' });
}

afterAll(() => rmSync(join(ROOT, 'var', 'logs', `${NAME}.log`), { force: true }));

describe('stop_service', () => {
  it('stops a straggler that outlived its leader and ignores TERM', () => {
    const out = withLib(`
      spawn_service ${NAME} bash -c 'trap "exit 0" TERM; (trap "" TERM; exec sleep 300) & wait'
      sleep 1
      group="$(cat "$(pidfile ${NAME})")"
      echo "members before: $(ps -o pid= -g "$group" | wc -l)"
      stop_service ${NAME} 5 2>&1
      echo "running after: $(ps -o stat= -g "$group" | grep -vc '^Z' || true)"
      [[ -f "$(pidfile ${NAME})" ]] && echo "pid file kept" || echo "pid file removed"
    `);
    expect(out).toContain('members before: 2');
    expect(out).toContain('left processes behind its leader');
    // Zombies waiting for init to reap them are not running.
    expect(out).toContain('running after: 0');
    expect(out).toContain('pid file removed');
  });

  it('stops a well-behaved service with TERM alone, reporting nothing left behind', () => {
    const out = withLib(`
      spawn_service ${NAME} sleep 300
      sleep 0.5
      group="$(cat "$(pidfile ${NAME})")"
      stop_service ${NAME} 5 2>&1
      echo "running after: $(ps -o stat= -g "$group" | grep -vc '^Z' || true)"
    `);
    expect(out).toContain('running after: 0');
    expect(out).not.toContain('did not stop');
    expect(out).not.toContain('left processes behind');
  });
});
