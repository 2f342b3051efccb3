"""PyTorch reference timings for the LSTM Lab speed benchmark (called by bench/speed/torch.ts).

Reads a JSON plan on stdin and prints one JSON object on stdout. For every case and thread count
it builds the tutorial's model from the same layer specs the app uses (Embedding, LSTM, GRU,
SimpleRNN, Bidirectional, Conv1d, MaxPool1d, Dropout, Dense), trains it with Adam on synthetic data
of the same shapes, and times each optimizer step (forward, loss, backward, step, and reading the
loss back, as tfjs' trainOnBatch does) after a warm-up. Raw step times go back to Node, which computes the medians.

PyTorch's fused nn.LSTM has no relu activation and no recurrent dropout: those cases use tanh
and input dropout only (same shapes and matrix products; each case lists its differences).

Plan: {"threads": [1, 2], "timing": {warmup, warmupMinMs, warmupMaxSteps, batches, minBatches,
maxSeconds}, "train": [{"id", "spec", "batchSize", "vocabSize"}], "predict": [{"id", "spec",
"batchSize", "vocabSize"}]}
"""
import ctypes
import json
import os
import sys
import time

import torch
from torch import nn


def recurrent_module(input_dim, layer, bidirectional=False):
    """nn.LSTM, nn.GRU (PyTorch's GRU is Keras' reset_after=True cell) or nn.RNN for a layer spec;
    with bidirectional=True, PyTorch's own two-direction module."""
    kind, units = layer["kind"], layer["units"]
    if kind == "simpleRnn":
        return nn.RNN(input_dim, units, nonlinearity=layer["activation"], batch_first=True, bidirectional=bidirectional)
    return {"lstm": nn.LSTM, "gru": nn.GRU}[kind](input_dim, units, batch_first=True, bidirectional=bidirectional)


class LastStep(nn.Module):
    """Keras' LSTM, GRU or SimpleRNN: input dropout (one mask per sequence and feature is Keras';
    per element here), then the recurrence; the last output unless return_sequences; state kept
    if stateful."""

    def __init__(self, input_dim, layer):
        super().__init__()
        self.lstm = recurrent_module(input_dim, layer)
        self.drop = nn.Dropout(layer["dropout"]) if layer["dropout"] > 0 else None
        self.return_sequences = layer["returnSequences"]
        self.stateful = layer.get("stateful", False)
        self.state = None

    def forward(self, x):
        if self.drop is not None:
            x = self.drop(x)
        y, state = self.lstm(x, self.state)
        if self.stateful:
            self.state = tuple(s.detach() for s in state)
        return y if self.return_sequences else y[:, -1, :]


class Bidirectional(nn.Module):
    """Keras' Bidirectional(layer, merge_mode='concat') as nn.LSTM/GRU/RNN(bidirectional=True):
    input dropout as LastStep's (one mask for both directions here; Keras draws one per direction),
    then [forward | backward] on the last axis. Without return_sequences: the forward direction's
    last output and the backward direction's (it ends at the first step), as Keras concatenates
    the two layers' last outputs."""

    def __init__(self, input_dim, layer):
        super().__init__()
        self.rnn = recurrent_module(input_dim, layer, bidirectional=True)
        self.drop = nn.Dropout(layer["dropout"]) if layer["dropout"] > 0 else None
        self.return_sequences = layer["returnSequences"]
        self.units = layer["units"]

    def forward(self, x):
        if self.drop is not None:
            x = self.drop(x)
        y, _ = self.rnn(x)
        if self.return_sequences:
            return y
        return torch.cat((y[:, -1, : self.units], y[:, 0, self.units :]), dim=1)


def recurrent_notes(layer):
    """Where PyTorch's recurrent layer differs from the spec's."""
    kind = layer["kind"]
    notes = []
    if kind != "simpleRnn" and layer["activation"] != "tanh":
        notes.append(f"{kind} activation tanh instead of {layer['activation']} (PyTorch's has only tanh)")
    if layer["recurrentDropout"] > 0:
        notes.append(f"no recurrent dropout (PyTorch's {kind} has none)")
    return notes


class ChannelsFirst(nn.Module):
    """Runs a [B, C, T] module (Conv1d, MaxPool1d) on Keras' [B, T, C] layout."""

    def __init__(self, inner, activation=None):
        super().__init__()
        self.inner = inner
        self.activation = activation

    def forward(self, x):
        y = self.inner(x.transpose(1, 2)).transpose(1, 2)
        return self.activation(y) if self.activation is not None else y


class MeanOverSteps(nn.Module):
    """Keras' GlobalAveragePooling1D on [B, T, C]: the mean over T."""

    def forward(self, x):
        return x.mean(dim=1)


def build(spec):
    """nn.Sequential for a ModelSpec; returns (model, loss_fn, notes)."""
    shape = list(spec["inputShape"])
    layers = []
    notes = []
    for layer in spec["layers"]:
        kind = layer["kind"]
        if kind == "embedding":
            layers.append(nn.Embedding(layer["inputDim"], layer["outputDim"]))
            shape = [shape[0], layer["outputDim"]]
            if layer.get("maskZero"):
                # The synthetic ids are all >= 1: there is nothing to mask or pack.
                notes.append("no mask (mask_zero): every row is as long as the batch, no padding")
        elif kind in ("lstm", "gru", "simpleRnn"):
            notes.extend(recurrent_notes(layer))
            layers.append(LastStep(shape[-1], layer))
            shape = [shape[0], layer["units"]] if layer["returnSequences"] else [layer["units"]]
        elif kind == "bidirectional":
            inner = layer["layer"]
            notes.extend(recurrent_notes(inner))
            layers.append(Bidirectional(shape[-1], inner))
            shape = [shape[0], 2 * inner["units"]] if inner["returnSequences"] else [2 * inner["units"]]
        elif kind == "conv1d":
            pad = layer["kernelSize"] // 2 if layer["padding"] == "same" else 0
            conv = nn.Conv1d(shape[-1], layer["filters"], layer["kernelSize"], padding=pad)
            layers.append(ChannelsFirst(conv, torch.relu))
            t = shape[0] if layer["padding"] == "same" else shape[0] - layer["kernelSize"] + 1
            shape = [t, layer["filters"]]
        elif kind == "maxPooling1d":
            layers.append(ChannelsFirst(nn.MaxPool1d(layer["poolSize"])))
            shape = [shape[0] // layer["poolSize"], shape[1]]
        elif kind == "globalAveragePooling1d":
            # The synthetic rows have no padding, so the masked mean is the plain mean over steps.
            layers.append(MeanOverSteps())
            shape = [shape[-1]]
        elif kind == "dropout":
            layers.append(nn.Dropout(layer["rate"]))
        elif kind == "dense":
            layers.append(nn.Linear(shape[-1], layer["units"]))
            if layer["activation"] == "sigmoid":
                layers.append(nn.Sigmoid())
            shape = shape[:-1] + [layer["units"]]
        else:
            raise ValueError(f"unknown layer kind {kind}")
    last = spec["layers"][-1]
    if spec["loss"] == "binaryCrossentropy":
        loss_fn = nn.BCELoss()
    else:
        # Softmax + categorical cross-entropy, as one op on the logits.
        loss_fn = nn.CrossEntropyLoss()
    return nn.Sequential(*layers), loss_fn, notes, last.get("units", 1)


def synthetic(spec, n, vocab, classes, gen):
    shape = [n] + list(spec["inputShape"])
    if spec["inputDtype"] == "int32":
        x = torch.randint(1, max(vocab or 2, 2), shape, generator=gen)
    else:
        x = torch.rand(shape, generator=gen)
    if spec["loss"] == "binaryCrossentropy":
        y = torch.randint(0, 2, (n, 1), generator=gen).float()
    else:
        y = torch.randint(0, classes, (n,), generator=gen)
    return x, y


def time_steps(step, timing):
    """Warm-up, then timed steps (ms), with the same policy as bench/speed/measure.ts."""
    warm = 0.0
    warm_steps = 0
    slow = False
    while not slow and (warm_steps < timing["warmup"] or (warm < timing["warmupMinMs"] and warm_steps < timing["warmupMaxSteps"])):
        t0 = time.perf_counter()
        step()
        ms = (time.perf_counter() - t0) * 1000
        warm += ms
        warm_steps += 1
        slow = ms > timing["slowStepMs"]
    want = min(timing["batches"], timing["minBatches"]) if slow else timing["batches"]
    samples = []
    spent = 0.0
    while len(samples) < want and (len(samples) < timing["minBatches"] or spent < timing["maxSeconds"] * 1000):
        t0 = time.perf_counter()
        step()
        ms = (time.perf_counter() - t0) * 1000
        samples.append(ms)
        spent += ms
    return samples, warm_steps


def train_case(case, timing):
    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(7)
    model, loss_fn, notes, classes = build(case["spec"])
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=case.get("learningRate", 0.001))
    x, y = synthetic(case["spec"], case["batchSize"], case.get("vocabSize"), classes, gen)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    samples, warm_steps = time_steps(step, timing)
    return {"id": case["id"], "samples": samples, "warmupSteps": warm_steps, "notes": sorted(set(notes))}


def predict_case(case, timing):
    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(7)
    model, _, notes, classes = build(case["spec"])
    model.eval()
    x, _ = synthetic(case["spec"], case["batchSize"], case.get("vocabSize"), classes, gen)

    def step():
        with torch.no_grad():
            model(x).sum().item()

    samples, warm_steps = time_steps(step, timing)
    return {"id": case["id"], "samples": samples, "warmupSteps": warm_steps, "notes": sorted(set(notes))}


def openblas():
    """OpenBLAS among the libraries this process mapped: (set_num_threads, config text), or None.

    Debian's torch is linked against the generic libblas.so.3, so torch.set_num_threads does not
    reach OpenBLAS's own thread pool: without setting it too, a "1 thread" run would multiply on
    every core. Its config names the core type it picked for this CPU (no OPENBLAS_CORETYPE
    override reaches this process; bench/speed/torchBlas.ts removes them)."""
    if not os.path.exists("/proc/self/maps"):
        return None
    paths = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split()
            if len(fields) >= 6 and "blas" in fields[5].lower():
                paths.add(fields[5])
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            set_threads = lib.openblas_set_num_threads
            get_config = lib.openblas_get_config
        except (OSError, AttributeError):
            continue
        set_threads.argtypes = [ctypes.c_int]
        get_config.restype = ctypes.c_char_p
        return set_threads, get_config().decode(errors="replace").strip()
    return None


def main():
    plan = json.load(sys.stdin)
    blas = openblas()
    out = {"torch": torch.__version__, "defaultThreads": torch.get_num_threads(), "runs": []}
    if blas is not None:
        out["blasConfig"] = blas[1]
    for threads in plan["threads"]:
        torch.set_num_threads(threads)
        if blas is not None:
            blas[0](threads)
        for case in plan["train"]:
            out["runs"].append({"kind": "train", "threads": threads, **train_case(case, plan["timing"])})
            print(f"torch train {case['id']} threads {threads}", file=sys.stderr, flush=True)
        for case in plan["predict"]:
            out["runs"].append({"kind": "predict", "threads": threads, **predict_case(case, plan["timing"])})
            print(f"torch predict {case['id']} threads {threads}", file=sys.stderr, flush=True)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
