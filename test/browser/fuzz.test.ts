// The renderer against malformed stored outputs, in headless Chromium: 1,000 seeded mutations of
// real payloads per MIME type (fuzz_payloads.ts), each mounted through the notebook renderer and
// disposed in the page, must be drawn or refused within a second, with no console error and no
// internal error (a refusal is the validator's or a view's own message). The attacks from the
// reliability report (sizes of 1e9 in a stored sweep, a plane claiming 1e9 columns) are mounted
// by name, and the largest payloads the limits accept are timed. Figures are printed for the record.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MIME, RENDERER_MIME_TYPES, type SweepPayload } from '../../contract';
import { MAX_SWEEP_CELLS } from '../../renderer/validate/limits';
import { BLOG, cellPayload, convSweep, deformPayload, golden, tensorPayload } from './fixtures';
import { consistentSweeps, encode, fuzzPayloads } from './fuzz_payloads';
import { closeSession, openSession, type Harness, type TestPage } from './support';

const PER_MIME = 1000;
const SEED = 13;
const LIMIT_MS = 1000;
/** Consistent sweeps at random sizes (each drawn, switched to gather and run to its end). */
const CONSISTENT = 100;

interface Mounted {
  ms: number;
  refused: boolean;
  message: string;
}

/**
 * Mounts each payload in the page, one after the other, and times it: the synchronous mount, a
 * forced layout, and for a drawn sweep the two frames its ResizeObserver relayout takes. Passed as
 * source text: the test runner's transpiler would wrap named callbacks in a helper the page lacks.
 */
const MOUNT_ALL = `async (mime, json) => {
  const payloads = JSON.parse(json, (k, v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof v.$n === 'string' ? Number(v.$n) : v));
  // A frame, or 2 s if frames stop (then the payload's time shows it).
  const frame = () => new Promise((r) => {
    let done = false;
    requestAnimationFrame(() => { done = true; r(null); });
    setTimeout(() => { if (!done) { window.__stalls = (window.__stalls ?? 0) + 1; r(null); } }, 2000);
  });
  const results = [];
  await frame();
  for (let i = 0; i < payloads.length; i++) {
    const id = 'fuzz' + Math.random().toString(36).slice(2);
    const t0 = performance.now();
    window.harness.render(mime, payloads[i], id);
    const element = document.getElementById(id);
    const root = element.querySelector('.cb-host')?.shadowRoot;
    element.getBoundingClientRect();
    const alert = root?.querySelector('[role=alert]')?.textContent ?? element.textContent.slice(0, 200);
    const refused = Boolean(root?.querySelector('[role=alert]'));
    if (!refused && root?.querySelector('canvas.cb-canvas') && ${JSON.stringify(MIME.sweep)} === mime) {
      await frame();
      await frame();
    }
    results.push({ ms: performance.now() - t0, refused, message: refused ? alert : '' });
    window.harness.dispose(id);
    element.remove();
    if (i % 50 === 49) await frame();
  }
  return results;
}`;

/** Payloads sent to the page at once: small batches keep the page's JSON parsing (and its GC) short. */
const BATCH = 200;

async function mountAll(t: TestPage, mime: string, payloads: unknown[]): Promise<Mounted[]> {
  const results: Mounted[] = [];
  for (let i = 0; i < payloads.length; i += BATCH) {
    const batch = encode(payloads.slice(i, i + BATCH));
    results.push(...((await t.page.evaluate(`(${MOUNT_ALL})(${JSON.stringify(mime)}, ${JSON.stringify(batch)})`)) as Mounted[]));
  }
  return results;
}

/**
 * Console and page errors. Each mount links KaTeX's stylesheet in its shadow root; disposing the
 * output a moment later cancels that request, which the harness records as a failed request.
 */
function consoleErrors(t: TestPage): string[] {
  return t.errors.filter((e) => !/^request failed: .*\/dist\/katex\/katex\.min\.css$/.test(e));
}

describe('renderer fuzz: malformed stored outputs are drawn or refused within a second', () => {
  let h: Harness;
  let t: TestPage;
  /** console.warn('convbook renderer:', …): a view failed on something the validator let through. */
  const internal: string[] = [];
  before(async () => {
    ({ h, t } = await openSession());
    t.page.on('console', (m) => {
      if (m.type() === 'warning' && m.text().startsWith('convbook renderer:')) internal.push(m.text());
    });
  });
  // Checked per test below, without the stylesheet requests a disposal cancels.
  after(() => closeSession(h, t, { errors: false }));

  it('refuses the reported attacks at once, naming the field', async () => {
    const sweep = convSweep(BLOG);
    const attacks: [string, string, unknown, RegExp][] = [];
    for (const key of ['stride', 'kernelSize', 'padBefore', 'padAfter', 'dilation'] as const) {
      const config = { ...sweep.config, [key]: sweep.config[key].map(() => 1e9) };
      attacks.push([`sweep ${key} 1e9`, MIME.sweep, { ...sweep, config }, new RegExp(`config\\.${key}\\[0\\] is 1000000000, above the limit`)]);
    }
    // The same geometry with an outputSize made consistent, as a careful attacker would write it.
    const padded: SweepPayload = { title: 'p', config: { ...sweep.config, padBefore: [1e9, 1e9], padAfter: [1e9, 1e9], outputSize: [2e9 + 3, 2e9 + 3] }, notes: [] };
    attacks.push(['sweep padding 1e9, consistent output', MIME.sweep, padded, /config\.padBefore\[0\] is 1000000000, above the limit/]);
    const tensor = tensorPayload('x', BLOG.input);
    attacks.push(['tensor width 1e9', MIME.tensor, { ...tensor, planes: [{ ...tensor.planes[0], width: 1e9 }] }, /planes\[0\]\.width is 1000000000, above the limit/]);
    const deform = deformPayload(golden('deform', 'modulated (DCNv2 mask) stride 2 bias'));
    attacks.push(['deform padding 1e9', MIME.deform, { ...deform, config: { ...deform.config, padBefore: [1e9, 1e9] } }, /config\.padBefore\[0\] is 1000000000, above the limit/]);
    for (const [name, mime, payload, pattern] of attacks) {
      const [result] = await mountAll(t, mime, [payload]);
      console.log(`[fuzz] attack "${name}": refused in ${result.ms.toFixed(1)} ms`);
      assert.ok(result.refused, name);
      assert.match(result.message, /^convbook could not draw this output: /);
      assert.match(result.message, pattern);
      assert.ok(result.ms < LIMIT_MS, `${name}: ${result.ms} ms`);
    }
  });

  it('draws the largest payloads the limits accept in bounded time', async () => {
    const big = await cellPayload<SweepPayload>('sweep(nn.Conv2d(3, 16, 3, padding=1), input_size=(1, 3, 224, 224))', MIME.sweep);
    const withData = await cellPayload<SweepPayload>('y = nn.Conv2d(2, 2, 3, padding=1)(torch.randn(1, 2, 128, 128))\nsweep(y)', MIME.sweep);
    for (const [name, payload] of [['geometry-only 224×224', big], ['128×128 with data, 2 channels', withData]] as const) {
      const [result] = await mountAll(t, MIME.sweep, [payload]);
      console.log(`[fuzz] near the limit (${MAX_SWEEP_CELLS} cells): sweep ${name} drawn in ${result.ms.toFixed(0)} ms`);
      assert.ok(!result.refused, `${name}: ${result.message}`);
      // Bounded, with room for a busy machine: the attacks this guards against took 10 to 60 s.
      assert.ok(result.ms < 3 * LIMIT_MS, `${name}: ${result.ms} ms`);
    }
  });

  it(`draws every consistent sweep the limits accept in bounded time, in each mode and at its last step`, async () => {
    const payloads = consistentSweeps(CONSISTENT, SEED);
    // Mount (with the relayout frames), switch a transposed conv to its gather view, then jump to
    // the last step (End): the scatter's running sum is brought to the end in one go.
    const steps = (await t.page.evaluate(`(async (json) => {
      const payloads = JSON.parse(json);
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const results = [];
      for (const p of payloads) {
        const id = 'geo' + Math.random().toString(36).slice(2);
        let t0 = performance.now();
        window.harness.render(${JSON.stringify(MIME.sweep)}, p, id);
        const element = document.getElementById(id);
        const root = element.querySelector('.cb-host').shadowRoot;
        element.getBoundingClientRect();
        const refused = Boolean(root.querySelector('[role=alert]'));
        const times = [];
        if (!refused) {
          await frame();
          await frame();
          times.push(performance.now() - t0);
          const gather = root.querySelector('[data-mode=gather]');
          if (gather) {
            t0 = performance.now();
            gather.click();
            await frame();
            times.push(performance.now() - t0);
          }
          t0 = performance.now();
          root.querySelector('.cb-canvas-wrap').dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
          await frame();
          times.push(performance.now() - t0);
        } else times.push(performance.now() - t0);
        results.push({ refused, times, message: refused ? root.querySelector('[role=alert]').textContent : p.title });
        window.harness.dispose(id);
        element.remove();
      }
      return results;
    })(${JSON.stringify(JSON.stringify(payloads))})`)) as { refused: boolean; times: number[]; message: string }[];
    const slowest = steps.reduce((a, b) => (Math.max(...b.times) > Math.max(...a.times) ? b : a));
    const drawn = steps.filter((s) => !s.refused).length;
    console.log(`[fuzz] consistent sweeps: ${CONSISTENT} payloads, ${drawn} drawn, ${CONSISTENT - drawn} refused; slowest step ${Math.max(...slowest.times).toFixed(0)} ms (${slowest.message})`);
    assert.ok(drawn > CONSISTENT / 2 && drawn < CONSISTENT, 'both sides of the limits are reached');
    for (const s of steps) if (s.refused) assert.match(s.message, /above the limit/);
    // Bounded, with room for a busy machine (the largest accepted sweeps take about a second).
    assert.ok(Math.max(...slowest.times) < 3 * LIMIT_MS, `${slowest.message}: ${slowest.times.map((x) => x.toFixed(0)).join(', ')} ms`);
    assert.deepEqual(internal, []);
    assert.deepEqual(consoleErrors(t), []);
  });

  for (const [k, mime] of RENDERER_MIME_TYPES.entries()) {
    it(`${PER_MIME} malformed ${mime.replace('application/vnd.convbook.', '')} payloads`, async () => {
      const started = Date.now();
      const payloads = await fuzzPayloads(mime, PER_MIME, SEED * 100 + k);
      const results = await mountAll(t, mime, payloads);
      const wall = Date.now() - started;
      assert.equal(results.length, PER_MIME);
      const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a));
      const index = results.indexOf(slowest);
      const refused = results.filter((r) => r.refused).length;
      const stalls = (await t.page.evaluate('window.__stalls ?? 0')) as number;
      console.log(`[fuzz] ${mime}: ${PER_MIME} payloads, ${PER_MIME - refused} drawn, ${refused} refused; slowest mount ${slowest.ms.toFixed(1)} ms (#${index}${slowest.refused ? ', refused' : ', drawn'}); wall ${(wall / 1000).toFixed(1)} s${stalls ? `; ${stalls} animation frames never came` : ''}`);
      assert.ok(slowest.ms < LIMIT_MS, `payload #${index} (seed ${SEED * 100 + k}) took ${slowest.ms} ms: ${slowest.message}`);
      for (const r of results) if (r.refused) assert.match(r.message, /^convbook could not draw this output: /);
      assert.ok(refused > 0 && refused < PER_MIME, 'the mutations both break payloads and leave some drawable');
      assert.deepEqual(internal, [], 'every refusal is a PayloadError, never a view crashing');
      assert.deepEqual(consoleErrors(t), [], 'no console error');
    });
  }
});
