// Folding ranges: macro bodies, .rept/.irp blocks, conditionals and sections (scan.ts finds
// them), plus multi-line /* */ comments, which the lexer blanks and so are found here.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { FileIndex } from './scan';

export function foldingRanges(index: FileIndex, text: string): FoldingRange[] {
  const out: FoldingRange[] = index.folds.map((f) => ({ startLine: f.start, endLine: f.kind === 'section' ? f.end : f.end - 1, kind: f.kind === 'section' ? FoldingRangeKind.Region : undefined }))
    .filter((f) => f.endLine > f.startLine);
  let line = 0;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (open < 0 && c === 47 && text[i + 1] === '*') { open = line; i++; }
    else if (open >= 0 && c === 42 && text[i + 1] === '/') {
      if (line > open) out.push({ startLine: open, endLine: line, kind: FoldingRangeKind.Comment });
      open = -1;
      i++;
    } else if (open < 0 && c === 47 && text[i + 1] === '/') {
      // A line comment may contain "/*": skip to the end of the line.
      const e = text.indexOf('\n', i);
      if (e < 0) break;
      i = e - 1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
