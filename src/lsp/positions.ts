/**
 * Positions between declare and the Language Server Protocol.
 *
 * declare reports 1-based lines (split at `\n`) and 1-based columns counted in code
 * points, in the text without a byte-order mark (src/load/positions.ts). The protocol
 * wants 0-based lines and 0-based columns in UTF-16 code units (its default position
 * encoding), so a CJK Extension B character such as 𠀀 (U+20000) is one column for
 * declare and two for the editor. Lines are the protocol's: `\r\n`, `\n` and a lone `\r`
 * each end one.
 */

/** An LSP position: 0-based line, 0-based UTF-16 column. */
export interface LspPosition {
  line: number;
  character: number;
}

/** An LSP range. */
export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** A 1-based declare range (diagnostic.ts Range). */
interface DeclareRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Offsets ⇄ positions for one text as the editor holds it (a BOM, if any, included). */
export class TextIndex {
  /** `\n`-separated line starts of the text declare checked (without the BOM) */
  private readonly declareStarts: number[] = [0];
  /** protocol line starts of the editor's text */
  private readonly lspStarts: number[] = [0];
  /** 1 when the editor's text starts with a BOM that declare does not see */
  private readonly bom: number;

  constructor(readonly text: string) {
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (let i = this.bom; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        this.declareStarts.push(i + 1 - this.bom);
        this.lspStarts.push(i + 1);
      } else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.lspStarts.push(i + 1);
    }
  }

  /** The editor-text offset of a declare line and code-point column (clamped to the line). */
  offsetOfDeclare(line: number, column: number): number {
    const text = this.text;
    const li = Math.max(0, Math.min(line - 1, this.declareStarts.length - 1));
    let i = this.declareStarts[li]! + this.bom;
    const next = li + 1 < this.declareStarts.length ? this.declareStarts[li + 1]! + this.bom - 1 : text.length;
    for (let n = 1; n < column && i < next; n++) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < next && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
    return i;
  }

  /** The protocol position of an editor-text offset. */
  positionAt(offset: number): LspPosition {
    const off = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lspStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: off - starts[lo]! };
  }

  /** The editor-text offset of a protocol position (clamped to its line). */
  offsetAt(position: LspPosition): number {
    const starts = this.lspStarts;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line]!;
    let end = position.line + 1 < starts.length ? starts[position.line + 1]! : this.text.length;
    // the line's own text, without its break
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, position.character), end);
  }

  /** The protocol range of a declare range. */
  range(r: DeclareRange): LspRange {
    return {
      start: this.positionAt(this.offsetOfDeclare(r.line, r.column)),
      end: this.positionAt(this.offsetOfDeclare(r.endLine, r.endColumn)),
    };
  }

  /** The offset into the text declare checked (no BOM) of an editor-text offset. */
  declareOffset(offset: number): number {
    return Math.max(0, offset - this.bom);
  }

  /** The editor-text offset of an offset into the text declare checked. */
  editorOffset(offset: number): number {
    return offset + this.bom;
  }
}
