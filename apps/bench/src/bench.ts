/**
 * `pnpm bench`: every performance figure the project promises, each as a
 * ratio measured in this process (absolute times are printed but never
 * trusted alone). Output lines are `name value unit` or `ratio a/b value`;
 * lines starting with `#` are comments.
 *
 *   pnpm bench                      all figures
 *   pnpm bench -- --only kernel,tfjs --runs 5
 *   pnpm bench -- --only tfjs,webgl        (webgl: in headless Chromium)
 */
import { parseBenchArgs } from './bench-args.js';
import { benchKernel } from './kernel-bench.js';
import { benchStateBytes } from './memory-bench.js';
import { benchLionKernel, benchNewOptimizerStateBytes } from './optimizers-bench.js';

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const options = { warmup: args.warmup, runs: args.runs };
  console.log(`# weight-decay bench, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`# warmup ${args.warmup}, runs ${args.runs}, medians; ratios are same-process`);
  if (args.only.has('kernel')) {
    await benchKernel([1e6, 1e7], options);
    await benchLionKernel(options);
  }
  if (args.only.has('tfjs')) {
    await (await import('./tfjs-bench.js')).benchTfjs(options);
    await (await import('./optimizers-bench.js')).benchLionTfjs(options);
  }
  if (args.only.has('gradient')) await (await import('./gradient-bench.js')).benchGradient(options);
  if (args.only.has('average')) {
    const average = await import('./average-bench.js');
    await average.benchAverageKernel(options);
    await average.benchAverageTfjs(options);
  }
  if (args.only.has('webgl')) await (await import('./webgl-bench.js')).benchTfjsWebgl(options);
  if (args.only.has('onnxruntime')) await (await import('./onnxruntime-bench.js')).benchOnnxruntime(options);
  if (args.only.has('memory')) {
    benchStateBytes();
    benchNewOptimizerStateBytes();
    (await import('./average-bench.js')).benchAverageStateBytes();
    await (await import('./tfjs-bench.js')).benchTfjsTensorCounts();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
