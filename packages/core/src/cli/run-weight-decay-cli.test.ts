import { describe, expect, it } from 'vitest';
import { emitPytorchModule } from '../to-pytorch/index.js';
import { runWeightDecayCli, weightDecayExitCodes } from './run-weight-decay-cli.js';

const files: Record<string, string> = {
  'good.json': JSON.stringify({ optimizer: { type: 'adam', learningRate: 0.001 }, decay: [{ type: 'decoupled', rate: 0.01 }] }),
  'bad.json': JSON.stringify({
    optimizer: { type: 'adam', learningRate: 0.001 },
    decay: [{ type: 'decoupled', rate: 0.01, scaling: 'sometimes' }],
  }),
  'broken.json': '{ "optimizer": ',
};

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  const err: string[] = [];
  const read = async (path: string): Promise<string> => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
  const code = await runWeightDecayCli(argv, { out: (text) => (out += text), err: (line) => err.push(line) }, read);
  return { code, out, err: err.join('\n') };
}

describe('weight-decay CLI', () => {
  it('to-pytorch prints the module of the config', async () => {
    const { code, out, err } = await cli('to-pytorch', 'good.json');
    expect(code).toBe(weightDecayExitCodes.ok);
    expect(out).toBe(emitPytorchModule(JSON.parse(files['good.json']!)));
    expect(err).toBe('');
  });

  it('names the offending field of an invalid config and prints nothing on stdout', async () => {
    const { code, out, err } = await cli('to-pytorch', 'bad.json');
    expect(code).toBe(weightDecayExitCodes.badInput);
    expect(out).toBe('');
    expect(err).toMatch(/^weight-decay: bad\.json: invalid config: decay\[0\]\.scaling: expected/);
  });

  it.each([
    ['broken.json', /broken\.json: .*JSON/],
    ['missing.json', /missing\.json: ENOENT/],
  ])('reports %s as bad input', async (file, message) => {
    const { code, err } = await cli('to-pytorch', file);
    expect(code).toBe(weightDecayExitCodes.badInput);
    expect(err).toMatch(message);
  });

  it.each([[[]], [['to-tfjs', 'good.json']], [['to-pytorch']], [['to-pytorch', 'a.json', 'b.json']], [['to-pytorch', '--out', 'x']]])(
    'exits 2 with the usage for %j',
    async (argv) => {
      const { code, out, err } = await cli(...argv);
      expect(code).toBe(weightDecayExitCodes.usage);
      expect(out).toBe('');
      expect(err).toContain('Usage: weight-decay to-pytorch CONFIG.json');
    },
  );

  it('prints the usage for --help', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(weightDecayExitCodes.ok);
    expect(out).toContain('Usage: weight-decay to-pytorch CONFIG.json');
  });
});
