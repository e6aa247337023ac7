// `convbook inspect --json` in traced mode on every model fixture, against real PyTorch's record
// (test/fixtures/models/truth.json): every call a layer lists, and the totals. The fixtures go
// through inspectFile with one in-process runtime (booting one per fixture would take a minute);
// the command itself, through the kernel worker, is run on VGG, the planted bug, a file with
// several models, and the two-file U-Net.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inspectFile, type InspectIo, type InspectJson } from '../../../cli/inspect';
import { main } from '../../../cli/main';
import type { PythonSession } from '../../../python/runtime/python_session';
import { loadModelTruth, type TruthModel } from '../support/model_truth';
import { bundlePythonWorker } from '../python/python_worker';
import { traceOutcome, traceSession } from '../python/trace_cells';

const FIXTURES = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));

function cliArgs(m: TruthModel): string[] {
  return ['--model', m.build, '--input', m.input.join(','), ...(m.args.length ? ['--args', m.args.join(' ')] : [])];
}

/** Each layer's calls are PyTorch's calls of those modules; its own shapes only when they all agree. */
function checkAgainstTruth(result: InspectJson, m: TruthModel): void {
  assert.equal(result.status, 'traced', result.reason ?? '');
  if (result.status !== 'traced') return;
  assert.deepEqual([result.model, result.input, result.total_params, result.total_macs], [m.build, m.input, m.total_params, m.total_macs], m.id);
  const truthCalls = new Map<string, { input_shape: number[] | null; output_shape: number[] | null; params: number; macs: number | null }[]>();
  for (const c of m.calls) {
    if (c.path === null) continue;
    const list = truthCalls.get(c.path) ?? [];
    list.push({ input_shape: c.input_shapes[0] ?? null, output_shape: c.output_shape, params: c.params, macs: c.macs });
    truthCalls.set(c.path, list);
  }
  const classOf = new Map(m.modules.map((r) => [r.path, r.class]));
  let listed = 0;
  for (const layer of result.layers) {
    // A module layer lists calls of modules of its own class only.
    if (layer.layer.startsWith('nn.')) for (const call of layer.calls) assert.equal(`nn.${classOf.get(call.module)}`, layer.layer, `${m.id}: ${layer.file}:${layer.line}: ${call.module}`);
    const byModule = new Map<string, number>();
    for (const call of layer.calls) {
      const k = byModule.get(call.module) ?? 0;
      byModule.set(call.module, k + 1);
      const { module, ...numbers } = call;
      listed++;
      if (!layer.layer.startsWith('nn.')) {
        // A functional call: one of PyTorch's shape-changing calls written at that position.
        const written = m.functional.filter((f) => (f.file === layer.file || f.file.endsWith(`/${layer.file}`)) && f.line === layer.line && f.column === layer.column - 1);
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
        assert.ok(written.some((f) => (f.within ?? '') === module && same(f.input_shapes[0], numbers.input_shape) && same(f.output_shapes[0], numbers.output_shape)), `${m.id}: ${layer.call} within ${module}`);
        continue;
      }
      assert.deepEqual(numbers, truthCalls.get(module)?.[k], `${m.id}: ${layer.file}:${layer.line} ${layer.call}: call ${k} of ${module}`);
    }
    if (layer.calls.length === 0) continue;
    // No number disagrees with PyTorch: a layer's parameter count, read or traced, is each of its modules'.
    if (layer.params && layer.layer.startsWith('nn.')) for (const call of layer.calls) assert.equal(layer.params.total, m.modules.find((r) => r.path === call.module)?.params, `${m.id}: ${layer.call} params`);
    const agreed = (pick: (c: (typeof layer.calls)[number]) => unknown) => (layer.calls.every((c) => JSON.stringify(pick(c)) === JSON.stringify(pick(layer.calls[0]))) ? pick(layer.calls[0]) : null);
    assert.deepEqual([layer.input_shape, layer.output_shape, layer.macs], [agreed((c) => c.input_shape), agreed((c) => c.output_shape), agreed((c) => c.macs)], `${m.id}: ${layer.call}`);
  }
  assert.ok(listed > 0, `${m.id}: the layers list calls`);
  // Every called convolution or linear layer (the layers with MACs) is listed under some layer of
  // the file, unless a library built it (torchvision's Conv2dNormActivation builds its own conv).
  const called = new Set(m.calls.map((c) => c.path));
  const fromFile = new Set(m.modules.filter((r) => r.config !== null && called.has(r.path) && r.built_stack[0] && !/Conv2dNormActivation/.test(readLine(r.built_stack[0].file, r.built_stack[0].line))).map((r) => r.path));
  const listedModules = new Set(result.layers.flatMap((l) => l.calls.map((c) => c.module)));
  for (const path of fromFile) assert.ok(listedModules.has(path), `${m.id}: ${path} is listed`);
}

function readLine(file: string, line: number): string {
  return readFileSync(join(FIXTURES, file), 'utf8').split('\n')[line - 1];
}

describe('convbook inspect, traced, against PyTorch', () => {
  let py: PythonSession;
  let io: InspectIo;
  before(() => {
    py = traceSession(FIXTURES);
    io = {
      readFile: (p) => readFileSync(p, 'utf8'),
      stdout: () => {},
      stderr: () => {},
      resolve: (p) => resolve(FIXTURES, p),
      // In process, with the fixture folder as the workspace: the trace request is the same cell.
      trace: (path, request) => traceOutcome(py, { ...request, file: path.slice(FIXTURES.length) }),
    };
  });

  for (const m of loadModelTruth().models) {
    it(`${m.id}: inspect ${m.file} ${cliArgs(m).join(' ')} --json`, async () => {
      const args = { file: m.file, json: true, static: false, model: m.build, input: m.input, args: m.args, timeoutS: 60 };
      const result = await inspectFile(args, io, readFileSync(join(FIXTURES, m.file), 'utf8'));
      checkAgainstTruth(result, m);
      assert.equal(result.status === 'traced' ? (result.error?.message ?? null) : 'untraced', m.error?.message ?? null);
    });
  }
});

describe('convbook inspect through the kernel worker', () => {
  let workerPath: string;
  before(async () => {
    workerPath = await bundlePythonWorker();
  });
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['inspect', ...argv], { stdout: (t) => (out += t), stderr: (t) => (err += t), workerPath });
    return { code, out, err };
  }

  it('VGG: traced from its hint, no error, every call PyTorch\'s; the table counts calls', async () => {
    const vgg = loadModelTruth().models.find((x) => x.id === 'vgg16')!;
    const json = await cli(join(FIXTURES, 'vgg.py'), '--json');
    assert.equal(json.code, 0, json.err);
    const result = JSON.parse(json.out) as InspectJson;
    assert.equal(result.status === 'traced' && result.input_source, 'hint');
    // The hint is on `model = vgg16()`: the model the file built is traced, as PyTorch's vgg16().
    checkAgainstTruth({ ...result, model: vgg.build } as InspectJson, vgg);
    assert.equal(result.status === 'traced' && result.error, null);
    const text = await cli(join(FIXTURES, 'vgg.py'));
    assert.match(text.out, /^traced model on \(1, 3, 224, 224\) \(from its `# input:` hint\): 138,357,544 params, 15,470,264,320 MACs$/m);
    // make_layers' `nn.Conv2d(in_channels, v, ...)` line built all 13 convolutions.
    assert.match(text.out, /^\s*\d+\s+nn\.Conv2d\s+13\s+varies\s+varies\s+\?/m);
  });

  it('the planted bug: PyTorch\'s error at the forward line, exit status 1', async () => {
    const r = await cli(join(FIXTURES, 'lenet_bug.py'), '--json');
    assert.equal(r.code, 1);
    const result = JSON.parse(r.out) as InspectJson;
    assert.deepEqual(result.status === 'traced' && result.error, { type: 'RuntimeError', message: 'mat1 and mat2 shapes cannot be multiplied (1x400 and 576x120)', file: 'lenet_bug.py', line: 22, column: 20 });
  });

  it('a file it cannot trace is read statically, with the reason and where; --model then traces it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'convbook-inspect-'));
    const file = join(folder, 'two.py');
    writeFileSync(file, [
      'import torch.nn as nn',
      '',
      'def small():',
      '    return nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU())',
      '',
      'def large():',
      '    return nn.Sequential(nn.Conv2d(3, 64, 3), nn.ReLU())',
      '',
    ].join('\n'));
    try {
      const r = await cli(file, '--json');
      assert.equal(r.code, 0, r.err);
      const result = JSON.parse(r.out) as InspectJson;
      assert.equal(result.status, 'static');
      assert.match(result.reason ?? '', /^several models could be traced \(small\(\), large\(\)\)/);
      assert.ok(result.layers.every((l) => l.calls.length === 0 && l.input_shape === null && l.macs === null), 'no assumed input');
      assert.match((await cli(file)).out, /^not traced, read without running: several models could be traced/);
      const traced = JSON.parse((await cli(file, '--model', 'large()', '--input', '1,3,32,32', '--json')).out) as InspectJson;
      assert.deepEqual(traced.layers.map((l) => [l.line, l.layer, l.calls.length, l.output_shape]), [
        [4, 'nn.Conv2d', 0, null], [4, 'nn.ReLU', 0, null], [7, 'nn.Conv2d', 1, [1, 64, 30, 30]], [7, 'nn.ReLU', 1, [1, 64, 30, 30]],
      ]);
      // A top-level error: the static reading, and the reason positioned in the file.
      writeFileSync(file, 'import torch.nn as nn\nconv = nn.Conv2d(3, 8, 3, groups=2)\n');
      const broken = JSON.parse((await cli(file, '--json')).out) as InspectJson;
      assert.equal(broken.reason, 'two.py:2:8: ValueError: in_channels must be divisible by groups');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('resnet.py: the hint under its main guard picks resnet18()', async () => {
    const traced = JSON.parse((await cli(join(FIXTURES, 'resnet.py'), '--json')).out) as InspectJson;
    checkAgainstTruth(traced, loadModelTruth().models.find((x) => x.id === 'resnet18')!);
    assert.equal(traced.status === 'traced' && traced.input_source, 'hint');
  });

  it('the two-file U-Net: the layers of the file it imports, with that file', async () => {
    const r = await cli(join(FIXTURES, 'unet', 'model.py'), '--json');
    const result = JSON.parse(r.out) as InspectJson;
    assert.equal(result.status, 'traced', result.reason ?? '');
    // model.py builds blocks only (ConvPair, Contract...); their nn layers are written in parts.py.
    assert.deepEqual([...new Set(result.layers.map((l) => l.file))], ['parts.py']);
    checkAgainstTruth(result, loadModelTruth().models.find((x) => x.id === 'unet')!);
    // In the table, a layer of another file is shown at file:line.
    assert.match((await cli(join(FIXTURES, 'unet', 'model.py'))).out, /^parts\.py:\d+\s+nn\.Conv2d\s+18\s/m);
    assert.ok(result.layers.some((l) => l.file === 'parts.py' && l.calls.length > 1), 'parts.py layers are called by several blocks');
  });
});
