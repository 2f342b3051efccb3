// Rewrites WebAssembly text so every `(f32x4.add X (f32x4.mul A B))` (either operand order)
// becomes `(f32x4.relaxed_madd A B X)`: one source, kernels.wat, gives both the plain SIMD
// module and the relaxed-SIMD one, whose multiply-adds the engine may fuse into FMA instructions
// (measured 1.2–1.3× on the matrix products in Chromium). relaxed_madd rounds once or twice at
// the engine's choice, so the rewrite is only for sums whose exactness nothing depends on; the
// range reduction in exp, which must round, is written with f32x4.sub and stays as it is.

/** Index just past the balanced s-expression or atom starting at `i` (after whitespace). */
function skipOperand(text, i) {
  while (/\s/.test(text[i])) i++;
  if (text[i] !== '(') {
    while (i < text.length && !/[\s()]/.test(text[i])) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced parentheses');
}

// The opcode and the whitespace after it (a space or a line break).
const MUL = /^\(f32x4\.mul\s/;
const ADD = /\(f32x4\.add\s/g;

/** The two operands of a `(f32x4.mul A B)` expression, or null when `expr` is not one. */
function mulOperands(expr) {
  const head = MUL.exec(expr);
  if (!head) return null;
  const aEnd = skipOperand(expr, head[0].length);
  const bEnd = skipOperand(expr, aEnd);
  return [expr.slice(head[0].length, aEnd).trim(), expr.slice(aEnd, bEnd).trim()];
}

export function toRelaxedSimd(wat) {
  let out = '';
  let i = 0;
  for (;;) {
    ADD.lastIndex = i;
    const head = ADD.exec(wat);
    if (!head) return out + wat.slice(i);
    const at = head.index, operands = at + head[0].length;
    const xEnd = skipOperand(wat, operands);
    const yEnd = skipOperand(wat, xEnd);
    const close = wat.indexOf(')', yEnd);
    // Operands are rewritten first, so nested sums (a Horner chain) fuse at every level.
    const x = toRelaxedSimd(wat.slice(operands, xEnd).trim());
    const y = toRelaxedSimd(wat.slice(xEnd, yEnd).trim());
    const fromY = mulOperands(y);
    const fromX = fromY ? null : mulOperands(x);
    out += wat.slice(i, at);
    if (fromY) out += `(f32x4.relaxed_madd ${fromY[0]} ${fromY[1]} ${x})`;
    else if (fromX) out += `(f32x4.relaxed_madd ${fromX[0]} ${fromX[1]} ${y})`;
    else out += `(f32x4.add ${x} ${y})`;
    i = close + 1;
  }
}
