/**
 * Typed access to a kernel call's arguments. tfjs types every input as optional and attributes as
 * a loose map; these say which ones a kernel needs and fail clearly when one is missing.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

export type KernelArgs = Parameters<KernelFunc>[0];

/** The named inputs, each checked present. */
export function inputsOf<K extends string>(args: KernelArgs, kernelName: string, ...names: K[]): Record<K, TensorInfo> {
  const out = {} as Record<K, TensorInfo>;
  for (const name of names) {
    const t = args.inputs[name];
    if (!t) throw new Error(`${kernelName}: input '${name}' is missing.`);
    out[name] = t;
  }
  return out;
}

/** The attributes as the kernel's attribute interface (tfjs's `NamedAttrMap` does not know them). */
export function attrsOf<T>(args: KernelArgs): T {
  return args.attrs as unknown as T;
}
