#!/usr/bin/env python3
"""Greedy decoding of `attn bench models` and GPT generation of `attn bench generate`, in
PyTorch's CPU build, for comparison in the same run.

--suite generate: a GPT of the given sizes (bench/torch_gpt.py; random weights, seed 1) greedy
from the one-token prompt [1] until the prefix holds the longest length; the step that reads a
prefix of n tokens and gives the (n+1)-th is timed (logits to a Python int included), with the
KV cache (`extend`, one new position per step) and without (`forward` over the whole prefix).
Results "cache n=16", "no-cache n=16": ms per new token. The first repetition of both modes is
compared ("agreement": same tokens, largest logit difference), as attn's own measurement does.

--suite models: the Seq2Seq cases of src/bench/models_suite.ts at their default sizes (vocabulary
120, batch 1): a source of n - 1 pseudo-random tokens + <eos>; "NAME encode n=N" times the
encoder, "NAME decode n=N" a whole greedy decode of exactly n steps (the Transformer re-runs its
decoder over the whole prefix each step, as attn's does; the RNNs take one step each).

Threads: 2 (the machine's cores) or --threads N. Prints JSON: {"torch", "threads", "blas",
"results": [{"name", "medianMs", "minMs", "maxMs"}], "agreement"?}. attn runs it without
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE and with OMP_WAIT_POLICY=PASSIVE (src/bench/anchor_process.ts).

Usage: python3 bench/torch_decode.py --suite generate|models --len N [--len N ...] [--reps 5]
         [--vocab 256 --d 64 --heads 4 --layers 2 --ffn 256 --max-len L] [--case NAME ...]
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
from torch_train_step import TransformerModel  # noqa: E402

EOS, VOCAB = 2, 120


def generate_timed(model, mode, longest):
    """Greedy from [1] until the prefix holds `longest` ids: per n, the step's ms and logits."""
    ids, ms, logits = [1], {}, {}
    cache = model.start_cache(longest) if mode == "cache" else None
    for n in range(1, longest + 1):
        start = time.perf_counter()
        if cache is not None:
            row = model.extend(torch.tensor(ids[cache["used"]:]), cache)  # [V]
        else:
            row = model(torch.tensor([ids]))[0, -1]  # [V]
        token = int(row.argmax())
        ms[n] = (time.perf_counter() - start) * 1000
        logits[n] = row
        if n < longest:
            ids.append(token)
    return ids, ms, logits


def generate_suite(args):
    torch.manual_seed(1)
    longest = max(args.len)
    model = TorchGpt(args.vocab, max(args.max_len, longest), args.d, args.heads, args.layers,
                     args.ffn).eval()
    results, runs = [], {}
    with torch.no_grad():
        for mode in ("cache", "no-cache"):
            generate_timed(model, mode, min(16, longest))  # warm-up
            runs[mode] = [generate_timed(model, mode, longest) for _ in range(args.reps)]
            for n in args.len:
                results.append(summary(f"{mode} n={n}", [r[1][n] for r in runs[mode]]))
    (cached_ids, _, cached), (plain_ids, _, plain) = runs["cache"][0], runs["no-cache"][0]
    diff = max(float((cached[n] - plain[n]).abs().max()) for n in cached)
    agreement = {"sameTokens": cached_ids == plain_ids, "maxLogitDiff": diff}
    return results, agreement


class Gru(nn.Module):
    """attn's RNN Seq2Seq (docs/CONTRACT.md), GRU or LSTM, attention none, bahdanau or luong-dot."""

    def __init__(self, cell, attention, embed=64, hidden=128):
        super().__init__()
        self.attention = attention
        rnn = nn.GRU if cell == "gru" else nn.LSTM
        self.src_embed = nn.Embedding(VOCAB, embed)
        self.tgt_embed = nn.Embedding(VOCAB, embed)
        self.encoder = rnn(embed, hidden, batch_first=True)
        extra = hidden if attention == "bahdanau" else 0
        self.decoder = rnn(embed + extra, hidden, batch_first=True)
        if attention == "bahdanau":
            self.w = nn.Linear(hidden, hidden, bias=False)
            self.u = nn.Linear(hidden, hidden)
            self.v = nn.Linear(hidden, 1, bias=False)
        if attention == "luong-dot":
            self.combine = nn.Linear(2 * hidden, hidden, bias=False)
        wide = 2 * hidden if attention == "bahdanau" else hidden
        self.generator = nn.Linear(wide, VOCAB)

    def encode(self, src):
        keys, state = self.encoder(self.src_embed(src))  # [1, S, H]
        precomputed = self.u(keys) if self.attention == "bahdanau" else None
        return keys, state, precomputed

    def decode(self, src, steps):
        keys, state, uh = self.encode(src)
        token, out = 1, []
        for _ in range(steps):
            x = self.tgt_embed(torch.tensor([[token]]))  # [1, 1, E]
            top = state[0] if isinstance(state, tuple) else state  # [1, 1, H]
            if self.attention == "bahdanau":
                weights = torch.softmax(self.v(torch.tanh(self.w(top[-1])[:, None] + uh)), 1)
                context = (weights * keys).sum(1, keepdim=True)  # [1, 1, H]
                s, state = self.decoder(torch.cat([x, context], -1), state)
                logits = self.generator(torch.cat([s, context], -1))
            elif self.attention == "luong-dot":
                s, state = self.decoder(x, state)
                weights = torch.softmax(s @ keys.transpose(1, 2), -1)  # [1, 1, S]
                h = torch.tanh(self.combine(torch.cat([weights @ keys, s], -1)))
                logits = self.generator(h)
            else:
                s, state = self.decoder(x, state)
                logits = self.generator(s)
            token = int(logits[0, -1].argmax())
            out.append(token)
        return out


class TransformerDecode(TransformerModel):
    """The Transformer of bench train, decoding greedily without a cache (as attn's does)."""

    def encode(self, src):
        x = self.src_embed(src) * self.d ** 0.5 + self.pe[: src.shape[1]]
        return self.transformer.encoder(x, src_key_padding_mask=src == 0)

    def decode(self, src, steps):
        memory = self.encode(src)
        ids = [1]
        for _ in range(steps):
            y = self.tgt_embed(torch.tensor([ids])) * self.d ** 0.5 + self.pe[: len(ids)]
            causal = nn.Transformer.generate_square_subsequent_mask(len(ids))
            out = self.transformer.decoder(y, memory, tgt_mask=causal)
            ids.append(int(self.generator(out[0, -1]).argmax()))
        return ids[1:]


MODEL_CASES = {
    "transformer": lambda max_len: TransformerDecode(max_len=max_len),
    "gru": lambda _: Gru("gru", "none"),
    "gru-bahdanau": lambda _: Gru("gru", "bahdanau"),
    "lstm-luong-dot": lambda _: Gru("lstm", "luong-dot"),
}


def source_row(n):
    """n - 1 pseudo-random ids in [4, 120), then <eos> (the values do not change the cost)."""
    g = torch.Generator().manual_seed(2024 + n)
    return torch.cat([torch.randint(4, VOCAB, (1, n - 1), generator=g), torch.tensor([[EOS]])], 1)


def models_suite(args):
    results = []
    max_len = max(64, *(n + 1 for n in args.len))
    with torch.no_grad():
        for name in args.case or list(MODEL_CASES):
            torch.manual_seed(1)
            model = MODEL_CASES[name](max_len).eval()
            for n in args.len:
                src = source_row(n)
                for phase, run in (("encode", lambda: model.encode(src)),
                                   ("decode", lambda: model.decode(src, n))):
                    run()  # warm-up
                    results.append(summary(f"{name} {phase} n={n}", timed(run, args.reps)))
    return results


def timed(run, reps):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(name, times):
    return {"name": name, "medianMs": statistics.median(times), "minMs": min(times),
            "maxMs": max(times)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", choices=["generate", "models"], required=True)
    parser.add_argument("--len", type=int, action="append", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--case", action="append", choices=sorted(MODEL_CASES))
    for size, default in (("vocab", 256), ("d", 64), ("heads", 4), ("layers", 2), ("ffn", 256),
                          ("max-len", 64)):
        parser.add_argument(f"--{size}", type=int, default=default)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    report = {}
    if args.suite == "generate":
        results, report["agreement"] = generate_suite(args)
    else:
        results = models_suite(args)
    blas = blas_info()
    if not blas["paths"] and torch.backends.mkl.is_available():
        blas["builtin"] = "Intel MKL (linked into torch)"  # pip wheels: no separate BLAS library
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas, "results": results, **report}))


if __name__ == "__main__":
    main()
