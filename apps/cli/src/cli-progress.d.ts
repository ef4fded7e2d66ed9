/** The part of cli-progress 3 the CLI uses (the package ships no types). */
declare module 'cli-progress' {
  export type Payload = Record<string, string | number>;
  export interface SingleBar {
    update(value: number, payload?: Payload): void;
  }
  export class MultiBar {
    constructor(options: { format?: string; barsize?: number; hideCursor?: boolean; clearOnComplete?: boolean; stopOnComplete?: boolean }, preset?: object);
    create(total: number, start: number, payload?: Payload): SingleBar;
    stop(): void;
  }
  export const Presets: { readonly shades_classic: object };
}
