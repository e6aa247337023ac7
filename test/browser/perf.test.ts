// Frame rate of the sweep (32×32 input, 3×3 kernel, played at 60 steps/s) and first-paint time of a
// 64-channel 112×112 feature map, measured in headless Chromium and printed for the record. The
// bounds asserted are deliberately loose so a busy CI machine cannot fail them; the figures
// themselves go in the report.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIME, type SweepPayload } from '../../contract';
import { cellPayload, featureMap } from './fixtures';
import { closeSession, openSession, render, type Harness, type TestPage } from './support';

/** A 32×32 input (small integers) convolved by a 3×3 kernel with padding 1: the kernel's own sweep of F.conv2d. */
async function bigSweep(): Promise<SweepPayload> {
  const input = Array.from({ length: 32 * 32 }, (_, i) => ((i * 7) % 11) - 5);
  const weight = [1, 0, -1, 2, 0, -2, 1, 0, -1];
  const source = `x = torch.tensor(${JSON.stringify(input)}, dtype=torch.float32).reshape(1, 1, 32, 32)\nk = torch.tensor(${JSON.stringify(weight)}, dtype=torch.float32).reshape(1, 1, 3, 3)\nsweep(F.conv2d(x, k, padding=1))`;
  const payload = await cellPayload<SweepPayload>(source, MIME.sweep);
  assert.deepEqual(payload.config.outputSize, [32, 32]);
  return payload;
}

describe('renderer performance (reported)', () => {
  let h: Harness;
  let t: TestPage;
  before(async () => ({ h, t } = await openSession({ width: 1200, height: 900 })));
  after(() => closeSession(h, t, { external: false }));

  it('animates a 32×32 sweep near the display rate', async () => {
    const id = await render(t.page, MIME.sweep, await bigSweep(), 'fps');
    // Passed as source text: the test runner's transpiler would wrap named callbacks in a helper the page lacks.
    const result = (await t.page.evaluate(`(async () => {
      const root = document.getElementById(${JSON.stringify(id)}).querySelector('.cb-host').shadowRoot;
      const speed = root.querySelector('select[aria-label=speed]');
      speed.value = '60';
      speed.dispatchEvent(new Event('change'));
      const canvas = root.querySelector('canvas.cb-canvas');
      root.querySelector('[data-role=play]').click();
      // Count animation frames and the sweep's own steps over one second.
      const startFrame = Number(canvas.dataset.frame);
      let frames = 0, worst = 0, last = performance.now();
      const t0 = last;
      await new Promise((done) => {
        const tick = (now) => {
          frames++;
          worst = Math.max(worst, now - last);
          last = now;
          if (now - t0 < 1000) requestAnimationFrame(tick); else done();
        };
        requestAnimationFrame(tick);
      });
      const elapsed = performance.now() - t0;
      const steps = Number(canvas.dataset.frame) - startFrame;
      root.querySelector('[data-role=play]').click();
      return { fps: (frames * 1000) / elapsed, steps: (steps * 1000) / elapsed, worst };
    })()`)) as { fps: number; steps: number; worst: number };
    console.log(`[perf] sweep 32×32 k3: ${result.fps.toFixed(1)} fps, ${result.steps.toFixed(1)} steps/s, worst frame ${result.worst.toFixed(1)} ms`);
    assert.ok(result.fps > 20, `fps ${result.fps}`);
    assert.ok(result.steps > 10, `steps/s ${result.steps}`);
  });

  it('paints a 64-channel 112×112 feature map grid', async () => {
    const payload = featureMap(64, 112);
    const samples: number[] = [];
    for (let k = 0; k < 3; k++) {
      await render(t.page, MIME.tensor, payload, `paint${k}`);
      samples.push(await t.page.evaluate(() => (window as unknown as { harness: { rendered: { paintMs: number }[] } }).harness.rendered.at(-1)!.paintMs));
    }
    const best = Math.min(...samples);
    console.log(`[perf] tensor 64×112×112 first paint: ${samples.map((s) => s.toFixed(1)).join(', ')} ms (best ${best.toFixed(1)})`);
    assert.ok(best < 1000, `paint ${best} ms`);
  });
});
