// The contract between convbook's three parts: the engine/kernel (worker, CLI), the extension
// host and the renderer. Output MIME types and their payloads, and the worker protocol, are
// defined here once. This module has no runtime dependencies so every bundle can import it.

// ───────────────────────────── MIME types ─────────────────────────────

export const MIME = {
  tensor: 'application/vnd.convbook.tensor+json',
  sweep: 'application/vnd.convbook.sweep+json',
  deform: 'application/vnd.convbook.deform+json',
  formula: 'application/vnd.convbook.formula+json',
  summary: 'application/vnd.convbook.summary+json',
  receptiveField: 'application/vnd.convbook.receptive-field+json',
  comparison: 'application/vnd.convbook.comparison+json',
  /** Fallbacks carried by every output so a notebook read outside VS Code still makes sense. */
  markdown: 'text/markdown',
  plain: 'text/plain',
} as const;

export type ConvbookMime = (typeof MIME)[Exclude<keyof typeof MIME, 'markdown' | 'plain'>];

/** Every rich MIME type the renderer is registered for (package.json must list the same). */
export const RENDERER_MIME_TYPES: readonly ConvbookMime[] = [
  MIME.tensor,
  MIME.sweep,
  MIME.deform,
  MIME.formula,
  MIME.summary,
  MIME.receptiveField,
  MIME.comparison,
];

export const NOTEBOOK_TYPE = 'convbook';
export const LANGUAGE_ID = 'convbook';
export const RENDERER_ID = 'convbook.renderer';
/** The performance mark the renderer bundle sets once evaluated, so its start in a webview can be timed. */
export const RENDERER_EVALUATED_MARK = 'convbook-renderer-evaluated';

// ───────────────────────────── Shared pieces ─────────────────────────────

/** A formula in two spellings: LaTeX for KaTeX, and plain text for hovers, markdown and the CLI. */
export interface Formula {
  latex: string;
  text: string;
}

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

// ───────────────────────────── Tensor view ─────────────────────────────

/** One 2-D plane of a tensor, as displayed (possibly downsampled). */
export interface TensorPlane {
  /** The leading indices that select this plane, e.g. [n, c] for N,C,H,W, or [n, c, d] for 3-D. */
  index: number[];
  height: number;
  width: number;
  /** Row-major, height × width values. */
  data: number[];
}

export interface TensorPayload {
  /** The variable or expression the tensor came from, shown as the title. */
  name?: string;
  /** The tensor's true shape in the kernel. */
  shape: number[];
  /** Planes chosen for display: the trailing two axes of the shape (a 1-D tensor is one row). */
  planes: TensorPlane[];
  /** 1 when planes hold every value; k when each displayed value averages a k×k block. */
  downsample: number;
  /** How many planes exist in total, and how many were kept (channels are capped for display). */
  planesTotal: number;
  min: number;
  max: number;
  /** Full row-major data, present only for tensors small enough to ship whole. */
  data?: number[];
  /** Human notes: a 2-D literal treated as 1×1×H×W, downsampling, capped channels... */
  notes: string[];
}

// ───────────────────────────── Sliding-window geometry ─────────────────────────────

export type WindowOpKind = 'conv' | 'conv_transpose' | 'max_pool' | 'avg_pool';

/**
 * The geometry of a sliding-window op over its spatial axes (1 or 2 of them are animated).
 * Every size here is already resolved: 'same' became explicit before/after padding, pooling's
 * stride is never null, and outputSize is what PyTorch produces.
 */
export interface WindowConfig {
  kind: WindowOpKind;
  inputSize: number[];
  kernelSize: number[];
  stride: number[];
  dilation: number[];
  /** Padding before and after each axis. Symmetric except for 'same' with an even effective kernel. */
  padBefore: number[];
  padAfter: number[];
  /** Transposed conv only; zeros elsewhere. */
  outputPadding: number[];
  paddingMode: PaddingMode;
  /** Pooling only. */
  ceilMode: boolean;
  /** avg_pool only. */
  countIncludePad: boolean;
  outputSize: number[];
}

/** One kernel tap of one output position, as read from the (padded, dilated) input. */
export interface TapTrace {
  /** Input channel within the group (0 for pooling, which works per channel). */
  channel: number;
  /** Kernel tap index per axis. */
  tap: number[];
  /** Coordinate in the unpadded input, per axis; may be negative or ≥ size when in the padding. */
  position: number[];
  /** True when position falls in the padding. */
  inPadding: boolean;
  /** For reflect/replicate/circular padding, the real input cell the padding value copies; else null. */
  source: number[] | null;
  /** Input value read (0 for zero padding, -Infinity for max-pool padding), when data was given. */
  value?: number;
  /** Kernel weight, for conv. */
  weight?: number;
  /** value × weight for conv; value for pooling. */
  product?: number;
}

export interface WindowTrace {
  output: number[];
  taps: TapTrace[];
  /** Sum of products plus bias (conv), max (max_pool) or mean (avg_pool), when data was given. */
  result?: number;
  /** max_pool: index into taps of the winner. */
  winner?: number;
  /** avg_pool: the divisor used. */
  divisor?: number;
}

/** Transposed conv seen as a scatter: one input cell stamps its weighted kernel onto the output. */
export interface ScatterTrace {
  input: number[];
  stamps: { output: number[]; tap: number[]; weight?: number; product?: number }[];
}

/** Transposed conv seen as a direct conv over a zero-stuffed, padded input with the kernel flipped. */
export interface DirectConvEquivalent {
  /** s − 1 zeros inserted between neighbouring inputs, per axis. */
  insertedZeros: number[];
  /** d·(k−1) − p before; d·(k−1) − p + output_padding after, per axis. */
  padBefore: number[];
  padAfter: number[];
  /** Size of the zero-stuffed input before padding: (i − 1)·s + 1. */
  stuffedSize: number[];
  /** A stride-1 conv over the stuffed input with the flipped kernel, giving the same output. */
  config: WindowConfig;
}

export interface BilinearNeighbour {
  position: number[];
  weight: number;
  /** False when the neighbour lies outside the image (it contributes zero). */
  inside: boolean;
  value?: number;
}

export interface DeformTapTrace {
  tap: number[];
  /** Where a regular conv would sample (input coordinates, padding removed). */
  regular: number[];
  /** regular + offset: where deformable conv samples, fractional. */
  sample: number[];
  offset: number[];
  mask: number;
  neighbours: BilinearNeighbour[];
  /** Bilinear value at the sample point (before the mask), when input data was given. */
  value?: number;
}

export interface DeformTrace {
  output: number[];
  taps: DeformTapTrace[];
}

// ───────────────────────────── Payloads ─────────────────────────────

export interface SweepPayload {
  title: string;
  config: WindowConfig;
  /** Per input channel of the group drawn, one spatial plane each (row-major). Absent: no data, geometry only. */
  inputPlanes?: number[][];
  /** For conv: per input channel, the kernel plane for the output channel drawn. */
  weightPlanes?: number[][];
  bias?: number;
  /** The output plane drawn (row-major), when data was given. */
  output?: number[];
  /** Which output channel / batch is drawn, and anything else the reader should know. */
  notes: string[];
  formula?: FormulaPayload;
}

export interface DeformPayload {
  title: string;
  /** Geometry of the underlying regular conv. */
  config: WindowConfig;
  /** One input channel plane (row-major), optional. */
  input?: number[];
  /** Offsets for one offset group, torchvision layout: [2·kh·kw][Hout·Wout], channel 2t = Δy, 2t+1 = Δx of tap t. */
  offset: number[];
  /** Mask for the same offset group: [kh·kw][Hout·Wout], or absent (all ones). */
  mask?: number[];
  /** Output position selected initially, per axis. */
  selected: number[];
  notes: string[];
}

export interface AxisFormula {
  /** 'H', 'W', 'D' or 'L'. */
  axis: string;
  general: Formula;
  substituted: Formula;
  result: number;
  /** Input cells at the end of this axis that no window ever covers (count and the indices). */
  uncovered: number[];
  /** Why a result is unusual: below 1, a dropped ceil_mode window, etc. */
  warnings: string[];
}

export interface ParamCount {
  weights: number;
  bias: number;
  total: number;
  formula: Formula;
}

export interface FlopCount {
  multiplications: number;
  additions: number;
  /** Additions that come from the bias, counted apart. */
  biasAdditions: number;
  macs: number;
  formula: Formula;
  /** Max-pool and ReLU comparisons (not arithmetic, so not in multiplications or additions). */
  comparisons?: number;
  /** Average pooling's one division per output value. */
  divisions?: number;
  /** MACs for one spatial output position across all output channels (what a hover can show without an input size). */
  macsPerOutputPosition?: number;
}

/** What one FLOP-counting library reports for the same layer, and why it differs. */
export interface LibraryCount {
  library: 'reference' | 'torchinfo' | 'ptflops' | 'fvcore' | 'thop';
  value: number;
  /** What the library calls the number; several label MACs as FLOPs. */
  label: string;
  note: string;
}

export interface FormulaPayload {
  title: string;
  /** The layer as the user wrote it, e.g. nn.Conv2d(64, 128, 3, stride=2). */
  layer: string;
  inputShape?: number[];
  outputShape?: number[];
  outputSize?: AxisFormula[];
  params?: ParamCount;
  flops?: FlopCount;
  libraries?: LibraryCount[];
  receptiveField?: ReceptiveFieldPayload;
  comparison?: ComparisonPayload;
  notes: string[];
}

export interface ReceptiveFieldRow {
  name: string;
  /** Per axis. Kernel is the effective kernel d·(k−1)+1. */
  kernel: number[];
  stride: number[];
  padding: number[];
  /** Receptive field of one unit of this layer's output on the input, per axis (bottom-up). */
  receptiveField: number[];
  effectiveStride: number[];
  effectivePadding: number[];
}

export interface RecursionRow {
  /** The layer index i of RF_i = (RF_{i+1} − 1)·s_i + k_i, counting from the input. */
  layer: number;
  name: string;
  rf: number[];
  formula: Formula;
}

export interface ReceptiveFieldPayload {
  title: string;
  rows: ReceptiveFieldRow[];
  receptive_field: number[];
  effective_stride: number[];
  effective_padding: number[];
  /** The top-down recursion from the last layer to the input, as in the reference post. */
  recursion: RecursionRow[];
  /** Optional probe: the input span seen by one output index, per axis. */
  span?: { outputIndex: number[]; start: number[]; end: number[]; center: number[] };
  notes: string[];
}

export interface LayerCost {
  name: string;
  params: ParamCount;
  flops: FlopCount;
  outputShape: number[];
}

export interface ComparisonPayload {
  title: string;
  a: LayerCost & { parts?: LayerCost[] };
  b: LayerCost & { parts?: LayerCost[] };
  /** b / a for params and multiplications. */
  paramRatio: number;
  flopRatio: number;
  ratioFormula?: Formula;
  notes: string[];
}

export interface SummaryRow {
  name: string;
  /** The constructor as written, e.g. nn.Conv2d(3, 64, 11, stride=4, padding=2). */
  layer: string;
  depth: number;
  output_shape: number[];
  params: number;
  macs: number;
  receptive_field: number[] | null;
  effective_stride: number[] | null;
}

export interface SummaryPayload {
  title: string;
  input_shape: number[];
  layers: SummaryRow[];
  total_params: number;
  /** Parameters with requires_grad, when the summary traced a model that has them apart. */
  total_trainable_params?: number;
  total_macs: number;
  notes: string[];
}

// ───────────────────────────── Cell outputs and errors ─────────────────────────────

/** One MIME item of an output. value is JSON for the convbook types, a string for text types. */
export interface OutputItem {
  mime: string;
  value: unknown;
}

/** One cell output: several representations of the same thing, richest first. */
export interface CellOutput {
  items: OutputItem[];
}

export interface CellError {
  /** 'SyntaxError', 'ValueError', 'RuntimeError', 'KernelRestarted', ... as Python would name it. */
  name: string;
  message: string;
  /** 1-based position inside the cell, when known. */
  line?: number;
  column?: number;
  /** The offending source line with a caret under the column. */
  caret?: string;
}

// ───────────────────────────── Worker protocol ─────────────────────────────

export interface KernelSettings {
  /** Tensors with more elements are refused before allocation. */
  elementBudget: number;
  /** All data live in a session at once (tensors and large lists), in MB; over it, a MemoryError. */
  liveDataMb: number;
  /** Most multiply-accumulates one op may do; a bigger op is refused before it runs. */
  workBudgetMacs: number;
  /** Display caps: at most this many planes per tensor output, and this many values per plane. */
  maxDisplayPlanes: number;
  maxDisplayValues: number;
  /** Folder that image("...") may read from; nothing outside it. Absent: no file access. */
  workspaceRoot?: string;
  /** Folder relative image("...") paths start from (the notebook's folder); absent: workspaceRoot. */
  notebookDir?: string;
  /** Ship every tensor's full data in its payload (the CLI's --json wants it); display caps still apply to planes. */
  includeFullData?: boolean;
  /** What runs cells: always CPython in WebAssembly (Pyodide); absent means the same. */
  runtime?: 'python';
  /** A folder the Python runtime may keep its memory snapshot in (the extension's global storage). */
  cacheDir?: string;
}

export const DEFAULT_KERNEL_SETTINGS: KernelSettings = {
  elementBudget: 50_000_000,
  // Tensor data and large lists together: leaves room for VS Code and a browser on a 16 GB laptop.
  liveDataMb: 4096,
  // About 30 s of convolution on one core with the SIMD kernels (engine/budget.ts has the rate).
  workBudgetMacs: 600_000_000_000,
  maxDisplayPlanes: 64,
  maxDisplayValues: 128 * 128,
  runtime: 'python',
};

export type WorkerRequest =
  | { type: 'execute'; id: number; session: string; source: string; settings: KernelSettings }
  | { type: 'dispose-session'; session: string }
  /** Sent once to a worker thread: the Python runtime's interrupt flag (Pyodide's interrupt buffer, one Int32). */
  | { type: 'interrupt-buffer'; buffer: SharedArrayBuffer };

/**
 * Outputs travel as UTF-8 JSON bytes whose buffers are transferred, not copied, so the extension
 * host hands them to VS Code without re-encoding.
 */
export interface EncodedOutputItem {
  mime: string;
  bytes: Uint8Array;
}

export type WorkerResponse =
  /** engineKernel: the GEMM kernel the kernel's engine picked at start-up, e.g. "wasm-relaxed-simd ×2 threads". */
  | { type: 'ready'; engineKernel?: string }
  | { type: 'result'; id: number; outputs: EncodedOutputItem[][]; error: CellError | null };

export function encodeOutput(output: CellOutput): EncodedOutputItem[] {
  const encoder = new TextEncoder();
  return output.items.map((item) => ({
    mime: item.mime,
    bytes: encoder.encode(typeof item.value === 'string' ? item.value : JSON.stringify(item.value)),
  }));
}

export function decodeOutputItem(item: EncodedOutputItem): OutputItem {
  const text = new TextDecoder().decode(item.bytes);
  const isJson = item.mime.endsWith('+json') || item.mime === 'application/json';
  return { mime: item.mime, value: isJson ? JSON.parse(text) : text };
}

// ───────────────────────────── Calculator webview protocol ─────────────────────────────
// The calculator panel (extension/calculators) hosts dist/calculator.js (calculator/).

export type CalculatorKind = 'outputSize' | 'solve' | 'receptiveField' | 'cost';

/** One sliding-window layer of a stack, as the receptive-field calculator takes it (per axis). */
export interface CalculatorLayerRow {
  /** Where it came from, e.g. 'features.0' or 'nn.Conv2d (line 12)'. */
  name: string;
  kind: 'conv' | 'deform_conv' | 'max_pool' | 'avg_pool';
  kernel_size: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
}

/** State the extension pre-fills a calculator with (only receptiveField uses it so far). */
export interface ReceptiveFieldPrefill {
  layers: CalculatorLayerRow[];
  /** The layer constructors, one per line, as PyTorch prints them. */
  source: string;
  /** Input shape (N, C, spatial...) when a `# input:` hint gave it. */
  input_size?: number[];
  /** Layers of the selection left out, and why (e.g. a Linear ends the spatial chain). */
  notes: string[];
}

/** Extension → calculator webview. `init` selects the tab (and may carry a pre-filled state). */
export type CalculatorHostMessage = { type: 'init'; calculator: CalculatorKind; state?: unknown };

/**
 * Calculator webview → extension: `ready` once loaded (the extension answers with `init`),
 * `insert-cell` to add a convbook cell, `computed` after every computation (the extension keeps the
 * last one for the internal command `convbook.calc._lastResult`, which tests read).
 */
export type CalculatorViewMessage =
  | { type: 'ready' }
  | { type: 'insert-cell'; source: string }
  | { type: 'computed'; calculator: CalculatorKind; result: unknown };

// ───────────────────────────── Notebook renderer messaging ─────────────────────────────
// The renderer (package.json: requiresMessaging 'optional') asks the extension to save exported
// images (extension/renderer_messaging.ts, vscode.notebooks.createRendererMessaging(RENDERER_ID)):
// a webview cannot tell whether an <a download> was saved, cancelled or where it went.

/** Renderer → extension: save these bytes where the user picks; `id` pairs the replies. */
export interface RendererSaveRequest {
  type: 'save';
  id: string;
  /** Suggested file name, e.g. conv2d-seed-example.png. */
  filename: string;
  /** image/png, image/gif or image/svg+xml. */
  mime: string;
  base64: string;
}

/**
 * Extension → renderer, with the request's id: `save-started` as soon as the request arrives (so the
 * renderer knows the extension listens and may wait for the dialog), then exactly one outcome.
 */
export type RendererSaveReply =
  | { type: 'save-started'; id: string }
  | { type: 'saved'; id: string; path: string }
  | { type: 'save-cancelled'; id: string }
  | { type: 'save-failed'; id: string; message: string };
