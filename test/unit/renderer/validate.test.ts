// The renderer's payload validation (renderer/validate): what the kernel emits passes, under the
// default display settings and at their maxima; each rule refuses what breaks it with a message
// naming the field; and the attacks on stored outputs (sizes of 1e9) are refused at once.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_KERNEL_SETTINGS, MIME, type KernelSettings, type SweepPayload, type WindowConfig } from '../../../contract';
import { torchPackageInstaller } from '../../../python/install_package';
import { PythonSession } from '../../../python/runtime/python_session';
import { PREAMBLE } from '../support/cells';
import { ORIGIN_HINT } from '../../../renderer/validate/checks';
import { MAX_AXIS, MAX_DEFORM_CELLS, MAX_DEFORM_TAPS, MAX_FORMULAS, MAX_LATEX, MAX_LATEX_TOTAL, MAX_NOTES, MAX_PLANE_VALUES, MAX_SWEEP_CELLS, MAX_TABLE_ROWS, MAX_TEXT } from '../../../renderer/validate/limits';
import { validatePayload } from '../../../renderer/validate/payloads';
import { BLOG, comparisonPayload, convSweep, deformPayload, everyView, featureMap, geometryOnly, golden, poolSweep, receptiveFieldPayload, summaryPayload, tensorPayload, transposeSweep } from '../../browser/fixtures';
import { loadGolden, type GoldenCase } from '../support/golden';

const MAX_SETTINGS: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, maxDisplayPlanes: 1024, maxDisplayValues: 1024 * 1024 };

const sessions = new Map<KernelSettings, Promise<PythonSession>>();

/** A Python session with these display settings, convbook's torch installed and the usual imports. */
function sessionFor(settings: KernelSettings): Promise<PythonSession> {
  let s = sessions.get(settings);
  if (!s) {
    s = (async () => {
      const session = new PythonSession({ settings, installer: torchPackageInstaller({ packageDir: path.resolve(__dirname, '../../../python/pkg'), settings }) });
      await session.execute(`${PREAMBLE}\nfrom convbook import compare, cost, offsets, receptive_field, summary, sweep`);
      return session;
    })();
    sessions.set(settings, s);
  }
  return s;
}

/** Every convbook payload a cell outputs, run as the kernel runs it. */
async function cellPayloads(source: string, settings = DEFAULT_KERNEL_SETTINGS): Promise<[string, unknown][]> {
  const result = await (await sessionFor(settings)).execute(source);
  if (result.error) throw new Error(`${result.error.name}: ${result.error.message}`);
  const found: [string, unknown][] = [];
  for (const output of result.outputs) for (const item of output.items) if (item.mime.startsWith('application/vnd.convbook')) found.push([item.mime, item.value]);
  assert.ok(found.length > 0, `the cell printed a convbook output: ${source}`);
  return found;
}

/** A deep copy, as a payload read back from a notebook file would be. */
function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function refused(mime: string, payload: unknown, pattern: RegExp): void {
  assert.throws(
    () => validatePayload(mime, payload),
    (e: Error) => {
      assert.match(e.message, pattern);
      assert.ok(e.message.endsWith(`(${ORIGIN_HINT})`), e.message);
      return true;
    },
  );
}

function sweepWith(patch: Partial<WindowConfig>, rest: Partial<SweepPayload> = {}): SweepPayload {
  const p = copy(convSweep(BLOG));
  return { ...p, config: { ...p.config, ...patch }, ...rest };
}

const KERNEL_CELLS = [
  'torch.ones(2, 3, 8, 8)',
  'torch.ones(1, 64, 256, 256)',
  'torch.ones(3, 5)',
  'torch.ones(7)',
  'torch.zeros(2, 2) / 0',
  'nn.Conv2d(3, 4, 3, stride=2, padding=1)(torch.ones(1, 3, 16, 16))',
  'nn.Conv2d(2, 4, 3, groups=2, dilation=2, bias=False)(torch.ones(1, 2, 12, 12))',
  "nn.Conv2d(1, 1, 3, padding=2, padding_mode='reflect')(torch.ones(1, 1, 6, 6))",
  "nn.Conv1d(2, 2, 4, padding='same', dilation=2)(torch.ones(1, 2, 12))",
  'nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1)(torch.ones(1, 2, 5, 5))',
  'nn.ConvTranspose1d(1, 1, 4, stride=3, padding=2)(torch.ones(1, 1, 6))',
  'nn.MaxPool2d(3, stride=2, ceil_mode=True)(torch.ones(1, 1, 8, 8))',
  'nn.MaxPool2d(2, stride=2, padding=1, dilation=2, ceil_mode=True)(torch.ones(1, 2, 9, 9))',
  'nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)(torch.ones(1, 1, 9, 9))',
  'nn.Conv3d(1, 2, 3)(torch.ones(1, 1, 5, 5, 5))',
  'y = nn.Conv2d(3, 8, 3, padding=1)(torch.ones(1, 3, 100, 100))\nsweep(y, channel=5)',
  'y = nn.ConvTranspose2d(16, 4, 4, stride=2, padding=1)(torch.ones(1, 16, 32, 32))\nsweep(y)',
  'sweep(nn.Conv2d(3, 16, 3, stride=2, padding=1), input_size=(1, 3, 224, 224))',
  'sweep(nn.Conv1d(1, 1, 5, stride=3), input_size=(1, 1, 100))',
  'torch.manual_seed(3)\nimg = torch.randn(1, 1, 6, 6)\noff = offsets.rotation(kernel_size=3, output_size=(6, 6), angle=30)\ndeform_conv2d(img, off, torch.ones(1, 1, 3, 3), padding=1)',
  'img = torch.randn(1, 1, 20, 20)\nw = torch.ones(1, 1, 3, 3) / 9\noff = offsets.random(kernel_size=3, output_size=(20, 20), amplitude=1.5, seed=1)\ndeform_conv2d(img, off, w, padding=1)',
  'nn.Conv2d(64, 128, 3, stride=2, padding=1)',
  'cost(nn.Conv2d(64, 128, 3, stride=2, padding=1), input_size=(1, 64, 56, 56))',
  'summary(nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.Flatten(), nn.Linear(32 * 14 * 14, 10)), input_size=(1, 3, 32, 32))',
  'receptive_field(nn.Sequential(nn.Conv2d(3, 64, 11, stride=4, padding=2), nn.MaxPool2d(3, stride=2), nn.Conv2d(64, 192, 5, padding=2)), input_size=(1, 3, 224, 224))',
  'compare(nn.Conv2d(64, 128, 3, padding=1), nn.Sequential(nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.Conv2d(64, 128, 1)), input_size=(1, 64, 56, 56))',
];

describe('payload validation accepts what convbook produces', () => {
  it('accepts every output of the kernel, as stored in a notebook, under the default display settings', async () => {
    const mimes = new Set<string>();
    for (const source of KERNEL_CELLS) {
      for (const [mime, payload] of await cellPayloads(source)) {
        mimes.add(mime);
        assert.doesNotThrow(() => validatePayload(mime, copy(payload)), `${mime} of ${source}`);
        // In-page payloads keep NaN as a number rather than JSON's null.
        assert.doesNotThrow(() => validatePayload(mime, payload), `${mime} of ${source} (live)`);
      }
    }
    assert.equal(mimes.size, 7, 'every MIME type was checked');
  });

  it('accepts tensors at the display settings’ maxima (1,024 planes, 1,048,576 values a plane)', async () => {
    for (const source of ['torch.ones(1, 4, 1024, 1024)', 'torch.ones(1, 1024, 8, 8)', 'torch.ones(2000000)']) {
      for (const [mime, payload] of await cellPayloads(source, MAX_SETTINGS)) assert.doesNotThrow(() => validatePayload(mime, payload), `${mime} of ${source}`);
    }
  });

  it('accepts the views’ payloads built from PyTorch’s golden cases (1-D and 2-D)', async () => {
    let checked = 0;
    const spatial = (c: GoldenCase) => c.input.shape.length - 2;
    for (const c of loadGolden('conv.json').filter((c) => spatial(c) <= 2)) validatePayload(MIME.sweep, convSweep(c)), checked++;
    for (const c of loadGolden('transpose.json').filter((c) => spatial(c) <= 2)) validatePayload(MIME.sweep, transposeSweep(c)), checked++;
    for (const c of loadGolden('pool.json').filter((c) => 'kernel_size' in c.params)) validatePayload(MIME.sweep, poolSweep(c)), checked++;
    for (const c of loadGolden('deform.json')) validatePayload(MIME.deform, deformPayload(c)), checked++;
    for (const [, mime, payload] of await everyView()) validatePayload(mime, payload), checked++;
    validatePayload(MIME.tensor, featureMap(64, 112));
    assert.ok(checked > 40, `${checked} payloads`);
  });

  it('reads the nulls JSON writes for NaN and ±Infinity as NaN', async () => {
    const [[mime, payload]] = await cellPayloads('torch.tensor([[1.0, 0.0], [-1.0, 2.0]]) / 0');
    const stored = copy(payload) as { planes: { data: unknown[] }[] };
    assert.deepEqual(stored.planes[0].data, [null, null, null, null]);
    validatePayload(mime, stored);
    assert.ok(stored.planes[0].data.every((x) => Number.isNaN(x)));
  });

  it('refuses a 3-D sweep (the kernel offers one) with the reason, not an internal error', async () => {
    const [[, payload]] = await cellPayloads('sweep(nn.Conv3d(1, 1, 3), input_size=(1, 1, 5, 5, 5))');
    refused(MIME.sweep, payload, /^config\.inputSize has 3 axes; the sweep draws 1-D and 2-D windows/);
  });
});

describe('the attacks on stored outputs are refused, naming the field', () => {
  for (const key of ['stride', 'kernelSize', 'padBefore', 'padAfter', 'dilation', 'inputSize', 'outputPadding'] as const) {
    it(`a sweep with ${key} 1e9`, () => {
      refused(MIME.sweep, sweepWith({ [key]: [1e9, 1] }), new RegExp(`^config\\.${key}\\[0\\] is 1000000000, above the limit ${MAX_AXIS}`));
    });
  }

  it('a tensor plane claiming 1e9 width', () => {
    const p = copy(tensorPayload('x', BLOG.input));
    p.planes[0].width = 1e9;
    refused(MIME.tensor, p, new RegExp(`^planes\\[0\\]\\.width is 1000000000, above the limit ${MAX_PLANE_VALUES}`));
  });

  it('a deform view with padding 1e9', () => {
    const p = copy(deformPayload(golden('deform', 'modulated (DCNv2 mask) stride 2 bias')));
    p.config.padBefore = [1e9, 1e9];
    refused(MIME.deform, p, /^config\.padBefore\[0\] is 1000000000, above the limit/);
  });
});

describe('each rule', () => {
  it('types: whole numbers for sizes, finite numbers for counts, numbers for values, lists, strings, booleans, enums', () => {
    refused(MIME.sweep, sweepWith({ stride: [0.5, 1] }), /^config\.stride\[0\] is 0\.5, not a whole number/);
    refused(MIME.sweep, sweepWith({ stride: [NaN, 1] }), /^config\.stride\[0\] is NaN, not a whole number/);
    refused(MIME.sweep, sweepWith({ kernelSize: [-1, 3] }), /^config\.kernelSize\[0\] is -1, below the minimum 1/);
    refused(MIME.sweep, sweepWith({ padBefore: ['1', 0] as unknown as number[] }), /^config\.padBefore\[0\] is "1", not a number/);
    refused(MIME.sweep, sweepWith({ stride: 2 as unknown as number[] }), /^config\.stride is 2, not a list/);
    refused(MIME.sweep, sweepWith({ kind: 'conv4d' as WindowConfig['kind'] }), /^config\.kind is "conv4d", not one of conv, conv_transpose, max_pool, avg_pool/);
    refused(MIME.sweep, sweepWith({ paddingMode: 'mirror' as WindowConfig['paddingMode'] }), /^config\.paddingMode is "mirror", not one of/);
    refused(MIME.sweep, sweepWith({ ceilMode: 1 as unknown as boolean }), /^config\.ceilMode is 1, not true or false/);
    refused(MIME.sweep, { ...copy(convSweep(BLOG)), title: 42 }, /^title is 42, not a string/);
    refused(MIME.sweep, { ...copy(convSweep(BLOG)), output: [1, '2', 3, 4, 5, 6, 7, 8, 9] }, /^output\[1\] is "2", not a number/);
    refused(MIME.sweep, { ...copy(convSweep(BLOG)), output: [1, true, 3, 4, 5, 6, 7, 8, 9] }, /^output\[1\] is a boolean, not a number/);
    refused(MIME.summary, { ...summaryPayload(), total_params: Infinity }, /^total_params is Infinity, not a finite number/);
    refused(MIME.tensor, [1, 2], /^the output is a list of 2, not an object/);
    refused(MIME.tensor, null, /^the output is null, not an object/);
    const noNotes = copy(convSweep(BLOG)) as Partial<SweepPayload>;
    delete noNotes.notes;
    refused(MIME.sweep, noNotes, /^notes is missing, not a list/);
  });

  it('every per-axis list of a WindowConfig has the rank of inputSize, 1 to 3', () => {
    refused(MIME.sweep, sweepWith({ stride: [1, 1, 1] }), /^config\.stride has 3 axes, but inputSize has 2/);
    refused(MIME.sweep, sweepWith({ inputSize: [] }), /^config\.inputSize is empty/);
    refused(MIME.sweep, sweepWith({ inputSize: [5, 5, 5, 5] }), /^config\.inputSize holds 4 items, above the limit 3/);
  });

  it('outputSize is what PyTorch’s formula gives for the rest of the config', () => {
    refused(MIME.sweep, sweepWith({ outputSize: [3, 4] }), /^config\.outputSize\[1\] is 4, but conv with these sizes gives 3/);
    refused(MIME.sweep, sweepWith({ inputSize: [7, 5] }), /^config\.outputSize\[0\] is 3, but conv with these sizes gives 5/);
    const pool = copy(poolSweep(loadGolden('pool.json')[0]));
    pool.config.padAfter = pool.config.padAfter.map((p) => p + 1);
    refused(MIME.sweep, pool, /^config\.padAfter\[0\] is \d+, but max_pool pads both sides alike/);
  });

  it('data lengths follow the config: input planes ∏inputSize, kernel planes ∏kernelSize, output ∏outputSize', () => {
    const p = copy(convSweep(BLOG));
    refused(MIME.sweep, { ...p, inputPlanes: [p.inputPlanes![0].slice(1)] }, /^inputPlanes\[0\] holds 24 values, but config\.inputSize 5×5 needs 25/);
    refused(MIME.sweep, { ...p, weightPlanes: [[1, 2, 3]] }, /^weightPlanes\[0\] holds 3 values, but config\.kernelSize 3×3 needs 9/);
    refused(MIME.sweep, { ...p, output: [1] }, /^output holds 1 values, but config\.outputSize 3×3 needs 9/);
    refused(MIME.sweep, { ...p, weightPlanes: [p.weightPlanes![0], p.weightPlanes![0]] }, /^weightPlanes holds 2 planes, but inputPlanes holds 1/);
    const pool = copy(poolSweep(loadGolden('pool.json')[0]));
    refused(MIME.sweep, { ...pool, weightPlanes: pool.inputPlanes }, /^weightPlanes are given, but max_pool has no weights/);
  });

  it('the sweep draws at most MAX_SWEEP_CELLS cells and MAX_AXIS along a board', () => {
    // 400×400 with a valid output: the boards hold 400² + 9 + 398² cells.
    const big = geometryOnly(sweepWith({ inputSize: [400, 400], outputSize: [398, 398] }));
    refused(MIME.sweep, big, new RegExp(`^config makes the direct view draw 318413 cells, above the limit ${MAX_SWEEP_CELLS}`));
    // A 1-D sweep is one row: long, but within the cells.
    const long = geometryOnly(sweepWith({ inputSize: [5000], kernelSize: [3], stride: [1], dilation: [1], padBefore: [0], padAfter: [0], outputPadding: [0], outputSize: [4998] }));
    refused(MIME.sweep, long, /^config\.inputSize\[0\] is 5000, above the limit 4096/);
    // Transposed: the gather view's zero-stuffed input grows with the stride.
    const t = copy(transposeSweep(golden('transpose', 'k3 s2 p1 output_padding 1 bias')));
    const stuffed = geometryOnly({ ...t, config: { ...t.config, inputSize: [200, 200], stride: [2, 2], outputSize: [400, 400] } });
    refused(MIME.sweep, stuffed, /^config makes the scatter view draw \d+ cells, above the limit/);
  });

  it('the trace of one step and of a whole scatter are bounded', () => {
    const p = copy(convSweep(BLOG));
    const plane = p.inputPlanes![0];
    const many = { ...p, config: { ...p.config }, inputPlanes: Array.from({ length: 1024 }, () => plane), weightPlanes: undefined };
    validatePayload(MIME.sweep, many);
    const wide = sweepWith({ inputSize: [40, 40], kernelSize: [40, 40], outputSize: [1, 1] });
    refused(MIME.sweep, { ...geometryOnly(wide), inputPlanes: Array.from({ length: 64 }, () => new Array<number>(1600).fill(1)) }, /^config with 64 channels traces 102400 taps per step, above the limit 65536/);
  });

  it('deform: offsets 2·taps·positions, mask taps·positions, input ∏inputSize, selected inside the output, 2-D', () => {
    const d = copy(deformPayload(golden('deform', 'modulated (DCNv2 mask) stride 2 bias')));
    refused(MIME.deform, { ...d, offset: d.offset.slice(1) }, /^offset holds \d+ values, but 2 · kernel taps 9 · output positions \d+ needs \d+/);
    refused(MIME.deform, { ...d, mask: [1] }, /^mask holds 1 values, but kernel taps 9/);
    refused(MIME.deform, { ...d, input: [1, 2] }, /^input holds 2 values, but config\.inputSize/);
    refused(MIME.deform, { ...d, selected: [0, d.config.outputSize[1]] }, /^selected\[1\] is \d+, above the limit \d+/);
    refused(MIME.deform, { ...d, selected: [0] }, /^selected holds 1 values, but a 2-D output position needs 2/);
    refused(MIME.deform, { ...d, config: { ...d.config, kind: 'max_pool' } }, /^config\.kind is "max_pool", but deformable conv is a conv/);
  });

  it('tensor: data length height × width, planes within their limits, full data matching the shape', () => {
    const p = copy(tensorPayload('x', BLOG.input));
    refused(MIME.tensor, { ...p, planes: [{ ...p.planes[0], height: 4 }] }, /^planes\[0\]\.data holds 25 values, but height × width = 4×5 needs 20/);
    refused(MIME.tensor, { ...p, planes: [{ ...p.planes[0], height: 2048, width: 2048 }] }, /^planes\[0\] is 2048×2048 = 4194304 values, above the limit 1048576/);
    refused(MIME.tensor, { ...p, planes: Array.from({ length: 1025 }, () => p.planes[0]) }, /^planes holds 1025 items, above the limit 1024/);
    refused(MIME.tensor, { ...p, data: [1, 2, 3] }, /^data holds 3 values, but shape \[1, 1, 5, 5\] needs 25/);
    refused(MIME.tensor, { ...p, planesTotal: 0 }, /^planesTotal is 0, below the minimum 1/);
    refused(MIME.tensor, { ...p, downsample: 0 }, /^downsample is 0, below the minimum 1/);
  });

  it('text, notes, formulas and tables are bounded', async () => {
    const p = copy(convSweep(BLOG));
    refused(MIME.sweep, { ...p, title: 'x'.repeat(MAX_TEXT + 1) }, new RegExp(`^title is ${MAX_TEXT + 1} characters long, above the limit ${MAX_TEXT}`));
    refused(MIME.sweep, { ...p, notes: new Array(MAX_NOTES + 1).fill('n') }, new RegExp(`^notes holds ${MAX_NOTES + 1} items, above the limit ${MAX_NOTES}`));
    const [[, formula]] = await cellPayloads('nn.Conv2d(64, 128, 3, stride=2, padding=1)');
    const f = copy(formula) as { params: { formula: { latex: string } } };
    f.params.formula.latex = '\\frac{1}{2}'.repeat(MAX_LATEX);
    refused(MIME.formula, f, new RegExp(`^params\\.formula\\.latex is \\d+ characters long, above the limit ${MAX_LATEX}`));
    const s = summaryPayload();
    refused(MIME.summary, { ...s, layers: new Array(MAX_TABLE_ROWS + 1).fill(s.layers[0]) }, new RegExp(`^layers holds ${MAX_TABLE_ROWS + 1} items, above the limit ${MAX_TABLE_ROWS}`));
    refused(MIME.summary, { ...s, layers: [{ ...s.layers[0], depth: -1 }] }, /^layers\[0\]\.depth is -1, below the minimum 0/);
    refused(MIME.formula, { ...copy(formula as object), comparison: { title: 't' } }, /^comparison\.a is missing, not an object/);
  });

  it('the KaTeX work of one output is bounded: formulas and LaTeX characters', async () => {
    const rf = receptiveFieldPayload();
    const many = { ...rf, recursion: Array.from({ length: MAX_FORMULAS + 1 }, () => rf.recursion[0]) };
    refused(MIME.receptiveField, many, new RegExp(`^recursion\\[${MAX_FORMULAS}\\]\\.formula is formula number ${MAX_FORMULAS + 1} of this output, above the limit ${MAX_FORMULAS}`));
    const c = await comparisonPayload();
    const long = { latex: 'x + '.repeat(MAX_LATEX / 4), text: 'x' };
    const parts = Array.from({ length: 20 }, () => ({ ...c.a, params: { ...c.a.params, formula: long } }));
    refused(MIME.comparison, { ...c, a: { ...c.a, parts } }, new RegExp(`^a\\.parts\\[\\d+\\]\\.params\\.formula brings this output's LaTeX to \\d+ characters, above the limit ${MAX_LATEX_TOTAL}`));
  });

  it('deform taps, board cells and sweep data are bounded', () => {
    const d = copy(deformPayload(golden('deform', 'modulated (DCNv2 mask) stride 2 bias')));
    const sized = (n: number) => {
      const config = { ...d.config, inputSize: [n, n], kernelSize: [3, 3], stride: [1, 1], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], outputSize: [n, n] };
      return { ...d, config, input: undefined, mask: undefined, selected: [0, 0], offset: new Array<number>(2 * 9 * n * n).fill(0.5) };
    };
    // A 120×120 input: its padded board with the margin, 126², plus the 120² offset field.
    validatePayload(MIME.deform, sized(120));
    refused(MIME.deform, sized(130), new RegExp(`^config makes the deform view draw 35396 cells, above the limit ${MAX_DEFORM_CELLS}`));
    // 257 planes of 256×256 (a board within the cells) hold more values than a tensor may.
    const board = sweepWith({ inputSize: [256, 256], outputSize: [254, 254], padBefore: [0, 0], padAfter: [0, 0] });
    const plane = new Array<number>(256 * 256).fill(1);
    refused(MIME.sweep, { ...board, weightPlanes: undefined, output: undefined, inputPlanes: Array.from({ length: 257 }, () => plane) }, /^inputPlanes hold 257×65536 values, above the limit 16777216/);
    refused(MIME.deform, { ...d, config: { ...d.config, kernelSize: [65, 65], inputSize: [70, 70], padBefore: [0, 0], padAfter: [0, 0], stride: [1, 1], dilation: [1, 1], outputSize: [6, 6] } }, new RegExp(`^config\\.kernelSize has 4225 taps, above the limit ${MAX_DEFORM_TAPS}`));
  });

  it('a payload nested deeper than expected costs no more than a flat one', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    refused(MIME.sweep, { ...copy(convSweep(BLOG)), inputPlanes: deep }, /^inputPlanes\[0\]\[0\] is a list of 1, not a number/);
    const cyclic: Record<string, unknown> = { title: 't' };
    cyclic.config = cyclic;
    refused(MIME.sweep, cyclic, /^config\.kind is missing/);
  });
});
