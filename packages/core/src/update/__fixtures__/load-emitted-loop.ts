/**
 * Runs a body emitted by `emitJsLoop` as a real module: writes it to a
 * temporary .mjs file and imports it, so tests execute the emitted code
 * without evaluating any string. Core is typechecked without Node's types
 * (it must run in browsers), so the few Node APIs used are typed here.
 */
interface NodeFs {
  mkdtempSync(prefix: string): string;
  writeFileSync(path: string, text: string): void;
  rmSync(path: string, options: { recursive: boolean; force: boolean }): void;
}

/** The emitted loop as a function of the named parameters. */
export type EmittedLoop = (...args: unknown[]) => void;

/**
 * @param body - What `emitJsLoop` returned.
 * @param parameters - The names the body reads: `n`, its arrays and its scalar records.
 */
export async function loadEmittedLoop(body: string, parameters: readonly string[] = ['n', 'p', 'g', 's']): Promise<EmittedLoop> {
  const fs = (await import('node:fs' as string)) as NodeFs;
  const { tmpdir } = (await import('node:os' as string)) as { tmpdir(): string };
  const { pathToFileURL } = (await import('node:url' as string)) as { pathToFileURL(path: string): { href: string } };
  const dir = fs.mkdtempSync(`${tmpdir()}/wd-emit-`);
  try {
    const file = `${dir}/loop.mjs`;
    fs.writeFileSync(file, `export default function loop(${parameters.join(', ')}) {\n${body}\n}\n`);
    return ((await import(pathToFileURL(file).href)) as { default: EmittedLoop }).default;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
