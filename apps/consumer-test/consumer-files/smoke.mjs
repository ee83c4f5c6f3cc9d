import * as tf from '@tensorflow/tfjs';
import * as core from '@weight-decay/core';
import * as onnxruntime from '@weight-decay/onnxruntime';
import * as tfjs from '@weight-decay/tfjs';
import checks from './smoke-checks.cjs';

await checks.runSmokeChecks({ tf, core, tfjs, onnxruntime });
console.log('esm ok');
