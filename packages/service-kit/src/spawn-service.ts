import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly healthPort: number;
  /** Sends SIGTERM and resolves with the exit code once the process has drained and exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts a service entry file (a `main.ts` calling runService) as its own Node process through tsx,
 * and resolves once it logged `service started`. Its JSON log lines are passed to `onLog`.
 */
export async function spawnService(
  entryFile: string,
  env: NodeJS.ProcessEnv,
  onLog: (line: string) => void = () => {},
  startTimeoutMs = 30_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entryFile], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  const healthPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entryFile} did not log 'service started' within ${startTimeoutMs} ms (it is logged at level info)`));
    }, startTimeoutMs);
    // 'close', not 'exit': it comes after the last stdout line was passed to onLog.
    child.once('close', (code) => reject(new Error(`${entryFile} exited with ${code} before it started`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        onLog(line);
        if (line.includes('"service started"')) {
          clearTimeout(timer);
          resolve(JSON.parse(line).healthPort);
        }
      }
    });
  });
  return {
    child,
    pid: child.pid!,
    healthPort,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      return code as number | null;
    },
  };
}
