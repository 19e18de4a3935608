/**
 * The soak's WAQI simulator process: the server of `aqi simulate` (tasks/simulator/server.ts)
 * with a clock the soak moves over stdin. `aqi simulate --clock` pins one instant for the
 * life of the process, and restarting it every cycle would hide any growth of the
 * simulator's own memory, which the soak reports.
 *
 * argv: stations seed first-clock-iso. stdout: one line {"url": ...} once listening, then
 * "clock <iso>" after each ISO line read from stdin. Exits when stdin closes, so it never
 * outlives the soak.
 */
import { createInterface } from 'node:readline';
import { startSimulator } from '../../tasks/simulator/server';

async function main(): Promise<void> {
  const [stations, seed, firstClock] = process.argv.slice(2);
  let clock = new Date(firstClock ?? Date.now());
  const sim = await startSimulator({ stations: Number(stations), seed: Number(seed), clock: () => clock });
  process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const next = new Date(line.trim());
    if (Number.isNaN(next.getTime())) continue;
    clock = next;
    process.stdout.write(`clock ${clock.toISOString()}\n`);
  }
  await sim.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
