import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Built into web/dist, which the Fastify server serves on the API's own port (same origin, so
// the session cookie and CSRF origin check work with no proxy). `npm run dev:web` proxies /api.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, manifest: true },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
