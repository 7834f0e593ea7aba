import { defineConfig } from 'vite';

export default defineConfig({
  // `npm run dev`: the console on Vite, the API (`npm run dev` at the root) behind the proxy.
  server: { proxy: { '/api': 'http://127.0.0.1:5000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // Rolldown's report of slow plugins names Sass compiling Bootstrap, every build: nothing to
    // act on, and a dozen lines that hid what `npm start` had to say.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  css: {
    preprocessorOptions: {
      scss: {
        // Bootstrap 5.3's Sass still uses @import and global functions; these warnings are
        // about Bootstrap's sources, not ours, and say nothing we can act on.
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'if-function'],
      },
    },
  },
});
