"""attn's GPT in PyTorch, as docs/CONTRACT.md's GPT section documents it, for the benchmarks.

tok_embed + pos_embed (learned, no sqrt(d)) -> nn.TransformerEncoder of norm_first layers run
with a causal mask -> final LayerNorm -> lm_head tied to tok_embed. `forward` is that stock
module stack (what training and a generation without a cache run); `extend` runs the same
weights one new position at a time with a KV cache (the past keys and values of every layer
kept in a preallocated [max_len, d] buffer per layer, as attn's own cache): nn.TransformerEncoder
has no cache, so `extend` spells the layer out with the layer's own parameters. The benchmark
checks that both give the same greedy tokens.
"""
import torch
from torch import nn
from torch.nn import functional as F


class TorchGpt(nn.Module):
    """d 64, 4 heads, 2 layers, FFN 256, GELU, tied lm_head: the shipped ko-en-gpt's sizes."""

    def __init__(self, vocab, max_len, d=64, heads=4, layers=2, ffn=256):
        super().__init__()
        self.d, self.heads, self.max_len = d, heads, max_len
        self.tok_embed = nn.Embedding(vocab, d)
        self.pos_embed = nn.Embedding(max_len, d)
        layer = nn.TransformerEncoderLayer(
            d_model=d, nhead=heads, dim_feedforward=ffn, dropout=0.0, activation="gelu",
            batch_first=True, norm_first=True,
        )
        self.blocks = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.tok_embed(ids) + self.pos_embed(torch.arange(t))  # [B, T, d]
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        h = self.norm(self.blocks(x, mask=causal))
        return F.linear(h, self.tok_embed.weight)  # tied lm_head [B, T, V]

    def start_cache(self, length):
        """Per layer, keys and values for `length` positions of one sequence, and the count used."""
        shape = (len(self.blocks.layers), 2, length, self.d)
        return {"kv": torch.empty(shape), "used": 0}

    def extend(self, ids, cache):
        """Logits [V] of the last of `ids` [k] (new positions), their keys and values cached."""
        start, k = cache["used"], ids.shape[0]
        x = self.tok_embed(ids) + self.pos_embed(torch.arange(start, start + k))  # [k, d]
        heads, dk = self.heads, self.d // self.heads
        for i, layer in enumerate(self.blocks.layers):
            a = layer.self_attn
            q, key, value = F.linear(layer.norm1(x), a.in_proj_weight, a.in_proj_bias).chunk(3, -1)
            cache["kv"][i, 0, start:start + k] = key
            cache["kv"][i, 1, start:start + k] = value
            keys = cache["kv"][i, 0, :start + k].view(start + k, heads, dk).transpose(0, 1)
            values = cache["kv"][i, 1, :start + k].view(start + k, heads, dk).transpose(0, 1)
            scores = q.view(k, heads, dk).transpose(0, 1) @ keys.transpose(1, 2) / dk ** 0.5
            if k > 1:  # a prompt of several positions: each sees the cache and its own past
                scores = scores + torch.triu(
                    torch.full((k, start + k), float("-inf")), diagonal=start + 1,
                )
            mixed = (torch.softmax(scores, -1) @ values).transpose(0, 1).reshape(k, self.d)
            x = x + a.out_proj(mixed)
            x = x + layer.linear2(F.gelu(layer.linear1(layer.norm2(x))))
        cache["used"] = start + k
        return F.linear(self.norm(x[-1]), self.tok_embed.weight)
