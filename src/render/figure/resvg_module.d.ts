/** resvg's compiled WebAssembly (resvg_module.js). */
export declare const resvgModule: WebAssembly.Module;
