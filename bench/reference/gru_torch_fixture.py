#!/usr/bin/env python3
"""Writes src/engine/reference/fixtures/gruTorch.json: PyTorch's nn.GRU in float64 on seeded
inputs, its output and every gradient, in Keras' layout. PyTorch's GRU is Keras 2's default
(reset_after=True) with the gates in another order, so `gru.test.ts` holds the reference GRU to an
implementation that is neither ours nor tfjs-layers' (which has no reset_after=True).

Usage (Debian's python3-torch): /usr/bin/python3 bench/reference/gru_torch_fixture.py

Layouts: Keras' kernel [inputDim, 3u] has columns z, r, h; PyTorch's weight_ih_l0 [3u, inputDim]
has rows r, z, n. So weight_ih_l0 = kernel's columns reordered (r, z, h), transposed; likewise
weight_hh_l0 from the recurrent kernel, bias_ih_l0 from bias[0] and bias_hh_l0 from bias[1].
PyTorch's n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) and h' = (1 − z) n + z h are Keras'.
"""
import json
import os

import numpy as np
import torch

B, T, I, U = 3, 6, 4, 5
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'engine', 'reference', 'fixtures', 'gruTorch.json')


def keras_to_torch(m):
    """Columns z, r, h (Keras) to r, z, n (PyTorch) on the last axis."""
    return np.concatenate([m[..., U:2 * U], m[..., :U], m[..., 2 * U:]], axis=-1)


def torch_to_keras(m):
    return np.concatenate([m[..., U:2 * U], m[..., :U], m[..., 2 * U:]], axis=-1)


def main():
    rng = np.random.default_rng(21)
    inputs = {
        'x': rng.uniform(-1, 1, (B, T, I)), 'kernel': rng.uniform(-0.6, 0.6, (I, 3 * U)),
        'recurrentKernel': rng.uniform(-0.6, 0.6, (U, 3 * U)), 'bias': rng.uniform(-0.4, 0.4, (2, 3 * U)),
        'h0': rng.uniform(-0.5, 0.5, (B, U)), 'probe': rng.uniform(-1, 1, (B, T, U)),
    }
    torch.set_default_dtype(torch.float64)
    gru = torch.nn.GRU(I, U, batch_first=True)
    with torch.no_grad():
        gru.weight_ih_l0.copy_(torch.from_numpy(keras_to_torch(inputs['kernel']).T))
        gru.weight_hh_l0.copy_(torch.from_numpy(keras_to_torch(inputs['recurrentKernel']).T))
        gru.bias_ih_l0.copy_(torch.from_numpy(keras_to_torch(inputs['bias'][0])))
        gru.bias_hh_l0.copy_(torch.from_numpy(keras_to_torch(inputs['bias'][1])))
    x = torch.from_numpy(inputs['x']).requires_grad_()
    h0 = torch.from_numpy(inputs['h0']).reshape(1, B, U).requires_grad_()
    y, _ = gru(x, h0)
    (y * torch.from_numpy(inputs['probe'])).sum().backward()
    grads = {
        'y': y.detach().numpy(), 'dx': x.grad.numpy(), 'dh0': h0.grad.numpy(),
        'dKernel': torch_to_keras(gru.weight_ih_l0.grad.numpy().T),
        'dRecurrentKernel': torch_to_keras(gru.weight_hh_l0.grad.numpy().T),
        'dBias': np.stack([torch_to_keras(gru.bias_ih_l0.grad.numpy()), torch_to_keras(gru.bias_hh_l0.grad.numpy())]),
    }
    fixture = {
        'source': 'bench/reference/gru_torch_fixture.py: PyTorch ' + torch.__version__ + ' nn.GRU, float64',
        'batch': B, 'steps': T, 'inputDim': I, 'units': U,
        'inputs': {k: v.flatten().tolist() for k, v in inputs.items()},
        'want': {k: v.flatten().tolist() for k, v in grads.items()},
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f)
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
