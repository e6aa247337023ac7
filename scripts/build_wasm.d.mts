export declare const MAXIMUM_PAGES: number;
export declare const WASM_VARIANTS: Record<'wasm-relaxed-simd' | 'wasm-simd', { file: string; features: string[] }>;
export declare function buildWasm(root: string, outDir?: string): Promise<void>;
