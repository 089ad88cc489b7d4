#!/usr/bin/env python3
"""PyTorch reference for attn's GPT export (docs/CONTRACT.md, GPT section).

Builds exactly the modules the contract names: token (and learned position) embeddings, a
plain nn.TransformerEncoder of norm_first layers run with a causal mask, a final LayerNorm and
an nn.Linear lm_head; loads an attn export with load_state_dict(strict=True) and prints the
logits of every position as JSON. Needs only torch; reads safetensors with reference.py's
plain reader.

Usage: python3 gpt_reference.py cases.json > results.json
cases.json: {"cases": [{"checkpoint": path, "ids": [[id, ...], ...], "generate"?: {"prompts":
[[id, ...], ...], "max_new": n, "stop": id}}]} (ids: rows of equal length). With "generate",
the result also holds "generated": per prompt, the ids greedy decoding adds (argmax of the last
position's logits, the whole prefix recomputed every step) until `stop` (kept), max_new tokens
or max_len positions.
"""
import json
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import read_safetensors  # noqa: E402


class TorchGpt(nn.Module):
    """tok_embed (+ pos_embed) -> TransformerEncoder(norm_first, causal) -> norm -> lm_head."""

    def __init__(self, cfg, vocab):
        super().__init__()
        d = cfg["d_model"]
        self.tok_embed = nn.Embedding(vocab, d)
        self.learned = cfg["pe"] == "learned"
        if self.learned:
            self.pos_embed = nn.Embedding(cfg["max_len"], d)
        layer = nn.TransformerEncoderLayer(
            d_model=d,
            nhead=cfg["heads"],
            dim_feedforward=cfg["dim_feedforward"],
            dropout=0.0,
            activation=cfg["activation"],
            batch_first=True,
            norm_first=True,
        )
        self.blocks = nn.TransformerEncoder(layer, cfg["num_layers"], enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=cfg["lm_head_bias"])

    def forward(self, ids):
        t = ids.shape[1]
        x = self.tok_embed(ids)  # no sqrt(d) scaling (GPT-2)
        if self.learned:
            x = x + self.pos_embed(torch.arange(t))
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        return self.lm_head(self.norm(self.blocks(x, mask=causal)))


def greedy(model, prompt, max_new, stop, max_len):
    """The ids greedy decoding adds to prompt: the most probable next token, one at a time."""
    ids = list(prompt)
    added = []
    while len(added) < max_new and len(ids) < max_len:
        logits = model(torch.tensor([ids], dtype=torch.long))  # [1, T, V]
        token = int(logits[0, -1].argmax())
        ids.append(token)
        added.append(token)
        if token == stop:
            break
    return added


def run(case):
    tensors, metadata = read_safetensors(case["checkpoint"])
    cfg = json.loads(metadata["config"])
    vocab = len(json.loads(metadata["tgt_vocab"]))
    model = TorchGpt(cfg, vocab)
    model.load_state_dict(tensors, strict=True)
    model.eval()
    result = {}
    with torch.no_grad():
        result["logits"] = model(torch.tensor(case["ids"], dtype=torch.long)).tolist()
        gen = case.get("generate")
        if gen is not None:
            result["generated"] = [
                greedy(model, p, gen["max_new"], gen["stop"], cfg["max_len"]) for p in gen["prompts"]
            ]
    return result


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)["cases"]
    json.dump({"results": [run(c) for c in cases]}, sys.stdout)


if __name__ == "__main__":
    main()
