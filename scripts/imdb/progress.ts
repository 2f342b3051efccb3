/**
 * A one-line progress display for the terminal: redrawn in place on a TTY, and on a pipe (CI
 * logs) printed only when the whole percentage moves by ten, so logs stay short.
 */
export interface ProgressLine {
  /**
   * Shows `label` with a bar when `total` > 0, or a plain count otherwise. `note` is appended
   * (e.g. "12000 reviews") but, unlike the label, never makes a pipe print a new line.
   */
  update(label: string, done: number, total: number, unit?: string, note?: string): void;
  /** Ends the current line and prints a message on its own line. */
  log(message: string): void;
}

const BAR = 24;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function createProgressLine(out: NodeJS.WriteStream = process.stderr): ProgressLine {
  const tty = Boolean(out.isTTY);
  let open = false;
  let lastLabel = '';
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(label, done, total, unit = '', note = '') {
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const amount =
        (unit === 'bytes'
          ? `${formatBytes(done)}${total ? ` / ${formatBytes(total)}` : ''}`
          : `${done}${total ? ` / ${total}` : ''}${unit ? ` ${unit}` : ''}`) + (note ? `, ${note}` : '');
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && done < total) return; // redraw at most ~12 times a second
        lastDraw = now;
        const filled = Math.round(fraction * BAR);
        const bar = total > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` : '';
        out.write(`\r\x1b[2K${label} ${bar}${amount}`);
        open = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (label !== lastLabel || tenth !== lastTenth) {
        out.write(`${label} ${total > 0 ? `${tenth * 10}% ` : ''}${amount}\n`);
        lastLabel = label;
        lastTenth = tenth;
      }
    },
    log(message) {
      if (open) out.write('\n');
      open = false;
      lastLabel = '';
      out.write(`${message}\n`);
    },
  };
}
