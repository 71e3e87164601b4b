// Launch failures as the user should see them: the assembler's "file:line:col: error: text"
// lines become diagnostics on the source (and lines in the debug console); anything else stays
// a message. Pure parsing here; debug-tracker.ts shows them.

export interface SourceError { file: string; line: number; column: number; severity: 'error' | 'warning'; message: string }

/** GNU-style diagnostics ("path:12:3: error: unknown instruction 'bogus'"), the form the assembler and loader use. */
const LINE = /(?:^|[\s'"])((?:[A-Za-z]:)?[^\s:'"]+\.(?:S|s|asm|inc|c|h)):(\d+)(?::(\d+))?:\s*(error|warning|fatal error):\s*(.+)$/;

export function parseSourceErrors(text: string): SourceError[] {
  const out: SourceError[] = [];
  for (const l of text.split(/\r?\n/)) {
    const m = LINE.exec(l.trim());
    if (!m) continue;
    out.push({ file: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : 1, severity: m[4] === 'warning' ? 'warning' : 'error', message: m[5].trim() });
  }
  return out;
}
