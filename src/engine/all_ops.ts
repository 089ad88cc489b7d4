/** Every differentiable op in one namespace: the primitives (ops/) and the fused tier (fused/). */
export * from "./ops/mod.ts";
export * from "./fused/mod.ts";
