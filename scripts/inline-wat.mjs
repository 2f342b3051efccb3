// Inlines small WebAssembly text functions into their callers: every `(call $f ARGS…)` of a
// function named in `names` becomes a block that sets the function's parameters (as locals of
// the caller, renamed `$f__param`), runs its body with its locals renamed the same way, and
// leaves its results. Node 20's V8 does not inline wasm calls (Chromium's does): the activations
// (`$exp4` under `$sigmoid4` under `$act4`, once per four floats) and the LSTM cell's backward
// (`$cellBack4`) spent about a tenth of a character-model step in calls. The kernels keep their
// small functions in kernels.wat, readable and tested; the binaries get them inlined.

/** Index just past the balanced s-expression or atom starting at `i` (after whitespace). */
function skipOperand(text, i) {
  while (/\s/.test(text[i])) i++;
  if (text[i] !== '(') {
    while (i < text.length && !/[\s()]/.test(text[i])) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    if (text[i] === ';' && text[i + 1] === ';') {
      // A line comment may hold parentheses: skip to its end.
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error('unbalanced parentheses');
}

/** The top-level forms inside the s-expression `expr` (after its head keyword and name). */
function forms(expr) {
  const out = [];
  let i = expr.indexOf('(') + 1;
  // Skip the head keyword and, where present, the name.
  while (i < expr.length && !/[\s()]/.test(expr[i])) i++;
  for (;;) {
    while (i < expr.length && /\s/.test(expr[i])) i++;
    if (expr[i] === ';' && expr[i + 1] === ';') {
      while (i < expr.length && expr[i] !== '\n') i++;
      continue;
    }
    if (i >= expr.length || expr[i] === ')') return out;
    const end = skipOperand(expr, i);
    out.push(expr.slice(i, end));
    i = end;
  }
}

const DECLARATION = /^\((param|result|local|export)\s/;

/** One function's parts: its name, params (name and type, in order), result types, locals and body forms. */
function parseFunc(text) {
  const all = forms(text);
  const name = all[0];
  const params = [], locals = [], results = [];
  let k = 1;
  for (; k < all.length && DECLARATION.test(all[k]); k++) {
    const m = /^\((param|result|local)\s+(.*)\)$/s.exec(all[k]);
    if (!m) continue;
    const [, kind, rest] = m;
    if (kind === 'result') results.push(...rest.trim().split(/\s+/));
    else {
      const [id, type] = rest.trim().split(/\s+/);
      (kind === 'param' ? params : locals).push({ id, type });
    }
  }
  return { name, params, locals, results, body: all.slice(k), declarationsEnd: k };
}

/** The source ranges of every `(func …)` of the module. */
function funcRanges(wat) {
  const ranges = [];
  const head = /\(func\s/g;
  let m;
  while ((m = head.exec(wat))) {
    const end = skipOperand(wat, m.index);
    ranges.push({ start: m.index, end });
    head.lastIndex = end;
  }
  return ranges;
}

/** `(call $f ARGS)` → a block computing f's results with its locals prefixed, and the locals it needs. */
function expandCall(f, args) {
  if (args.length !== f.params.length) throw new Error(`${f.name}: ${args.length} arguments for ${f.params.length} parameters`);
  const rename = (s) => s.replace(/\$([A-Za-z0-9_]+)/g, (all, id) => (f.ids.has(`$${id}`) ? `$${f.name.slice(1)}__${id}` : all));
  const sets = f.params.map((p, k) => `(local.set ${rename(p.id)} ${args[k]})`);
  const results = f.results.length ? ` (result ${f.results.join(' ')})` : '';
  const block = `(block${results} ${sets.join(' ')} ${f.body.map(rename).join(' ')})`;
  const locals = [...f.params, ...f.locals].map((l) => `(local ${rename(l.id)} ${l.type})`);
  return { block, locals };
}

export function inlineFunctions(wat, names) {
  let text = wat;
  for (let pass = 0; pass < 10; pass++) {
    const funcs = new Map();
    for (const r of funcRanges(text)) {
      const f = parseFunc(text.slice(r.start, r.end));
      if (names.includes(f.name.slice(1))) {
        f.ids = new Set([...f.params, ...f.locals].map((l) => l.id));
        if (f.body.some((b) => /\((block|loop)\s+\$/.test(b))) throw new Error(`${f.name}: labelled blocks cannot be inlined`);
        funcs.set(f.name, f);
      }
    }
    // Inline only callees that call nothing inlinable themselves, innermost first.
    const leaves = [...funcs.values()].filter((f) => !f.body.some((b) => [...funcs.keys()].some((n) => b.includes(`(call ${n} `) || b.includes(`(call ${n})`))));
    if (!leaves.length) break;
    let changed = false;
    let out = '';
    let at = 0;
    for (const r of funcRanges(text)) {
      let fn = text.slice(r.start, r.end);
      const added = new Set();
      for (const f of leaves) {
        const call = `(call ${f.name}`;
        let i;
        while ((i = fn.indexOf(call)) >= 0 && /[\s)]/.test(fn[i + call.length])) {
          const end = skipOperand(fn, i);
          const args = forms(fn.slice(i, end)).slice(1);
          if (args.some((a) => a.includes(call))) throw new Error(`${f.name}: a call in its own arguments cannot be inlined`);
          const { block, locals } = expandCall(f, args);
          fn = fn.slice(0, i) + block + fn.slice(end);
          locals.forEach((l) => added.add(l));
          changed = true;
        }
      }
      if (added.size) {
        // The new locals after the caller's own declarations.
        const parsed = parseFunc(fn);
        const declared = forms(fn).slice(0, parsed.declarationsEnd);
        const lastDecl = declared[declared.length - 1];
        const insertAt = fn.indexOf(lastDecl) + lastDecl.length;
        fn = fn.slice(0, insertAt) + `\n    ${[...added].join(' ')}` + fn.slice(insertAt);
      }
      out += text.slice(at, r.start) + fn;
      at = r.end;
    }
    text = out + text.slice(at);
    if (!changed) break;
  }
  return text;
}
