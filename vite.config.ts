import { defineConfig } from 'vite';

// One config for the authoring page (`npm run dev`) and for the build the CLI serves headless.
export default defineConfig({
  base: './',
  publicDir: 'public',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist/app',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    // Two pages: the authoring page, and the bare page the CLI drives headless.
    rolldownOptions: { input: { main: 'index.html', capture: 'capture.html' } },
  },
  server: { host: '127.0.0.1' },
});
