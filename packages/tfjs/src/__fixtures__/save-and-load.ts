import * as tf from '@tensorflow/tfjs';

/**
 * Saves a model with its optimizer into memory (`includeOptimizer: true`) and
 * loads it back with `tf.loadLayersModel`, as an app would through any IOHandler.
 * Test helper.
 *
 * @param model - A compiled model.
 * @returns The restored model, with its restored optimizer.
 */
export async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer: true },
  );
  if (saved === undefined) throw new Error('model.save did not call the save handler');
  return tf.loadLayersModel(tf.io.fromMemory(saved));
}
