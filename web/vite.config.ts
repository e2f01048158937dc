import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type HtmlTagDescriptor, type Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every script, stylesheet and page of the
 * build, once and at the strongest settings, so the server sends a third of the bytes without
 * compressing anything per request (it picks the copy the browser accepts). Every such file gets
 * both copies, so the server never looks for one that is missing.
 */
function precompress(): Plugin {
  return {
    name: "regimen:precompress",
    apply: "build",
    async writeBundle({ dir: outDir = "" }, bundle) {
      const files = Object.keys(bundle).filter((file) => /\.(js|css|html)$/.test(file));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const content = await readFile(path);
          const [br, gz] = await Promise.all([
            brotli(content, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
              },
            }),
            gzipped(content, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}

/**
 * The booking page is where most first visits start (patients open it from a link), and its code
 * is a chunk of its own that the app asks for only once its main bundle has run. Listing that
 * chunk and everything it imports in index.html lets the browser fetch them alongside the main
 * bundle instead of after it. Other pages fetch these few kilobytes too, once, and keep them cached.
 */
function preloadPage(source: string): Plugin {
  return {
    name: "regimen:preload-page",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, { bundle, chunk: entry }) {
        if (bundle === undefined || entry === undefined) return;
        const page = Object.values(bundle).find(
          (output) => output.type === "chunk" && output.facadeModuleId?.endsWith(source),
        );
        if (page?.type !== "chunk") throw new Error(`no chunk for ${source} in the build`);
        // The entry's own imports are preloaded by Vite already.
        const skip = new Set([entry.fileName, ...entry.imports]);
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (chunk?.type !== "chunk" || scripts.has(fileName) || fileName === entry.fileName) return;
          scripts.add(fileName);
          for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
          for (const next of chunk.imports) visit(next);
        };
        visit(page.fileName);
        const tags: HtmlTagDescriptor[] = [];
        for (const file of scripts)
          if (!skip.has(file))
            tags.push({
              tag: "link",
              attrs: { rel: "modulepreload", crossorigin: true, href: `/${file}` },
              injectTo: "head",
            });
        // As a stylesheet, not a mere preload: the page would add the same link when it loads,
        // and Vite skips one that is already there.
        for (const file of styles)
          tags.push({
            tag: "link",
            attrs: { rel: "stylesheet", crossorigin: true, href: `/${file}` },
            injectTo: "head",
          });
        return tags;
      },
    },
  };
}

// Built into web/dist, which the Fastify server serves on the API's own port (same origin, so
// the session cookie and CSRF origin check work with no proxy). `npm run dev:web` proxies /api.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), preloadPage("/src/pages/book-page.tsx"), precompress()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, manifest: true },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
