// Hover latency on a 300-line PyTorch model file, and on a traced ResNet-50: `node --import tsx bench/hover.ts`.
// Times what the hover provider does: the per-version extraction (cached between hovers), the
// lookup of the call under the cursor, and the markdown. Prints medians in milliseconds. Then the
// traced case (bench/traced_hover.ts): tracing ResNet-50 in the kernel worker, and hovers from
// the cached trace (needs dist/worker.js: `node scripts/build.mjs`).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layerHoverMarkdown } from '../extension/editor/hover_text';
import { callAtOffset, LayerCallCache } from '../extension/editor/layer_cache';
import { tracedHoverMarkdown } from '../extension/editor/trace_hover_text';
import { tracedInlayHints } from '../extension/editor/trace_inlay_text';
import type { ModelTrace } from '../contract/trace';
import { TraceIndex } from '../reader/trace_index';
import { tracedHover } from './traced_hover';

const root = join(import.meta.dirname, '..');
const DEFAULT_INPUT = [1, 3, 224, 224];

/** The torchvision-style fixture, extended with a deep __init__ chain and Sequentials to 300 lines. */
function modelFile(lines: number): string {
  const out = readFileSync(join(root, 'test/fixtures/python/torchvision_style.py'), 'utf8').trimEnd().split('\n');
  out.push('', '', 'class Deep(nn.Module):', '    # input: (8, 3, 256, 256)', '    def __init__(self) -> None:', '        super().__init__()');
  let channels = 3;
  let block = 0;
  while (out.length < lines - 8) {
    const next = Math.min(512, channels === 3 ? 32 : channels * 2);
    out.push(
      `        self.conv${block} = nn.Conv2d(${channels}, ${next}, kernel_size=3, stride=${block % 3 === 0 ? 2 : 1}, padding=1, bias=False)`,
      `        self.bn${block} = nn.BatchNorm2d(${next})`,
      `        self.act${block} = nn.ReLU(inplace=True)`,
      `        self.block${block} = nn.Sequential(`,
      `            nn.Conv2d(${next}, ${next}, 3, padding=1, groups=${next}),  # depthwise`,
      `            nn.Conv2d(${next}, ${next}, 1),`,
      `            nn.BatchNorm2d(${next}),`,
      `            nn.ReLU(),`,
      '        )',
    );
    channels = next;
    block++;
  }
  out.push('        self.pool = nn.AdaptiveAvgPool2d(1)', `        self.fc = nn.Linear(${channels}, 1000)`, '');
  return out.slice(0, lines).join('\n') + '\n';
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(runs: number, fn: (i: number) => void): number {
  for (let i = 0; i < 20; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  return median(times);
}

const source = modelFile(300);
const cache = new LayerCallCache();
// The very first extraction in a fresh process: nothing memoized, nothing JIT-compiled.
const t0 = performance.now();
const calls = cache.get('model.py', 1, () => source);
const first = performance.now() - t0;
const offsets = calls.map((c) => c.offset + Math.floor((c.endOffset - c.offset) / 2));

const hover = (version: number, i: number) => {
  const found = cache.get('model.py', version, () => source);
  const call = callAtOffset(found, offsets[i % offsets.length]);
  if (!call) throw new Error('no call under the cursor');
  layerHoverMarkdown(call, { defaultInputSize: DEFAULT_INPUT, commandLinks: true });
};

const cached = time(500, (i) => hover(1, i));
let version = 1;
// A new version re-reads the whole file; layers whose arguments did not change reuse their specs.
const afterEdit = time(100, (i) => hover(++version, i));
// Every `# input:` hint changed on each run: all shapes and warnings are
// recomputed (the offsets stay valid because the digit counts do not change).
const resized = time(100, (i) => {
  const h = 100 + (i % 800);
  const text = source.replace(/# input: \((\d+), (\d+), (\d{3}), (\d+)\)/g, (_m, n, c, _h, w) => `# input: (${n}, ${c}, ${h}, ${w})`);
  const found = cache.get('model.py', ++version, () => text);
  const call = callAtOffset(found, offsets[i % offsets.length])!;
  layerHoverMarkdown(call, { defaultInputSize: DEFAULT_INPUT, commandLinks: true });
});

console.log(`model file: ${source.split('\n').length - 1} lines, ${calls.length} layer calls`);
console.log(`first extraction in a fresh process (cold): ${first.toFixed(1)} ms`);
console.log(`hover, extraction cached for this version: median ${cached.toFixed(3)} ms`);
console.log(`hover right after an edit (re-extraction + hover): median ${afterEdit.toFixed(3)} ms`);
console.log(`hover after an edit with every shape recomputed: median ${resized.toFixed(3)} ms`);

// The editor's markdown and inlay labels from a cached trace: ResNet-50's as PyTorch recorded it
// (the tracer returns the same record), hovered on every line of resnet.py.
const truth = JSON.parse(readFileSync(join(root, 'test/fixtures/models/truth.json'), 'utf8')) as { models: (ModelTrace & { id: string })[] };
const resnet50 = truth.models.find((m) => m.id === 'resnet50')!;
const resnetLines = readFileSync(join(root, 'test/fixtures/models/resnet.py'), 'utf8').split('\n');
const index = new TraceIndex(resnet50);
const tracedHoverMs = time(500, (i) => {
  const line = 1 + (i % resnetLines.length);
  tracedHoverMarkdown(index, 'resnet.py', line, resnetLines[line - 1].search(/\S|$/), { input: 'hint' }, true);
});
const tracedInlay = time(50, () => tracedInlayHints(index, 'resnet.py', { input: 'hint' }, (l) => resnetLines[l]?.length ?? 0));
console.log(`traced hover markdown (ResNet-50, ${resnet50.calls.length} calls, any line of resnet.py): median ${tracedHoverMs.toFixed(3)} ms`);
console.log(`traced inlay hints of resnet.py, as the editor places them: median ${tracedInlay.toFixed(3)} ms`);
// The traced case: what the editor shows once the file's model ran in the kernel.
void tracedHover(root).then((f) => {
  console.log(`trace of resnet.py's resnet50() in the kernel worker (${f.calls} module calls), Run → outcome: first ${f.firstTraceMs.toFixed(0)} ms, warm median ${f.traceMs.toFixed(0)} ms`);
  console.log(`hover from the cached trace: index ${f.indexMs.toFixed(2)} ms once per trace, then median ${f.hoverMs.toFixed(3)} ms, worst ${f.worstHoverMs.toFixed(3)} ms over every line; inlay hints of the file ${f.inlayMs.toFixed(2)} ms`);
});
