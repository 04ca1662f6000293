// Builds the window's code into ui/dist, which the Tauri shell embeds (tauri.conf.json's
// frontendDist). Everything is bundled: the app loads nothing at run time but its own files,
// which the strict CSP requires.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    // No inline <script> or data: module preload: the CSP allows only 'self'.
    modulePreload: false,
    assetsInlineLimit: 0,
  },
});
