const tf = require('@tensorflow/tfjs');
const core = require('@weight-decay/core');
const onnxruntime = require('@weight-decay/onnxruntime');
const tfjs = require('@weight-decay/tfjs');
const { runSmokeChecks } = require('./smoke-checks.cjs');

runSmokeChecks({ tf, core, tfjs, onnxruntime }).then(
  () => console.log('cjs ok'),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
