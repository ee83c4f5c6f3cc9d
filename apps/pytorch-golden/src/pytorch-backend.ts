/**
 * {@link createPytorchBackend}: golden cases replayed on the module that
 * `weight-decay to-pytorch` emits, in float64, through `build_optimizer`.
 *
 * @packageDocumentation
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GoldenBackend, GoldenFixture, GoldenParam, OptimizerRun } from '@weight-decay/golden';
import { emitModule } from './emit-module.js';
import { PythonDriver } from './python-driver.js';

/** Options of {@link createPytorchBackend}. */
export interface PytorchBackendOptions {
  /** The interpreter with PyTorch. Default `/usr/bin/python3` (Debian's python3-torch). */
  python?: string;
  /** How the module is emitted (see `emitModule`). Default `'bin'`. */
  emit?: 'bin' | 'in-process';
  /**
   * Before this 0-based step, continue on fresh parameters and a fresh optimizer
   * loaded from `state_dict()` through the JSON checkpoint helpers. Default: never.
   */
  roundTripAt?: number;
  /** Cases whose schedules `ready()` evaluates in Python (schedule cases are synchronous in the suite). */
  fixtures?: readonly GoldenFixture[];
}

/** A {@link GoldenBackend} with a Python process to close. */
export interface PytorchBackend extends GoldenBackend {
  /** Ends the Python process and removes the emitted modules. */
  close(): Promise<void>;
}

/** JSON carries no NaN or infinities: the driver sends them as the fixture format's strings. */
function numberOf(x: number | string): number {
  return typeof x === 'number' ? x : Number(x);
}

function scheduleKey(schedule: unknown): string {
  return JSON.stringify(schedule);
}

/**
 * A golden backend whose optimizer is the emitted PyTorch module, float64.
 * Every case emits its config through the CLI into a file, loads it in one
 * long-lived Python process and drives it through `build_optimizer`, `step()`,
 * `learning_rate()`, `report_metric()` and `averaged_parameters()` only. Schedule cases are evaluated as the learning
 * rate of an SGD module, in `ready()`.
 */
export function createPytorchBackend(options: PytorchBackendOptions = {}): PytorchBackend {
  const python = options.python ?? '/usr/bin/python3';
  const how = options.emit ?? 'bin';
  const workDir = mkdtempSync(join(tmpdir(), 'wd-pytorch-golden-'));
  const schedules = new Map<string, number[]>();
  const scheduleErrors = new Map<string, string>();
  let driver: PythonDriver | null = null;
  let emitted = 0;

  async function writeModule(config: unknown): Promise<string> {
    const id = emitted++;
    const configPath = join(workDir, `config-${id}.json`);
    writeFileSync(configPath, JSON.stringify(config));
    const modulePath = join(workDir, `optimizer_${id}.py`);
    writeFileSync(modulePath, await emitModule(configPath, how));
    return modulePath;
  }

  function started(): PythonDriver {
    if (driver === null) throw new Error('pytorch backend: ready() was not awaited');
    return driver;
  }

  return {
    name: 'pytorch',
    precision: 'float64',
    async ready() {
      driver ??= new PythonDriver(python);
      try {
        await driver.request({ op: 'ping' });
      } catch (error) {
        throw new Error(`${python} cannot run PyTorch (Debian: apt-get install python3-torch): ${(error as Error).message}`);
      }
      for (const fixture of options.fixtures ?? []) {
        if (fixture.kind !== 'schedule' || schedules.has(scheduleKey(fixture.schedule))) continue;
        try {
          const module = await writeModule({ optimizer: { type: 'sgd', learningRate: fixture.schedule } });
          const { values } = await driver.request<{ values: number[] }>({ op: 'schedule', module, count: fixture.values.length });
          schedules.set(scheduleKey(fixture.schedule), values);
        } catch (error) {
          // Reported by schedule(), so the case fails with the reason instead of the whole run.
          scheduleErrors.set(scheduleKey(fixture.schedule), (error as Error).message);
        }
      }
    },
    async createOptimizerRun(config: unknown, params: Record<string, GoldenParam>): Promise<OptimizerRun> {
      const module = await writeModule(config);
      const process = started();
      let { learningRate } = await process.request<{ learningRate: number }>({
        op: 'create',
        module,
        params,
        roundTripAt: options.roundTripAt ?? null,
      });
      let gradNorm = Number.NaN;
      let skippedUpdates = 0;
      return {
        async step(grads) {
          const answer = await process.request<{
            params: Record<string, (number | string)[]>;
            learningRate: number;
            gradNorm: number | string | null;
            skippedUpdates: number;
          }>({
            op: 'step',
            // JSON has no NaN or ±Infinity: they travel as the strings golden cases use, which Python's float() reads.
            grads: Object.fromEntries(
              Object.entries(grads).map(([name, values]) => [name, values.map((x) => (Number.isFinite(x) ? x : String(x)))]),
            ),
          });
          learningRate = answer.learningRate;
          gradNorm = answer.gradNorm === null ? Number.NaN : numberOf(answer.gradNorm);
          skippedUpdates = answer.skippedUpdates;
          return Object.fromEntries(Object.entries(answer.params).map(([name, values]) => [name, values.map(numberOf)]));
        },
        async reportMetric(value) {
          ({ learningRate } = await process.request<{ learningRate: number }>({ op: 'report', value }));
        },
        async averagedParams() {
          const { params: averaged } = await process.request<{ params: Record<string, (number | string)[]> }>({ op: 'averaged' });
          return Object.fromEntries(Object.entries(averaged).map(([name, values]) => [name, values.map(numberOf)]));
        },
        learningRate: () => learningRate,
        gradNorm: () => gradNorm,
        skippedUpdates: () => skippedUpdates,
      };
    },
    schedule(schedule: unknown) {
      const values = schedules.get(scheduleKey(schedule));
      if (values === undefined) {
        throw new Error(
          `pytorch backend: ${scheduleErrors.get(scheduleKey(schedule)) ?? 'this schedule was not among the cases given to createPytorchBackend'}`,
        );
      }
      return (t: number) => {
        if (t >= values.length) throw new Error(`pytorch backend: schedule evaluated for ${values.length} steps, asked for t = ${t}`);
        return values[t]!;
      };
    },
    async close() {
      await driver?.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
