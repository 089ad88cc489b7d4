#!/usr/bin/env python3
"""Held-out loss of an exported attn Transformer with single heads zero-ablated, in PyTorch.

Rebuilds torch.nn.Transformer from an attn export (tests/torch/reference.py, docs/CONTRACT.md
"Checkpoints"), and for each head zeroes its columns h*dk:(h+1)*dk of its attention's
out_proj.weight (W^O): the head's output no longer reaches the residual stream, which is what
attn's zero ablation does before W^O (tests/models/intervention_test.ts proves the two equal on
attn's side). The loss is the teacher-forced cross-entropy per target token (tokens + <eos>),
log-softmax in float64 of the float32 logits, averaged over every real target position.

Usage: python3 heads_ablation.py case.json > losses.json
case.json: {"checkpoint": path, "src": [[ids + <eos>], ...], "out": [[ids + <eos>], ...],
            "heads": [{"site": "encoder"|"decoder"|"cross", "layer": L, "head": H}, ...]}
Prints {"torch": version, "base": loss, "losses": [loss with head i off, ...]}.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from reference import BOS, build, pad_rows  # noqa: E402


def attention_of(model, site, layer):
    """The nn.MultiheadAttention of one attention site (docs/CONTRACT.md names)."""
    if site == "encoder":
        return model.transformer.encoder.layers[layer].self_attn
    if site == "decoder":
        return model.transformer.decoder.layers[layer].self_attn
    if site == "cross":
        return model.transformer.decoder.layers[layer].multihead_attn
    raise ValueError(f"expected a site encoder, decoder or cross, got {site}")


def held_out_loss(model, src, tgt_in, outputs):
    logits = model(src, tgt_in)  # [B, T, V]
    logp = torch.log_softmax(logits.double(), dim=-1)
    target = pad_rows(outputs)  # [B, T], <pad> past each row's end
    picked = logp.gather(-1, target[..., None])[..., 0]  # [B, T]
    real = torch.zeros_like(target, dtype=torch.bool)
    for b, row in enumerate(outputs):
        real[b, : len(row)] = True
    return float(-picked[real].mean())


def main():
    with open(sys.argv[1]) as f:
        case = json.load(f)
    model = build(case["checkpoint"])
    src = pad_rows(case["src"])
    tgt_in = pad_rows([[BOS] + row[:-1] for row in case["out"]])
    losses = []
    with torch.no_grad():
        base = held_out_loss(model, src, tgt_in, case["out"])
        for ref in case["heads"]:
            attention = attention_of(model, ref["site"], ref["layer"])
            dk = attention.embed_dim // attention.num_heads
            columns = slice(ref["head"] * dk, (ref["head"] + 1) * dk)
            weight = attention.out_proj.weight  # [d, d]: column block h reads head h
            kept = weight[:, columns].clone()
            weight[:, columns] = 0
            losses.append(held_out_loss(model, src, tgt_in, case["out"]))
            weight[:, columns] = kept
    json.dump({"torch": torch.__version__, "base": base, "losses": losses}, sys.stdout)


if __name__ == "__main__":
    main()
