import type { Browser } from 'playwright-core';
export declare function chromiumPath(): string;
export declare function launchChromium(options?: { headless?: boolean }): Promise<Browser>;
