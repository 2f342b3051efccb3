/**
 * A WebAssembly trap on demand, for the tests of what a failed run leaves behind (test-only).
 *
 * The tests used to provoke one in tfjs' WASM backend (MaxPooling1D(2) over one timestep), but
 * that reads out of bounds inside XNNPACK: usually a trap, and now and then a loop over garbage
 * sizes that ran for many minutes and hung the unit tests (seen twice in a CI-like run). This
 * module traps the same way every time, with the same error: a load far past the end of its
 * one page of memory.
 *
 *   (module (memory 1) (func (export "trap") (drop (i32.load (i32.const -16)))))
 */
const TRAP_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () → ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, 1 page
  0x07, 0x08, 0x01, 0x04, 0x74, 0x72, 0x61, 0x70, 0x00, 0x00, // export "trap" = function 0
  0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x70, 0x28, 0x02, 0x00, 0x1a, 0x0b, // i32.const -16, i32.load, drop, end
]);

const instance = new WebAssembly.Instance(new WebAssembly.Module(TRAP_MODULE));

/** Throws `WebAssembly.RuntimeError: memory access out of bounds`, as a trap in a kernel does. */
export function wasmTrap(): never {
  (instance.exports.trap as () => void)();
  throw new Error('the trap module did not trap');
}
