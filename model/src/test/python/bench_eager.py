#!/usr/bin/env python3
"""Eager-PyTorch baseline for the Java/LibTorch forward pass: the benchmark a Python user would write.

A Llama / InternLM2-style decoder (nn.Linear, nn.Embedding, RMSNorm, rotary embeddings, GQA,
SiLU-gated MLP) with random fp32 weights, run under torch.inference_mode() (torch.no_grad() on
older torch) with torch.set_num_threads(2).  Fixed workload per round:

    prefill: a batch of 8 prompts x 128 tokens in one forward (logits for the last position only),
             greedy argmax -> first new token
    decode:  32 steps, batch 8, one token each, with a KV cache (past keys/values concatenated),
             logits -> greedy argmax every step

--workload sample: what a search asks instead (bench-model --workload sample): 2 prompts x 128
tokens prefilled, each fanned out to 32 samples, 48 steps of temperature-1 top-p-0.95 sampling
(sort, cumsum, torch.multinomial: the usual Python sampler), log-probs of the picks kept; reports
tokens/s (2*32*48 per round) and the share of time outside the model's forward calls.

2 warm-up rounds, then 5 timed rounds; prints one JSON line with the medians:
    {"prefill_tokens_per_s", "decode_tokens_per_s", "prefill_ms", "decode_ms_per_step",
     "torch", "threads", "shape", ...}
prefill tokens = 8*128 per round, decode tokens = 8*32 per round.

    /usr/bin/python3 model/src/test/python/bench_eager.py            # defaults below
    /usr/bin/python3 model/src/test/python/bench_eager.py --arch llama --layers 2
"""

import argparse
import contextlib
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        xf = x.float()
        return self.weight * (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def repeat_kv(x, n_rep):
    b, nkv, s, d = x.shape
    if n_rep == 1:
        return x
    return x[:, :, None].expand(b, nkv, n_rep, s, d).reshape(b, nkv * n_rep, s, d)


class Attention(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.arch, self.nh, self.nkv = a.arch, a.heads, a.kv_heads
        self.hd = a.hidden // a.heads
        self.groups = a.heads // a.kv_heads
        if self.arch == "internlm2":
            self.wqkv = nn.Linear(a.hidden, (a.heads + 2 * a.kv_heads) * self.hd, bias=False)
        else:
            self.q_proj = nn.Linear(a.hidden, a.heads * self.hd, bias=False)
            self.k_proj = nn.Linear(a.hidden, a.kv_heads * self.hd, bias=False)
            self.v_proj = nn.Linear(a.hidden, a.kv_heads * self.hd, bias=False)
        self.o_proj = nn.Linear(a.heads * self.hd, a.hidden, bias=False)

    def forward(self, x, cos, sin, mask, past):
        b, s, _ = x.shape
        if self.arch == "internlm2":
            qkv = self.wqkv(x).view(b, s, self.nkv, self.groups + 2, self.hd)
            q = qkv[..., : self.groups, :].reshape(b, s, self.nh, self.hd)
            k, v = qkv[..., -2, :], qkv[..., -1, :]
        else:
            q = self.q_proj(x).view(b, s, self.nh, self.hd)
            k = self.k_proj(x).view(b, s, self.nkv, self.hd)
            v = self.v_proj(x).view(b, s, self.nkv, self.hd)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        present = (k, v)
        scores = torch.matmul(q, repeat_kv(k, self.groups).transpose(2, 3)) / math.sqrt(self.hd)
        if mask is not None:
            scores = scores + mask
        probs = F.softmax(scores, dim=-1, dtype=torch.float32).to(q.dtype)
        out = torch.matmul(probs, repeat_kv(v, self.groups)).transpose(1, 2).reshape(b, s, self.nh * self.hd)
        return self.o_proj(out), present


class MLP(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.gate = nn.Linear(a.hidden, a.intermediate, bias=False)
        self.up = nn.Linear(a.hidden, a.intermediate, bias=False)
        self.down = nn.Linear(a.intermediate, a.hidden, bias=False)

    def forward(self, x):
        return self.down(F.silu(self.gate(x)) * self.up(x))


class Block(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.attn_norm = RMSNorm(a.hidden, a.eps)
        self.attn = Attention(a)
        self.ffn_norm = RMSNorm(a.hidden, a.eps)
        self.mlp = MLP(a)

    def forward(self, x, cos, sin, mask, past):
        h, present = self.attn(self.attn_norm(x), cos, sin, mask, past)
        x = x + h
        return x + self.mlp(self.ffn_norm(x)), present


class Model(nn.Module):
    def __init__(self, a, max_len):
        super().__init__()
        self.embed = nn.Embedding(a.vocab, a.hidden)
        self.layers = nn.ModuleList([Block(a) for _ in range(a.layers)])
        self.norm = RMSNorm(a.hidden, a.eps)
        self.lm_head = nn.Linear(a.hidden, a.vocab, bias=False)
        hd = a.hidden // a.heads
        inv_freq = 1.0 / (a.rope_theta ** (torch.arange(0, hd, 2).float() / hd))
        freqs = torch.outer(torch.arange(max_len).float(), inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        self.register_buffer("cos", emb.cos(), persistent=False)
        self.register_buffer("sin", emb.sin(), persistent=False)

    def forward(self, ids, past=None):
        """ids [b, s] -> (logits of the last position [b, vocab], new cache)."""
        b, s = ids.shape
        past_len = 0 if past is None else past[0][0].shape[2]
        cos = self.cos[past_len:past_len + s][None, None]
        sin = self.sin[past_len:past_len + s][None, None]
        mask = None
        if s > 1:
            mask = torch.full((s, past_len + s), float("-inf")).triu(past_len + 1)[None, None]
        x = self.embed(ids)
        presents = []
        for i, layer in enumerate(self.layers):
            x, present = layer(x, cos, sin, mask, None if past is None else past[i])
            presents.append(present)
        x = self.norm(x[:, -1:, :])
        return self.lm_head(x)[:, -1, :].float(), presents


def main():
    ap = argparse.ArgumentParser(description="eager PyTorch prefill/decode benchmark")
    ap.add_argument("--arch", choices=["internlm2", "llama"], default="internlm2",
                    help="internlm2: fused wqkv projection; llama: separate q/k/v projections")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--heads", type=int, default=8)
    ap.add_argument("--kv-heads", type=int, default=2)
    ap.add_argument("--intermediate", type=int, default=1408)
    ap.add_argument("--vocab", type=int, default=92544)
    ap.add_argument("--eps", type=float, default=1e-5)
    ap.add_argument("--rope-theta", type=float, default=1000000.0)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--prompt", type=int, default=128)
    ap.add_argument("--decode", type=int, default=32)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workload", choices=["forward", "sample"], default="forward")
    ap.add_argument("--states", type=int, default=2)
    ap.add_argument("--samples", type=int, default=32)
    ap.add_argument("--tokens", type=int, default=48)
    ap.add_argument("--top-p", type=float, default=0.95)
    a = ap.parse_args()
    if a.workload == "sample":
        a.prompt_len = a.prompt
        return sample_main(a)

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Model(a, a.prompt + a.decode).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if not name.endswith("norm.weight"):
                p.normal_(0.0, 0.02)
    prompts = torch.randint(3, a.vocab, (a.batch, a.prompt), generator=torch.Generator().manual_seed(1))

    mode = torch.inference_mode if hasattr(torch, "inference_mode") else torch.no_grad

    def one_round():
        with mode():
            t0 = time.perf_counter()
            logits, cache = model(prompts)
            tok = logits.argmax(-1, keepdim=True)
            t1 = time.perf_counter()
            for _ in range(a.decode):
                logits, cache = model(tok, cache)
                tok = logits.argmax(-1, keepdim=True)
            t2 = time.perf_counter()
        return t1 - t0, t2 - t1

    for _ in range(a.warmup):
        one_round()
    pre, dec = [], []
    for _ in range(a.rounds):
        p, d = one_round()
        pre.append(p)
        dec.append(d)
    p_med, d_med = statistics.median(pre), statistics.median(dec)
    print(json.dumps({
        "prefill_tokens_per_s": round(a.batch * a.prompt / p_med, 1),
        "decode_tokens_per_s": round(a.batch * a.decode / d_med, 1),
        "prefill_ms": round(p_med * 1e3, 2),
        "decode_ms_per_step": round(d_med * 1e3 / a.decode, 3),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "shape": {"arch": a.arch, "layers": a.layers, "hidden": a.hidden, "heads": a.heads,
                  "kv_heads": a.kv_heads, "intermediate": a.intermediate, "vocab": a.vocab},
        "workload": {"batch": a.batch, "prompt": a.prompt, "decode_steps": a.decode,
                     "warmup": a.warmup, "rounds": a.rounds, "dtype": "float32",
                     "prefill_logits": "last position only"},
    }))


def sample_main(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Model(a, a.prompt + a.tokens).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if not name.endswith("norm.weight"):
                p.normal_(0.0, 0.02)
    prompts = torch.randint(3, a.vocab, (a.states, a.prompt), generator=torch.Generator().manual_seed(1))
    mode = torch.inference_mode if hasattr(torch, "inference_mode") else torch.no_grad

    def pick(logits):
        logp = torch.log_softmax(logits, -1)
        probs = logp.exp()
        sorted_p, order = probs.sort(-1, descending=True)
        outside = (sorted_p.cumsum(-1) - sorted_p) >= a.top_p
        sorted_p = sorted_p.masked_fill(outside, 0.0)
        choice = order.gather(-1, torch.multinomial(sorted_p, 1))
        return choice, logp.gather(-1, choice)

    def one_round():
        forward = 0.0
        with mode():
            t0 = time.perf_counter()
            logits, cache = model(prompts)
            forward += time.perf_counter() - t0
            rows = torch.arange(a.states).repeat_interleave(a.samples)
            cache = [(k[rows], v[rows]) for k, v in cache]
            tok, lp = pick(logits[rows])
            total_lp = lp.clone()
            for _ in range(a.tokens - 1):
                t1 = time.perf_counter()
                logits, cache = model(tok, cache)
                forward += time.perf_counter() - t1
                tok, lp = pick(logits)
                total_lp += lp
            total_lp.tolist()
            elapsed = time.perf_counter() - t0
        return elapsed, 1 - forward / elapsed

    for _ in range(a.warmup):
        one_round()
    times, outside = [], []
    for _ in range(a.rounds):
        e, o = one_round()
        times.append(e)
        outside.append(o)
    t = statistics.median(times)
    print(json.dumps({
        "sample_tokens_per_s": round(a.states * a.samples * a.tokens / t, 1),
        "ms_per_request": round(t * 1e3, 1),
        "outside_forward_share": round(statistics.median(outside), 3),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "shape": {"arch": a.arch, "layers": a.layers, "hidden": a.hidden, "heads": a.heads,
                  "kv_heads": a.kv_heads, "intermediate": a.intermediate, "vocab": a.vocab},
        "workload": {"states": a.states, "samples": a.samples, "tokens": a.tokens, "prompt": a.prompt,
                     "top_p": a.top_p, "warmup": a.warmup, "rounds": a.rounds, "dtype": "float32"},
    }))


if __name__ == "__main__":
    main()
