/**
 * Starts `hub/main.ts` as a child process on loopback and waits for its "listening" line.
 * For the integration tests and the loadtest: a real process, a real SQLite file.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const LISTENING = /Raut hub listening on (http:\/\/\S+)/;

export interface SpawnHubOptions {
  dataDir: string;
  /** 0 (default) lets the system pick a free port. */
  port?: number;
  extraArgs?: readonly string[];
  startTimeoutMs?: number;
}

export interface RunningHub {
  url: string;
  process: ChildProcess;
  /** Everything the hub printed so far, for failure messages. */
  output(): string;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, for "nothing acknowledged is lost" tests. */
  kill(): Promise<void>;
}

export function spawnHub(options: SpawnHubOptions): Promise<RunningHub> {
  const args = ['--import', 'tsx', 'hub/main.ts', '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--data', options.dataDir, ...(options.extraArgs ?? [])];
  // Plain node with the tsx loader, not the tsx CLI: one process, so a signal reaches the hub itself.
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], process: child, output: () => output, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`hub exited before listening (code ${code}, signal ${sig}):\n${output}`));
    });
  });
}
