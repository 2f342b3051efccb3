#!/usr/bin/env python3
"""Checks LSTM Lab's exported models without Keras or TensorFlow: h5py and NumPy only.

Usage: verify_export.py CASES_JSON

CASES_JSON lists cases, each with an `.h5` file, a TensorFlow.js folder (model.json +
weights.bin), sample inputs and the app's predictions for them. For each case this script:

- checks the `.h5` file's layout as Keras 2's legacy HDF5 saving writes it: root attributes
  (keras_version, backend, model_config, training_config), the `model_weights` group, its
  layer_names, every layer's weight_names, and every weight's name and shape, derived here from
  the config alone;
- checks every layer config for Keras' class name and exactly Keras' config keys;
- runs the model forward in NumPy from the config and the file's weights (Embedding, with
  mask_zero=True's step mask, Conv1D, MaxPooling1D, LSTM with sigmoid gates, GRU (reset_after=True),
  SimpleRNN, Bidirectional(merge_mode='concat') around any of the three, GlobalAveragePooling1D
  (the mean of the real steps under a mask), Dropout as identity, Dense) and compares with the
  app's predictions within 1e-5;
- does the same forward pass from the TensorFlow.js files;
- for a model trained on a user's series (`"kind": "series"`), reads its `.data.json` beside it,
  turns the series' CSV into the model's windows as the data file says (columns in order, the
  scaler's offsets and scales, `lookBack` rows per window), runs the `.h5` forward in NumPy and
  matches the app's answers over the series (unscaled for "next") within 1e-5 of the target's scale.

A case with `"kind": "text"` is a character model on a user's text instead: its `.h5`, its data
file and typed prefixes (see `check_text`).

Prints one line per check and exits 1 if any fails.
"""
import json
import os
import sys

import h5py
import numpy as np

TOLERANCE = 1e-5

# Keras 2.15 `get_config()` keys per class (base keys first: name, trainable, dtype; the first
# layer adds batch_input_shape). Read off Keras' layer sources, written here independently of
# the TypeScript that writes the files.
BASE_KEYS = {"name", "trainable", "dtype"}
CONFIG_KEYS = {
    "InputLayer": {"batch_input_shape", "dtype", "sparse", "ragged", "name"},
    "Embedding": BASE_KEYS | {"input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                              "activity_regularizer", "embeddings_constraint", "mask_zero", "input_length"},
    "LSTM": BASE_KEYS | {"return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major",
                         "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                         "recurrent_initializer", "bias_initializer", "unit_forget_bias", "kernel_regularizer",
                         "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                         "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "implementation"},
    "GRU": BASE_KEYS | {"return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major",
                        "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer",
                        "recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
                        "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
                        "bias_constraint", "dropout", "recurrent_dropout", "implementation", "reset_after"},
    "SimpleRNN": BASE_KEYS | {"return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major",
                              "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
                              "bias_initializer", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                              "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint",
                              "dropout", "recurrent_dropout"},
    "Dropout": BASE_KEYS | {"rate", "noise_shape", "seed"},
    "Conv1D": BASE_KEYS | {"filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
                           "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer",
                           "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"},
    "MaxPooling1D": BASE_KEYS | {"strides", "pool_size", "padding", "data_format"},
    # GlobalPooling1D.get_config: keepdims since Keras 2.6.
    "GlobalAveragePooling1D": BASE_KEYS | {"data_format", "keepdims"},
    "Dense": BASE_KEYS | {"units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                          "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                          "bias_constraint"},
    # Wrapper.get_config's `layer` (the wrapped layer as {class_name, config}), then Bidirectional's merge_mode.
    "Bidirectional": BASE_KEYS | {"layer", "merge_mode"},
}
# Keras' layer name stems (`lstm`, `lstm_1`, ...) and each class's weight variables, in order.
STEMS = {"Embedding": "embedding", "LSTM": "lstm", "GRU": "gru", "SimpleRNN": "simple_rnn", "Dropout": "dropout",
         "Conv1D": "conv1d", "MaxPooling1D": "max_pooling1d", "GlobalAveragePooling1D": "global_average_pooling1d",
         "Dense": "dense", "Bidirectional": "bidirectional"}
RECURRENT = ["kernel", "recurrent_kernel", "bias"]
VARIABLES = {"Embedding": ["embeddings"], "LSTM": RECURRENT, "GRU": RECURRENT, "SimpleRNN": RECURRENT, "Dropout": [],
             "Conv1D": ["kernel", "bias"], "MaxPooling1D": [], "GlobalAveragePooling1D": [], "Dense": ["kernel", "bias"]}
# Keras 2 makes each recurrent layer's cell without a name: numbered per cell class.
CELLS = {"LSTM": "lstm_cell", "GRU": "gru_cell", "SimpleRNN": "simple_rnn_cell"}
# A Bidirectional's two copies of its wrapped layer, in the order Keras saves their weights.
DIRECTIONS = ["forward", "backward"]


def wrapped(layer):
    """A Bidirectional's wrapped layer: its class name and config."""
    inner = layer["config"]["layer"]
    return inner["class_name"], inner["config"]


class Failures:
    def __init__(self):
        self.count = 0

    def check(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            self.count += 1
        return ok


def text(value):
    """An HDF5 string attribute as str, whether stored fixed-length (bytes) or variable-length (str)."""
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf8")
    return str(value)


def text_list(value):
    return [text(v) for v in np.asarray(value).reshape(-1) if isinstance(v, (bytes, np.bytes_, str))]


def single(v):
    return v[0] if isinstance(v, list) else v


# ---------------------------------------------------------------- shapes and names from a config


def weight_shapes(class_name, config, in_shape):
    """Keras' weight shapes for a layer taking per-sample `in_shape`, and its output shape."""
    if class_name == "Bidirectional":
        inner_class, inner = wrapped({"config": config})
        shapes, out = weight_shapes(inner_class, inner, in_shape)
        return shapes + shapes, out[:-1] + (2 * out[-1],)
    if class_name == "Embedding":
        return [(config["input_dim"], config["output_dim"])], in_shape + (config["output_dim"],)
    if class_name == "LSTM":
        u = config["units"]
        out = (in_shape[0], u) if config["return_sequences"] else (u,)
        return [(in_shape[-1], 4 * u), (u, 4 * u), (4 * u,)], out
    if class_name == "GRU":
        u = config["units"]
        out = (in_shape[0], u) if config["return_sequences"] else (u,)
        return [(in_shape[-1], 3 * u), (u, 3 * u), (2, 3 * u)], out
    if class_name == "SimpleRNN":
        u = config["units"]
        out = (in_shape[0], u) if config["return_sequences"] else (u,)
        return [(in_shape[-1], u), (u, u), (u,)], out
    if class_name == "Conv1D":
        k, f = single(config["kernel_size"]), config["filters"]
        steps = in_shape[0] if config["padding"] == "same" else in_shape[0] - k + 1
        return [(k, in_shape[-1], f), (f,)], (steps, f)
    if class_name == "MaxPooling1D":
        p = single(config["pool_size"])
        return [], (in_shape[0] // p, in_shape[1])
    if class_name == "GlobalAveragePooling1D":
        # channels_last, keepdims=False: [steps, features] -> [features]. A tfjs file may leave the keys out.
        assert config.get("data_format", "channels_last") == "channels_last" and not config.get("keepdims", False)
        return [], (in_shape[1],)
    if class_name == "Dense":
        return [(in_shape[-1], config["units"]), (config["units"],)], in_shape[:-1] + (config["units"],)
    if class_name == "Dropout":
        return [], in_shape
    raise ValueError(f"unknown layer class {class_name}")


def expected_names(layers):
    """Keras 2 names: layer stems numbered per class, cells `lstm_cell`, `lstm_cell_1`, ... per cell class."""
    seen, names = {}, []
    for layer in layers:
        stem = STEMS[layer["class_name"]]
        n = seen.get(stem, 0)
        seen[stem] = n + 1
        name = stem if n == 0 else f"{stem}_{n}"
        if layer["class_name"] == "Bidirectional":
            # `bidirectional/forward_lstm/lstm_cell/kernel:0`, ...: each direction is the wrapped layer
            # renamed, its cell not counted with the model's own.
            inner_class, inner = wrapped(layer)
            names.append((name, [f"{name}/{d}_{inner['name']}/{CELLS[inner_class]}/{v}:0"
                                 for d in DIRECTIONS for v in RECURRENT]))
            continue
        scope = name
        cell = CELLS.get(layer["class_name"])
        if cell:
            k = seen.get(cell, 0)
            seen[cell] = k + 1
            scope += f"/{cell}" if k == 0 else f"/{cell}_{k}"
        names.append((name, [f"{scope}/{v}:0" for v in VARIABLES[layer["class_name"]]]))
    return names


# ---------------------------------------------------------------- the forward pass in NumPy

ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(x, 0),
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "linear": lambda x: x,
    "softmax": lambda x: np.exp(x - x.max(-1, keepdims=True)) / np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True),
}


def run_steps(x, config, states, step, mask=None):
    """Keras' RNN loop from zero states: `step(x_t, states)` gives the new states, h first. With a
    step mask (batch, steps) of 0/1, a masked row keeps its states and outputs its previous output
    (zeros before its first real step), as Keras' `backend.rnn` does."""
    batch, steps, _ = x.shape
    output = np.zeros_like(states[0])
    outputs = []
    for t in range(steps):
        new = step(x[:, t, :], states)
        if mask is None:
            states, output = new, new[0]
        else:
            m = mask[:, t:t + 1]
            states = [m * n + (1 - m) * s for n, s in zip(new, states)]
            output = m * new[0] + (1 - m) * output
        outputs.append(output)
    return np.stack(outputs, axis=1) if config["return_sequences"] else output


def lstm(x, config, kernel, recurrent, bias, mask=None):
    """Keras' LSTM from zero state; gates i, f, c, o; sigmoid recurrent activation."""
    assert config["recurrent_activation"] == "sigmoid"
    act = ACTIVATIONS[config["activation"]]
    sig = ACTIVATIONS["sigmoid"]
    u = config["units"]

    def step(xt, states):
        h, c = states
        z = xt @ kernel + h @ recurrent + bias
        i, f, g, o = sig(z[:, :u]), sig(z[:, u:2 * u]), act(z[:, 2 * u:3 * u]), sig(z[:, 3 * u:])
        c = f * c + i * g
        return [o * act(c), c]
    zeros = np.zeros((x.shape[0], u))
    return run_steps(x, config, [zeros, zeros], step, mask)


def gru(x, config, kernel, recurrent, bias, mask=None):
    """Keras 2's GRU (reset_after=True) from zero state; columns z, r, h; bias rows: input, recurrent."""
    assert config["recurrent_activation"] == "sigmoid" and config["reset_after"] is True
    act = ACTIVATIONS[config["activation"]]
    sig = ACTIVATIONS["sigmoid"]
    u = config["units"]

    def step(xt, states):
        h = states[0]
        xz = xt @ kernel + bias[0]
        hz = h @ recurrent + bias[1]
        z = sig(xz[:, :u] + hz[:, :u])
        r = sig(xz[:, u:2 * u] + hz[:, u:2 * u])
        n = act(xz[:, 2 * u:] + r * hz[:, 2 * u:])
        return [z * h + (1 - z) * n]
    return run_steps(x, config, [np.zeros((x.shape[0], u))], step, mask)


def simple_rnn(x, config, kernel, recurrent, bias, mask=None):
    """Keras' SimpleRNN from zero state."""
    act = ACTIVATIONS[config["activation"]]

    def step(xt, states):
        return [act(xt @ kernel + states[0] @ recurrent + bias)]
    return run_steps(x, config, [np.zeros((x.shape[0], config["units"]))], step, mask)


RECURRENT_FORWARD = {"LSTM": lstm, "GRU": gru, "SimpleRNN": simple_rnn}


def bidirectional(x, config, weights, mask=None):
    """Keras' Bidirectional(merge_mode='concat'): the wrapped layer forwards, its copy over each row
    reversed (go_backwards, the mask reversed with it; a returned sequence reversed back), side by
    side; a returned sequence is zeros at masked steps (Keras sets zero_output_for_mask there)."""
    assert config["merge_mode"] == "concat"
    inner_class, inner = wrapped({"config": config})
    run = RECURRENT_FORWARD[inner_class]
    forward = run(x, inner, *weights[:3], mask=mask)
    backward = run(x[:, ::-1], inner, *weights[3:], mask=None if mask is None else mask[:, ::-1])
    if inner["return_sequences"]:
        backward = backward[:, ::-1]
    y = np.concatenate([forward, backward], axis=-1)
    if inner["return_sequences"] and mask is not None:
        y = y * mask[:, :, None]
    return y


def returns_sequences(cls, config):
    return (wrapped({"config": config})[1] if cls == "Bidirectional" else config)["return_sequences"]


def conv1d(x, config, kernel, bias):
    k = single(config["kernel_size"])
    assert single(config["strides"]) == 1 and single(config.get("dilation_rate", 1)) == 1
    if config["padding"] == "same":
        left = (k - 1) // 2
        x = np.pad(x, ((0, 0), (left, k - 1 - left), (0, 0)))
    steps = x.shape[1] - k + 1
    out = np.stack([np.einsum("bkc,kcf->bf", x[:, t:t + k, :], kernel) for t in range(steps)], axis=1) + bias
    return ACTIVATIONS[config["activation"]](out)


def max_pool1d(x, config):
    p = single(config["pool_size"])
    steps = x.shape[1] // p
    return x[:, :steps * p, :].reshape(x.shape[0], steps, p, x.shape[2]).max(axis=2)


def global_average_pool1d(x, mask=None):
    """Keras' GlobalAveragePooling1D (channels_last): the mean over the steps; under a step mask
    (batch, steps) the sum over the real steps over their count (Keras' supports_masking), masked
    steps left out whatever they hold. A row with no real step: Keras divides 0 by 0 (NaN); the app
    outputs zeros there (its float64 reference, src/engine/reference/pooling.ts), and so does this."""
    if mask is None:
        return x.mean(axis=1)
    real = mask[:, :, None] != 0
    total = np.where(real, x, 0.0).sum(axis=1)
    count = mask.sum(axis=1, keepdims=True)
    return total / np.maximum(count, 1)


def forward(layers, weights, x):
    """`layers`: the config's layers (no InputLayer); `weights[i]`: layer i's arrays, Keras order.
    Keras' step mask: made by an Embedding with mask_zero (0 where the id is 0), read by the
    recurrent layers and GlobalAveragePooling1D, passed on by Dropout and Dense and by a recurrent
    layer returning sequences, ended by a recurrent layer returning one vector and by the pooling."""
    x = x.astype(np.float64)
    mask = None
    for layer, w in zip(layers, weights):
        cls, config = layer["class_name"], layer["config"]
        w = [np.asarray(a, dtype=np.float64) for a in w]
        if cls == "Embedding":
            if config.get("mask_zero"):
                mask = (x != 0).astype(np.float64)
            x = w[0][x.astype(np.int64)]
        elif cls in RECURRENT_FORWARD:
            x = RECURRENT_FORWARD[cls](x, config, *w, mask=mask)
        elif cls == "Bidirectional":
            x = bidirectional(x, config, w, mask)
        elif cls == "GlobalAveragePooling1D":
            x = global_average_pool1d(x, mask)
            mask = None
        elif mask is not None and cls in ("Conv1D", "MaxPooling1D"):
            raise ValueError(f"Keras refuses {cls} after a masking Embedding")
        elif cls == "Conv1D":
            x = conv1d(x, config, *w)
        elif cls == "MaxPooling1D":
            x = max_pool1d(x, config)
        elif cls == "Dense":
            x = ACTIVATIONS[config["activation"]](x @ w[0] + w[1])
        elif cls == "Dropout":
            pass  # identity at inference
        else:
            raise ValueError(cls)
        if cls in RECURRENT_FORWARD or cls == "Bidirectional":
            mask = mask if returns_sequences(cls, config) else None
    return x


# ---------------------------------------------------------------- the two formats


def model_layers(model_config):
    layers = model_config["config"]["layers"]
    return [l for l in layers if l["class_name"] != "InputLayer"], layers


def input_shape(all_layers):
    for layer in all_layers:
        shape = layer["config"].get("batch_input_shape")
        if shape:
            return shape
    raise ValueError("no batch_input_shape")


def compare(fails, what, got, want):
    got = np.asarray(got, dtype=np.float64).reshape(-1)
    want = np.asarray(want, dtype=np.float64).reshape(-1)
    if got.shape != want.shape:
        return fails.check(False, f"{what}: {got.size} outputs, the app gave {want.size}")
    diff = float(np.max(np.abs(got - want)))
    return fails.check(diff <= TOLERANCE, f"{what}: NumPy forward matches the app's predictions (max |diff| {diff:.2e})")


def check_h5(fails, case):
    tag = f"{case['id']} .h5"
    with h5py.File(case["h5"], "r") as f:
        fails.check(text(f.attrs.get("keras_version", "")).startswith("2."), f"{tag}: keras_version {text(f.attrs.get('keras_version', ''))}")
        fails.check(text(f.attrs.get("backend", "")) == "tensorflow", f"{tag}: backend tensorflow")
        config = json.loads(text(f.attrs["model_config"]))
        fails.check(config["class_name"] == "Sequential", f"{tag}: model_config is a Sequential")
        layers, all_layers = model_layers(config)
        fails.check(all_layers[0]["class_name"] == "InputLayer"
                    and all_layers[0]["config"]["name"] == f"{layers[0]['config']['name']}_input",
                    f"{tag}: InputLayer named after the first layer")
        for layer in all_layers:
            cls = layer["class_name"]
            keys = set(layer["config"])
            want = CONFIG_KEYS.get(cls, set())
            if layer is layers[0]:
                want = want | {"batch_input_shape"}
            fails.check(keys == want, f"{tag}: {cls} {layer['config'].get('name')} has Keras' config keys"
                        + ("" if keys == want else f" (extra {sorted(keys - want)}, missing {sorted(want - keys)})"))
            if cls == "Bidirectional":
                inner_class, inner = wrapped(layer)
                inner_keys, inner_want = set(inner), CONFIG_KEYS.get(inner_class, set())
                fails.check(inner_keys == inner_want and set(layer["config"]["layer"]) == {"class_name", "config"},
                            f"{tag}: {cls} {layer['config']['name']} wraps {inner_class} {inner.get('name')} with Keras' config keys"
                            + ("" if inner_keys == inner_want else f" (extra {sorted(inner_keys - inner_want)}, missing {sorted(inner_want - inner_keys)})"))
                fails.check(layer["config"]["merge_mode"] == "concat" and inner["go_backwards"] is False and inner["stateful"] is False,
                            f"{tag}: {layer['config']['name']} merge_mode concat, wrapped layer forwards and not stateful")
            if cls == "LSTM":
                fails.check(layer["config"]["recurrent_activation"] == "sigmoid" and layer["config"]["unit_forget_bias"] is True,
                            f"{tag}: {layer['config']['name']} sigmoid gates, unit forget bias")
        if "training_config" in f.attrs:
            training = json.loads(text(f.attrs["training_config"]))
            fails.check(training["loss"] in ("binary_crossentropy", "categorical_crossentropy", "mse")
                        and training["optimizer_config"]["class_name"] == "Adam",
                        f"{tag}: training_config {training['loss']}, Adam lr {training['optimizer_config']['config']['learning_rate']}")

        group = f["model_weights"]
        names = expected_names(layers)
        fails.check(text_list(group.attrs["layer_names"]) == [n for n, _ in names], f"{tag}: layer_names {[n for n, _ in names]}")
        fails.check(text(group.attrs["keras_version"]).startswith("2.") and text(group.attrs["backend"]) == "tensorflow",
                    f"{tag}: model_weights keras_version and backend")
        fails.check([k for k in group.keys() if k != "top_level_model_weights"] == sorted(n for n, _ in names),
                    f"{tag}: one group per layer")
        batch_shape = input_shape(all_layers)
        in_shape = tuple(batch_shape[1:])
        weights = []
        for layer, (name, weight_names) in zip(layers, names):
            g = group[name]
            fails.check(text_list(g.attrs["weight_names"]) == weight_names, f"{tag}: {name} weight_names {weight_names}")
            shapes, out_shape = weight_shapes(layer["class_name"], layer["config"], in_shape)
            arrays = []
            for wname, shape in zip(weight_names, shapes):
                ok = wname in g and g[wname].shape == shape and g[wname].dtype == np.float32
                fails.check(ok, f"{tag}: {name}/{wname} float32 {shape}")
                arrays.append(g[wname][()] if wname in g else np.zeros(shape))
            weights.append(arrays)
            in_shape = out_shape
    x = np.asarray(case["inputs"]).reshape([case["samples"], *batch_shape[1:]])
    compare(fails, tag, forward(layers, weights, x), case["predictions"])


def check_tfjs(fails, case):
    tag = f"{case['id']} tfjs"
    folder = case["tfjs"]
    with open(os.path.join(folder, "model.json")) as fh:
        model = json.load(fh)
    topology = model["modelTopology"]
    config = topology.get("model_config", topology)
    layers, all_layers = model_layers(config)
    for layer in layers:
        cls, config = layer["class_name"], layer["config"]
        if cls == "Bidirectional":
            cls, config = wrapped(layer)
        if cls == "LSTM":
            # tfjs' own default is hard_sigmoid: the file must say sigmoid, as the app trains.
            fails.check(config["recurrent_activation"] == "sigmoid", f"{tag}: {layer['config']['name']} sigmoid gates")
    named = {}
    for group in model["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            fails.check(spec["dtype"] == "float32", f"{tag}: {spec['name']} float32")
            size = int(np.prod(spec["shape"])) if spec["shape"] else 1
            named[spec["name"]] = np.frombuffer(data, dtype="<f4", count=size, offset=offset).reshape(spec["shape"])
            offset += 4 * size
        fails.check(offset == len(data), f"{tag}: weights fill {', '.join(group['paths'])} exactly")
    in_shape = tuple(input_shape(all_layers)[1:])
    weights = []
    for layer in layers:
        name = layer["config"]["name"]
        shapes, out_shape = weight_shapes(layer["class_name"], layer["config"], in_shape)
        arrays = []
        # A Bidirectional's weights say their direction in a scope (`bidirectional/forward_lstm/kernel`).
        variables = ([(d, v) for d in DIRECTIONS for v in RECURRENT] if layer["class_name"] == "Bidirectional"
                     else [(None, v) for v in VARIABLES[layer["class_name"]]])
        for (direction, var), shape in zip(variables, shapes):
            found = [a for n, a in named.items() if n.startswith(name + "/") and n.split("/")[-1] == var
                     and (direction is None or any(p.startswith(direction + "_") for p in n.split("/")[1:-1]))]
            var = var if direction is None else f"{direction}/{var}"
            ok = len(found) == 1 and tuple(found[0].shape) == shape
            fails.check(ok, f"{tag}: {name}/{var} {shape}")
            arrays.append(found[0] if ok else np.zeros(shape))
        weights.append(arrays)
        in_shape = out_shape
    x = np.asarray(case["inputs"]).reshape([case["samples"], *input_shape(all_layers)[1:]])
    compare(fails, tag, forward(layers, weights, x), case["predictions"])


# ---------------------------------------------------------------- series: data file → windows → forward


def h5_model(path):
    """The `.h5` file's layers (no InputLayer), their weights in Keras order, its training config and batch input shape."""
    with h5py.File(path, "r") as f:
        layers, all_layers = model_layers(json.loads(text(f.attrs["model_config"])))
        training = json.loads(text(f.attrs["training_config"])) if "training_config" in f.attrs else {}
        group = f["model_weights"]
        weights = [[group[name][w][()] for w in weight_names] for name, weight_names in expected_names(layers)]
    return layers, weights, training, input_shape(all_layers)


def series_windows(csv_path, data):
    """The CSV's columns the data file names, scaled by its scaler, cut into `lookBack`-row windows."""
    import csv
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], [r for r in rows[1:] if r]
    scaler = data["scaler"]
    values = np.array([[float(r[header.index(c)]) for c in data["columns"]] for r in body])
    scaled = (values - np.array(scaler["offset"])) / np.array(scaler["scale"])
    look = data["lookBack"]
    return np.stack([scaled[s:s + look] for s in range(len(body) - look)]), values


def check_series(fails, case):
    tag = f"{case['id']} series"
    with open(case["data"], encoding="utf-8") as fh:
        data = json.load(fh)
    fails.check(data.get("format") == "lstm-lab-data" and data.get("version") == 1 and data.get("kind") == "series",
                f"{tag}: data file format lstm-lab-data, version 1, kind series")
    fails.check(data["target"] in data["columns"] and len(data["scaler"]["offset"]) == len(data["columns"]),
                f"{tag}: target {data['target']!r} among columns {data['columns']}, one scale per column")
    layers, weights, training, _ = h5_model(case["h5"])
    last = layers[-1]["config"]
    want_loss, want_activation = ("mse", "linear") if data["task"] == "next" else ("binary_crossentropy", "sigmoid")
    fails.check(training.get("loss") == want_loss and last["activation"] == want_activation,
                f"{tag}: task {data['task']}: Dense {last['activation']}, loss {training.get('loss')}")
    x, _ = series_windows(case["csv"], data)
    out = forward(layers, weights, x).reshape(-1)
    answers = np.asarray(case["answers"], dtype=np.float64)
    if data["task"] == "next":
        # The app's answers are unscaled: compared on the model's own (scaled) output, where 1e-5 means what it says.
        k = data["columns"].index(data["target"])
        offset, scale = data["scaler"]["offset"][k], data["scaler"]["scale"][k]
        answers = (answers - offset) / scale
    compare(fails, tag, out, answers)


# ---------------------------------------------------------------- user data: text (a character model)
#
# A text model's `.h5` with its data file (`<run>.data.json`): the data file's character table turns
# a typed prefix into indices as the app does (lower-cased where the text was, characters outside
# the table as the "other" symbol or dropped without one, a short prefix filled with spaces in
# front, the last seqLength kept), and the NumPy forward pass (Embedding -> LSTM -> Dense softmax)
# must give the app's next-character probabilities.


def text_window(data, prefix):
    """The indices of the window a character model reads after `prefix`, per the data file."""
    index = {c: i for i, c in enumerate(data["chars"]) if c is not None}
    other = data["otherIndex"]
    codes = [index.get(c, other) for c in (prefix.lower() if data["lower"] else prefix)]
    codes = [k for k in codes if k is not None]
    n = data["seqLength"]
    if len(codes) < n:
        codes = [index[" "]] * (n - len(codes)) + codes
    return codes[-n:]


def check_text(fails, case):
    tag = f"{case['id']} text"
    with open(case["data"], encoding="utf-8") as fh:
        data = json.load(fh)
    fails.check(data.get("format") == "lstm-lab-data" and data.get("version") == 1 and data.get("kind") == "text",
                f"{tag}: data file format lstm-lab-data, version 1, kind text")
    layers, weights, _, batch_shape = h5_model(case["h5"])
    size = len(data["chars"])
    fails.check([l["class_name"] for l in layers][0] == "Embedding" and layers[0]["config"]["input_dim"] == size
                and layers[-1]["config"]["units"] == size, f"{tag}: Embedding and Dense as wide as the {size} characters")
    fails.check(batch_shape[1] == data["seqLength"], f"{tag}: the model reads windows of seqLength {data['seqLength']}")
    windows = [text_window(data, p) for p in case["prefixes"]]
    fails.check(windows == case["windows"], f"{tag}: the data file turns the prefixes into the app's windows")
    compare(fails, tag, forward(layers, weights, np.asarray(windows)), case["probabilities"])


# ---------------------------------------------------------------- classify: labelled texts → classifier
# A case `{"kind": "classify", "id", "h5", "tfjs", "dataFile", "texts", "predictions"}`: the texts are
# turned into the model's input from the data file alone, as Keras would (`tokenizer_from_json` →
# `texts_to_sequences` → `pad_sequences`, written here without Keras), then both model files run
# forward on them and must give the app's predictions.


def keras_text_to_word_sequence(text, filters, lower, split):
    """Keras' `text_to_word_sequence`: lower-case, every filter character becomes `split`, split, drop empties."""
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [w for w in text.split(split) if w]


def keras_texts_to_sequences(tokenizer_json, texts):
    """Keras' `Tokenizer.texts_to_sequences` from `Tokenizer.to_json()`: indices below num_words, else the OOV index or dropped."""
    tokenizer = json.loads(tokenizer_json)
    config = tokenizer["config"]
    word_index = json.loads(config["word_index"])
    num_words, oov_token = config["num_words"], config["oov_token"]
    oov = word_index.get(oov_token) if oov_token is not None else None
    sequences = []
    for t in texts:
        seq = []
        for w in keras_text_to_word_sequence(t, config["filters"], config["lower"], config["split"]):
            i = word_index.get(w)
            if i is not None and not (num_words and i >= num_words):
                seq.append(i)
            elif oov is not None:
                seq.append(oov)
        sequences.append(seq)
    return sequences


def keras_pad_sequences(sequences, maxlen):
    """Keras' `pad_sequences` with its defaults: zeros in front, the first entries cut."""
    out = np.zeros((len(sequences), maxlen), dtype=np.int64)
    for row, seq in enumerate(sequences):
        kept = seq[-maxlen:] if seq else []
        if kept:
            out[row, maxlen - len(kept):] = kept
    return out


def check_classify(fails, case):
    tag = f"{case['id']} data file"
    with open(case["dataFile"], encoding="utf-8") as fh:
        data = json.load(fh)
    fails.check(data.get("format") == "lstm-lab-data" and data.get("version") == 1 and data.get("kind") == "classify",
                f"{tag}: an lstm-lab-data file of kind classify, version 1")
    labels = data["labels"]
    fails.check(len(labels) >= 2 and len(set(labels)) == len(labels), f"{tag}: {len(labels)} distinct labels {labels}")
    x = keras_pad_sequences(keras_texts_to_sequences(data["tokenizer"], case["texts"]), data["maxlen"])
    if "sequences" in case:
        fails.check(x.reshape(-1).tolist() == list(case["sequences"]), f"{tag}: texts → padded sequences as the app made them")
    width = 1 if len(labels) == 2 else len(labels)
    fails.check(len(case["predictions"]) == len(case["texts"]) * width, f"{tag}: {width} output(s) per text for {len(labels)} labels")
    model_case = {**case, "inputs": x.reshape(-1).tolist(), "samples": len(case["texts"])}
    check_h5(fails, model_case)
    check_tfjs(fails, model_case)


# ---------------------------------------------------------------- the command line

CHECKS = {
    None: [check_h5, check_tfjs],
    "series": [check_series],
    "text": [check_text],
    "classify": [check_classify],
}


def main():
    with open(sys.argv[1]) as fh:
        cases = json.load(fh)
    fails = Failures()
    # Each case is checked by its kind: a tutorial's model (no kind), or a user's data's model with its data file.
    for case in cases:
        for check in CHECKS[case.get("kind")]:
            check(fails, case)
    print(f"{len(cases)} models, {fails.count} failed checks")
    sys.exit(1 if fails.count or not cases else 0)


if __name__ == "__main__":
    main()
