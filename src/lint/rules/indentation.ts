import type { ScalarToken, Token, TokenKind } from '../../documents/yaml/tokens.js';
import type { Report, TokenEvent, TokenRule } from '../rule.js';
import { isExplicitKey } from './spacing.js';

interface Options {
  spaces: number | 'consistent';
  'indent-sequences': boolean | 'whatever' | 'consistent';
  'check-multi-line-strings': boolean;
}

type ParentType = 'ROOT' | 'B_MAP' | 'F_MAP' | 'B_SEQ' | 'F_SEQ' | 'B_ENT' | 'KEY' | 'VAL';

interface Parent {
  type: ParentType;
  indent: number;
  lineIndent: number;
  explicitKey: boolean;
  implicitBlockSeq: boolean;
}

/** A token where yamllint's model of the nesting does not hold (its AssertionError). */
class UnexpectedToken extends Error {}

/** The token is of one of the kinds (fixed parameters: called for every token, no rest array). */
function is(token: Token | null, a: TokenKind, b?: TokenKind, c?: TokenKind, d?: TokenKind): boolean {
  if (token === null) return false;
  const kind = token.kind;
  return kind === a || kind === b || kind === c || kind === d;
}

/** yamllint's indentation: block content indented by a consistent (or given) number of spaces. */
export const indentation: TokenRule<Options> = {
  id: 'indentation',
  type: 'token',
  defaults: { spaces: 'consistent', 'indent-sequences': true, 'check-multi-line-strings': false },
  options: {
    spaces: { oneOf: ['consistent'], or: 'int' },
    'indent-sequences': { oneOf: ['whatever', 'consistent'], or: 'bool' },
    'check-multi-line-strings': 'bool',
  },
  start(o, { text }) {
    const state: State = {
      text,
      o,
      frames: [{ type: 'ROOT', indent: 0, lineIndent: 0, explicitKey: false, implicitBlockSeq: false }],
      depth: 1,
      curLine: -1,
      curLineIndent: 0,
      spaces: o.spaces,
      indentSequences: o['indent-sequences'],
    };
    return (event, report) => {
      try {
        check(state, event, report);
      } catch (error) {
        if (!(error instanceof UnexpectedToken)) throw error;
        report(event.curr.start.line + 1, event.curr.start.column + 1, 'cannot infer indentation: unexpected token');
      }
    };
  },
};

interface State {
  text: string;
  o: Options;
  /** The nesting is frames[0, depth): frames above it are kept for reuse, not to allocate one per token. */
  frames: Parent[];
  depth: number;
  curLine: number;
  curLineIndent: number;
  spaces: number | 'consistent';
  indentSequences: Options['indent-sequences'];
}

function top(state: State, depth = 1): Parent {
  const at = state.depth - depth;
  if (at < 0) throw new UnexpectedToken();
  return state.frames[at]!;
}

/** Opens a frame on the nesting; the caller sets explicitKey or implicitBlockSeq where they hold. */
function push(state: State, type: ParentType, indent: number, lineIndent = 0): Parent {
  let frame = state.frames[state.depth];
  if (frame === undefined) {
    frame = { type, indent, lineIndent, explicitKey: false, implicitBlockSeq: false };
    state.frames.push(frame);
  } else {
    frame.type = type;
    frame.indent = indent;
    frame.lineIndent = lineIndent;
    frame.explicitKey = false;
    frame.implicitBlockSeq = false;
  }
  state.depth++;
  return frame;
}

/** The indentation for content under `base`, learning the step from `found` while it is not known. */
function detectIndent(state: State, base: number, found: number): number {
  if (typeof state.spaces !== 'number') state.spaces = found - base;
  return base + state.spaces;
}

function check(state: State, { curr: token, prev, next, nextnext }: TokenEvent, report: Report): void {
  const visible = !is(token, 'StreamStart', 'StreamEnd', 'BlockEnd') && !(token.kind === 'Scalar' && token.value === '');
  const firstInLine = visible && token.start.line + 1 > state.curLine;
  const found = token.start.column;

  if (firstInLine) {
    let expected = top(state).indent;
    if (is(token, 'FlowMappingEnd', 'FlowSequenceEnd')) expected = top(state).lineIndent;
    else if (top(state).type === 'KEY' && top(state).explicitKey && token.kind !== 'Value') expected = detectIndent(state, expected, found);
    if (found !== expected) {
      const message = expected < 0 ? `wrong indentation: expected at least ${found + 1}` : `wrong indentation: expected ${expected} but found ${found}`;
      report(token.start.line + 1, found + 1, message);
    }
  }

  if (token.kind === 'Scalar' && state.o['check-multi-line-strings']) checkScalar(state, token, report);

  if (visible) {
    state.curLine = realEndLine(state.text, token);
    if (firstInLine) state.curLineIndent = found;
  }

  switch (token.kind) {
    case 'BlockMappingStart':
      //   - a: 1
      if (!next || next.kind !== 'Key' || next.start.line !== token.start.line) throw new UnexpectedToken();
      push(state, 'B_MAP', token.start.column);
      break;
    case 'FlowMappingStart':
    case 'FlowSequenceStart': {
      if (!next) throw new UnexpectedToken();
      //   - {a: 1, b: 2}   or   - {\n    a: 1\n  }
      const indent = next.start.line === token.start.line ? next.start.column : detectIndent(state, state.curLineIndent, next.start.column);
      push(state, token.kind === 'FlowMappingStart' ? 'F_MAP' : 'F_SEQ', indent, state.curLineIndent);
      break;
    }
    case 'BlockSequenceStart':
      if (!next || next.kind !== 'BlockEntry' || next.start.line !== token.start.line) throw new UnexpectedToken();
      push(state, 'B_SEQ', token.start.column);
      break;
    case 'BlockEntry': {
      if (!next || is(next, 'BlockEntry', 'BlockEnd')) break; // an empty entry
      // PyYAML issues no BlockSequenceStart for a sequence not indented under its key.
      if (top(state).type !== 'B_SEQ') {
        push(state, 'B_SEQ', token.start.column).implicitBlockSeq = true;
      }
      let indent: number;
      if (next.start.line === token.end.line || next.start.column === token.start.column) indent = next.start.column;
      else indent = detectIndent(state, token.start.column, next.start.column);
      push(state, 'B_ENT', indent);
      break;
    }
    case 'Key': {
      push(state, 'KEY', top(state).indent).explicitKey = isExplicitKey(state.text, token);
      break;
    }
    case 'Value':
      pushValue(state, prev, next, nextnext);
      break;
    default:
      break;
  }

  let consumed = false;
  for (;;) {
    const t = top(state).type;
    if (t === 'F_SEQ' && token.kind === 'FlowSequenceEnd' && !consumed) {
      state.depth--;
      consumed = true;
    } else if (t === 'F_MAP' && token.kind === 'FlowMappingEnd' && !consumed) {
      state.depth--;
      consumed = true;
    } else if ((t === 'B_MAP' || t === 'B_SEQ') && token.kind === 'BlockEnd' && !top(state).implicitBlockSeq && !consumed) {
      state.depth--;
      consumed = true;
    } else if (t === 'B_ENT' && token.kind !== 'BlockEntry' && top(state, 2).implicitBlockSeq && !is(token, 'Anchor', 'Tag') && !is(next, 'BlockEntry')) {
      state.depth -= 2;
    } else if (t === 'B_ENT' && is(next, 'BlockEntry', 'BlockEnd')) {
      state.depth--;
    } else if (t === 'VAL' && token.kind !== 'Value' && !is(token, 'Anchor', 'Tag')) {
      if (top(state, 2).type !== 'KEY') throw new UnexpectedToken();
      state.depth -= 2;
    } else if (t === 'KEY' && is(next, 'BlockEnd', 'FlowMappingEnd', 'FlowSequenceEnd', 'Key')) {
      // A key without a value (a set): make room for the next one.
      state.depth--;
    } else {
      break;
    }
  }
}

function pushValue(state: State, prev: Token | null, next: Token | null, nextnext: Token | null): void {
  const key = top(state);
  if (key.type !== 'KEY') throw new UnexpectedToken();
  // `key: &anchor` or `key: !!tag` with the value on the next line: the value decides.
  if (next && prev && nextnext && is(next, 'Anchor', 'Tag') && next.start.line === prev.start.line && next.start.line < nextnext.start.line) next = nextnext;
  if (!next || is(next, 'BlockEnd', 'FlowMappingEnd', 'FlowSequenceEnd', 'Key')) return; // an empty value
  let indent: number;
  if (key.explicitKey) {
    indent = detectIndent(state, key.indent, next.start.column);
  } else if (prev && next.start.line === prev.start.line) {
    indent = next.start.column; //   k: value
  } else if (is(next, 'BlockSequenceStart', 'BlockEntry')) {
    const column = next.start.column;
    if (state.indentSequences === false) {
      indent = key.indent;
    } else if (state.indentSequences === true) {
      // Not indented while it should be, and the step is not known yet: expect "at least".
      indent = state.spaces === 'consistent' && column - key.indent === 0 ? -1 : detectIndent(state, key.indent, column);
    } else if (column === key.indent) {
      if (state.indentSequences === 'consistent') state.indentSequences = false;
      indent = key.indent;
    } else {
      if (state.indentSequences === 'consistent') state.indentSequences = true;
      indent = detectIndent(state, key.indent, column);
    }
  } else {
    indent = detectIndent(state, key.indent, next.start.column); //   k:\n    value
  }
  push(state, 'VAL', indent);
}

/** The line a token really ends on: scalars often end on the next line (1-based). */
function realEndLine(text: string, token: Token): number {
  let line = token.end.line + 1;
  if (token.kind !== 'Scalar') return line;
  for (let at = token.end.offset - 1; at >= token.start.offset - 1 && at >= 0 && isPyWhitespace(text.charCodeAt(at)); at--) {
    if (text.charCodeAt(at) === 10) line--;
  }
  return line;
}

function isPyWhitespace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** check-multi-line-strings: continuation lines of a scalar indented alike. */
function checkScalar(state: State, token: ScalarToken, report: Report): void {
  if (token.start.line === token.end.line) return;
  const { text } = state;
  const expectedFor = (found: number): number => {
    if (token.plain) return token.start.column;
    if (token.style === 'single' || token.style === 'double') return token.start.column + 1;
    const last = top(state);
    if (last.type === 'B_ENT' || last.type === 'KEY') return detectIndent(state, token.start.column, found);
    if (last.type === 'VAL') {
      if (token.start.line + 1 > state.curLine) return detectIndent(state, last.indent, found);
      if (top(state, 2).explicitKey) return detectIndent(state, token.start.column, found);
      return detectIndent(state, top(state, 2).indent, found);
    }
    return detectIndent(state, last.indent, found);
  };
  let expected: number | undefined;
  let line = token.start.line + 1;
  let lineStart = token.start.offset;
  for (;;) {
    const br = text.indexOf('\n', lineStart);
    if (br === -1 || br >= token.end.offset - 1) break;
    lineStart = br + 1;
    line++;
    let indent = 0;
    while (text.charCodeAt(lineStart + indent) === 32) indent++;
    if (text.charCodeAt(lineStart + indent) === 10) continue;
    expected ??= expectedFor(indent);
    if (indent !== expected) report(line, indent + 1, `wrong indentation: expected ${expected} but found ${indent}`);
  }
}
