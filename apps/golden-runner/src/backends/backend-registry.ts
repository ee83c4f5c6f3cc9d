import type { GoldenBackend } from '@weight-decay/golden';
import { WeightDecayError } from '@weight-decay/core';

/** Names `--backend` accepts: a fixed allow-list, each loaded lazily from `./<module>.js`. */
export const backendNames = ['reference', 'core-float32', 'tfjs', 'tfjs-wrapper', 'onnxruntime'] as const;

/** One of {@link backendNames}. */
export type BackendName = (typeof backendNames)[number];

/** The tfjs backends `--tfjs-backend` accepts. */
export const tfjsKinds = ['cpu', 'wasm'] as const;

/** Options some backends take. */
export interface BackendOptions {
  /** Which tfjs backend `tfjs` and `tfjs-wrapper` run on. Default `'cpu'`. */
  tfjsBackend?: (typeof tfjsKinds)[number];
}

/** Imports a backend module by its file name (without extension); replaceable in tests. */
export type BackendModuleImporter = (module: string) => Promise<Record<string, unknown>>;

/** `--backend` named something outside the allow-list. */
export class UnknownBackendError extends WeightDecayError {
  /** The name given. */
  readonly backend: string;

  /** @param backend - the name given. */
  constructor(backend: string) {
    super(`unknown backend ${JSON.stringify(backend)} (expected one of ${backendNames.join(', ')})`);
    this.name = 'UnknownBackendError';
    this.backend = backend;
  }
}

/** A known backend cannot run here: its module failed to load, or its `ready()` rejected. */
export class BackendUnavailableError extends WeightDecayError {
  /** The backend's name. */
  readonly backend: string;
  /** Why, e.g. the import error. */
  readonly reason: string;

  /**
   * @param backend - the backend's name.
   * @param reason - why it cannot run.
   */
  constructor(backend: string, reason: string) {
    super(`backend ${backend} unavailable: ${reason}`);
    this.name = 'BackendUnavailableError';
    this.backend = backend;
    this.reason = reason;
  }
}

interface Entry {
  module: string;
  factory: string;
  create(factory: (...args: unknown[]) => GoldenBackend, options: BackendOptions): GoldenBackend;
}

const entries: Record<BackendName, Entry> = {
  reference: { module: 'reference', factory: 'createReferenceBackend', create: (f) => f() },
  'core-float32': { module: 'reference', factory: 'createCoreFloat32Backend', create: (f) => f() },
  tfjs: { module: 'tfjs', factory: 'createTfjsBackend', create: (f, o) => f(o.tfjsBackend ?? 'cpu') },
  'tfjs-wrapper': { module: 'tfjs-wrapper', factory: 'createTfjsWrapperBackend', create: (f, o) => f(o.tfjsBackend ?? 'cpu') },
  onnxruntime: { module: 'onnxruntime', factory: 'createOnnxruntimeBackend', create: (f) => f() },
};

/** Dynamic import of a sibling module; the name always comes from the allow-list above. */
const importSibling: BackendModuleImporter = (module) => import(`./${module}.js`) as Promise<Record<string, unknown>>;

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads a backend by name, lazily (only its module is imported), and waits
 * for its `ready()`.
 *
 * @param name - one of {@link backendNames}.
 * @param options - backend options (`tfjsBackend`).
 * @param importModule - how to import a backend module (tests replace it).
 * @throws UnknownBackendError for a name outside the allow-list.
 * @throws BackendUnavailableError when the module cannot be imported, lacks its
 *   factory, the factory throws, or `ready()` rejects.
 */
export async function loadBackend(
  name: string,
  options: BackendOptions = {},
  importModule: BackendModuleImporter = importSibling,
): Promise<GoldenBackend> {
  if (!(backendNames as readonly string[]).includes(name)) throw new UnknownBackendError(name);
  const entry = entries[name as BackendName];
  let module: Record<string, unknown>;
  try {
    module = await importModule(entry.module);
  } catch (error) {
    throw new BackendUnavailableError(name, reasonOf(error));
  }
  const factory = module[entry.factory];
  if (typeof factory !== 'function') {
    throw new BackendUnavailableError(name, `./${entry.module}.js does not export ${entry.factory}()`);
  }
  let backend: GoldenBackend;
  try {
    backend = entry.create(factory as (...args: unknown[]) => GoldenBackend, options);
    await backend.ready?.();
  } catch (error) {
    throw new BackendUnavailableError(name, reasonOf(error));
  }
  return backend;
}
