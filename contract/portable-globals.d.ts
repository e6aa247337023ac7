// Globals that every host convbook's portable code runs in (Node ≥ 20, browsers, workers) provides,
// declared here because the portable tsconfig leaves out both the DOM and Node typings.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare const console: { log(...args: unknown[]): void; warn(...args: unknown[]): void; error(...args: unknown[]): void };
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function queueMicrotask(callback: () => void): void;
declare const performance: { now(): number };
