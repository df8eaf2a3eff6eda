// Types of scripts/amd.mjs, for the unit tests that import it.

export interface AmdOptions {
  provided: string[];
  name?: string;
  banner: string;
}

export function undeclaredRequires(code: string, provided: string[]): string[];

export function wrapAmd(code: string, options: AmdOptions): string;
