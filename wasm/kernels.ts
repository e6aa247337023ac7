// The WebAssembly module's entry: every kernel the engine can hand to it (compiled by scripts/build_wasm.mjs).
export * from './gemm';
export * from './peak';
export * from './im2col';
export * from './depthwise';
export * from './deform';
export * from './col2im';
export * from './conv_gemm';
