#!/usr/bin/env python3
"""Rewrites an exported `.h5` the way Keras 2's own legacy saving stores it through h5py.

Usage: keras_style_h5.py IN.h5 OUT.h5

Keras sets plain `str` attributes (keras_version, backend at the root: variable-length strings),
`bytes` ones (model_config, training_config: fixed-length, null-padded), lists of bytes through
`np.asarray` (layer_names, weight_names: a fixed-length `|S` array; an empty list becomes a
float64 array), and creates each weight's dataset by its slashed name (h5py makes the groups).
The app's reader must read such a file as it reads its own: this stands in for a file saved by
Keras, which this machine does not have.
"""
import sys

import h5py
import numpy as np


def as_bytes(value):
    return value if isinstance(value, bytes) else str(value).encode("utf8")


def names(attr):
    return [as_bytes(n) for n in np.asarray(attr).reshape(-1) if isinstance(n, (bytes, np.bytes_, str))]


def main(src, dst):
    with h5py.File(src, "r") as fin, h5py.File(dst, "w") as fout:
        for key in ("keras_version", "backend"):
            fout.attrs[key] = as_bytes(fin.attrs[key]).decode("utf8")
        for key in ("model_config", "training_config"):
            if key in fin.attrs:
                fout.attrs[key] = as_bytes(fin.attrs[key])
        gin = fin["model_weights"]
        gout = fout.create_group("model_weights")
        layer_names = names(gin.attrs["layer_names"])
        gout.attrs["layer_names"] = np.asarray(layer_names)
        gout.attrs["backend"] = b"tensorflow"
        gout.attrs["keras_version"] = as_bytes(gin.attrs["keras_version"])
        for layer in sorted(layer_names):
            lin = gin[layer.decode("utf8")]
            lout = gout.create_group(layer.decode("utf8"))
            weight_names = names(lin.attrs["weight_names"])
            lout.attrs["weight_names"] = np.asarray(weight_names)
            for name in weight_names:
                value = lin[name.decode("utf8")][()]
                dset = lout.create_dataset(name.decode("utf8"), value.shape, dtype=value.dtype)
                dset[:] = value
        top = gout.create_group("top_level_model_weights")
        top.attrs["weight_names"] = np.asarray([])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
