import { createHash } from "node:crypto";
import { resolve } from "node:path";

import { defineConfig, type Plugin } from "vite";

// Two pages: the dashboard (served at `/`) and the GraphiQL playground (served at `GET /graphql`). Asset names carry a
// content hash and the HTML names stay fixed, so the service embeds dist/ as it is and CI can diff a rebuild.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // GraphiQL's own chunk is about 650 KB (200 KB gzipped); the dashboard's budget is checked by scripts/budget.mjs.
    chunkSizeWarningLimit: 800,
    // The polyfill would be code for browsers the page does not support; a CSP with script-src 'self' is kept either way.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // React libraries mark their modules "use client"; a bundle for one page has no server to tell that to.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      input: {
        index: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
  plugins: [fontsAsFiles()],
  resolve: {
    // GraphiQL's dialogs would write <style> elements, which the CSP refuses: see the stand-in's comment.
    alias: { "react-style-singleton": resolve(import.meta.dirname, "src/graphiql/no-style-tags.ts") },
  },
  server: {
    proxy: {
      "/graphql": { target: "http://127.0.0.1:8080", ws: true },
      "/graphiql": { target: "http://127.0.0.1:8080" },
    },
  },
});

/**
 * GraphiQL's stylesheet carries its fonts as `data:` URLs, which the CSP refuses (font-src falls back to
 * default-src 'self'). This writes each one to its own file under assets/ and points the stylesheet at it.
 */
function fontsAsFiles(): Plugin {
  const inlineFont = /url\((["']?)data:font\/(woff2?);base64,([A-Za-z0-9+/=]+)\1\)/g;
  return {
    name: "clinic-analytics:fonts-as-files",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const asset of Object.values(bundle)) {
        if (asset.type !== "asset" || !asset.fileName.endsWith(".css")) continue;
        const css = String(asset.source);
        asset.source = css.replace(inlineFont, (_match, _quote, kind: string, base64: string) => {
          const bytes = Buffer.from(base64, "base64");
          const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 10);
          const fileName = `assets/font-${hash}.${kind}`;
          if (!(fileName in bundle)) this.emitFile({ type: "asset", fileName, source: bytes });
          return `url(/${fileName})`;
        });
      }
    },
  };
}
