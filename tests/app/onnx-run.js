// onnx-run.js — runs an ONNX model in ONNX Runtime (onnxruntime-node, CPU) on rows of numbers and prints
// its first output, one row per line, values comma-separated in full precision.
//
// Usage: node onnx-run.js MODEL.onnx SIGNALS.txt CHANNELS LENGTH float32|float64
//   SIGNALS.txt: one row per line, CHANNELS x LENGTH comma-separated numbers (channel after channel).
// onnxruntime-node is found through NODE_PATH (test-cli-onnx.sh and scripts/test install it).
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main () {
  const [modelPath, signalsPath, channelsText, lengthText, dtype] = process.argv.slice(2);
  const channels = Number(channelsText), length = Number(lengthText);
  if (!modelPath || !(channels >= 1) || !(length >= 1) || (dtype !== 'float32' && dtype !== 'float64')) {
    console.error('usage: node onnx-run.js MODEL.onnx SIGNALS.txt CHANNELS LENGTH float32|float64');
    process.exit(2);
  }
  const rows = fs.readFileSync(signalsPath, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const perRow = channels * length;
  const Array_ = dtype === 'float32' ? Float32Array : Float64Array;
  const data = new Array_(rows.length * perRow);
  rows.forEach((line, i) => {
    const values = line.split(',').map(Number);
    if (values.length !== perRow) {
      throw new Error(`${signalsPath}:${i + 1}: ${values.length} values, expected ${perRow}`);
    }
    data.set(values, i * perRow);
  });
  const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] });
  const feeds = { [session.inputNames[0]]: new ort.Tensor(dtype, data, [rows.length, channels, length]) };
  const results = await session.run(feeds);
  const out = results[session.outputNames[0]];
  const k = out.dims[1];
  const lines = [];
  for (let i = 0; i < out.dims[0]; i++) {
    lines.push(Array.from(out.data.subarray(i * k, (i + 1) * k), (v) => String(v)).join(','));
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e) => {
  console.error(`onnx-run: ${e.message}`);
  process.exit(1);
});
