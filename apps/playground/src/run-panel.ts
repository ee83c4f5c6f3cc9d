/** One config column: preset picker, JSON editor with its validation, the run's numbers and weight histogram. */
import { checkConfigText, type ConfigCheck } from './config-check.js';
import { configText, presets } from './presets.js';
import type { EpochMetrics } from './training-run.js';

const custom = 'custom';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.textContent = text;
  return node;
}

export class RunPanel {
  readonly root: HTMLElement;
  readonly histogram: HTMLElement;
  private readonly preset: HTMLSelectElement;
  private readonly editor: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private readonly stats: Record<'epoch' | 'val-accuracy' | 'val-loss' | 'train-loss' | 'zeros' | 'norm', HTMLElement>;

  constructor(
    readonly letter: string,
    initialPreset: string,
  ) {
    this.root = element('article', { class: 'run', 'data-testid': `run-${letter}` });
    this.preset = element('select', { 'aria-label': `Preset of run ${letter}`, 'data-testid': 'preset' });
    for (const p of presets) this.preset.append(element('option', { value: p.label }, p.label));
    this.preset.append(element('option', { value: custom }, 'custom (edited)'));
    this.editor = element('textarea', { spellcheck: 'false', 'aria-label': `Config of run ${letter}`, 'data-testid': 'config-editor' });
    this.error = element('p', { class: 'config-error', 'data-testid': 'config-error', role: 'alert' });
    const heading = element('h2', {}, `Run ${letter}`);
    heading.append(this.preset);
    const list = element('dl', { class: 'stats' });
    const stat = (id: keyof RunPanel['stats'], label: string): HTMLElement => {
      const value = element('dd', { 'data-testid': id }, '–');
      list.append(element('dt', {}, label), value);
      return value;
    };
    this.stats = {
      epoch: stat('epoch', 'epochs done'),
      'val-accuracy': stat('val-accuracy', 'validation accuracy'),
      'val-loss': stat('val-loss', 'validation loss'),
      'train-loss': stat('train-loss', 'training loss'),
      zeros: stat('zeros', 'exact zeros'),
      norm: stat('norm', 'weight norm'),
    };
    this.histogram = element('figure', { 'data-testid': 'chart-histogram' });
    this.root.append(heading, this.editor, this.error, list, this.histogram);

    this.preset.value = initialPreset;
    this.editor.value = configText(presets.find((p) => p.label === initialPreset)?.config);
    this.preset.addEventListener('change', () => {
      const chosen = presets.find((p) => p.label === this.preset.value);
      if (chosen) this.editor.value = configText(chosen.config);
      this.check();
    });
    this.editor.addEventListener('input', () => {
      const same = presets.find((p) => configText(p.config) === this.editor.value);
      this.preset.value = same ? same.label : custom;
      this.check();
    });
  }

  /** The run's name in charts: its letter and preset, e.g. `B: AdamW (decoupled)`. */
  get label(): string {
    return `${this.letter}: ${this.preset.value}`;
  }

  /** Validates the editor's text and shows every problem with its path. */
  check(): ConfigCheck {
    const result = checkConfigText(this.editor.value);
    this.showError(result.ok ? '' : result.problems.join('\n'));
    return result;
  }

  /** Shows an error under the editor (an empty string clears it). */
  showError(message: string): void {
    this.error.textContent = message;
    this.editor.setAttribute('aria-invalid', String(message !== ''));
  }

  /** Shows the latest epoch's numbers. */
  showMetrics(m: EpochMetrics | undefined): void {
    const text = (id: keyof RunPanel['stats'], value: string): void => {
      this.stats[id].textContent = value;
    };
    text('epoch', m === undefined ? '–' : String(m.epoch));
    text('val-accuracy', m === undefined ? '–' : m.validationAccuracy.toFixed(4));
    text('val-loss', m === undefined ? '–' : m.validationLoss.toFixed(4));
    text('train-loss', m === undefined ? '–' : m.trainLoss.toFixed(4));
    text('zeros', m === undefined ? '–' : `${(100 * m.zeroFraction).toFixed(2)} %`);
    text('norm', m === undefined ? '–' : m.weightNorm.toFixed(2));
  }

  set disabled(value: boolean) {
    this.preset.disabled = value;
    this.editor.readOnly = value;
  }
}
