import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const MONACO = 'node_modules/monaco-editor/esm/vs/';

/**
 * Monaco's layers in the order they depend on each other (see monaco-load.ts). The editor's
 * common layer comes in two: its positions, ranges, tokens, options, language registry and
 * diff algorithms import nothing else of it (checked over its import graph), and as one
 * chunk the layer's evaluation was the load's longest task (82–125 ms CPU, traced at
 * 1920×1080, load 8–13).
 */
const MONACO_LAYERS: readonly { name: string; test: RegExp }[] = [
  { name: 'base-common', test: new RegExp(`${MONACO}base/common/`) },
  { name: 'base-browser', test: new RegExp(`${MONACO}base/browser/`) },
  {
    name: 'editor-common-core',
    test: new RegExp(
      `${MONACO}editor/common/((core|tokens|config|languages|diff)/|(encodedTokenAttributes|languages|tokenizationRegistry)\\.js)`,
    ),
  },
  { name: 'editor-common', test: new RegExp(`${MONACO}editor/common/`) },
  { name: 'editor-browser', test: new RegExp(`${MONACO}editor/browser/`) },
];

/**
 * Three builds: main and preload (CommonJS, so the preload can stay sandboxed) and the
 * renderer (React, Monaco, three.js, workers as ES modules). The same renderer build is
 * what `npm run web` serves and what the end-to-end tests drive.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    // Cross-origin isolation in development too (SharedArrayBuffer for run control).
    server: {
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
    },
    optimizeDeps: {
      include: [
        'monaco-editor/editor',
        'monaco-editor/features/register.all',
        'monaco-editor/languages/definitions/typescript/register',
        'monaco-editor/languages/features/typescript/register',
      ],
    },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified; minified, the page's first script
      // compiles in less time (docs/architecture.md §7).
      minify: true,
      // One stylesheet, loaded with the page: a lazily loaded chunk's own CSS (Monaco's)
      // arriving later restyled and re-laid out the whole page in one long task.
      cssCodeSplit: false,
      chunkSizeWarningLimit: 16000,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        output: {
          // Monaco's core in layers (base, then its browser part, then the editor's model),
          // each a chunk that monaco-load.ts evaluates in a task of its own: as one chunk its
          // evaluation was the load's longest task (docs/architecture.md §7).
          codeSplitting: {
            groups: [
              // Vite's preload helper, which Monaco's model layer also uses, stays out of
              // that layer: the page's first script would otherwise import the whole layer.
              { name: 'preload-helper', test: /vite\/preload-helper/, priority: MONACO_LAYERS.length + 1 },
              ...MONACO_LAYERS.map((layer, i) => ({
                name: `monaco-${layer.name}`,
                test: layer.test,
                priority: MONACO_LAYERS.length - i,
              })),
            ],
          },
        },
      },
    },
  },
});
