#!/usr/bin/env python3
"""The training steps of `attn bench train`, in PyTorch's CPU build, for comparison.

Same models, sizes and batch as src/bench/train_suite.ts: batch 64, 12 source and 12 target
positions, vocabulary 120 (the GPT: the same pairs as 64 sequences of 24 positions, its shipped
vocabulary 800, bench/torch_gpt.py), Adam (lr 1e-3) with global grad-norm clipping at 1, dropout 0; one
step = forward, cross-entropy, backward, clip, update. Threads: 2 (the machine's cores), or
--threads N (torch's own default here is 1 on 2 vCPUs, which would handicap it). Prints JSON:
{"torch": version, "threads": torch.get_num_threads(), "blas": blas_probe.blas_info(),
"results": [{"name", "medianMs", "minMs", "maxMs"}]}. "blas" says which BLAS torch's matrix
products went through (Debian's torch calls the system libblas.so.3); attn runs this without
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE in its environment, so OpenBLAS picks its kernels for
this CPU.

Usage: python3 bench/torch_train_step.py [--reps 7] [--steps 4] [--threads 2] [--case NAME]
Needs only torch (Debian python3-torch).
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # even with PYTHONSAFEPATH set
from blas_probe import blas_info  # noqa: E402
from torch_gpt import TorchGpt  # noqa: E402

B, TOKENS, VOCAB = 64, 11, 120
S = T = TOKENS + 1
GPT_VOCAB = 800  # the shipped ko-en-gpt's BPE vocabulary


class TransformerModel(nn.Module):
    """d 64, 4 heads, 2 + 2 layers, FFN 256, pre-norm, ReLU: attn's default Transformer."""

    def __init__(self, d=64, max_len=64):
        super().__init__()
        self.d = d
        self.src_embed = nn.Embedding(VOCAB, d)
        self.tgt_embed = nn.Embedding(VOCAB, d)
        self.transformer = nn.Transformer(
            d_model=d, nhead=4, num_encoder_layers=2, num_decoder_layers=2,
            dim_feedforward=256, dropout=0.0, batch_first=True, norm_first=True,
        )
        self.generator = nn.Linear(d, VOCAB)
        pe = torch.zeros(max_len, d)
        pos = torch.arange(max_len, dtype=torch.float32)[:, None]
        angle = pos / torch.pow(10000.0, torch.arange(0, d, 2, dtype=torch.float32) / d)
        pe[:, 0::2], pe[:, 1::2] = torch.sin(angle), torch.cos(angle)
        self.register_buffer("pe", pe, persistent=False)

    def forward(self, src, tgt_in):
        scale = self.d ** 0.5
        x = self.src_embed(src) * scale + self.pe[: src.shape[1]]
        y = self.tgt_embed(tgt_in) * scale + self.pe[: tgt_in.shape[1]]
        causal = nn.Transformer.generate_square_subsequent_mask(tgt_in.shape[1])
        pad = src == 0
        out = self.transformer(
            x, y, tgt_mask=causal, src_key_padding_mask=pad, memory_key_padding_mask=pad,
        )
        return self.generator(out)


class GruLuongGeneral(nn.Module):
    """GRU encoder-decoder with Luong general attention (teacher forcing over whole sequences)."""

    def __init__(self, embed=64, hidden=64):
        super().__init__()
        self.src_embed = nn.Embedding(VOCAB, embed)
        self.tgt_embed = nn.Embedding(VOCAB, embed)
        self.encoder = nn.GRU(embed, hidden, batch_first=True)
        self.decoder = nn.GRU(embed, hidden, batch_first=True)
        self.w_a = nn.Linear(hidden, hidden, bias=False)
        self.combine = nn.Linear(2 * hidden, hidden)
        self.generator = nn.Linear(hidden, VOCAB)

    def forward(self, src, tgt_in):
        keys, state = self.encoder(self.src_embed(src))  # [B, S, H]
        s, _ = self.decoder(self.tgt_embed(tgt_in), state)  # [B, T, H]
        scores = torch.bmm(s, self.w_a(keys).transpose(1, 2))  # [B, T, S]
        scores = scores.masked_fill((src == 0)[:, None, :], float("-inf"))
        context = torch.bmm(torch.softmax(scores, -1), keys)  # [B, T, H]
        h_tilde = torch.tanh(self.combine(torch.cat([context, s], -1)))
        return self.generator(h_tilde)


class GptCase(nn.Module):
    """The GPT (bench/torch_gpt.py) on the same pairs as one sequence each:
    <bos> source <sep> target <eos>, 25 ids; it reads the first 24 and predicts the last 24."""

    def __init__(self):
        super().__init__()
        self.gpt = TorchGpt(GPT_VOCAB, max_len=64)

    def forward(self, src, tgt_in):
        return self.gpt(self.sequences(src, tgt_in)[:, :-1])

    @staticmethod
    def sequences(src, tgt_in):
        """[B, 2 * TOKENS + 3]: bos, the source tokens, sep, the target tokens, eos."""
        bos = torch.full((src.shape[0], 1), 1)
        sep = torch.full((src.shape[0], 1), 4)
        return torch.cat([bos, src[:, :-1], sep, tgt_in[:, 1:], src[:, -1:]], 1)


CASES = {
    "transformer": lambda: TransformerModel(),
    "gru-luong-general": lambda: GruLuongGeneral(64, 64),
    "gru-luong-general (hidden 128)": lambda: GruLuongGeneral(64, 128),
    "gpt": lambda: GptCase(),
}


def batch(vocab=VOCAB):
    g = torch.Generator().manual_seed(12345)
    src = torch.randint(4, vocab, (B, S), generator=g)
    src[:, -1] = 2  # <eos>
    tgt = torch.randint(4, vocab, (B, T + 1), generator=g)
    tgt[:, 0] = 1  # <bos>
    tgt[:, -1] = 2
    return src, tgt[:, :-1], tgt[:, 1:]


def time_case(make, reps, steps):
    torch.manual_seed(1)
    model = make()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss(ignore_index=0)
    gpt = isinstance(model, GptCase)
    vocab = GPT_VOCAB if gpt else VOCAB
    src, tgt_in, tgt_out = batch(vocab)
    if gpt:  # next-token prediction: the targets are the sequence shifted by one
        tgt_out = GptCase.sequences(src, tgt_in)[:, 1:]

    def step():
        logits = model(src, tgt_in)
        loss = loss_fn(logits.reshape(-1, vocab), tgt_out.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(2):
        step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - start) * 1000 / steps)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    results = []
    for name in args.case or list(CASES):
        times = time_case(CASES[name], args.reps, args.steps)
        results.append({
            "name": name,
            "medianMs": statistics.median(times),
            "minMs": min(times),
            "maxMs": max(times),
        })
    blas = blas_info()
    if not blas["paths"] and torch.backends.mkl.is_available():
        blas["builtin"] = "Intel MKL (linked into torch)"  # pip wheels: no separate BLAS library
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas,
        "results": results,
    }))


if __name__ == "__main__":
    main()
