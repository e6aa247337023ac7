// The limits every stored payload is checked against before a view draws it. A .convnb carries its
// outputs, so a payload may come from a file edited by hand (or by an attacker) rather than from
// the kernel: each limit keeps the work of one mount, and of one animation frame, bounded, and each
// is set so that what the kernel emits under its own settings still passes (see lang/outputs/display.ts,
// lang/outputs/sweep_payload.ts and the convbook.display.* settings in extension/kernel_settings.ts).

// ───────────── text and lists ─────────────

/** Characters in a title, layer text, note or name. A Sequential's written form is a few KB. */
export const MAX_TEXT = 100_000;
/** Characters of one LaTeX formula: KaTeX's time grows with it; the kernel's are under 1,000. */
export const MAX_LATEX = 4_000;
/** Formulas one output typesets with KaTeX (about 2 ms each on a busy machine): a receptive field
 *  lists one per window layer, and ResNet-152 has about 160. */
export const MAX_FORMULAS = 400;
/** LaTeX characters over one output (about 40 µs each for long formulas). */
export const MAX_LATEX_TOTAL = 40_000;
/** Notes under a view. The kernel adds a handful. */
export const MAX_NOTES = 1_000;
/** Rows of a table (summary layers, receptive-field rows, a comparison's parts). Each is a DOM
 *  row laid out at mount; 5,000 lay out in well under a second, and real models have hundreds. */
export const MAX_TABLE_ROWS = 5_000;
/** Short lists inside a formula (per-axis formulas, library counts, warnings). */
export const MAX_SHORT_LIST = 64;
/** Indices listed as never read at the end of one axis (bounded by the axis, itself bounded). */
export const MAX_INDEX_LIST = 65_536;
/** Tensor rank: PyTorch tensors have at most 64 dimensions... and convbook's far fewer. */
export const MAX_RANK = 64;

// ───────────── tensors ─────────────

/** Planes of one tensor: convbook.display.maxChannels allows up to 1,024. */
export const MAX_PLANES = 1_024;
/** Values of one plane: convbook.display.maxValuesPerPlane allows up to 1,048,576. */
export const MAX_PLANE_VALUES = 1_048_576;
/** Values over all planes: 1,024 planes of the default 128×128 (each value is painted once). */
export const MAX_TENSOR_VALUES = 16_777_216;
/** The optional full data: the kernel never serialises more (FULL_DATA_HARD_LIMIT). */
export const MAX_FULL_DATA = 4_194_304;
/** The block size of a downsampled plane. */
export const MAX_DOWNSAMPLE = 1_048_576;

// ───────────── sliding-window geometry (sweep and deform) ─────────────

/** Spatial axes: conv1d/2d/3d. The sweep draws 1 or 2, the deform view exactly 2. */
export const MAX_WINDOW_RANK = 3;
/**
 * Any one size along an axis (input, output, kernel, stride, dilation, padding, output padding),
 * and the span a board covers along one axis. The sweep draws a cell at least 4 px wide, so 4,096
 * cells keep a board's canvas under Chromium's 32,767 px side; the attacks set these to 1e9.
 */
export const MAX_AXIS = 4_096;
/**
 * Cells the sweep draws over its three boards (input side with padding, kernel, output side).
 * Every cell is painted at mount and on each relayout (about 10 µs each on a busy 2-core
 * machine), so this bounds the first paint near a second. It holds a 128×128 plane with data
 * (the default convbook.display.maxValuesPerPlane) and a 224×224 geometry-only sweep.
 */
export const MAX_SWEEP_CELLS = 131_072;
/** Kernel taps traced in one frame: channels shown × kernel taps (every channel is traced). */
export const MAX_TAPS_PER_FRAME = 65_536;
/**
 * Taps traced to bring a transposed conv's running sum to its last step (frames × channels × taps),
 * the most one key press (End) can ask for. 128×128 inputs × 64 channels × 3×3 is 9.4M.
 */
export const MAX_SCATTER_TAPS = 16_777_216;
/** Kernel taps of a deformable conv: its toolbar lists every tap twice, and each is traced per move. */
export const MAX_DEFORM_TAPS = 4_096;
/**
 * Cells the deform view redraws on every pointer move: the input board plus the offset field. At
 * 60,000 a move took about 160 ms on a busy 2-core machine; half that keeps hovering usable, and
 * holds a 120×120 input with its 120×120 offset field.
 */
export const MAX_DEFORM_CELLS = 32_768;
/** Offset-field samples averaged on every pointer move (output positions × taps). */
export const MAX_DEFORM_SAMPLES = 1_048_576;
/** How far past the padded input the deform board reaches (renderer/views/deform.ts MARGIN). */
export const DEFORM_BOARD_MARGIN = 2;
