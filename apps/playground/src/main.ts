/**
 * The playground page: up to three configs side by side, trained in lockstep
 * (every run finishes epoch k before any starts epoch k + 1) on the chosen
 * tfjs backend, with the charts redrawn after every epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { accuracyChart, lossChart, normChart, weightHistogram, zerosChart, type RunSeries } from './charts.js';
import { loadDigitSplits, type DigitSplits } from './mnist-digits.js';
import { initialPresets } from './presets.js';
import { RunPanel } from './run-panel.js';
import { TrainingRun } from './training-run.js';
import './style.css';

// Vite gives each binary a hashed URL in dist/; tfjs picks one by the browser's features.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const backendSelect = byId<HTMLSelectElement>('backend');
const epochsInput = byId<HTMLInputElement>('epochs');
const runCountSelect = byId<HTMLSelectElement>('run-count');
const trainButton = byId<HTMLButtonElement>('train');
const stopButton = byId<HTMLButtonElement>('stop');
const progress = byId<HTMLProgressElement>('progress');
const status = byId<HTMLElement>('status');
const charts = { loss: byId('chart-loss'), accuracy: byId('chart-accuracy'), zeros: byId('chart-zeros'), norm: byId('chart-norm') };

const panels = initialPresets.map((preset, i) => new RunPanel(String.fromCharCode(65 + i), preset));
byId('runs').append(...panels.map((p) => p.root));
const activePanels = (): RunPanel[] => panels.slice(0, Number(runCountSelect.value));
const showActivePanels = (): void => panels.forEach((p, i) => (p.root.hidden = i >= Number(runCountSelect.value)));
runCountSelect.addEventListener('change', showActivePanels);
showActivePanels();

let digits: DigitSplits | undefined;
let stopRequested = false;

function setChart(figure: HTMLElement, chart: Element, epoch: number): void {
  figure.replaceChildren(chart);
  figure.dataset.epochs = String(epoch);
}

async function drawCharts(series: RunSeries[], runs: TrainingRun[], panelsInRun: RunPanel[]): Promise<void> {
  const epoch = Math.min(...series.map((s) => s.epochs.length)) - 1;
  setChart(charts.loss, lossChart(series), epoch);
  setChart(charts.accuracy, accuracyChart(series), epoch);
  setChart(charts.zeros, zerosChart(series), epoch);
  setChart(charts.norm, normChart(series), epoch);
  const kernels = await Promise.all(runs.map(async (r) => Float32Array.from((await r.parameters()).kernels.flatMap((k) => Array.from(k)))));
  let extent = 0;
  for (const values of kernels) for (const v of values) extent = Math.max(extent, Math.abs(v));
  kernels.forEach((values, i) =>
    setChart(panelsInRun[i].histogram, weightHistogram(values, extent, `Kernel weights after epoch ${epoch}`), epoch),
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function train(): Promise<void> {
  const chosen = activePanels();
  const checks = chosen.map((p) => p.check());
  if (digits === undefined) return;
  if (checks.some((c) => !c.ok)) {
    status.textContent = 'Fix the config errors shown in red first.';
    return;
  }
  const backend = backendSelect.value;
  const epochs = Math.max(1, Math.min(100, Math.floor(Number(epochsInput.value)) || 1));
  stopRequested = false;
  trainButton.disabled = true;
  stopButton.disabled = false;
  panels.forEach((p) => {
    p.disabled = true;
    p.showMetrics(undefined);
  });
  const runs: TrainingRun[] = [];
  const started = performance.now();
  try {
    status.textContent = `Starting the ${backend} backend…`;
    if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend)
      throw new Error(`the ${backend} backend could not start in this browser`);
    await tf.ready();
    for (const [i, panel] of chosen.entries()) {
      try {
        runs.push(new TrainingRun((checks[i] as { config: unknown }).config, digits));
      } catch (error) {
        panel.showError(describeError(error));
        throw error;
      }
    }
    const series: RunSeries[] = chosen.map((p) => ({ label: p.label, epochs: [] }));
    const totalBatches = epochs * runs.length * runs[0].batches;
    progress.max = totalBatches;
    progress.value = 0;
    const measure = async (i: number): Promise<void> => {
      const metrics = await runs[i].measure();
      series[i].epochs.push(metrics);
      chosen[i].showMetrics(metrics);
    };
    status.textContent = 'Scoring the untrained model…';
    for (let i = 0; i < runs.length; i++) await measure(i);
    await drawCharts(series, runs, chosen);
    for (let epoch = 1; epoch <= epochs && !stopRequested; epoch++) {
      for (let i = 0; i < runs.length && !stopRequested; i++) {
        await runs[i].trainEpoch(async (batch) => {
          progress.value = ((epoch - 1) * runs.length + i) * runs[i].batches + batch;
          status.textContent = `Training on ${backend}: epoch ${epoch}/${epochs}, run ${chosen[i].label}, batch ${batch}/${runs[i].batches}`;
          await tf.nextFrame();
        });
        await measure(i);
      }
      if (!stopRequested) await drawCharts(series, runs, chosen);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    status.textContent = `${stopRequested ? 'Stopped' : 'Done'}: ${Math.min(...series.map((s) => s.epochs.length)) - 1} epoch(s) on ${backend} in ${seconds} s (${totalBatches / epochs / runs.length} updates per epoch and run).`;
  } catch (error) {
    status.textContent = `Training failed: ${describeError(error)}`;
  } finally {
    runs.forEach((r) => r.dispose());
    trainButton.disabled = false;
    stopButton.disabled = true;
    panels.forEach((p) => (p.disabled = false));
  }
}

trainButton.addEventListener('click', () => void train());
stopButton.addEventListener('click', () => {
  stopRequested = true;
});

trainButton.disabled = true;
loadDigitSplits(new URL('./', document.baseURI)).then(
  (loaded) => {
    digits = loaded;
    trainButton.disabled = false;
    status.textContent = `Ready: ${loaded.train.size} training and ${loaded.validation.size} validation digits.`;
  },
  (error: unknown) => {
    status.textContent = `Could not load the digits: ${describeError(error)}`;
  },
);
