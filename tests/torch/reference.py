#!/usr/bin/env python3
"""PyTorch reference modules for attn checkpoints (docs/CONTRACT.md "Checkpoints").

Defines exactly the modules docs/CONTRACT.md names, loads an attn export with
load_state_dict(strict=True), and prints teacher-forced logits and greedy
decodes as JSON, so tests/torch/torch_agreement_test.ts can compare them with
attn. Needs only torch (Debian python3-torch); the safetensors reader below is
plain Python (struct + json), no pip packages.

Usage: python3 reference.py cases.json > results.json
cases.json: {"cases": [{"checkpoint": path, "src": [[ids + <eos>], ...],
             "tgt_in": [[<bos> + ids], ...], "max_steps": [n, ...]}]}
Each row is unpadded; rows are padded here with <pad> and run as one batch,
so padding masks are exercised exactly as attn does.
"""
import json
import math
import struct
import sys

import torch
from torch import nn

PAD, BOS, EOS = 0, 1, 2


def read_safetensors(path):
    """(tensors by name, metadata) of a float32 safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    data = raw[8 + n :]
    tensors = {}
    for name, entry in header.items():
        assert entry["dtype"] == "F32", f"{name}: expected F32, got {entry['dtype']}"
        begin, end = entry["data_offsets"]
        values = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        tensors[name] = values.reshape(entry["shape"]).clone()
    return tensors, metadata


def sinusoidal_table(length, d):
    """PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(p / 10000^(2i/d)) (Vaswani et al. 2017)."""
    pe = torch.zeros(length, d, dtype=torch.float64)
    position = torch.arange(length, dtype=torch.float64)[:, None]
    two_i = torch.arange(0, d, 2, dtype=torch.float64)
    angle = position / torch.pow(10000.0, two_i / d)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)[:, : d // 2]
    return pe.float()


class TorchTransformerSeq2Seq(nn.Module):
    """nn.Transformer with embeddings * sqrt(d) + positional encoding and a generator."""

    def __init__(self, cfg, src_vocab, tgt_vocab):
        super().__init__()
        d = cfg["d_model"]
        self.d, self.pe, self.max_len = d, cfg["pe"], cfg["max_len"]
        self.src_embed = nn.Embedding(src_vocab, d)
        self.tgt_embed = nn.Embedding(tgt_vocab, d)
        if self.pe == "learned":
            self.pos_embed = nn.Embedding(cfg["max_len"], d)  # shared by both stacks
        self.transformer = nn.Transformer(
            d_model=d,
            nhead=cfg["heads"],
            num_encoder_layers=cfg["encoder_layers"],
            num_decoder_layers=cfg["decoder_layers"],
            dim_feedforward=cfg["dim_feedforward"],
            dropout=0.0,
            activation=cfg["activation"],
            batch_first=True,
            norm_first=cfg["norm"] == "pre",
        )
        self.generator = nn.Linear(d, tgt_vocab)
        self.register_buffer("sinusoidal", sinusoidal_table(cfg["max_len"], d), persistent=False)

    def embed(self, table, ids):
        x = table(ids) * math.sqrt(self.d)  # [B, T, d]
        t = ids.shape[1]
        if self.pe == "sinusoidal":
            x = x + self.sinusoidal[:t]
        elif self.pe == "learned":
            x = x + self.pos_embed.weight[:t]
        elif self.pe == "rope":
            raise ValueError("nn.Transformer does not apply RoPE: rotate q and k yourself")
        return x

    def forward(self, src, tgt_in):
        src_pad = src == PAD  # key padding mask, True = ignore
        causal = nn.Transformer.generate_square_subsequent_mask(tgt_in.shape[1])
        out = self.transformer(
            self.embed(self.src_embed, src),
            self.embed(self.tgt_embed, tgt_in),
            tgt_mask=causal,
            src_key_padding_mask=src_pad,
            memory_key_padding_mask=src_pad,
        )  # [B, T, d]
        return self.generator(out)  # [B, T, Vt]


class BahdanauAttention(nn.Module):
    """e_tj = v . tanh(W s_{t-1} + U h_j) (Bahdanau et al. 2014)."""

    def __init__(self, hidden):
        super().__init__()
        self.W = nn.Linear(hidden, hidden, bias=False)
        self.U = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, 1, bias=False)

    def scores(self, query, keys):  # query [B, H] (s_{t-1}), keys [B, S, H]
        return self.v(torch.tanh(self.W(query)[:, None, :] + self.U(keys)))[..., 0]  # [B, S]


class LuongAttention(nn.Module):
    """score = s_t . h_j (dot) or s_t . (W_a h_j) (general); h~ = tanh(W_c [c; s]) (Luong et al. 2015)."""

    def __init__(self, hidden, general):
        super().__init__()
        if general:
            self.W = nn.Linear(hidden, hidden, bias=False)
        self.general = general
        self.combine = nn.Linear(2 * hidden, hidden, bias=False)

    def scores(self, query, keys):  # query [B, H] (s_t), keys [B, S, H]
        if self.general:
            keys = self.W(keys)
        return torch.einsum("bh,bsh->bs", query, keys)  # [B, S]


class TorchRnnSeq2Seq(nn.Module):
    """GRU/LSTM encoder-decoder, decoder run one step at a time (docs/CONTRACT.md)."""

    def __init__(self, cfg, src_vocab, tgt_vocab):
        super().__init__()
        e, h, layers = cfg["embed_dim"], cfg["hidden_size"], cfg["num_layers"]
        self.arch, self.kind = cfg["arch"], cfg["attention"]
        cell = nn.GRU if self.arch == "gru" else nn.LSTM
        self.src_embed = nn.Embedding(src_vocab, e)
        self.tgt_embed = nn.Embedding(tgt_vocab, e)
        self.encoder = cell(e, h, num_layers=layers, batch_first=True)
        self.decoder = cell(e + h if self.kind == "bahdanau" else e, h, num_layers=layers, batch_first=True)
        if self.kind == "bahdanau":
            self.attention = BahdanauAttention(h)
        elif self.kind in ("luong-dot", "luong-general"):
            self.attention = LuongAttention(h, general=self.kind == "luong-general")
        self.generator = nn.Linear(2 * h if self.kind == "bahdanau" else h, tgt_vocab)

    def encode(self, src):
        lengths = (src != PAD).sum(dim=1)
        packed = nn.utils.rnn.pack_padded_sequence(
            self.src_embed(src), lengths, batch_first=True, enforce_sorted=False
        )
        out, state = self.encoder(packed)  # final state = each row's real last step
        keys, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        return keys, state, src == PAD  # [B, S, H], state, [B, S]

    def top(self, state):
        return (state[0] if self.arch == "lstm" else state)[-1]  # [B, H] (LSTM: its h)

    def attend(self, query, keys, pad):
        scores = self.attention.scores(query, keys).masked_fill(pad, float("-inf"))  # [B, S]
        weights = torch.softmax(scores, dim=-1)
        return torch.einsum("bs,bsh->bh", weights, keys)  # c_t [B, H]

    def step(self, y_prev, state, keys, pad):
        """Logits [B, Vt] of the next token and the new state."""
        x = self.tgt_embed(y_prev)  # [B, E]
        if self.kind == "bahdanau":
            c = self.attend(self.top(state), keys, pad)
            out, state = self.decoder(torch.cat([x, c], -1)[:, None, :], state)
            return self.generator(torch.cat([out[:, 0], c], -1)), state
        out, state = self.decoder(x[:, None, :], state)
        s = out[:, 0]  # [B, H]
        if self.kind == "none":
            return self.generator(s), state
        c = self.attend(s, keys, pad)
        h_tilde = torch.tanh(self.attention.combine(torch.cat([c, s], -1)))
        return self.generator(h_tilde), state

    def forward(self, src, tgt_in):
        keys, state, pad = self.encode(src)
        logits = []
        for t in range(tgt_in.shape[1]):
            step_logits, state = self.step(tgt_in[:, t], state, keys, pad)
            logits.append(step_logits)
        return torch.stack(logits, 1)  # [B, T, Vt]


def build(checkpoint):
    tensors, metadata = read_safetensors(checkpoint)
    cfg = json.loads(metadata["config"])
    src_vocab, tgt_vocab = len(json.loads(metadata["src_vocab"])), len(json.loads(metadata["tgt_vocab"]))
    cls = TorchTransformerSeq2Seq if cfg["arch"] == "transformer" else TorchRnnSeq2Seq
    model = cls(cfg, src_vocab, tgt_vocab)
    model.load_state_dict(tensors, strict=True)
    return model.eval()


def pad_rows(rows):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [PAD] * (width - len(r)) for r in rows], dtype=torch.long)


def greedy(model, src_row, max_steps):
    src = torch.tensor([src_row], dtype=torch.long)
    ys = [BOS]
    if isinstance(model, TorchRnnSeq2Seq):
        keys, state, pad = model.encode(src)
        for _ in range(max_steps):
            logits, state = model.step(torch.tensor([ys[-1]]), state, keys, pad)
            ys.append(int(logits[0].argmax()))
            if ys[-1] == EOS:
                break
    else:
        for _ in range(max_steps):
            logits = model(src, torch.tensor([ys], dtype=torch.long))
            ys.append(int(logits[0, -1].argmax()))
            if ys[-1] == EOS:
                break
    return ys[1:]


def run_case(case):
    model = build(case["checkpoint"])
    with torch.no_grad():
        logits = model(pad_rows(case["src"]), pad_rows(case["tgt_in"]))  # [B, T, Vt]
        rows = [logits[b, : len(t)].tolist() for b, t in enumerate(case["tgt_in"])]
        decoded = [greedy(model, s, n) for s, n in zip(case["src"], case["max_steps"])]
    return {"logits": rows, "greedy": decoded}


def main():
    torch.manual_seed(0)
    with open(sys.argv[1]) as f:
        cases = json.load(f)["cases"]
    json.dump({"torch": torch.__version__, "results": [run_case(c) for c in cases]}, sys.stdout)


if __name__ == "__main__":
    main()
