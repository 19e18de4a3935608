/** The soak's side of simulator-process.ts: start it, move its clock, stop it. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ClockedSimulator {
  url: string;
  pid: number;
  /** Resolves once the simulator answers with the new clock. */
  setClock(moment: Date): Promise<void>;
  stop(): Promise<void>;
}

export function startClockedSimulator(stations: number, seed: number, clock: Date): Promise<ClockedSimulator> {
  const child = spawn(process.execPath, [join(__dirname, 'simulator-process.js'), String(stations), String(seed), clock.toISOString()], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  // A simulator that died answers every pending and later question with '' instead of hanging the soak.
  let dead = false;
  const nextLine = () => new Promise<string>((resolve) => (dead ? resolve('') : waiting.push(resolve)));
  lines.on('line', (line) => waiting.shift()?.(line));
  lines.on('close', () => {
    dead = true;
    for (const answer of waiting.splice(0)) answer('');
  });
  child.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`soak simulator exited (${code}) before listening`)));
    void nextLine().then((first) => {
      const url = (JSON.parse(first) as { url: string }).url;
      resolve({
        url,
        pid: child.pid ?? -1,
        async setClock(moment) {
          const ack = nextLine();
          child.stdin.write(`${moment.toISOString()}\n`);
          const line = await ack;
          if (line !== `clock ${moment.toISOString()}`) throw new Error(`soak simulator answered ${line}`);
        },
        async stop() {
          child.stdin.end();
          await exited;
        },
      });
    }).catch(reject);
  });
}
