// Types of what esbuild.mjs exports, for the tests and benchmarks that read the build's metafile.
import type { BuildOptions, BuildResult, Metafile } from 'esbuild';

export const NODE_TARGET: string;
export const NODE_ENTRIES: Record<'extension' | 'cli-run', string>;
export const CLI_ENTRY: string;
export function nodeBuildOptions(opts?: { production?: boolean }): BuildOptions & { metafile: true; write: false };
export function cliBuildOptions(opts?: { production?: boolean }): BuildOptions & { metafile: true; write: false };
export function buildNode(opts?: { production?: boolean; outdir?: string }): Promise<BuildResult<{ metafile: true; write: false }>[]>;
export function writeNodeOutputs(results: BuildResult | BuildResult[], opts?: { production?: boolean; outdir?: string }): Promise<void>;
export function loadedUpFront(metafile: Metafile, entry: string): Map<string, { bytes: number; inputs: string[] }>;
