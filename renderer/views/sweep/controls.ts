// The sweep's controls: the player bar (first, back, play, forward, last, the step slider, speed),
// the bar above the board (a transposed conv's two readings as tabs, the input channel), and the
// board's own keys (arrows step, space plays, Home/End, Page Up/Down by an output row).

import { button, el, select, tablistKeys } from '../../dom';
import type { ViewContext } from '../../view';
import type { SweepPlayer } from './player';
import { SPEEDS, type SweepState } from './state';
import type { SweepMode } from './types';

export interface PlayerBar {
  bar: HTMLElement;
  slider: HTMLInputElement;
  stepText: HTMLElement;
  playButton: HTMLButtonElement;
}

/** The player bar; its buttons act on `player()`, which exists once the bar is built. */
export function playerBar(ctx: ViewContext, s: SweepState, player: () => SweepPlayer): PlayerBar {
  const slider = el('input', { type: 'range', min: 0, max: Math.max(0, s.model.frames - 1), step: 1, value: s.frame, 'aria-label': 'Step' });
  const stepText = el('span', { className: 'cb-readout', 'data-role': 'step' });
  const playButton = button('▶ Play', 'Play', () => player().toggle(), { 'data-role': 'play' });
  const bar = el(
    'div',
    { className: 'cb-toolbar', role: 'toolbar', 'aria-label': 'Sweep controls' },
    button('|◀', 'First step', () => player().setFrame(0), { 'data-role': 'first' }),
    button('◀', 'Step back', () => player().setFrame(s.frame - 1), { 'data-role': 'back' }),
    playButton,
    button('▶', 'Step forward', () => player().setFrame(s.frame + 1), { 'data-role': 'forward' }),
    button('▶|', 'Last step', () => player().setFrame(s.model.frames - 1), { 'data-role': 'last' }),
    slider,
    stepText,
    select(
      'speed',
      SPEEDS.map((v) => ({ value: String(v), label: `${v} step${v === 1 ? '' : 's'}/s` })),
      String(SPEEDS.includes(s.speed) ? s.speed : 2),
      (v) => {
        s.speed = Number(v);
        ctx.state.set('speed', s.speed);
      },
    ),
  );
  ctx.disposables.listen(slider, 'input', () => player().setFrame(Number(slider.value)));
  return { bar, slider, stepText, playButton };
}

/** The bar above the board, rebuilt after each mode or channel change. */
export function fillTopBar(topBar: HTMLElement, s: SweepState, onMode: (m: SweepMode) => void, onChannel: (c: number) => void): void {
  topBar.replaceChildren();
  if (s.payload.config.kind === 'conv_transpose') {
    const tabs = el('div', { role: 'tablist', 'aria-label': 'How to read the transposed convolution', className: 'cb-toolbar' });
    const tab = (m: SweepMode, label: string, hint: string) => button(label, hint, () => onMode(m), { role: 'tab', 'aria-selected': String(s.mode === m), 'data-mode': m });
    tabs.append(
      tab('scatter', 'Scatter', 'Each input cell stamps its weighted kernel onto the output'),
      tab('gather', 'As direct conv', 'The same output as a stride-1 conv over the zero-stuffed, padded input with the kernel flipped'),
    );
    topBar.appendChild(tabs);
  }
  if (s.model.channels > 1) {
    const channels = Array.from({ length: s.model.channels }, (_, c) => ({ value: String(c), label: String(c) }));
    topBar.appendChild(select('input channel', channels, String(s.channel), (v) => onChannel(Number(v))));
  }
}

/** A top bar whose tabs answer the arrow keys. */
export function topBarElement(ctx: ViewContext): HTMLElement {
  const topBar = el('div', { className: 'cb-toolbar' });
  tablistKeys(topBar, ctx.disposables);
  return topBar;
}

/** The focused board's keys. */
export function listenBoardKeys(ctx: ViewContext, wrap: HTMLElement, s: SweepState, player: SweepPlayer): void {
  ctx.disposables.listen(wrap, 'keydown', (e: KeyboardEvent) => {
    const row = s.model.board.config2.outputSize[1];
    const actions: Record<string, () => void> = {
      ' ': () => player.toggle(),
      Enter: () => player.toggle(),
      k: () => player.toggle(),
      ArrowRight: () => player.setFrame(s.frame + 1),
      ArrowDown: () => player.setFrame(s.frame + 1),
      l: () => player.setFrame(s.frame + 1),
      ArrowLeft: () => player.setFrame(s.frame - 1),
      ArrowUp: () => player.setFrame(s.frame - 1),
      j: () => player.setFrame(s.frame - 1),
      Home: () => player.setFrame(0),
      End: () => player.setFrame(s.model.frames - 1),
      PageDown: () => player.setFrame(s.frame + row),
      PageUp: () => player.setFrame(s.frame - row),
    };
    const action = Object.hasOwn(actions, e.key) ? actions[e.key] : undefined;
    if (!action) return;
    action();
    e.preventDefault();
  });
}
