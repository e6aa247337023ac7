// What running a model file's model on a shape-only input records: every module call and every
// shape-changing functional call, with where each module was built and where each call was made.
// The kernel's tracer produces it, the editor's hovers, inlay hints, diagnostics and code lenses
// and `convbook inspect` read it. Real PyTorch's record of the model fixtures
// (test/fixtures/models/truth.json, made by scripts/models/ground_truth.py) has this very shape,
// so every surface is tested against what PyTorch did.

export type Shape = number[];

/** A span of source: 1-based lines, 0-based columns, as CPython's co_positions gives them (counted in
 *  characters: co_positions' UTF-8 byte offsets are converted, which changes nothing on ASCII lines). */
export interface TraceSpan {
  /** Path of the file relative to the traced file's folder, with '/' separators. */
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

/** A frame of the user's code: the span it was executing and its function's name. */
export interface TraceFrame extends TraceSpan {
  function: string;
}

export interface ConvConfig {
  kind: 'conv' | 'conv_transpose';
  in_channels: number;
  out_channels: number;
  kernel_size: number[];
  stride: number[];
  padding: number[] | string;
  dilation: number[];
  groups: number;
  output_padding: number[];
  bias: boolean;
  padding_mode: string;
}

export interface LinearConfig {
  kind: 'linear';
  in_features: number;
  out_features: number;
  bias: boolean;
}

/** The layers that have MACs carry their settings; every other module has null. */
export type MacConfig = ConvConfig | LinearConfig;

/** One module of the model, once, in named_modules() order. */
export interface TracedModule {
  /** named_modules() name: '' for the model, 'layer1.0.conv1' below it. */
  path: string;
  class: string;
  /** Elements of the module's own parameters (recurse=False). */
  params: number;
  config: MacConfig | null;
  /** PyTorch's extra_repr() text, e.g. '3, 64, kernel_size=(7, 7), stride=(2, 2), ...'. */
  extra_repr: string;
  /** Innermost user frame of the call that built the module; null when only the build expression did. */
  built_at: TraceFrame | null;
  /** User frames of that call, innermost first (conv3x3's return, BasicBlock.__init__, _make_layer...). */
  built_stack: TraceFrame[];
}

/** One module call, in the order calls started (a module called twice appears twice). */
export interface TracedCall {
  path: string | null;
  class: string;
  /** The module's depth in the model's tree (parts of its path); the model itself is 0. */
  depth: number;
  /** Shapes of the tensor positional arguments. */
  input_shapes: Shape[];
  /** null only for calls that an exception interrupted. */
  output_shape: Shape | null;
  params: number;
  /** True MACs, bias apart; null for interrupted calls. */
  macs: number | null;
  built_at: TraceFrame | null;
  /** Innermost user frame running when the module was called: `self.layer1(x)` in a forward, or
   *  the line that called the Sequential a child belongs to. null when the tracer itself called it. */
  called_at: TraceFrame | null;
}

/** A torch function or tensor method called from user code whose result changed shape. */
export interface TracedFunctional extends TraceSpan {
  /** PyTorch's name of the function: 'max_pool2d', 'view', 'cat', 'pad'. */
  op: string;
  /** The callee as written: 'F.max_pool2d', 'x.view', 'torch.cat'. */
  call: string;
  /** Path of the innermost module whose forward was running ('' for the model's own). */
  within: string | null;
  input_shapes: Shape[];
  output_shapes: Shape[];
}

export interface TraceError {
  /** Python exception class name, e.g. RuntimeError. */
  type: string;
  /** str(exception): PyTorch's message. */
  message: string;
  /** The innermost user frame: where the editor puts the diagnostic. */
  at: TraceFrame | null;
  /** User frames, innermost first: the call chain the diagnostic lists. */
  stack: TraceFrame[];
}

export interface ModelTrace {
  /** File that defines the model, relative to the traced file's folder. */
  file: string;
  /** Script arguments in sys.argv (after the file name) while the file ran; usually []. */
  args: string[];
  /** The expression that built the model, evaluated in the file's namespace: 'resnet18()'. */
  build: string;
  class: string;
  input: Shape;
  output: Shape | null;
  total_params: number;
  trainable_params: number;
  total_macs: number;
  error: TraceError | null;
  modules: TracedModule[];
  calls: TracedCall[];
  functional: TracedFunctional[];
}

/** The MIME type of the one output item a trace request's cell displays: a TraceOutcome as JSON. */
export const TRACE_MIME = 'application/vnd.convbook.trace+json';

/** What to trace: sent by the editor and by `convbook inspect` to the kernel's Python runtime. */
export interface TraceRequest {
  /** The file to trace, relative to the workspace root, with '/' separators. */
  file: string;
  /** The file's current text when it differs from disk (an unsaved editor); else read from disk. */
  source?: string;
  /** --model EXPR: evaluated in the file's namespace after its top level ran. */
  model?: string;
  /** --input N,C,H,W. */
  input?: Shape;
  /** --args "...": sys.argv[1:] while the file runs; else a `# convbook: args ...` comment's, else []. */
  args?: string[];
  /** convbook.defaultInputSize: the assumed input of the one model buildable without arguments. */
  defaultInput: Shape;
}

/** A top-level statement of a script that failed only because it touched a placeholder, and was skipped. */
export interface TraceSkip extends TraceSpan {
  message: string;
}

/** The answer to a TraceRequest. A traced forward that raised is 'traced' with trace.error set. */
export type TraceOutcome =
  | {
      status: 'traced';
      /** 'hint' (`# input:`), 'cli' (--model/--input), or 'setting' (defaultInput, an assumption). */
      input_source: 'hint' | 'cli' | 'setting';
      trace: ModelTrace;
      skipped: TraceSkip[];
      /** Source text of every workspace file the trace names, keyed as in the trace (file-relative). */
      files?: Record<string, string>;
    }
  | {
      status: 'untraced';
      /** One line: why not, and what to do (add a hint, give --model). */
      reason: string;
      /** Where the reason points: the statement that failed, the undefined name. */
      at: TraceFrame | null;
      skipped: TraceSkip[];
    };
