#!/usr/bin/env python3
"""Independent PyTorch reference for the `model` module's tiny InternLM2 / Llama checkpoints.

Builds two tiny checkpoints from a deterministic weight formula (nothing is downloaded and no
weights are committed), runs a plain eager forward pass written from the public modeling code
(InternLM2's remote `modeling_internlm2.py` and Hugging Face transformers' `modeling_llama.py`),
and writes golden JSON files that the Java tests compare against:

    src/test/resources/golden/tiny-internlm2.json        fp32 weights, sequences A, B, C
    src/test/resources/golden/tiny-llama.json            fp32 weights, sequences A, B, C
    src/test/resources/golden/tiny-internlm2-bf16.json   weights rounded to bfloat16, A and B

It also runs self-checks of the reference itself (fused-wqkv forward == Llama-style forward with
re-ordered q/k/v weights; incremental KV-cache decode == full recomputation) and aborts if one fails.

Run from anywhere (Debian python3-torch 1.13 + numpy, no transformers / einops needed):

    /usr/bin/python3 model/src/test/python/tiny_reference.py            # writes the golden files
    /usr/bin/python3 model/src/test/python/tiny_reference.py --check    # self-checks only

See README.md next to this file for the full specification.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

VOCAB = 92544
HIDDEN = 64
INTERMEDIATE = 176
LAYERS = 2
HEADS = 4
KV_HEADS = 2
HEAD_DIM = HIDDEN // HEADS
GREEDY_STEPS = 8

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "golden"))

# ---------------------------------------------------------------------------------------------
# Configs (the config.json dicts of the two tiny checkpoints)
# ---------------------------------------------------------------------------------------------

INTERNLM2_CONFIG = {
    "architectures": ["InternLM2ForCausalLM"],
    "model_type": "internlm2",
    "vocab_size": VOCAB,
    "hidden_size": HIDDEN,
    "intermediate_size": INTERMEDIATE,
    "num_hidden_layers": LAYERS,
    "num_attention_heads": HEADS,
    "num_key_value_heads": KV_HEADS,
    "max_position_embeddings": 32,
    "rms_norm_eps": 1e-5,
    "rope_theta": 1000000,
    "rope_scaling": {"type": "dynamic", "factor": 2.0},
    "bias": False,
    "tie_word_embeddings": False,
    "hidden_act": "silu",
    "bos_token_id": 1,
    "eos_token_id": 2,
    "pad_token_id": 0,
    "torch_dtype": "float32",
}

LLAMA_CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": VOCAB,
    "hidden_size": HIDDEN,
    "intermediate_size": INTERMEDIATE,
    "num_hidden_layers": LAYERS,
    "num_attention_heads": HEADS,
    "num_key_value_heads": KV_HEADS,
    "max_position_embeddings": 2048,
    "rms_norm_eps": 1e-6,
    "rope_theta": 10000.0,
    "rope_scaling": None,
    "attention_bias": False,
    "tie_word_embeddings": False,
    "hidden_act": "silu",
    "bos_token_id": 1,
    "eos_token_id": 2,
    "pad_token_id": 0,
    "torch_dtype": "float32",
}


def tensor_shapes(config):
    """Ordered {name: shape} of every tensor in the checkpoint."""
    h, i, v = config["hidden_size"], config["intermediate_size"], config["vocab_size"]
    nh, nkv = config["num_attention_heads"], config["num_key_value_heads"]
    hd = h // nh
    shapes = {}
    if config["model_type"] == "internlm2":
        shapes["model.tok_embeddings.weight"] = (v, h)
        for l in range(config["num_hidden_layers"]):
            p = "model.layers.%d." % l
            shapes[p + "attention.wqkv.weight"] = ((nh + 2 * nkv) * hd, h)
            shapes[p + "attention.wo.weight"] = (h, nh * hd)
            shapes[p + "feed_forward.w1.weight"] = (i, h)
            shapes[p + "feed_forward.w3.weight"] = (i, h)
            shapes[p + "feed_forward.w2.weight"] = (h, i)
            shapes[p + "attention_norm.weight"] = (h,)
            shapes[p + "ffn_norm.weight"] = (h,)
        shapes["model.norm.weight"] = (h,)
        shapes["output.weight"] = (v, h)
    elif config["model_type"] == "llama":
        shapes["model.embed_tokens.weight"] = (v, h)
        for l in range(config["num_hidden_layers"]):
            p = "model.layers.%d." % l
            shapes[p + "self_attn.q_proj.weight"] = (nh * hd, h)
            shapes[p + "self_attn.k_proj.weight"] = (nkv * hd, h)
            shapes[p + "self_attn.v_proj.weight"] = (nkv * hd, h)
            shapes[p + "self_attn.o_proj.weight"] = (h, nh * hd)
            shapes[p + "mlp.gate_proj.weight"] = (i, h)
            shapes[p + "mlp.up_proj.weight"] = (i, h)
            shapes[p + "mlp.down_proj.weight"] = (h, i)
            shapes[p + "input_layernorm.weight"] = (h,)
            shapes[p + "post_attention_layernorm.weight"] = (h,)
        shapes["model.norm.weight"] = (h,)
        shapes["lm_head.weight"] = (v, h)
    else:
        raise ValueError(config["model_type"])
    return shapes


# ---------------------------------------------------------------------------------------------
# Deterministic weight formula
# ---------------------------------------------------------------------------------------------

MASK32 = np.uint64(0xFFFFFFFF)
EMBEDDING_NAMES = ("model.tok_embeddings.weight", "model.embed_tokens.weight")


def fnv1a32(name):
    h = 0x811C9DC5
    for b in name.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def uniform_r(seed, n):
    """r_i = 2*u_i - 1 in float64 for flat indices i = 0..n-1 (murmur3 fmix32 of a Weyl sequence)."""
    i1 = np.arange(1, n + 1, dtype=np.uint64)  # i + 1
    x = (np.uint64(seed) + i1 * np.uint64(0x9E3779B1)) & MASK32
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & MASK32  # x < 2^32 so the product fits (mod 2^64 is fine too)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & MASK32
    x ^= x >> np.uint64(16)
    u = x.astype(np.float64) / 4294967296.0
    return 2.0 * u - 1.0


def weight_values(name, shape):
    """float32 numpy array with the value of every element of tensor `name`."""
    n = int(np.prod(shape))
    r = uniform_r(fnv1a32(name), n)
    if name.endswith("norm.weight"):
        v = 1.0 + 0.1 * r
    elif name in EMBEDDING_NAMES:
        v = 0.5 * r
    else:
        assert len(shape) == 2, name
        v = r / math.sqrt(shape[1])
    return v.astype(np.float32).reshape(shape)


def build_weights(config, bf16=False):
    """{name: float32 torch tensor}; with bf16=True every value is first rounded to bfloat16
    (torch .to(torch.bfloat16), round-to-nearest-even) and then upcast back to float32."""
    out = {}
    for name, shape in tensor_shapes(config).items():
        t = torch.from_numpy(weight_values(name, shape))
        if bf16:
            t = t.to(torch.bfloat16).to(torch.float32)
        out[name] = t.contiguous()
    return out


# ---------------------------------------------------------------------------------------------
# Forward pass (float32, batch of 1, optional KV cache)
# ---------------------------------------------------------------------------------------------


def rms_norm(x, weight, eps):
    # modeling code: h = x.float(); h * rsqrt(mean(h^2) + eps); weight * h.to(input_dtype)
    x = x.to(torch.float32)
    variance = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


def rope_base(config, seq_len):
    """Base for a forward whose key/value sequence (cache + new tokens) has length `seq_len`.

    InternLM2DynamicNTKScalingRotaryEmbedding._set_cos_sin_cache:
      if seq_len > max_position_embeddings:
          base = base * ((factor * seq_len / max_pos) - (factor - 1)) ** (dim / (dim - 2))
    (computed with Python floats, i.e. float64)."""
    base = float(config["rope_theta"])
    scaling = config.get("rope_scaling")
    max_pos = config["max_position_embeddings"]
    if scaling is not None:
        assert scaling["type"] == "dynamic", scaling
        factor = float(scaling["factor"])
        dim = config["hidden_size"] // config["num_attention_heads"]
        if seq_len > max_pos:
            base = base * ((factor * seq_len / max_pos) - (factor - 1)) ** (dim / (dim - 2))
    return base


def rope_cos_sin(config, seq_len):
    """cos, sin tables [seq_len, head_dim] float32 exactly as the modeling code builds them:
    inv_freq = 1 / (base ** (arange(0, dim, 2).float() / dim))   (float32)
    freqs = outer(arange(seq_len).float(), inv_freq); emb = cat(freqs, freqs); emb.cos(), emb.sin()."""
    dim = config["hidden_size"] // config["num_attention_heads"]
    base = rope_base(config, seq_len)
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2).float() / dim))
    t = torch.arange(seq_len, dtype=inv_freq.dtype)
    freqs = torch.einsum("i,j->ij", t, inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def repeat_kv(x, n_rep):
    b, nkv, s, d = x.shape
    if n_rep == 1:
        return x
    return x[:, :, None, :, :].expand(b, nkv, n_rep, s, d).reshape(b, nkv * n_rep, s, d)


def split_qkv_internlm2(qkv, config):
    """qkv [b, s, (nh + 2*nkv)*hd] -> q [b, s, nh, hd], k/v [b, s, nkv, hd].

    rearrange(qkv, "b q (h gs d) -> b q h gs d", gs=2 + groups, d=head_dim);
    q = qkv[..., :groups, :] -> "b q (h gs) d";  k = qkv[..., -2, :];  v = qkv[..., -1, :]."""
    nh, nkv = config["num_attention_heads"], config["num_key_value_heads"]
    hd = config["hidden_size"] // nh
    groups = nh // nkv
    b, s, _ = qkv.shape
    qkv = qkv.view(b, s, nkv, groups + 2, hd)
    q = qkv[..., :groups, :].reshape(b, s, nkv * groups, hd)
    k = qkv[..., -2, :]
    v = qkv[..., -1, :]
    return q, k, v


def layer_names(config, l):
    p = "model.layers.%d." % l
    if config["model_type"] == "internlm2":
        return dict(attn_norm=p + "attention_norm.weight", ffn_norm=p + "ffn_norm.weight",
                    wqkv=p + "attention.wqkv.weight", o=p + "attention.wo.weight",
                    gate=p + "feed_forward.w1.weight", up=p + "feed_forward.w3.weight",
                    down=p + "feed_forward.w2.weight")
    return dict(attn_norm=p + "input_layernorm.weight", ffn_norm=p + "post_attention_layernorm.weight",
                q=p + "self_attn.q_proj.weight", k=p + "self_attn.k_proj.weight",
                v=p + "self_attn.v_proj.weight", o=p + "self_attn.o_proj.weight",
                gate=p + "mlp.gate_proj.weight", up=p + "mlp.up_proj.weight", down=p + "mlp.down_proj.weight")


def forward(config, w, ids, cache=None, llama_style_names=None):
    """Logits [len(ids), vocab] float32 for the new tokens `ids`.

    cache: None (no cache, positions start at 0) or a list (one (k, v) per layer, or empty) that is
    extended in place; positions then start at the cached length.  As in the modeling code, the
    rotary tables are built for kv_seq_len = cached length + new tokens (which is what decides the
    InternLM2 dynamic-NTK base); cached keys keep the rotation they got when they were computed.
    llama_style_names: use separate q/k/v weights under these per-layer names even for InternLM2
    (self-check only)."""
    nh, nkv = config["num_attention_heads"], config["num_key_value_heads"]
    hd = config["hidden_size"] // nh
    groups = nh // nkv
    eps = config["rms_norm_eps"]
    emb_name = "model.tok_embeddings.weight" if config["model_type"] == "internlm2" else "model.embed_tokens.weight"
    head_name = "output.weight" if config["model_type"] == "internlm2" else "lm_head.weight"

    ids_t = torch.tensor(ids, dtype=torch.long)[None, :]
    b, s = ids_t.shape
    past_len = 0
    if cache is not None and len(cache) > 0:
        past_len = cache[0][0].shape[2]
    kv_len = past_len + s
    cos, sin = rope_cos_sin(config, kv_len)
    cos = cos[past_len:kv_len][None, None]  # [1, 1, s, hd]  (position_ids = past_len .. kv_len-1)
    sin = sin[past_len:kv_len][None, None]
    # additive causal mask with finfo.min (as _make_causal_mask); row i sees keys j <= past_len + i
    mask = torch.zeros(s, kv_len, dtype=torch.float32)
    qpos = torch.arange(past_len, kv_len)[:, None]
    kpos = torch.arange(kv_len)[None, :]
    mask.masked_fill_(kpos > qpos, torch.finfo(torch.float32).min)

    x = w[emb_name][ids_t]  # [1, s, h]
    for l in range(config["num_hidden_layers"]):
        n = layer_names(config, l)
        residual = x
        hn = rms_norm(x, w[n["attn_norm"]], eps)
        if llama_style_names is not None:
            ln = llama_style_names(l)
            q = F.linear(hn, w[ln["q"]]).view(b, s, nh, hd)
            k = F.linear(hn, w[ln["k"]]).view(b, s, nkv, hd)
            v = F.linear(hn, w[ln["v"]]).view(b, s, nkv, hd)
        elif config["model_type"] == "internlm2":
            q, k, v = split_qkv_internlm2(F.linear(hn, w[n["wqkv"]]), config)
        else:
            q = F.linear(hn, w[n["q"]]).view(b, s, nh, hd)
            k = F.linear(hn, w[n["k"]]).view(b, s, nkv, hd)
            v = F.linear(hn, w[n["v"]]).view(b, s, nkv, hd)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)  # [b, heads, s, hd]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if cache is not None:
            if len(cache) > l:
                k = torch.cat([cache[l][0], k], dim=2)
                v = torch.cat([cache[l][1], v], dim=2)
                cache[l] = (k, v)
            else:
                cache.append((k, v))
        kr, vr = repeat_kv(k, groups), repeat_kv(v, groups)
        scores = torch.matmul(q, kr.transpose(2, 3)) / math.sqrt(hd) + mask
        probs = F.softmax(scores, dim=-1, dtype=torch.float32)
        attn = torch.matmul(probs, vr).transpose(1, 2).reshape(b, s, nh * hd)
        x = residual + F.linear(attn, w[n["o"]])
        residual = x
        hn = rms_norm(x, w[n["ffn_norm"]], eps)
        mlp = F.linear(F.silu(F.linear(hn, w[n["gate"]])) * F.linear(hn, w[n["up"]]), w[n["down"]])
        x = residual + mlp
    x = rms_norm(x, w["model.norm.weight"], eps)
    logits = F.linear(x, w[head_name]).float()
    return logits[0]


def greedy_full(config, w, ids, steps=GREEDY_STEPS):
    """Greedy continuation, recomputing the full sequence at every step (no KV cache)."""
    seq = list(ids)
    out_ids, out_lp, step_logits = [], [], []
    for _ in range(steps):
        logits = forward(config, w, seq)[-1]
        tok = int(torch.argmax(logits))
        lp = float(torch.log_softmax(logits, dim=-1)[tok])
        out_ids.append(tok)
        out_lp.append(lp)
        step_logits.append(logits)
        seq.append(tok)
    return out_ids, out_lp, step_logits


def greedy_cached(config, w, ids, steps=GREEDY_STEPS):
    """Greedy continuation with an incremental KV cache (prefill once, then one token per step)."""
    cache = []
    logits = forward(config, w, list(ids), cache=cache)[-1]
    out_ids, out_lp, step_logits = [], [], []
    for step in range(steps):
        tok = int(torch.argmax(logits))
        out_ids.append(tok)
        out_lp.append(float(torch.log_softmax(logits, dim=-1)[tok]))
        step_logits.append(logits)
        if step + 1 < steps:
            logits = forward(config, w, [tok], cache=cache)[-1]
    return out_ids, out_lp, step_logits


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


def seq(k, n):
    return [1] + [(k * 1000003 + j * 7919 + 17) % VOCAB for j in range(1, n)]


SEQUENCES = [("A", seq(1, 9)), ("B", seq(2, 20)), ("C", seq(3, 45))]
COLS = [0, 1, 2, 92542, 92543] + [(c * 5779 + 3) % VOCAB for c in range(16)]


# ---------------------------------------------------------------------------------------------
# Self-checks of the reference
# ---------------------------------------------------------------------------------------------


def reorder_wqkv(config, w):
    """Copy of InternLM2 weights with per-layer q/k/v matrices cut out of wqkv in the order the
    rearrange implies: rows of kv group g are [q(g*G+0) .. q(g*G+G-1), k(g), v(g)], head_dim each."""
    nh, nkv = config["num_attention_heads"], config["num_key_value_heads"]
    hd = config["hidden_size"] // nh
    groups = nh // nkv
    w2 = dict(w)
    for l in range(config["num_hidden_layers"]):
        wqkv = w["model.layers.%d.attention.wqkv.weight" % l]
        qs, ks, vs = [], [], []
        for g in range(nkv):
            base = g * (groups + 2) * hd
            for j in range(groups):
                qs.append(wqkv[base + j * hd: base + (j + 1) * hd])
            ks.append(wqkv[base + groups * hd: base + (groups + 1) * hd])
            vs.append(wqkv[base + (groups + 1) * hd: base + (groups + 2) * hd])
        p = "selfcheck.layers.%d." % l
        w2[p + "q"] = torch.cat(qs).contiguous()
        w2[p + "k"] = torch.cat(ks).contiguous()
        w2[p + "v"] = torch.cat(vs).contiguous()
    return w2


def numpy_forward_f64(config, w, ids):
    """Second, deliberately plain implementation in float64 numpy (explicit head loops)."""
    nh, nkv = config["num_attention_heads"], config["num_key_value_heads"]
    hd = config["hidden_size"] // nh
    groups = nh // nkv
    eps = config["rms_norm_eps"]
    intern = config["model_type"] == "internlm2"
    w = {k: v.astype(np.float64) for k, v in w.items()}
    n = len(ids)
    base = rope_base(config, n)
    inv = 1.0 / base ** (np.arange(0, hd, 2, dtype=np.float64) / hd)
    ang = np.arange(n, dtype=np.float64)[:, None] * inv[None, :]
    cos, sin = np.cos(ang), np.sin(ang)  # [n, hd/2]

    def rope(x):  # x [n, hd]; pairs (i, i + hd/2)
        a, b = x[:, :hd // 2], x[:, hd // 2:]
        return np.concatenate([a * cos - b * sin, b * cos + a * sin], axis=1)

    def norm(x, g):
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * g

    x = w["model.tok_embeddings.weight" if intern else "model.embed_tokens.weight"][ids]
    for l in range(config["num_hidden_layers"]):
        nm = layer_names(config, l)
        h = norm(x, w[nm["attn_norm"]])
        if intern:
            wqkv = w[nm["wqkv"]]
            blk = lambda r: wqkv[r * hd:(r + 1) * hd]  # r-th block of head_dim rows
            wq = [blk((j // groups) * (groups + 2) + j % groups) for j in range(nh)]
            wk = [blk(g * (groups + 2) + groups) for g in range(nkv)]
            wv = [blk(g * (groups + 2) + groups + 1) for g in range(nkv)]
        else:
            wq = [w[nm["q"]][j * hd:(j + 1) * hd] for j in range(nh)]
            wk = [w[nm["k"]][g * hd:(g + 1) * hd] for g in range(nkv)]
            wv = [w[nm["v"]][g * hd:(g + 1) * hd] for g in range(nkv)]
        heads = []
        for j in range(nh):
            g = j // groups
            q, k, v = rope(h @ wq[j].T), rope(h @ wk[g].T), h @ wv[g].T
            s = q @ k.T / math.sqrt(hd)
            s = np.where(np.tril(np.ones((n, n), dtype=bool)), s, -np.inf)
            p = np.exp(s - s.max(-1, keepdims=True))
            p /= p.sum(-1, keepdims=True)
            heads.append(p @ v)
        x = x + np.concatenate(heads, axis=1) @ w[nm["o"]].T
        h = norm(x, w[nm["ffn_norm"]])
        a = h @ w[nm["gate"]].T
        x = x + ((a / (1.0 + np.exp(-a))) * (h @ w[nm["up"]].T)) @ w[nm["down"]].T
    x = norm(x, w["model.norm.weight"])
    return x @ w["output.weight" if intern else "lm_head.weight"].T


def self_checks(configs_weights):
    results = {}
    cfg, w = configs_weights["tiny-internlm2"]
    # 1) fused wqkv forward == Llama-style forward with re-ordered q/k/v weights
    w2 = reorder_wqkv(cfg, w)
    names = lambda l: {k: "selfcheck.layers.%d.%s" % (l, k) for k in ("q", "k", "v")}
    worst = 0.0
    for name, ids in SEQUENCES:
        a = forward(cfg, w, ids)
        bb = forward(cfg, w2, ids, llama_style_names=names)
        d = float((a - bb).abs().max())
        worst = max(worst, d)
        assert torch.equal(a.argmax(-1), bb.argmax(-1)), name
    print("self-check wqkv-vs-llama-style (internlm2, A/B/C): max |logit diff| = %.3e" % worst)
    assert worst < 1e-4, worst
    results["wqkv_vs_split_max_abs_diff"] = worst

    # 2) incremental KV-cache decode == full recomputation (sequence B, 8 greedy steps)
    for model_name in ("tiny-internlm2", "tiny-llama"):
        cfg, w = configs_weights[model_name]
        ids = dict(SEQUENCES)["B"]
        f_ids, f_lp, f_logits = greedy_full(cfg, w, ids)
        c_ids, c_lp, c_logits = greedy_cached(cfg, w, ids)
        d = max(float((x - y).abs().max()) for x, y in zip(f_logits, c_logits))
        # the cached prefill must also equal the un-cached forward at every position
        cache = []
        pre = forward(cfg, w, ids, cache=cache)
        d_pre = float((pre - forward(cfg, w, ids)).abs().max())
        print("self-check kv-cache vs full recompute (%s, B + %d greedy): max |logit diff| = %.3e "
              "(prefill %.3e), ids equal: %s" % (model_name, GREEDY_STEPS, d, d_pre, f_ids == c_ids))
        assert f_ids == c_ids, (f_ids, c_ids)
        assert d < 1e-4 and d_pre < 1e-4, (d, d_pre)
        results["kv_cache_vs_full_%s" % model_name] = d

    # 3) an independent float64 numpy implementation (no torch, written from the same spec)
    #    agrees with the float32 torch forward
    for model_name in ("tiny-internlm2", "tiny-llama"):
        cfg, w = configs_weights[model_name]
        ids = dict(SEQUENCES)["C"]
        ref = numpy_forward_f64(cfg, {k: v.numpy() for k, v in w.items()}, ids)
        d = float(np.abs(forward(cfg, w, ids).numpy().astype(np.float64) - ref).max())
        print("self-check float64 numpy vs float32 torch (%s, C): max |logit diff| = %.3e" % (model_name, d))
        assert d < 1e-3, d
        results["numpy_f64_vs_torch_%s" % model_name] = d

    # 4) informational: HF-style KV-cache decode past max_position_embeddings (InternLM2, seq C)
    #    does NOT equal full recomputation: old keys keep the rotation of the old NTK base.
    cfg, w = configs_weights["tiny-internlm2"]
    ids = dict(SEQUENCES)["C"]
    f_ids, _, f_logits = greedy_full(cfg, w, ids)
    c_ids, _, c_logits = greedy_cached(cfg, w, ids)
    d = max(float((x - y).abs().max()) for x, y in zip(f_logits, c_logits))
    print("info: internlm2 seq C (45 > 32, dynamic NTK): KV-cache decode vs full recompute "
          "max |logit diff| = %.3e, greedy ids equal: %s" % (d, f_ids == c_ids))
    results["info_ntk_cached_vs_full_C"] = d
    return results


# ---------------------------------------------------------------------------------------------
# Golden files
# ---------------------------------------------------------------------------------------------


def golden(model_label, config, w, sequences):
    cols_t = torch.tensor(COLS, dtype=torch.long)
    seqs_out = []
    for name, ids in sequences:
        logits = forward(config, w, ids)  # [n, vocab] float32
        lse = torch.logsumexp(logits, dim=-1)
        mx, am = logits.max(dim=-1)
        at = logits[:, cols_t]
        positions = []
        for t in range(len(ids)):
            positions.append({
                "argmax": int(am[t]),
                "max": float(mx[t]),
                "logsumexp": float(lse[t]),
                "logits_at_cols": [float(v) for v in at[t]],
            })
        g_ids, g_lp, g_logits = greedy_full(config, w, ids)
        assert g_ids[0] == int(am[-1])
        top2 = logits.topk(2, dim=-1).values
        gap_pos = float((top2[:, 0] - top2[:, 1]).min())
        gap_greedy = min(float(t[0] - t[1]) for t in (l.topk(2).values for l in g_logits))
        seqs_out.append({"name": name, "ids": list(ids), "positions": positions,
                         "greedy": {"ids": g_ids, "logprobs": g_lp}})
        print("  %s seq %s (len %d, rope base %r): greedy %s; min top1-top2 gap: positions %.2e, greedy %.2e"
              % (model_label, name, len(ids), rope_base(config, len(ids)), g_ids, gap_pos, gap_greedy))
    probes = []
    for pname in list(tensor_shapes(config))[:3] + ["model.norm.weight"]:
        shape = tensor_shapes(config)[pname]
        flat = w[pname].reshape(-1)
        idx = [0, 1, 2, flat.numel() - 1]
        probes.append({"name": pname, "fnv1a32": fnv1a32(pname), "shape": list(shape),
                       "flat_indices": idx, "values": [float(flat[i]) for i in idx]})
    return {"model": model_label, "config": config, "cols": COLS, "sequences": seqs_out,
            "weight_probes": probes}


def write_json(path, obj):
    text = json.dumps(obj, indent=1, allow_nan=False)
    with open(path, "w") as f:
        f.write(text + "\n")
    print("wrote %s (%d bytes)" % (path, len(text) + 1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="directory for the golden JSON files")
    ap.add_argument("--check", action="store_true", help="run the self-checks only, write nothing")
    args = ap.parse_args()

    torch.set_num_threads(1)  # deterministic reductions, and the machine is small
    t0 = time.time()
    with torch.no_grad():
        cw = {
            "tiny-internlm2": (INTERNLM2_CONFIG, build_weights(INTERNLM2_CONFIG)),
            "tiny-llama": (LLAMA_CONFIG, build_weights(LLAMA_CONFIG)),
        }
        print("torch %s, numpy %s; weights built in %.1fs" % (torch.__version__, np.__version__, time.time() - t0))
        self_checks(cw)
        if args.check:
            return
        os.makedirs(args.out, exist_ok=True)
        for label in ("tiny-internlm2", "tiny-llama"):
            cfg, w = cw[label]
            write_json(os.path.join(args.out, label + ".json"), golden(label, cfg, w, SEQUENCES))
        bf_cfg = dict(INTERNLM2_CONFIG)
        bf_cfg["torch_dtype"] = "bfloat16"
        bf_w = build_weights(INTERNLM2_CONFIG, bf16=True)
        write_json(os.path.join(args.out, "tiny-internlm2-bf16.json"),
                   golden("tiny-internlm2-bf16", bf_cfg, bf_w, SEQUENCES[:2]))
    print("done in %.1fs" % (time.time() - t0))


if __name__ == "__main__":
    main()
