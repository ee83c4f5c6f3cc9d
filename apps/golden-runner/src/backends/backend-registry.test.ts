import { describe, expect, it } from 'vitest';

import { BackendUnavailableError, UnknownBackendError, loadBackend } from './backend-registry.js';

describe('loadBackend', () => {
  it('loads the reference lazily from ./reference.js', async () => {
    const imported: string[] = [];
    const backend = await loadBackend('reference', {}, async (m) => {
      imported.push(m);
      return import(`./${m}.js`);
    });
    expect(imported).toEqual(['reference']);
    expect([backend.name, backend.precision]).toEqual(['reference', 'float64']);
    const f32 = await loadBackend('core-float32');
    expect([f32.name, f32.precision]).toEqual(['core-float32', 'float32']);
  });

  it('rejects names outside the allow-list without importing anything', async () => {
    let imports = 0;
    const load = loadBackend('../../etc/passwd', {}, async () => {
      imports++;
      return {};
    });
    await expect(load).rejects.toBeInstanceOf(UnknownBackendError);
    expect(imports).toBe(0);
  });

  it('passes --tfjs-backend to createTfjsBackend (cpu by default)', async () => {
    const kinds: unknown[] = [];
    const fake = async () => ({
      createTfjsBackend: (kind: unknown) => {
        kinds.push(kind);
        return { name: `fake-${String(kind)}`, precision: 'float32', createOptimizerRun: () => Promise.reject(new Error('unused')) };
      },
    });
    await loadBackend('tfjs', {}, fake);
    await loadBackend('tfjs', { tfjsBackend: 'wasm' }, fake);
    expect(kinds).toEqual(['cpu', 'wasm']);
  });

  it('reports import failures, a missing factory and a rejected ready() as unavailable', async () => {
    await expect(loadBackend('tfjs', {}, () => Promise.reject(new Error('no module')))).rejects.toThrow(
      new BackendUnavailableError('tfjs', 'no module'),
    );
    await expect(loadBackend('onnxruntime', {}, async () => ({}))).rejects.toThrow(
      'backend onnxruntime unavailable: ./onnxruntime.js does not export createOnnxruntimeBackend()',
    );
    const notReady = async () => ({
      createOnnxruntimeBackend: () => ({
        name: 'ort',
        precision: 'float32',
        ready: () => Promise.reject(new Error('no native binding')),
        createOptimizerRun: () => Promise.reject(new Error('unused')),
      }),
    });
    await expect(loadBackend('onnxruntime', {}, notReady)).rejects.toThrow('backend onnxruntime unavailable: no native binding');
  });
});
