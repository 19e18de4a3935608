/**
 * Static and live exposure checks. SQL/CQL: every template literal in tasks/ that reads
 * like a statement may interpolate only identifiers (keyspaces/tables checked by
 * assertKeyspace or the config schema) and code-defined constants, never a value: values
 * go through bind parameters. Binding: every server in stack/ and tasks/ binds 127.0.0.1
 * by default, and every listening socket on the stack's ports is loopback.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { ports, ROOT } from '../support/stack';

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, ext) : ext.test(name) ? [path] : [];
  });
}

/** Statement shapes, not bare keywords: an error text such as "COPY cannot encode ..." is not SQL. */
const STATEMENT = /\b(SELECT\b[\s\S]*\bFROM|INSERT INTO|UPDATE \S+ SET|DELETE FROM|(CREATE|DROP|ALTER) (TABLE|KEYSPACE|INDEX|TYPE|DATABASE)|TRUNCATE|COPY \S+ (FROM|TO)|WHERE|SET (LOCAL )?\w+ =)\b/;

/**
 * Interpolations that cannot carry a value: a keyspace/table identifier (validated by
 * assertKeyspace or the config schema's CQL-identifier regex), a code-defined upper-case
 * constant (column lists, SQL fragments), placeholder lists, and the replication map
 * rendered from validated config.
 */
const SAFE_INTERPOLATION = [
  /^(ks|keyspace|table|src\.keyspace|this\.keyspace)$/,
  /^assertKeyspace\(\w+\)$/,
  /^[A-Z][A-Z0-9_]*$/,
  /^([A-Z][A-Z0-9_]*|columns)\.join\('[ ,]*'\)$/,
  /^([A-Z][A-Z0-9_]*|columns)\.map\(\(\) => '\?'\)\.join\('[ ,]*'\)$/,
  /^Array\(\d+\)\.fill\('\?'\)\.join\('[ ,]*'\)$/,
  /^[A-Z][A-Z0-9_]*\.map\(\(c\) => `\$\{c\} = EXCLUDED\.\$\{c\}`\)\.join\('[ ,]*'\)$/,
  // A helper applied to a literal column name, e.g. ms('observed_at').
  /^\w+\('[a-z_]+'\)$/,
  // Always a number (SET LOCAL statement_timeout takes no bind parameter).
  /^Math\.max\(\d+, Math\.floor\(\w+\)\)$/,
  /^replicationToCql\(replication\)$/,
  // A choice between two statements that are themselves code constants.
  /^[\w.]+ \? [A-Z][A-Z0-9_]* : [A-Z][A-Z0-9_]*$/,
];

interface Interpolation {
  where: string;
  expr: string;
}

function statementInterpolations(file: string): Interpolation[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Interpolation[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isTemplateExpression(node)) {
      const literalText = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (STATEMENT.test(literalText)) {
        for (const span of node.templateSpans) {
          const line = source.getLineAndCharacterOfPosition(span.expression.getStart()).line + 1;
          found.push({ where: `${relative(ROOT, file)}:${line}`, expr: span.expression.getText(source) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL and CQL are parameterized', () => {
  const all = filesUnder(join(ROOT, 'tasks'), /\.ts$/).flatMap(statementInterpolations);

  it('finds the statements it is meant to police (the scan is not vacuous)', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it('interpolates nothing but validated identifiers and code constants into a statement', () => {
    const unsafe = all.filter((i) => !SAFE_INTERPOLATION.some((re) => re.test(i.expr)));
    expect(unsafe).toEqual([]);
  });

  it('validates every keyspace it interpolates as a lower-case CQL identifier', () => {
    const sections = readFileSync(join(ROOT, 'tasks', 'config', 'sections.ts'), 'utf8');
    expect(sections).toMatch(/keyspace: z\.string\(\)\.regex\(\/\^\[a-z\]\[a-z0-9_\]\{0,47\}\$\//);
    expect(readFileSync(join(ROOT, 'tasks', 'cassandra', 'cql-template.ts'), 'utf8')).toMatch(/export function assertKeyspace/);
  });
});

describe('servers bind to loopback by default', () => {
  const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');

  it('stack.env binds every service to 127.0.0.1', () => {
    expect(text('stack/stack.env')).toMatch(/^AQI_BIND=127\.0\.0\.1$/m);
  });

  it.each([
    ['stack/services/postgres.sh', /listen_addresses="\$AQI_BIND"/],
    // The listeners take the node's host; the single node's host is AQI_BIND.
    ['stack/services/kafka.sh', /^listeners=PLAINTEXT:\/\/\$host:\$\{KAFKA_PORT\},CONTROLLER:\/\/\$host:[\s\S]*kafka_properties 1 "1@\$\{AQI_BIND\}:\$\{KAFKA_CONTROLLER_PORT\}" "\$AQI_BIND"/m],
    ['stack/services/registry.sh', /quarkus\.http\.host="\$AQI_BIND"[\s\S]*quarkus\.management\.host="\$AQI_BIND"/],
    ['stack/conf/cassandra.yaml.template', /^listen_address: @BIND@$[\s\S]*^rpc_address: @BIND@$/m],
    ['airflow/airflow.cfg.template', /^host = @BIND@$/m],
  ])('%s takes its address from AQI_BIND', (path, pattern) => {
    expect(text(path)).toMatch(pattern);
  });

  it('the stack starts the Airflow scheduler without its log server (hard-coded to every interface)', () => {
    expect(text('stack/airflow-supervise.sh')).toMatch(/airflow" scheduler --skip-serve-logs/);
  });

  it('no file in stack/, airflow/ or tasks/ names a wildcard address', () => {
    const files = [...filesUnder(join(ROOT, 'stack'), /\.(sh|env|template|xml|properties|py)$/), ...filesUnder(join(ROOT, 'airflow'), /\.(template|cfg|py)$/), ...filesUnder(join(ROOT, 'tasks'), /\.ts$/)];
    const wildcard = files.filter((f) => /(['"=\s/]0\.0\.0\.0\b|\[::\]|host\s*=\s*""|::\/0)/.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(wildcard).toEqual([]);
  });

  it('every listen() in tasks/ binds 127.0.0.1 or a host whose default is 127.0.0.1', () => {
    const calls = filesUnder(join(ROOT, 'tasks'), /\.ts$/).flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (/\.listen\(/.test(line) ? [{ where: `${relative(ROOT, f)}:${i + 1}`, line: line.trim() }] : [])),
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !/\.listen\([^,]+, ('127\.0\.0\.1'|host\b)/.test(c.line))).toEqual([]);
    expect(text('tasks/commands/serve.ts')).toMatch(/host: z\.string\(\)\.min\(1\)\.default\('127\.0\.0\.1'\)/);
  });

  it('every socket of a stack port, a stack process or a process started from this repository is loopback', () => {
    const stackPorts = new Set(Object.entries(ports).filter(([k]) => k.endsWith('_PORT')).map(([, v]) => v));
    const pidsFile = join(ROOT, 'var', 'run');
    const stackPids = new Set<string>();
    try {
      for (const f of readdirSync(pidsFile)) if (f.endsWith('.pid')) stackPids.add(readFileSync(join(pidsFile, f), 'utf8').trim());
    } catch {
      // No pid files: only the port test below applies.
    }
    const lines = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const exposed = lines.filter((line) => {
      const local = line.trim().split(/\s+/)[3] ?? '';
      const port = local.slice(local.lastIndexOf(':') + 1);
      const loopback = /^(127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:127\.\d+\.\d+\.\d+\]):\d+$/.test(local);
      const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => m[1] ?? '');
      const ours = stackPorts.has(port) || pids.some((p) => startedByProject(p, stackPids));
      return ours && !loopback;
    });
    expect(exposed).toEqual([]);
  });
});

/**
 * Whether a process is the stack's or was started from this repository: it or an ancestor
 * is a supervised stack process, or runs a command from this checkout (e.g. the Airflow
 * scheduler a DAG test starts, whose log server renames itself "airflow serve-logs").
 */
function startedByProject(pid: string, stackPids: Set<string>): boolean {
  let current = pid;
  for (let depth = 0; depth < 12 && current && current !== '1' && current !== '0'; depth++) {
    if (stackPids.has(current)) return true;
    try {
      if (readFileSync(`/proc/${current}/cmdline`, 'utf8').includes(ROOT)) return true;
      current = readFileSync(`/proc/${current}/stat`, 'utf8').replace(/^.*\)\s+\S+\s+/, '').split(' ')[0] ?? '';
    } catch {
      return false;
    }
  }
  return false;
}
