import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'plugin/index': 'plugin/index.ts', 'testing/index': 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    // Shared chunks in both formats: the plugin and the engine entry load one copy of the
    // engine's modules, so an engine made with 'colyseus-personas' is the same class the
    // plugin from 'colyseus-personas/plugin' sees (CJS splitting too, not only ESM).
    splitting: true,
    // Declarations for users: members marked @internal are left out of them.
    dts: { compilerOptions: { stripInternal: true } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    // import.meta.url in the CommonJS build (the world sketch resolves compromise with createRequire).
    shims: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
