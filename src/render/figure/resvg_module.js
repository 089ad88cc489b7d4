// @ts-self-types="./resvg_module.d.ts"
/**
 * resvg's WebAssembly as a compiled WebAssembly.Module, through a source-phase import: Deno
 * loads it as a module from its npm cache, which needs no --allow-read (reading the .wasm as a
 * file would). JavaScript because TypeScript's checker does not parse `import source` yet; the
 * types are in resvg_module.d.ts.
 */
import source resvgModule from "@resvg/resvg-wasm/index_bg.wasm";

export { resvgModule };
