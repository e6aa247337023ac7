// The kernel sweep: the boards on a canvas, the current step's arithmetic typeset with KaTeX, and
// player controls (play/pause, step, scrub, speed) that work from the keyboard. Hovering links
// input and output cells; clicking an output (or, in a scatter, an input) jumps to its step.

import type { SweepPayload, WindowConfig } from '../../contract';
import { button, el, select, tablistKeys, visuallyHidden } from '../dom';
import { encodeGif } from '../export/gif';
import { sceneToPixels, sceneToPng, sceneToSvgBlob } from '../export/image';
import { formatCell, formatValue } from '../format';
import { renderMath } from '../math';
import { paintPrim, paintScene } from '../scene/paint';
import { newScene, type Prim, type Scene } from '../scene/scene';
import type { Palette } from '../theme';
import { PayloadError, asString, asStrings, isNumberArray, isRecord, type View, type ViewContext } from '../view';
import { formulaContent } from '../views/formula';
import { notesList } from '../views/common';
import { allOutputPrims, hitTest, layoutSweep, outputCellPrims, overlayPrims, staticPrims, type Hover, type Measure, type SweepLayout } from './draw';
import { frameEquation } from './equation';
import { SweepModel, type FrameInfo, type SweepMode } from './model';

const SPEEDS = [0.5, 1, 2, 4, 8, 15, 30, 60];
const MAX_GIF_FRAMES = 400;

function parseConfig(v: unknown): WindowConfig {
  if (!isRecord(v)) throw new PayloadError('the sweep has no config');
  const arrays = ['inputSize', 'kernelSize', 'stride', 'dilation', 'padBefore', 'padAfter', 'outputPadding', 'outputSize'] as const;
  for (const k of arrays) if (!isNumberArray(v[k])) throw new PayloadError(`the sweep config lacks ${k}`);
  const kind = v.kind;
  if (kind !== 'conv' && kind !== 'conv_transpose' && kind !== 'max_pool' && kind !== 'avg_pool') throw new PayloadError(`unknown sweep kind ${String(kind)}`);
  return v as unknown as WindowConfig;
}

export function parseSweepPayload(raw: unknown): SweepPayload {
  if (!isRecord(raw)) throw new PayloadError('the sweep output is not an object');
  const config = parseConfig(raw.config);
  const planes = (v: unknown) => (Array.isArray(v) && v.every(isNumberArray) ? (v as number[][]) : undefined);
  return {
    title: asString(raw.title, 'sweep'),
    config,
    inputPlanes: planes(raw.inputPlanes),
    weightPlanes: planes(raw.weightPlanes),
    bias: typeof raw.bias === 'number' ? raw.bias : undefined,
    output: isNumberArray(raw.output) ? raw.output : undefined,
    notes: asStrings(raw.notes),
    formula: isRecord(raw.formula) ? (raw.formula as unknown as SweepPayload['formula']) : undefined,
  };
}

function describeConfig(c: WindowConfig): string {
  const v = (a: number[]) => (a.every((x) => x === a[0]) ? String(a[0]) : `(${a.join(', ')})`);
  const kind = { conv: 'convolution', conv_transpose: 'transposed convolution', max_pool: 'max pooling', avg_pool: 'average pooling' }[c.kind];
  const parts = [`kernel ${c.kernelSize.join('×')}`, `stride ${v(c.stride)}`];
  const symmetric = c.padBefore.every((p, i) => p === c.padAfter[i]);
  parts.push(symmetric ? `padding ${v(c.padBefore)}` : `padding ${c.padBefore.join(',')} before / ${c.padAfter.join(',')} after`);
  if (c.dilation.some((d) => d !== 1)) parts.push(`dilation ${v(c.dilation)}`);
  if (c.kind === 'conv_transpose' && c.outputPadding.some((x) => x)) parts.push(`output_padding ${v(c.outputPadding)}`);
  if (c.kind === 'conv' && c.paddingMode !== 'zeros') parts.push(`padding_mode ${c.paddingMode}`);
  if (c.kind === 'max_pool' || c.kind === 'avg_pool') {
    if (c.ceilMode) parts.push('ceil_mode');
    if (c.kind === 'avg_pool' && !c.countIncludePad) parts.push('count_include_pad=False');
  }
  return `${kind}: input ${c.inputSize.join('×')}, ${parts.join(', ')} → output ${c.outputSize.join('×')}`;
}

export function sweepView(ctx: ViewContext, raw: unknown): View {
  const payload = parseSweepPayload(raw);
  const config = payload.config;
  if (config.outputSize.some((o) => o < 1)) throw new PayloadError(`the output would be empty (${config.outputSize.join('×')}); nothing to sweep`);
  const root = ctx.root;
  const isTransposed = config.kind === 'conv_transpose';

  let mode: SweepMode = isTransposed ? (ctx.state.get<SweepMode>('mode') === 'gather' ? 'gather' : 'scatter') : 'direct';
  let channel = ctx.state.get<number>('channel') ?? 0;
  let model = new SweepModel(payload, mode, channel);
  let frame = Math.min(Math.max(0, ctx.state.get<number>('frame') ?? 0), model.frames - 1);
  const defaultSpeed = SPEEDS.find((s) => model.frames / s <= 20) ?? 60;
  let speed = ctx.state.get<number>('speed') ?? Math.max(1, defaultSpeed);
  let playing = false;
  let hover: Hover | null = null;

  // ───── DOM ─────
  const title = el('div', { className: 'cb-title' }, payload.title);
  const subtitle = el('div', { className: 'cb-subtitle' }, describeConfig(config));
  const topBar = el('div', { className: 'cb-toolbar' });
  tablistKeys(topBar, ctx.disposables);
  const canvas = el('canvas', { className: 'cb-canvas', role: 'img' });
  const canvasWrap = el('div', { className: 'cb-canvas-wrap', tabindex: 0, 'aria-label': 'Sweep board: arrow keys step, space plays or pauses' }, canvas);
  const slider = el('input', { type: 'range', min: 0, max: Math.max(0, model.frames - 1), step: 1, value: frame, 'aria-label': 'Step' });
  const stepText = el('span', { className: 'cb-readout', 'data-role': 'step' });
  const playButton = button('▶ Play', 'Play', () => togglePlay(), { 'data-role': 'play' });
  const controls = el(
    'div',
    { className: 'cb-toolbar', role: 'toolbar', 'aria-label': 'Sweep controls' },
    button('|◀', 'First step', () => setFrame(0), { 'data-role': 'first' }),
    button('◀', 'Step back', () => setFrame(frame - 1), { 'data-role': 'back' }),
    playButton,
    button('▶', 'Step forward', () => setFrame(frame + 1), { 'data-role': 'forward' }),
    button('▶|', 'Last step', () => setFrame(model.frames - 1), { 'data-role': 'last' }),
    slider,
    stepText,
    select(
      'speed',
      SPEEDS.map((s) => ({ value: String(s), label: `${s} step${s === 1 ? '' : 's'}/s` })),
      String(SPEEDS.includes(speed) ? speed : 2),
      (v) => {
        speed = Number(v);
        ctx.state.set('speed', speed);
      },
    ),
  );
  const equation = el('div', { className: 'cb-math', 'data-role': 'equation' });
  const live = visuallyHidden('', { 'aria-live': 'polite', 'data-role': 'live' });
  const readout = el('div', { className: 'cb-readout', 'data-role': 'readout' }, '\u00a0');
  // The notes drawn under the boards, also as text for screen readers (the canvas describes itself by them).
  const legend = el('ul', { className: 'cb-sr-only', id: `cb-legend-${Math.random().toString(36).slice(2)}`, 'data-role': 'legend' });
  canvas.setAttribute('aria-describedby', legend.id);
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', `${payload.title}: ${describeConfig(config)}`);
  root.append(title, subtitle, topBar, canvasWrap, legend, controls, equation, live, readout);
  const notes = notesList(payload.notes);
  if (notes) root.appendChild(notes);
  if (payload.formula) {
    try {
      root.appendChild(formulaContent(payload.formula as unknown as Record<string, unknown>));
    } catch {
      // A malformed nested formula must not take the sweep down with it.
    }
  }

  function buildTopBar(): void {
    topBar.replaceChildren();
    if (isTransposed) {
      const tabs = el('div', { role: 'tablist', 'aria-label': 'How to read the transposed convolution', className: 'cb-toolbar' });
      const tab = (m: SweepMode, label: string, hint: string) => {
        const b = button(label, hint, () => switchMode(m), { role: 'tab', 'aria-selected': String(mode === m), 'data-mode': m });
        return b;
      };
      tabs.append(tab('scatter', 'Scatter', 'Each input cell stamps its weighted kernel onto the output'), tab('gather', 'As direct conv', 'The same output as a stride-1 conv over the zero-stuffed, padded input with the kernel flipped'));
      topBar.appendChild(tabs);
    }
    if (model.channels > 1) {
      topBar.appendChild(
        select(
          'input channel',
          Array.from({ length: model.channels }, (_, c) => ({ value: String(c), label: String(c) })),
          String(channel),
          (v) => {
            channel = Number(v);
            ctx.state.set('channel', channel);
            rebuild();
          },
        ),
      );
    }
  }

  // ───── drawing ─────
  const measureCtx = document.createElement('canvas').getContext('2d');
  let palette: Palette = ctx.palette();
  const measure: Measure = (text, size, bold) => {
    if (!measureCtx) return text.length * size * 0.6;
    measureCtx.font = `${bold ? '600 ' : ''}${size}px ${bold ? palette.fontFamily : palette.monoFamily}`;
    return measureCtx.measureText(text).width;
  };
  const dpr = () => (typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1);
  let layout!: SweepLayout;
  let staticLayer: HTMLCanvasElement | null = null;
  let outputLayer: HTMLCanvasElement | null = null;
  let outputLayerFrame = -1;
  let info: FrameInfo = model.frameInfo(frame);
  let previous: FrameInfo | null = null;
  let glideStart = 0;

  const availableWidth = () => Math.min(1400, Math.max(320, root.clientWidth || 800));

  function relayout(): void {
    palette = ctx.palette();
    const notes = model.legend();
    legend.replaceChildren(...notes.map((n) => el('li', {}, n)));
    layout = layoutSweep(model, availableWidth(), measure, notes);
    const scale = dpr();
    staticLayer = layer(layout.width, layout.height, scale);
    const sctx = staticLayer.getContext('2d')!;
    paintScene(sctx, { ...sceneShell(), prims: staticPrims(model, layout, palette, measure) }, scale);
    outputLayer = layer(layout.width, layout.height, scale);
    outputLayerFrame = -1;
    const w = Math.ceil(layout.width * scale);
    const h = Math.ceil(layout.height * scale);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    canvas.style.width = `${layout.width}px`;
    canvas.style.height = `${layout.height}px`;
    canvas.dataset.layout = JSON.stringify({
      cell: layout.cell,
      boards: Object.fromEntries(layout.boards.map((b) => [b.spec.id, { x: b.x, y: b.y, rows: b.spec.rows, cols: b.spec.cols }])),
    });
  }

  function sceneShell(): Scene {
    return newScene(layout.width, layout.height, palette.background, palette.fontFamily, palette.monoFamily);
  }

  function layer(w: number, h: number, scale: number): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.width = Math.ceil(w * scale);
    c.height = Math.ceil(h * scale);
    return c;
  }

  /** Brings the output layer to `frame`: for scatter only the stamped cells are repainted going forward. */
  function updateOutputLayer(): void {
    if (!outputLayer) return;
    const octx = outputLayer.getContext('2d')!;
    const scale = dpr();
    if (model.mode !== 'scatter') {
      if (outputLayerFrame >= 0) return;
      // All outputs painted once as filled; the composite reveals those up to the current step.
      octx.setTransform(scale, 0, 0, scale, 0, 0);
      for (const p of allOutputPrims(model, layout, palette, measure, model.frames - 1)) paintPrim(octx, p, sceneShell());
      outputLayerFrame = model.frames - 1;
      return;
    }
    if (outputLayerFrame === frame) return;
    const changed = outputLayerFrame < 0 ? 'all' : model.changedOutputs(outputLayerFrame, frame);
    octx.setTransform(scale, 0, 0, scale, 0, 0);
    const prims: Prim[] = [];
    if (changed === 'all') {
      octx.clearRect(0, 0, layout.width, layout.height);
      prims.push(...allOutputPrims(model, layout, palette, measure, frame));
    } else {
      const seen = new Set<string>();
      for (const [r, c] of changed) {
        const key = `${r},${c}`;
        if (seen.has(key)) continue;
        seen.add(key);
        outputCellPrims(prims, model, layout, palette, measure, frame, r, c);
      }
    }
    for (const p of prims) paintPrim(octx, p, sceneShell());
    outputLayerFrame = frame;
  }

  function draw(now = performance.now()): void {
    const c2d = canvas.getContext('2d');
    if (!c2d || !staticLayer || !outputLayer) return;
    updateOutputLayer();
    const scale = dpr();
    c2d.setTransform(1, 0, 0, 1, 0, 0);
    c2d.drawImage(staticLayer, 0, 0);
    if (model.mode === 'scatter') c2d.drawImage(outputLayer, 0, 0);
    else {
      // Reveal rows above the current one, and the current row up to the current cell.
      const o = layout.output;
      const [fr, fc] = info.focus;
      const cell = layout.cell * scale;
      const ox = o.x * scale;
      const oy = o.y * scale;
      if (fr > 0) c2d.drawImage(outputLayer, ox, oy, o.width * scale, fr * cell, ox, oy, o.width * scale, fr * cell);
      c2d.drawImage(outputLayer, ox, oy + fr * cell, (fc + 1) * cell, cell, ox, oy + fr * cell, (fc + 1) * cell, cell);
    }
    const glideMs = Math.min(180, 600 / speed);
    const t = playing && previous ? Math.min(1, (now - glideStart) / glideMs) : 1;
    c2d.setTransform(scale, 0, 0, scale, 0, 0);
    const shell = sceneShell();
    for (const p of overlayPrims(model, layout, palette, info, previous, t, hover)) paintPrim(c2d, p, shell);
    canvas.dataset.frame = String(frame);
  }

  /** The whole current frame as one scene (exports). */
  function frameScene(f: number, withEquation: boolean): Scene {
    const fi = f === frame ? info : model.frameInfo(f);
    const eq = frameEquation(model, fi);
    const extra = withEquation ? 22 : 0;
    const scene = newScene(layout.width, layout.height + extra, palette.background, palette.fontFamily, palette.monoFamily);
    scene.prims.push(...staticPrims(model, layout, palette, measure));
    if (model.mode === 'scatter') scene.prims.push(...allOutputPrims(model, layout, palette, measure, f));
    else {
      const [, W] = model.board.config2.outputSize;
      const prims: Prim[] = [];
      for (let i = 0; i <= f; i++) outputCellPrims(prims, model, layout, palette, measure, f, Math.floor(i / W), i % W);
      scene.prims.push(...prims);
    }
    scene.prims.push(...overlayPrims(model, layout, palette, fi, null, 1, null));
    if (withEquation) scene.prims.push({ t: 'text', x: 12, y: layout.height + 2, text: eq.text, color: palette.foreground, size: 12, baseline: 'top', mono: true });
    return scene;
  }

  // ───── state changes ─────
  let lastEquationAt = 0;
  let equationFrame = -1;

  function describeFrame(): string {
    const o = model.board.dims === 1 ? [info.focus[1]] : info.focus;
    const where = model.mode === 'scatter' ? `input x[${o.join(', ')}]` : `output y[${o.join(', ')}]`;
    const value = model.mode === 'scatter' ? info.taps[0].value : info.result;
    return `Step ${frame + 1} of ${model.frames}: ${where}${value !== undefined ? ` = ${formatCell(value, 6)}` : ''}`;
  }

  function updateText(force: boolean): void {
    slider.value = String(frame);
    slider.setAttribute('aria-valuetext', describeFrame());
    stepText.textContent = `${frame + 1} / ${model.frames}`;
    const now = performance.now();
    if (!force && playing && now - lastEquationAt < 120) return;
    if (equationFrame === frame && !force) return;
    lastEquationAt = now;
    equationFrame = frame;
    const eq = frameEquation(model, info);
    renderMath(equation, eq.latex, { display: true, plain: eq.text, label: eq.text });
    equation.dataset.plain = eq.text;
    canvas.setAttribute('aria-label', `${describeConfig(config)}. ${describeFrame()}.`);
    if (!playing) live.textContent = eq.text;
  }

  function setFrame(f: number, fromPlayback = false): void {
    const next = Math.min(Math.max(0, f), model.frames - 1);
    if (!fromPlayback && playing) pause();
    if (next === frame && !fromPlayback) return;
    previous = next === frame + 1 ? info : null;
    glideStart = performance.now();
    frame = next;
    info = model.frameInfo(frame);
    ctx.state.set('frame', frame);
    updateText(!playing);
    if (!playing) draw();
  }

  let raf = 0;
  let lastStepAt = 0;
  function loop(now: number): void {
    raf = 0;
    if (!playing || ctx.disposables.isDisposed) return;
    const interval = 1000 / speed;
    if (now - lastStepAt >= interval) {
      if (frame >= model.frames - 1) {
        pause();
        return;
      }
      lastStepAt = now - Math.min(interval, now - lastStepAt - interval);
      setFrame(frame + 1, true);
    }
    draw(now);
    updateText(false);
    raf = requestAnimationFrame(loop);
  }

  function play(): void {
    if (playing) return;
    if (frame >= model.frames - 1) setFrame(0);
    playing = true;
    playButton.textContent = '‖ Pause';
    playButton.setAttribute('aria-label', 'Pause');
    playButton.title = 'Pause';
    lastStepAt = performance.now();
    raf = requestAnimationFrame(loop);
  }

  function pause(): void {
    playing = false;
    playButton.textContent = '▶ Play';
    playButton.setAttribute('aria-label', 'Play');
    playButton.title = 'Play';
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    updateText(true);
    draw();
  }

  function togglePlay(): void {
    if (playing) pause();
    else play();
  }

  function switchMode(m: SweepMode): void {
    if (m === mode) return;
    mode = m;
    ctx.state.set('mode', mode);
    frame = 0;
    rebuild();
  }

  function rebuild(): void {
    if (playing) pause();
    model = new SweepModel(payload, mode, channel);
    frame = Math.min(frame, model.frames - 1);
    slider.max = String(Math.max(0, model.frames - 1));
    info = model.frameInfo(frame);
    previous = null;
    hover = null;
    buildTopBar();
    relayout();
    updateText(true);
    draw();
  }

  // ───── input ─────
  ctx.disposables.listen(slider, 'input', () => setFrame(Number(slider.value)));
  ctx.disposables.listen(canvasWrap, 'keydown', (e: KeyboardEvent) => {
    let handled = true;
    switch (e.key) {
      case ' ':
      case 'Enter':
      case 'k':
        togglePlay();
        break;
      case 'ArrowRight':
      case 'ArrowDown':
      case 'l':
        setFrame(frame + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
      case 'j':
        setFrame(frame - 1);
        break;
      case 'Home':
        setFrame(0);
        break;
      case 'End':
        setFrame(model.frames - 1);
        break;
      case 'PageDown':
        setFrame(frame + model.board.config2.outputSize[1]);
        break;
      case 'PageUp':
        setFrame(frame - model.board.config2.outputSize[1]);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });

  const canvasPoint = (e: PointerEvent | MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };

  ctx.disposables.listen(canvas, 'pointermove', (e: PointerEvent) => {
    const [x, y] = canvasPoint(e);
    const hit = hitTest(layout, x, y);
    let next: Hover | null = null;
    let text = '\u00a0';
    if (hit) {
      const id = hit.board.spec.id;
      const cell = hit.board.spec.cell(hit.r, hit.c);
      const idx = model.board.dims === 1 ? `${hit.c}` : `${hit.r}, ${hit.c}`;
      if (id === 'input') {
        const lit = model.outputsFedBy(hit.r, hit.c);
        next = { board: 'input', r: hit.r, c: hit.c, lit, litBoard: 'output' };
        const v = cell.value !== undefined ? ` = ${formatValue(cell.value)}` : '';
        const what =
          cell.kind === 'real'
            ? `x[${cell.source ? (model.board.dims === 1 ? cell.source[1] : cell.source.join(', ')) : idx}]${v}${cell.uncovered ? ' — never read' : ''}`
            : cell.kind === 'padding'
              ? `padding at ${idx}${v}${cell.source ? `, a copy of x[${model.board.dims === 1 ? cell.source[1] : cell.source.join(', ')}]` : ''}`
              : cell.kind === 'zero'
                ? `inserted zero at ${idx}`
                : cell.kind === 'cropped'
                  ? `cropped by negative padding at ${idx}`
                  : `beyond the padding at ${idx}: a ceil_mode window overhangs here; ignored`;
        text = `${what}${lit.length ? ` → feeds ${lit.length} output${lit.length === 1 ? '' : 's'}` : ''}`;
      } else if (id === 'output') {
        const lit = model.inputsFeeding(hit.r, hit.c);
        next = { board: 'output', r: hit.r, c: hit.c, lit, litBoard: 'input' };
        const v = cell.kind === 'real' && cell.value !== undefined ? ` = ${formatValue(cell.value)}` : '';
        const from = `${lit.length} input cell${lit.length === 1 ? '' : 's'}`;
        if (cell.kind === 'cropped') text = `cropped by padding at ${idx}`;
        else if (model.mode === 'scatter') {
          const sum = model.outputValue(frame, hit.r, hit.c);
          const so = typeof sum === 'number' ? `running sum ${formatValue(sum)} after ${frame + 1} of ${model.frames} inputs` : 'no stamp yet';
          text = `y[${idx}]: ${so}${v ? `; final${v}` : ''} ← stamped by ${from}`;
        } else text = `y[${idx}]${v} ← reads ${from}`;
      } else if (cell.kind === 'real' && cell.tap) {
        next = { board: 'kernel', r: hit.r, c: hit.c, lit: [], litBoard: 'input' };
        const tap = model.board.dims === 1 ? `${cell.tap[1]}` : cell.tap.join(', ');
        text = `${mode === 'gather' ? 'flipped kernel' : 'kernel'} tap [${tap}]${cell.value !== undefined ? ` = ${formatValue(cell.value)}` : ''}`;
      }
    }
    readout.textContent = text;
    if (JSON.stringify(next) !== JSON.stringify(hover)) {
      hover = next;
      if (!playing) draw();
    }
  });
  ctx.disposables.listen(canvas, 'pointerleave', () => {
    hover = null;
    readout.textContent = '\u00a0';
    if (!playing) draw();
  });
  ctx.disposables.listen(canvas, 'click', (e: MouseEvent) => {
    const [x, y] = canvasPoint(e);
    const hit = hitTest(layout, x, y);
    if (!hit) return;
    const [H, W] = model.mode === 'scatter' ? model.board.config2.inputSize : model.board.config2.outputSize;
    const target = model.mode === 'scatter' ? 'input' : 'output';
    if (hit.board.spec.id !== target || hit.r < 0 || hit.c < 0 || hit.r >= H || hit.c >= W) return;
    if (target === 'input' && hit.board.spec.cell(hit.r, hit.c).kind !== 'real') return;
    setFrame(model.frameOf([hit.r, hit.c]));
    canvasWrap.focus();
  });

  let resizePending = 0;
  let lastWidth = availableWidth();
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(() => {
      if (resizePending) return;
      resizePending = requestAnimationFrame(() => {
        resizePending = 0;
        const w = availableWidth();
        if (Math.abs(w - lastWidth) < 24) return;
        lastWidth = w;
        relayout();
        draw();
      });
    });
    ro.observe(root);
    ctx.disposables.add(() => ro.disconnect());
  }
  ctx.disposables.add(() => {
    playing = false;
    if (raf) cancelAnimationFrame(raf);
    if (resizePending) cancelAnimationFrame(resizePending);
  });
  ctx.onThemeChange(() => {
    relayout();
    draw();
  });

  buildTopBar();
  relayout();
  updateText(true);
  draw();
  ctx.rendered('sweep');

  const fileTitle = payload.title || 'sweep';
  return {
    title: fileTitle,
    exporters: [
      { format: 'png', label: 'PNG', make: () => sceneToPng(frameScene(frame, true)) },
      { format: 'svg', label: 'SVG', make: async () => sceneToSvgBlob(frameScene(frame, true), `${payload.title}: ${describeFrame()}`) },
      {
        format: 'gif',
        label: 'GIF',
        make: async (signal) => {
          const count = Math.min(model.frames, MAX_GIF_FRAMES);
          const stride = model.frames / count;
          const scratch = document.createElement('canvas');
          const first = frameScene(0, true);
          const bytes = await encodeGif(
            {
              width: Math.ceil(first.width),
              height: Math.ceil(first.height),
              count,
              frame: (i) => sceneToPixels(frameScene(Math.min(model.frames - 1, Math.round(i * stride)), true), scratch),
            },
            { delayMs: Math.max(60, Math.min(1000, Math.round(1000 / Math.min(speed, 15)))), signal },
          );
          return new Blob([bytes as BlobPart], { type: 'image/gif' });
        },
      },
    ],
  };
}

