// `--trace` output for `armvirt run`: one JSON object per line, buffered while a slice runs and
// written per slice to the `--trace-file` or to stderr (DESIGN.md "Interfaces").

import { closeSync, openSync, writeSync } from 'node:fs';
import type { Io } from './main';

export class TraceWriter {
  private fd = -1;
  private readonly lines: string[] = [];

  constructor(private readonly io: Io) {}

  /** Opens `file` for the trace (stderr when undefined); an error message when it cannot. */
  open(file: string | undefined): string | null {
    if (file === undefined) return null;
    try {
      this.fd = openSync(file, 'w');
      return null;
    } catch (e) {
      return `armvirt run: cannot write ${file}: ${(e as Error).message}\n`;
    }
  }

  push(event: unknown): void { this.lines.push(JSON.stringify(event) + '\n'); }

  flush(): void {
    if (!this.lines.length) return;
    const text = this.lines.join('');
    this.lines.length = 0;
    if (this.fd >= 0) writeSync(this.fd, text); else this.io.err(text);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
