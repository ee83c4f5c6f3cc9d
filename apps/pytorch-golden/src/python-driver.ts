/**
 * {@link PythonDriver}: one long-lived `python/golden_driver.py` process,
 * spoken to in JSON lines, one request at a time.
 *
 * @packageDocumentation
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The driver script, shipped beside this package's sources. */
export const driverScript = fileURLToPath(new URL('../python/golden_driver.py', import.meta.url));

/** An error the driver answered with; `path` is the config path a ConfigError named, if any. */
export class DriverError extends Error {
  /** The config path named by the Python error, or null. */
  readonly path: string | null;

  /**
   * @param message - `ClassName: message` as the driver wrote it.
   * @param path - the error's `path` attribute, or null.
   */
  constructor(message: string, path: string | null) {
    super(message);
    this.name = 'DriverError';
    this.path = path;
  }
}

/** A running driver process. */
export class PythonDriver {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string | Error) => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private stderr = '';
  private exited: Error | null = null;

  /** @param python - the interpreter, e.g. `/usr/bin/python3` (which has Debian's python3-torch). */
  constructor(python: string) {
    this.process = spawn(python, [driverScript], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr.on('data', (chunk: Buffer) => {
      // Keep the tail only: it holds the traceback that explains an exit.
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: this.process.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    const fail = (error: Error): void => {
      this.exited = error;
      for (const resolve of this.waiting.splice(0)) resolve(error);
    };
    this.process.on('error', fail);
    this.process.on('exit', (code, signal) =>
      fail(new Error(`${python} ${driverScript} exited (${signal ?? `code ${String(code)}`}): ${this.stderr.trim() || 'no output'}`)),
    );
  }

  /**
   * Sends one request and waits for its answer.
   *
   * @throws DriverError when the driver answers with an error; Error when the process is gone.
   */
  request<T>(message: Record<string, unknown>): Promise<T> {
    const answer = this.queue.then(
      () =>
        new Promise<T>((resolve, reject) => {
          if (this.exited !== null) {
            reject(this.exited);
            return;
          }
          this.waiting.push((line) => {
            if (line instanceof Error) {
              reject(line);
              return;
            }
            const parsed = JSON.parse(line) as T & { error?: string; path?: string | null };
            if (parsed.error !== undefined) reject(new DriverError(parsed.error, parsed.path ?? null));
            else resolve(parsed);
          });
          this.process.stdin.write(`${JSON.stringify(message)}\n`);
        }),
    );
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  /** Ends the process (closing its input lets it finish by itself). */
  async close(): Promise<void> {
    if (this.exited !== null) return;
    const done = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.stdin.end();
    await done;
  }
}
