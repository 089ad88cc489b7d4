#!/usr/bin/env python3
"""Load an attn checkpoint into PyTorch and translate a sentence with it.

Needs only torch (Debian's python3-torch): the safetensors file is read with
struct and json below, and the modules are the plain PyTorch ones of
tests/torch/reference.py (nn.Transformer, nn.GRU / nn.LSTM), which attn's own
tests check against attn's logits.

Usage: /usr/bin/python3 tools/load_in_torch.py CHECKPOINT [WORD...]
CHECKPOINT: a file of weights/ or one written by `attn export --format torch`
(both use PyTorch state_dict names). WORD...: the sentence (default: the
task's example). Prints the model, its output and each output token's
probability. Exit 1 with one line on stderr when the file cannot be used.
"""
import json
import os
import struct
import sys
import unicodedata

import torch

# The module definitions live beside attn's PyTorch agreement test.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "torch"))
from reference import TorchRnnSeq2Seq, TorchTransformerSeq2Seq, greedy  # noqa: E402

UNK, EOS = 3, 2
EXAMPLES = {"ko-en": "나는 학생이다", "reverse": "abcdef", "dates": "March 5, 2024"}


def read_safetensors(path):
    """(tensors, metadata): an 8-byte header length, a JSON header, then raw little-endian data."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8]) if len(raw) >= 8 else (-1,)
    if not 0 < n <= len(raw) - 8:
        raise ValueError(f"not a safetensors file (header length {n}, file {len(raw)} bytes)")
    header = json.loads(raw[8 : 8 + n])
    data = raw[8 + n :]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{name}: expected dtype F32, got {entry['dtype']}")
        begin, end = entry["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        tensors[name] = flat.reshape(entry["shape"])
    return tensors, metadata


def tokenize(text, kind):
    """attn's tokenizers: "word" splits on white space, "char" takes each code point (NFC)."""
    text = unicodedata.normalize("NFC", text)
    return list(text) if kind == "char" else text.split()


def load(path):
    tensors, meta = read_safetensors(path)
    cfg = json.loads(meta["config"])
    if cfg["arch"] == "transformer" and cfg["pe"] == "rope":
        raise ValueError("a RoPE model: nn.Transformer does not rotate q and k (see the README)")
    src_vocab, tgt_vocab = json.loads(meta["src_vocab"]), json.loads(meta["tgt_vocab"])
    cls = TorchTransformerSeq2Seq if cfg["arch"] == "transformer" else TorchRnnSeq2Seq
    model = cls(cfg, len(src_vocab), len(tgt_vocab))
    model.load_state_dict(tensors, strict=True)  # every name and shape must match
    return model.eval(), cfg, meta, src_vocab, tgt_vocab


def describe(cfg, meta, model):
    params = sum(p.numel() for p in model.parameters())
    kind = cfg["arch"] + (f" ({cfg['pe']} positions)" if cfg["arch"] == "transformer" else f" + {cfg['attention']} attention")
    line = f"model: {meta.get('name', '?')}, {kind}, task {cfg['task']}, {params} parameters"
    if "accuracy" in meta:
        line += f", test exact match {float(meta['accuracy']) * 100:.1f}% (metadata)"
    return line


def probabilities(model, src, out_ids):
    """The probability the model gave each chosen token, teacher-forced on its own output."""
    if not out_ids:
        return []
    with torch.no_grad():
        logits = model(torch.tensor([src]), torch.tensor([[1] + out_ids[:-1]]))  # [1, T, Vt]
    probs = torch.softmax(logits[0], dim=-1)  # [T, Vt]
    return [float(probs[t, i]) for t, i in enumerate(out_ids)]


def main(argv):
    if len(argv) < 2:
        print("usage: load_in_torch.py CHECKPOINT [WORD...]", file=sys.stderr)
        return 2
    try:
        model, cfg, meta, src_vocab, tgt_vocab = load(argv[1])
    except (OSError, ValueError, KeyError, RuntimeError) as e:
        print(f"load_in_torch: cannot use {argv[1]}: {str(e).splitlines()[0]}", file=sys.stderr)
        return 1
    text = " ".join(argv[2:]) or EXAMPLES.get(cfg["task"], "")
    index = {token: i for i, token in enumerate(src_vocab)}
    tokens = tokenize(text, meta.get("tokenizer", "word"))
    src = [index.get(t, UNK) for t in tokens] + [EOS]
    with torch.no_grad():
        out_ids = greedy(model, src, cfg["max_len"])
    words = [tgt_vocab[i] for i in out_ids if i != EOS]
    print(describe(cfg, meta, model))
    between = "" if meta.get("tokenizer") == "char" else " "
    print("input:  " + between.join(t if index.get(t, UNK) != UNK else f"{t}(<unk>)" for t in tokens))
    print("output: " + between.join(words))
    chosen = [(tgt_vocab[i], p) for i, p in zip(out_ids, probabilities(model, src, out_ids))]
    print("p(token): " + ", ".join(f"{t} {p:.3f}" for t, p in chosen))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
