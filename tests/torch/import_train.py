#!/usr/bin/env python3
"""Trains tiny models in plain PyTorch for attn's `import --format torch` test.

Builds the modules of docs/CONTRACT.md (reference.py, gpt_reference.py): a Transformer
(nn.Transformer), a GRU with Bahdanau attention and a GPT (nn.TransformerEncoder, its head tied
to the token table), trains each a few Adam steps on random sequences, and writes what a user
would hand to `import`: the state_dict as safetensors (written here: 8-byte header length, JSON
header, raw little-endian float32; no safetensors package), the config JSON, and the vocabulary
files (one token per line; the GPT's BPE tokenizer as JSON). Prints, as JSON, each model's files
and its logits on a few inputs, for tests/torch/import_agreement_test.ts to compare with attn.

Usage: python3 import_train.py OUT_DIR > results.json
"""
import json
import os
import struct
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import PAD, BOS, EOS, TorchRnnSeq2Seq, TorchTransformerSeq2Seq  # noqa: E402
from gpt_reference import TorchGpt  # noqa: E402

SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]
STEPS = 20


def write_safetensors(path, state_dict):
    """The state_dict as a float32 safetensors file."""
    header, blobs, offset = {}, [], 0
    for name, tensor in state_dict.items():
        values = tensor.detach().to(torch.float32).contiguous().flatten().tolist()
        blob = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def write_lines(path, tokens):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(tokens) + "\n")


def pad_rows(rows):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [PAD] * (width - len(r)) for r in rows], dtype=torch.long)


def train(model, batches, loss_of):
    """A few Adam steps: the weights move away from their initialisation, nothing more."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = loss_of(model, batches[step % len(batches)])
        loss.backward()
        optimizer.step()
    model.eval()


def random_pairs(generator, src_vocab, tgt_vocab, count):
    pairs = []
    for _ in range(count):
        n = int(torch.randint(1, 7, (1,), generator=generator))
        src = torch.randint(4, src_vocab, (n,), generator=generator).tolist()
        tgt = torch.randint(4, tgt_vocab, (n,), generator=generator).tolist()
        pairs.append((src + [EOS], [BOS] + tgt, tgt + [EOS]))
    return pairs


def seq2seq_loss(model, pairs):
    src, tgt_in, tgt_out = (pad_rows([p[i] for p in pairs]) for i in range(3))
    logits = model(src, tgt_in)  # [B, T, Vt]
    return nn.functional.cross_entropy(logits.flatten(0, 1), tgt_out.flatten(), ignore_index=PAD)


def seq2seq_case(name, cls, config, out_dir, generator):
    src_vocab = SPECIALS + [f"s{i}" for i in range(7)]
    tgt_vocab = SPECIALS + [f"t{i}" for i in range(9)]
    model = cls(config, len(src_vocab), len(tgt_vocab))
    pairs = random_pairs(generator, len(src_vocab), len(tgt_vocab), 32)
    train(model, [pairs[i : i + 8] for i in range(0, 32, 8)], seq2seq_loss)
    files = write_case(name, model, config, out_dir)
    write_lines(files["vocab"][0], src_vocab)
    write_lines(files["vocab"][1], tgt_vocab)
    src = [[4, 7, 5, 9, 2], [6, 10, 4, 8, 5, 7, 2], [8, 2]]
    tgt_in = [[1, 5, 12, 7, 9, 4], [1, 11, 6, 8], [1, 4, 10, 5, 6, 7, 12, 8]]
    with torch.no_grad():
        logits = model(pad_rows(src), pad_rows(tgt_in))
    rows = [logits[b, : len(t)].tolist() for b, t in enumerate(tgt_in)]
    return {**files, "src": src, "tgt_in": tgt_in, "logits": rows}


def write_case(name, model, config, out_dir):
    """The state_dict and config files of a case, and the paths of its vocabulary files."""
    files = {
        "label": name,
        "weights": f"{out_dir}/{name}.safetensors",
        "config": f"{out_dir}/{name}.json",
        "vocab": [f"{out_dir}/{name}-src.txt", f"{out_dir}/{name}-tgt.txt"],
    }
    write_safetensors(files["weights"], model.state_dict())
    with open(files["config"], "w") as f:
        json.dump(config, f)
    return files


def gpt_case(out_dir, generator):
    # A BPE tokenizer as attn stores it: specials and <sep>, the alphabet, then one token per merge.
    alphabet = ["\u2581", "a", "b", "c", "d"]
    merges = [["\u2581", "a"], ["b", "c"], ["\u2581a", "bc"]]
    vocab = SPECIALS + ["<sep>"] + alphabet + ["\u2581a", "bc", "\u2581abc"]
    config = {
        "arch": "gpt", "attention": "scaled-dot", "pe": "learned", "d_model": 16, "heads": 2,
        "num_layers": 2, "dim_feedforward": 32, "norm": "pre", "activation": "gelu",
        "tie_embeddings": True, "lm_head_bias": False, "max_len": 16, "tokenizer": "bpe",
    }
    model = TorchGpt(config, len(vocab))
    model.lm_head.weight = model.tok_embed.weight  # tied: the state_dict lists it under both names
    rows = torch.randint(5, len(vocab), (32, 8), generator=generator)

    def loss_of(m, batch):
        logits = m(batch[:, :-1])
        return nn.functional.cross_entropy(logits.flatten(0, 1), batch[:, 1:].flatten())

    train(model, [rows[i : i + 8] for i in range(0, 32, 8)], loss_of)
    files = write_case("gpt", model, config, out_dir)
    files["vocab"] = [f"{out_dir}/gpt-tokenizer.json"]
    with open(files["vocab"][0], "w", encoding="utf-8") as f:
        json.dump({"vocab": vocab, "merges": merges}, f, ensure_ascii=False)
    ids = [[1, 5, 7, 4, 9, 12, 3, 2], [1, 11, 6, 6, 8, 4, 10, 2]]
    with torch.no_grad():
        logits = model(torch.tensor(ids, dtype=torch.long)).tolist()
    return {**files, "ids": ids, "logits": logits}


def main():
    out_dir = sys.argv[1]
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    transformer = {
        "arch": "transformer", "attention": "scaled-dot", "pe": "sinusoidal", "d_model": 16,
        "heads": 2, "encoder_layers": 1, "decoder_layers": 1, "dim_feedforward": 32,
        "norm": "post", "activation": "relu", "max_len": 32, "tokenizer": "word",
    }
    gru = {
        "arch": "gru", "attention": "bahdanau", "embed_dim": 8, "hidden_size": 12,
        "num_layers": 1, "max_len": 32, "tokenizer": "word",
    }
    cases = [
        seq2seq_case("transformer", TorchTransformerSeq2Seq, transformer, out_dir, generator),
        seq2seq_case("gru-bahdanau", TorchRnnSeq2Seq, gru, out_dir, generator),
        gpt_case(out_dir, generator),
    ]
    json.dump({"torch": torch.__version__, "cases": cases}, sys.stdout)


if __name__ == "__main__":
    main()
