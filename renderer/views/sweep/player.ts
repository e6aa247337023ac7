// Stepping and playing the sweep: the current frame, the play loop at the chosen speed, and the
// text that follows the frame (step counter, slider, the typeset equation, the live region).

import { formatCell } from '../../format';
import { renderMath } from '../../math';
import type { ViewContext } from '../../view';
import type { SweepCanvas } from './canvas';
import { frameEquation } from './equation';
import type { SweepState } from './state';

/** The DOM the player keeps up to date. */
export interface PlayerElements {
  slider: HTMLInputElement;
  stepText: HTMLElement;
  playButton: HTMLButtonElement;
  equation: HTMLElement;
  live: HTMLElement;
}

/** While playing, the equation is typeset at most this often. */
const EQUATION_INTERVAL_MS = 120;

export class SweepPlayer {
  private raf = 0;
  private lastStepAt = 0;
  private lastEquationAt = 0;
  private equationFrame = -1;

  constructor(
    private readonly ctx: ViewContext,
    private readonly s: SweepState,
    private readonly board: SweepCanvas,
    private readonly dom: PlayerElements,
    /** The op in words, for the canvas's label. */
    private readonly configText: string,
  ) {}

  describeFrame(): string {
    const { model, info, frame } = this.s;
    const o = model.board.dims === 1 ? [info.focus[1]] : info.focus;
    const where = model.mode === 'scatter' ? `input x[${o.join(', ')}]` : `output y[${o.join(', ')}]`;
    const value = model.mode === 'scatter' ? info.taps[0].value : info.result;
    return `Step ${frame + 1} of ${model.frames}: ${where}${value !== undefined ? ` = ${formatCell(value, 6)}` : ''}`;
  }

  updateText(force: boolean): void {
    const { model, frame, playing } = this.s;
    const { slider, stepText, equation, live } = this.dom;
    slider.value = String(frame);
    slider.setAttribute('aria-valuetext', this.describeFrame());
    stepText.textContent = `${frame + 1} / ${model.frames}`;
    const now = performance.now();
    if (!force && playing && now - this.lastEquationAt < EQUATION_INTERVAL_MS) return;
    if (this.equationFrame === frame && !force) return;
    this.lastEquationAt = now;
    this.equationFrame = frame;
    const eq = frameEquation(model, this.s.info);
    renderMath(equation, eq.latex, { display: true, plain: eq.text, label: eq.text });
    equation.dataset.plain = eq.text;
    this.board.canvas.setAttribute('aria-label', `${this.configText}. ${this.describeFrame()}.`);
    if (!playing) live.textContent = eq.text;
  }

  setFrame(f: number, fromPlayback = false): void {
    const s = this.s;
    const next = Math.min(Math.max(0, f), s.model.frames - 1);
    if (!fromPlayback && s.playing) this.pause();
    if (next === s.frame && !fromPlayback) return;
    s.previous = next === s.frame + 1 ? s.info : null;
    s.glideStart = performance.now();
    s.frame = next;
    s.info = s.model.frameInfo(next);
    this.ctx.state.set('frame', next);
    this.updateText(!s.playing);
    if (!s.playing) this.board.draw();
  }

  private readonly loop = (now: number): void => {
    const s = this.s;
    this.raf = 0;
    if (!s.playing || this.ctx.disposables.isDisposed) return;
    const interval = 1000 / s.speed;
    if (now - this.lastStepAt >= interval) {
      if (s.frame >= s.model.frames - 1) {
        this.pause();
        return;
      }
      this.lastStepAt = now - Math.min(interval, now - this.lastStepAt - interval);
      this.setFrame(s.frame + 1, true);
    }
    this.board.draw(now);
    this.updateText(false);
    this.raf = requestAnimationFrame(this.loop);
  };

  play(): void {
    const s = this.s;
    if (s.playing) return;
    if (s.frame >= s.model.frames - 1) this.setFrame(0);
    s.playing = true;
    this.label('‖ Pause', 'Pause');
    this.lastStepAt = performance.now();
    this.raf = requestAnimationFrame(this.loop);
  }

  pause(): void {
    this.s.playing = false;
    this.label('▶ Play', 'Play');
    this.stop();
    this.updateText(true);
    this.board.draw();
  }

  toggle(): void {
    if (this.s.playing) this.pause();
    else this.play();
  }

  /** Cancels the pending animation frame (disposal, pause). */
  stop(): void {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  private label(text: string, name: string): void {
    const b = this.dom.playButton;
    b.textContent = text;
    b.setAttribute('aria-label', name);
    b.title = name;
  }
}
