import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import { didYouMean } from '../rules/suggest.js';
import type { WorkspaceDiagnostic } from './diagnostics.js';
import { scalarPositions } from './scalar-positions.js';
import type { TextPositions, YamlPosition } from './types.js';

/** One `key: value` of a YAML mapping, with the dotted path of the value. */
export interface YamlEntry {
  readonly key: string;
  readonly keyNode: Node;
  readonly value: Node | null;
  readonly where: string;
}

/**
 * Typed access to a parsed YAML document that records a diagnostic (with line and column) for each
 * value of the wrong shape instead of throwing, so that `check` reports every problem at once.
 */
export class YamlReader {
  readonly diagnostics: WorkspaceDiagnostic[] = [];

  /** `source` is the text the document was parsed from (without a byte order mark). */
  constructor(
    private readonly lines: LineCounter,
    private readonly source: string,
  ) {}

  position(node: Node | null | undefined, fallback?: YamlPosition): YamlPosition {
    const offset = node?.range?.[0];
    if (offset === undefined) return fallback ?? { line: 1, column: 1 };
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** Where each character of the text of a scalar stands, for placing errors found inside it (rules). */
  textPositions(node: Node): TextPositions {
    return scalarPositions(node, this.source, this.lines);
  }

  /** `at` places the error where no node stands for it; `hint` says how to write it instead. */
  error(code: string, where: string, node: Node | null | undefined, message: string, options: { at?: YamlPosition; hint?: string } = {}): void {
    const { at, hint } = options;
    const { line, column } = at ?? this.position(node);
    const endColumn = at === undefined ? this.endColumn(node, line) : undefined;
    this.diagnostics.push({ code, where, line, column, ...(endColumn !== undefined ? { endColumn } : {}), message: `${message} at ${line}:${column}`, ...(hint !== undefined ? { hint } : {}) });
  }

  /** The column just after a node's value (`500`, `[4, 3, 2, 1]`, a key) when it ends on the line it starts on. */
  private endColumn(node: Node | null | undefined, line: number): number | undefined {
    const [start, end] = node?.range ?? [];
    if (start === undefined || end === undefined || end <= start) return undefined;
    const last = this.lines.linePos(end - 1);
    return last.line === line ? last.col + 1 : undefined;
  }

  /** The entries of a mapping, in order; duplicate keys are reported once each and the first kept. */
  entries(node: Node | null | undefined, where: string, what = 'a mapping'): YamlEntry[] {
    if (node === null || node === undefined) return [];
    if (!isMap(node)) {
      // The top level has no dotted path: it is the file itself.
      const label = where || 'segmenta.yaml';
      this.error('invalid-value', label, node, `${label} must be ${what}`);
      return [];
    }
    const seen = new Map<string, Node>();
    const result: YamlEntry[] = [];
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const path = where ? `${where}.${key}` : key;
      const first = seen.get(key);
      if (first !== undefined) {
        const p = this.position(first);
        this.error('duplicate-name', path, keyNode, `"${key}" is declared twice in ${where || 'the file'} (first at ${p.line}:${p.column})`);
        continue;
      }
      seen.set(key, keyNode);
      result.push({ key, keyNode, value: pair.value ?? null, where: path });
    }
    return result;
  }

  /** Reports keys that are not allowed, suggesting the nearest allowed one. */
  onlyKeys(entries: readonly YamlEntry[], allowed: readonly string[], where: string): void {
    for (const entry of entries) {
      if (!allowed.includes(entry.key)) {
        this.error('unknown-key', entry.where, entry.keyNode, `unknown key "${entry.key}" in ${where || 'the file'}${didYouMean(entry.key, allowed)}`);
      }
    }
  }

  string(node: Node | null | undefined, where: string): string | undefined {
    if (node === null || node === undefined) return undefined;
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
    this.error('invalid-value', where, node, `${where} must be a text`);
    return undefined;
  }

  number(node: Node | null | undefined, where: string, constraint?: { min?: number; integer?: boolean }): number | undefined {
    if (node === null || node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) {
      const value = node.value;
      if (constraint?.integer && !Number.isInteger(value)) {
        this.error('invalid-value', where, node, `${where} must be a whole number`);
        return undefined;
      }
      if (constraint?.min !== undefined && value < constraint.min) {
        this.error('invalid-value', where, node, `${where} must be at least ${constraint.min}`);
        return undefined;
      }
      return value;
    }
    this.error('invalid-value', where, node, `${where} must be a number`);
    return undefined;
  }

  numberList(node: Node | null | undefined, where: string): number[] | undefined {
    if (node === null || node === undefined) return undefined;
    if (!isSeq(node)) {
      this.error('invalid-value', where, node, `${where} must be a list of numbers`);
      return undefined;
    }
    const values: number[] = [];
    for (const item of node.items as Node[]) {
      const value = this.number(item, where);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return values;
  }

  /** A value written but not a mapping: `entries()` reports it; its owner's missing keys would only repeat that. */
  notAMapping(node: Node | null | undefined): boolean {
    return node !== null && node !== undefined && !isMap(node);
  }

  isMapping(node: Node | null | undefined): boolean {
    return node !== null && node !== undefined && isMap(node);
  }

  isSequence(node: Node | null | undefined): boolean {
    return node !== null && node !== undefined && isSeq(node);
  }

  scalarValue(node: Node | null | undefined): unknown {
    return node !== null && node !== undefined && isScalar(node) ? node.value : undefined;
  }

  sequenceItems(node: Node | null | undefined): Node[] {
    return node !== null && node !== undefined && isSeq(node) ? (node.items as Node[]) : [];
  }
}
