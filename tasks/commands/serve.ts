import { Command, Option } from 'commander';
import { z } from 'zod';
import { runStep } from '../core/run-command';
import { startDashboard } from '../serve/start';

const flags = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(18088),
  webDir: z.string().min(1).optional(),
  airflowUrl: z.url().default('http://127.0.0.1:18080'),
  airflowUser: z.string().min(1).default('admin'),
  airflowPasswordFile: z.string().min(1).optional(),
  healthTimeoutMs: z.coerce.number().int().min(100).max(60_000).default(5000),
});

/**
 * `aqi serve`: the read-only dashboard (page, JSON API, CSV/JSON exports) on 127.0.0.1
 * until SIGINT/SIGTERM. The summary line is printed when it stops.
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the dashboard, its JSON API and the CSV/JSON exports (read-only)')
    .addOption(new Option('--host <host>', 'address to bind; loopback unless you mean to expose it').env('AQI_DASHBOARD_HOST'))
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').env('DASHBOARD_PORT'))
    .option('--web-dir <dir>', 'folder with the built page (default dist/web)')
    .addOption(new Option('--airflow-url <url>', 'Airflow API server').env('AQI_AIRFLOW_URL'))
    .addOption(new Option('--airflow-user <name>', 'Airflow user (simple auth manager)').env('AQI_AIRFLOW_USER'))
    .option('--airflow-password-file <path>', 'passwords.json of the simple auth manager (default var/airflow/passwords.json); AQI_AIRFLOW_PASSWORD wins')
    .option('--health-timeout-ms <ms>', 'deadline for each part of the health view')
    .action(async (opts: Record<string, unknown>) => {
      const code = await runStep('serve', flags, opts, async ({ config, log, signal }) => {
        const f = config.flags;
        const dashboard = await startDashboard(config, { ...f, host: f.host, port: f.port }, log);
        log.info('dashboard listening', { url: dashboard.url });
        let requests = 0;
        dashboard.server.on('request', () => (requests += 1));
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        await dashboard.close();
        return { url: dashboard.url, requests };
      });
      process.exitCode = code;
    });
}
