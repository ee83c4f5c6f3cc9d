/** Starting configs: the lab's own config files, bundled at build time. */
import decoupled from '@weight-decay/lab/configs/decoupled.json';
import l1Proximal from '@weight-decay/lab/configs/l1-proximal.json';
import l1Subgradient from '@weight-decay/lab/configs/l1-subgradient.json';
import l2 from '@weight-decay/lab/configs/l2.json';
import none from '@weight-decay/lab/configs/none.json';

export interface Preset {
  label: string;
  config: unknown;
}

export const presets: readonly Preset[] = [
  { label: 'none', config: none },
  { label: 'AdamW (decoupled)', config: decoupled },
  { label: 'L1 proximal', config: l1Proximal },
  { label: 'L2 (coupled)', config: l2 },
  { label: 'L1 subgradient', config: l1Subgradient },
];

/** The runs side by side when the page opens: no decay, AdamW, proximal L1. */
export const initialPresets: readonly string[] = ['none', 'AdamW (decoupled)', 'L1 proximal'];

/** Pretty JSON as shown in the editor. */
export const configText = (config: unknown): string => `${JSON.stringify(config, null, 2)}\n`;
