// The pointer over the sweep's board: hovering a cell lights the cells it is linked to on the
// other board and writes what it is in the readout; clicking an output (or, in a scatter, an
// input) jumps to its step.

import { formatValue } from '../../format';
import type { ViewContext } from '../../view';
import type { SweepCanvas } from './canvas';
import { hitTest, type SweepLayout } from './layout';
import type { Hover } from './overlay';
import type { SweepModel } from './model';
import type { SweepPlayer } from './player';
import type { SweepState } from './state';

type Hit = NonNullable<ReturnType<typeof hitTest>>;

function inputCellText(model: SweepModel, hit: Hit, idx: string, feeds: number): string {
  const cell = hit.board.spec.cell(hit.r, hit.c);
  const src = (at: [number, number]) => (model.board.dims === 1 ? `${at[1]}` : at.join(', '));
  const v = cell.value !== undefined ? ` = ${formatValue(cell.value)}` : '';
  const what =
    cell.kind === 'real'
      ? `x[${cell.source ? src(cell.source) : idx}]${v}${cell.uncovered ? ' — never read' : ''}`
      : cell.kind === 'padding'
        ? `padding at ${idx}${v}${cell.source ? `, a copy of x[${src(cell.source)}]` : ''}`
        : cell.kind === 'zero'
          ? `inserted zero at ${idx}`
          : cell.kind === 'cropped'
            ? `cropped by negative padding at ${idx}`
            : `beyond the padding at ${idx}: a ceil_mode window overhangs here; ignored`;
  return `${what}${feeds ? ` → feeds ${feeds} output${feeds === 1 ? '' : 's'}` : ''}`;
}

function outputCellText(model: SweepModel, hit: Hit, idx: string, reads: number, frame: number): string {
  const cell = hit.board.spec.cell(hit.r, hit.c);
  const v = cell.kind === 'real' && cell.value !== undefined ? ` = ${formatValue(cell.value)}` : '';
  const from = `${reads} input cell${reads === 1 ? '' : 's'}`;
  if (cell.kind === 'cropped') return `cropped by padding at ${idx}`;
  if (model.mode !== 'scatter') return `y[${idx}]${v} ← reads ${from}`;
  const sum = model.outputValue(frame, hit.r, hit.c);
  const so = typeof sum === 'number' ? `running sum ${formatValue(sum)} after ${frame + 1} of ${model.frames} inputs` : 'no stamp yet';
  return `y[${idx}]: ${so}${v ? `; final${v}` : ''} ← stamped by ${from}`;
}

/** What the pointer at (x, y) lights, and the readout's text for it. */
export function hoverAt(model: SweepModel, layout: SweepLayout, frame: number, x: number, y: number): { hover: Hover | null; text: string } {
  const hit = hitTest(layout, x, y);
  if (!hit) return { hover: null, text: '\u00a0' };
  const id = hit.board.spec.id;
  const idx = model.board.dims === 1 ? `${hit.c}` : `${hit.r}, ${hit.c}`;
  if (id === 'input') {
    const lit = model.outputsFedBy(hit.r, hit.c);
    return { hover: { board: 'input', r: hit.r, c: hit.c, lit, litBoard: 'output' }, text: inputCellText(model, hit, idx, lit.length) };
  }
  if (id === 'output') {
    const lit = model.inputsFeeding(hit.r, hit.c);
    return { hover: { board: 'output', r: hit.r, c: hit.c, lit, litBoard: 'input' }, text: outputCellText(model, hit, idx, lit.length, frame) };
  }
  const cell = hit.board.spec.cell(hit.r, hit.c);
  if (cell.kind !== 'real' || !cell.tap) return { hover: null, text: '\u00a0' };
  const tap = model.board.dims === 1 ? `${cell.tap[1]}` : cell.tap.join(', ');
  const text = `${model.mode === 'gather' ? 'flipped kernel' : 'kernel'} tap [${tap}]${cell.value !== undefined ? ` = ${formatValue(cell.value)}` : ''}`;
  return { hover: { board: 'kernel', r: hit.r, c: hit.c, lit: [], litBoard: 'input' }, text };
}

export function listenPointer(ctx: ViewContext, s: SweepState, board: SweepCanvas, player: SweepPlayer, readout: HTMLElement, wrap: HTMLElement): void {
  const canvas = board.canvas;
  const canvasPoint = (e: PointerEvent | MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  ctx.disposables.listen(canvas, 'pointermove', (e: PointerEvent) => {
    const [x, y] = canvasPoint(e);
    const { hover, text } = hoverAt(s.model, board.layout, s.frame, x, y);
    readout.textContent = text;
    if (JSON.stringify(hover) !== JSON.stringify(s.hover)) {
      s.hover = hover;
      if (!s.playing) board.draw();
    }
  });
  ctx.disposables.listen(canvas, 'pointerleave', () => {
    s.hover = null;
    readout.textContent = '\u00a0';
    if (!s.playing) board.draw();
  });
  ctx.disposables.listen(canvas, 'click', (e: MouseEvent) => {
    const [x, y] = canvasPoint(e);
    const hit = hitTest(board.layout, x, y);
    if (!hit) return;
    const model = s.model;
    const [H, W] = model.mode === 'scatter' ? model.board.config2.inputSize : model.board.config2.outputSize;
    const target = model.mode === 'scatter' ? 'input' : 'output';
    if (hit.board.spec.id !== target || hit.r < 0 || hit.c < 0 || hit.r >= H || hit.c >= W) return;
    if (target === 'input' && hit.board.spec.cell(hit.r, hit.c).kind !== 'real') return;
    player.setFrame(model.frameOf([hit.r, hit.c]));
    wrap.focus();
  });
}
