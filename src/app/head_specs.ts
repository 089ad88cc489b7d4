/**
 * Reading `ablate --head` specs against a model: which attention heads they name.
 *
 * - a GPT: `L.H` (layer.head, from 0, as `attn decoder L H` numbers them), `L.*` for every head
 *   of a layer; `decoder:L.H` is accepted too (its self-attention is the "decoder" site).
 * - a Transformer: `encoder:L.H`, `decoder:L.H` (the decoder's self-attention), `cross:L.H`,
 *   and `site:L.*`; a bare `L.H` is ambiguous there and refused.
 * - an RNN with attention: `attention` (its one head: site "alignment", layer 0, head 0).
 * - a model without attention has nothing to ablate and is refused.
 */
import { UsageError } from "./errors.ts";
import { quoteInput } from "./quote_input.ts";
import { ablateMessages } from "./ablate_messages.ts";
import { messagesOf } from "../platform/i18n/messages.ts";
import type { AnyModelConfig } from "../models/config.ts";
import type { HeadRef } from "../models/intervention.ts";
import type { AttentionSite } from "../models/trace.ts";

const say = messagesOf(ablateMessages);

/** The heads a spec list names (no duplicates, in the order given) and their labels. */
export interface HeadSelection {
  refs: HeadRef[];
  /** Each head as the user names it: "1.2" (GPT), "cross:0.3", "attention" (RNN). */
  labels: string[];
}

/** Every attention of a model: its sites, with layers and heads per layer. */
export function attentionSites(
  config: AnyModelConfig,
): { site: AttentionSite; layers: number; heads: number }[] {
  if (config.arch === "gpt") {
    return [{ site: "decoder", layers: config.layers, heads: config.heads }];
  }
  if (config.arch === "transformer") {
    const { heads } = config;
    return [
      { site: "encoder", layers: config.encoderLayers, heads },
      { site: "decoder", layers: config.decoderLayers, heads },
      { site: "cross", layers: config.decoderLayers, heads },
    ];
  }
  return config.attention === "none" ? [] : [{ site: "alignment", layers: 1, heads: 1 }];
}

/** The label of one head as {@link parseHeadSpecs} reads it back. */
export function headLabel(config: AnyModelConfig, ref: HeadRef): string {
  if (config.arch === "gpt") return `${ref.layer}.${ref.head}`;
  if (config.arch === "transformer") return `${ref.site}:${ref.layer}.${ref.head}`;
  return "attention";
}

const SPEC = /^(?:(encoder|decoder|cross):)?(\d+)\.(\d+|\*)$/;

/** The heads `text` (specs separated by commas) names on the model `name` with `config`. */
export function parseHeadSpecs(text: string, config: AnyModelConfig, name: string): HeadSelection {
  const specs = text.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (specs.length === 0) throw new UsageError(say("ablate.noHead"));
  const sites = attentionSites(config);
  if (sites.length === 0) {
    throw new UsageError(
      say("ablate.noAttention", { model: name, arch: config.arch.toUpperCase() }),
    );
  }
  const refs: HeadRef[] = [];
  for (const spec of specs) {
    for (const ref of readSpec(spec, config, sites, name)) {
      const known = refs.some((r) =>
        r.site === ref.site && r.layer === ref.layer && r.head === ref.head
      );
      if (!known) refs.push(ref);
    }
  }
  return { refs, labels: refs.map((r) => headLabel(config, r)) };
}

function readSpec(
  spec: string,
  config: AnyModelConfig,
  sites: ReturnType<typeof attentionSites>,
  name: string,
): HeadRef[] {
  const typed = quoteInput(spec);
  if (config.arch !== "gpt" && config.arch !== "transformer") {
    const rnn = ["attention", "alignment", "alignment:0.0", "alignment:0.*"];
    if (rnn.includes(spec.toLowerCase())) return [{ site: "alignment", layer: 0, head: 0 }];
    throw new UsageError(say("ablate.rnnSpec", { model: name, typed }));
  }
  const match = SPEC.exec(spec.toLowerCase());
  const forms = say(config.arch === "gpt" ? "ablate.forms.gpt" : "ablate.forms.transformer");
  if (!match) throw new UsageError(say("ablate.badSpec", { forms, typed }));
  const [, named, layerText, headText] = match;
  if (named === undefined && config.arch === "transformer") {
    throw new UsageError(say("ablate.bareOnTransformer", { model: name, typed }));
  }
  const site = (named ?? "decoder") as AttentionSite;
  const found = sites.find((s) => s.site === site);
  if (!found) {
    const list = sites.map((s) => s.site).join(", ");
    throw new UsageError(say("ablate.noSite", { model: name, site, sites: list }));
  }
  const layer = Number(layerText);
  if (layer >= found.layers) {
    throw new UsageError(
      say("ablate.noLayer", { model: name, site, layer, max: found.layers - 1 }),
    );
  }
  if (headText === "*") {
    return Array.from({ length: found.heads }, (_, head) => ({ site, layer, head }));
  }
  const head = Number(headText);
  if (head >= found.heads) {
    throw new UsageError(
      say("ablate.noHeadThere", { model: name, site, layer, head, max: found.heads - 1 }),
    );
  }
  return [{ site, layer, head }];
}
