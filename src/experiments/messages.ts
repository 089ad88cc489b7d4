/**
 * Every sentence the experiments say, in one catalog (id -> { en, ko } templates): each
 * experiment's own messages (src/experiments/<name>/messages.ts) and the parts they share. The
 * experiments format from their own catalogs; this one is the whole set, for the app-wide
 * catalog to take in and for tests that check every message at once.
 */
import type { Catalog } from "../platform/i18n/messages.ts";
import { bottleneckMessages } from "./bottleneck/messages.ts";
import { costMessages } from "./cost/messages.ts";
import { gradientPathMessages } from "./gradient_path/messages.ts";
import { headsMessages } from "./heads/messages.ts";
import { inductionMessages } from "./induction/messages.ts";
import { headsAblationMessages } from "./heads_ablation/messages.ts";
import { kvCacheMessages } from "./kv_cache/messages.ts";
import { normMessages } from "./norm/messages.ts";
import { parallelMessages } from "./parallel/messages.ts";
import { positionMessages } from "./position/messages.ts";
import { samplingMessages } from "./sampling/messages.ts";
import { scalingMessages } from "./scaling/messages.ts";
import { sharedMessages } from "./shared_messages.ts";

/** The catalogs merged, in the order of the registry (ids are prefixed, so none collide). */
export const experimentCatalogs: readonly Catalog[] = [
  sharedMessages,
  bottleneckMessages,
  parallelMessages,
  costMessages,
  scalingMessages,
  positionMessages,
  gradientPathMessages,
  normMessages,
  headsMessages,
  samplingMessages,
  headsAblationMessages,
  kvCacheMessages,
  inductionMessages,
];

export const experimentMessages: Catalog = Object.assign({}, ...experimentCatalogs);
