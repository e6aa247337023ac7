// The kernel sweep: the boards on a canvas, the current step's arithmetic typeset with KaTeX, and
// player controls (play/pause, step, scrub, speed) that work from the keyboard. Hovering links
// input and output cells; clicking an output (or, in a scatter, an input) jumps to its step.
// This module wires the parts together: state.ts, canvas.ts, player.ts, controls.ts, pointer.ts
// and export.ts.

import { el, visuallyHidden } from '../../dom';
import { PayloadError, type View, type ViewContext } from '../../view';
import { notesList } from '../common';
import { formulaContent } from '../formula';
import { SweepCanvas } from './canvas';
import { fillTopBar, listenBoardKeys, playerBar, topBarElement } from './controls';
import { sweepExporters } from './export';
import { describeConfig, parseSweepPayload } from './payload';
import { SweepPlayer } from './player';
import { listenPointer } from './pointer';
import { initialState, remodel } from './state';
import type { SweepMode } from './types';

/** Width changes smaller than this keep the layout (a scrollbar coming and going must not relayout). */
const RELAYOUT_STEP = 24;

export function sweepView(ctx: ViewContext, raw: unknown): View {
  const payload = parseSweepPayload(raw);
  const config = payload.config;
  if (config.outputSize.some((o) => o < 1)) throw new PayloadError(`the output would be empty (${config.outputSize.join('×')}); nothing to sweep`);
  const root = ctx.root;
  const s = initialState(payload, ctx.state);
  const configText = describeConfig(config);

  // ───── DOM ─────
  const topBar = topBarElement(ctx);
  const canvas = el('canvas', { className: 'cb-canvas', role: 'img' });
  const canvasWrap = el('div', { className: 'cb-canvas-wrap', tabindex: 0, 'aria-label': 'Sweep board: arrow keys step, space plays or pauses' }, canvas);
  let player!: SweepPlayer;
  const controls = playerBar(ctx, s, () => player);
  const equation = el('div', { className: 'cb-math', 'data-role': 'equation' });
  const live = visuallyHidden('', { 'aria-live': 'polite', 'data-role': 'live' });
  const readout = el('div', { className: 'cb-readout', 'data-role': 'readout' }, '\u00a0');
  // The notes drawn under the boards, also as text for screen readers (the canvas describes itself by them).
  const legend = el('ul', { className: 'cb-sr-only', id: `cb-legend-${Math.random().toString(36).slice(2)}`, 'data-role': 'legend' });
  canvas.setAttribute('aria-describedby', legend.id);
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', `${payload.title}: ${configText}`);
  root.append(el('div', { className: 'cb-title' }, payload.title), el('div', { className: 'cb-subtitle' }, configText), topBar, canvasWrap, legend, controls.bar, equation, live, readout);
  const notes = notesList(payload.notes);
  if (notes) root.appendChild(notes);
  if (payload.formula) {
    try {
      root.appendChild(formulaContent(payload.formula as unknown as Record<string, unknown>));
    } catch {
      // A malformed nested formula must not take the sweep down with it.
    }
  }

  const board = new SweepCanvas(ctx, s, canvas, legend);
  player = new SweepPlayer(ctx, s, board, { ...controls, equation, live }, configText);

  function rebuild(): void {
    if (s.playing) player.pause();
    remodel(s);
    controls.slider.max = String(Math.max(0, s.model.frames - 1));
    fillTopBar(topBar, s, switchMode, switchChannel);
    board.relayout();
    player.updateText(true);
    board.draw();
  }

  function switchMode(m: SweepMode): void {
    if (m === s.mode) return;
    s.mode = m;
    ctx.state.set('mode', m);
    s.frame = 0;
    rebuild();
  }

  function switchChannel(c: number): void {
    s.channel = c;
    ctx.state.set('channel', c);
    rebuild();
  }

  // ───── input ─────
  listenBoardKeys(ctx, canvasWrap, s, player);
  listenPointer(ctx, s, board, player, readout, canvasWrap);

  let resizePending = 0;
  let lastWidth = board.availableWidth();
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(() => {
      if (resizePending) return;
      resizePending = requestAnimationFrame(() => {
        resizePending = 0;
        const w = board.availableWidth();
        if (Math.abs(w - lastWidth) < RELAYOUT_STEP) return;
        lastWidth = w;
        board.relayout();
        board.draw();
      });
    });
    ro.observe(root);
    ctx.disposables.add(() => ro.disconnect());
  }
  ctx.disposables.add(() => {
    s.playing = false;
    player.stop();
    if (resizePending) cancelAnimationFrame(resizePending);
  });
  ctx.onThemeChange(() => {
    board.relayout();
    board.draw();
  });

  fillTopBar(topBar, s, switchMode, switchChannel);
  board.relayout();
  player.updateText(true);
  board.draw();
  ctx.rendered('sweep');
  return { title: payload.title || 'sweep', exporters: sweepExporters(s, board, player) };
}
