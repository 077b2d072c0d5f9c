import { YamlSyntaxError, pyStringRepr } from './error.js';
import type { Scanner } from './scanner.js';
import { TOKEN_ID } from './tokens.js';
import type { Mark, ScalarStyle, Token } from './tokens.js';

/** PyYAML's Parser (YAML 1.1): tokens → events, same state machine, same error texts. */

export type EventKind =
  | 'StreamStart'
  | 'StreamEnd'
  | 'DocumentStart'
  | 'DocumentEnd'
  | 'Alias'
  | 'Scalar'
  | 'SequenceStart'
  | 'SequenceEnd'
  | 'MappingStart'
  | 'MappingEnd';

/** One shape for every event (a single hidden class keeps the hot loop monomorphic). */
export interface YamlEvent {
  kind: EventKind;
  start: Mark;
  end: Mark;
  /** Anchor of a node event; the alias name for Alias. */
  anchor: string | null;
  /** Full tag after handle expansion (`tag:yaml.org,2002:str`, `!foo`), null when none. */
  tag: string | null;
  /** Scalar: resolve the value by its content (PyYAML's implicit[0]); collections: no explicit tag. */
  implicit: boolean;
  value: string;
  style: ScalarStyle | null;
  /** Collections: written in flow style. */
  flow: boolean;
  /** DocumentStart: `---` present; DocumentEnd: `...` present. */
  explicit: boolean;
}

function makeEvent(kind: EventKind, start: Mark, end: Mark): YamlEvent {
  return { kind, start, end, anchor: null, tag: null, implicit: true, value: '', style: null, flow: false, explicit: false };
}

function copyEvent(event: YamlEvent): YamlEvent {
  const { kind, start, end, anchor, tag, implicit, value, style, flow, explicit } = event;
  return { kind, start, end, anchor, tag, implicit, value, style, flow, explicit };
}

/** Where a document began, for `rewind`. */
interface Checkpoint {
  documentStart: YamlEvent;
  taken: number;
  state: State;
  states: State[];
  marks: Mark[];
}

const DEFAULT_TAGS: Readonly<Record<string, string>> = { '!': '!', '!!': 'tag:yaml.org,2002:' };

const enum State {
  StreamStart,
  ImplicitDocumentStart,
  DocumentStart,
  DocumentEnd,
  DocumentContent,
  BlockNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

export class Parser {
  private readonly scanner: Scanner;
  private state: State;
  private states: State[] = [];
  private marks: Mark[] = [];
  private tagHandles: Record<string, string> = { ...DEFAULT_TAGS };
  /**
   * The event at hand, rewritten in place by each step: one object for the run, not one per event
   * (a document's events would live until its end, and be copied by every scavenge meanwhile).
   */
  private readonly event: YamlEvent = makeEvent('StreamStart', { line: 0, column: 0, offset: 0 }, { line: 0, column: 0, offset: 0 });
  /** `event` was peeked, not taken yet. */
  private peeked = false;
  private checkpoint: Checkpoint | null = null;

  /** `resumed`: the scan restarts after a syntax error, its stream has no StreamStart token. */
  constructor(scanner: Scanner, resumed = false) {
    this.scanner = scanner;
    this.state = resumed ? State.ImplicitDocumentStart : State.StreamStart;
  }

  /** The next event without taking it, valid until the next step; null after StreamEnd. */
  peekEvent(): YamlEvent | null {
    if (!this.peeked) {
      if (this.state === State.End) return null;
      this.step();
      this.peeked = true;
    }
    return this.event;
  }

  /** Takes the next event, valid until the next step (read its fields, keep no reference to it). */
  nextEvent(): YamlEvent {
    if (this.peeked) this.peeked = false;
    else this.step();
    return this.event;
  }

  /** Takes the next event as an object of its own; null after StreamEnd. */
  getEvent(): YamlEvent | null {
    const event = this.peekEvent();
    this.peeked = false;
    return event && copyEvent(event);
  }

  /** Remembers the peeked DocumentStart event's place, for `rewind`. */
  markDocument(): void {
    this.checkpoint = {
      documentStart: copyEvent(this.peekEvent()!),
      taken: this.scanner.tokenIndex(),
      state: this.state,
      states: this.states.slice(),
      marks: this.marks.slice(),
    };
  }

  /**
   * Back to the DocumentStart event `markDocument` saw, peeked again: the document's events follow
   * as they did, from the tokens already scanned.
   */
  rewind(): void {
    const checkpoint = this.checkpoint!;
    this.scanner.rewind(checkpoint.taken);
    this.state = checkpoint.state;
    this.states = checkpoint.states.slice();
    this.marks = checkpoint.marks.slice();
    Object.assign(this.event, checkpoint.documentStart);
    this.peeked = true;
  }

  /** The event at hand reset to `kind` at `start`..`end`, its other fields empty. */
  private emit(kind: EventKind, start: Mark, end: Mark): YamlEvent {
    const event = this.event;
    event.kind = kind;
    event.start = start;
    event.end = end;
    event.anchor = null;
    event.tag = null;
    event.implicit = true;
    event.value = '';
    event.style = null;
    event.flow = false;
    event.explicit = false;
    return event;
  }

  /** PyYAML's process_empty_scalar: a plain '' at `mark` (resolves to null). */
  private emptyScalar(mark: Mark): YamlEvent {
    const event = this.emit('Scalar', mark, mark);
    event.style = 'plain';
    return event;
  }

  private check(kind: Token['kind']): boolean {
    return this.scanner.peekToken().kind === kind;
  }

  private step(): YamlEvent {
    const scanner = this.scanner;
    switch (this.state) {
      case State.StreamStart: {
        const token = scanner.getToken();
        this.state = State.ImplicitDocumentStart;
        return this.emit('StreamStart', token.start, token.end);
      }
      case State.ImplicitDocumentStart: {
        const kind = scanner.peekToken().kind;
        if (kind === 'Directive' || kind === 'DocumentStart' || kind === 'StreamEnd') return this.parseDocumentStart();
        this.tagHandles = { ...DEFAULT_TAGS };
        const mark = scanner.peekToken().start;
        this.states.push(State.DocumentEnd);
        this.state = State.BlockNode;
        return this.emit('DocumentStart', mark, mark);
      }
      case State.DocumentStart:
        return this.parseDocumentStart();
      case State.DocumentEnd: {
        const token = scanner.peekToken();
        const event = this.emit('DocumentEnd', token.start, token.start);
        if (token.kind === 'DocumentEnd') {
          scanner.getToken();
          event.end = token.end;
          event.explicit = true;
        }
        this.state = State.DocumentStart;
        return event;
      }
      case State.DocumentContent: {
        const token = scanner.peekToken();
        const kind = token.kind;
        if (kind === 'Directive' || kind === 'DocumentStart' || kind === 'DocumentEnd' || kind === 'StreamEnd') {
          this.state = this.states.pop()!;
          return this.emptyScalar(token.start);
        }
        return this.parseNode(true, false);
      }
      case State.BlockNode:
        return this.parseNode(true, false);
      case State.BlockSequenceFirstEntry:
        this.marks.push(scanner.getToken().start);
        return this.parseBlockSequenceEntry();
      case State.BlockSequenceEntry:
        return this.parseBlockSequenceEntry();
      case State.IndentlessSequenceEntry:
        return this.parseIndentlessSequenceEntry();
      case State.BlockMappingFirstKey:
        this.marks.push(scanner.getToken().start);
        return this.parseBlockMappingKey();
      case State.BlockMappingKey:
        return this.parseBlockMappingKey();
      case State.BlockMappingValue:
        return this.parseBlockMappingValue();
      case State.FlowSequenceFirstEntry:
        this.marks.push(scanner.getToken().start);
        return this.parseFlowSequenceEntry(true);
      case State.FlowSequenceEntry:
        return this.parseFlowSequenceEntry(false);
      case State.FlowSequenceEntryMappingKey: {
        const token = scanner.getToken();
        const kind = scanner.peekToken().kind;
        if (kind !== 'Value' && kind !== 'FlowEntry' && kind !== 'FlowSequenceEnd') {
          this.states.push(State.FlowSequenceEntryMappingValue);
          return this.parseNode(false, false);
        }
        this.state = State.FlowSequenceEntryMappingValue;
        return this.emptyScalar(token.end);
      }
      case State.FlowSequenceEntryMappingValue:
        return this.parseFlowValue(State.FlowSequenceEntryMappingEnd, 'FlowSequenceEnd');
      case State.FlowSequenceEntryMappingEnd: {
        this.state = State.FlowSequenceEntry;
        const mark = scanner.peekToken().start;
        return this.emit('MappingEnd', mark, mark);
      }
      case State.FlowMappingFirstKey:
        this.marks.push(scanner.getToken().start);
        return this.parseFlowMappingKey(true);
      case State.FlowMappingKey:
        return this.parseFlowMappingKey(false);
      case State.FlowMappingValue:
        return this.parseFlowValue(State.FlowMappingKey, 'FlowMappingEnd');
      case State.FlowMappingEmptyValue:
        this.state = State.FlowMappingKey;
        return this.emptyScalar(scanner.peekToken().start);
      case State.End:
        throw new Error('parser: no event after the stream end');
    }
  }

  private parseDocumentStart(): YamlEvent {
    const scanner = this.scanner;
    while (this.check('DocumentEnd')) scanner.getToken();
    if (this.check('StreamEnd')) {
      const token = scanner.getToken();
      this.state = State.End;
      return this.emit('StreamEnd', token.start, token.end);
    }
    const start = scanner.peekToken().start;
    this.processDirectives();
    const token = scanner.peekToken();
    if (token.kind !== 'DocumentStart') {
      throw new YamlSyntaxError(`expected '<document start>', but found '${TOKEN_ID[token.kind]}'`, token.start);
    }
    scanner.getToken();
    const event = this.emit('DocumentStart', start, token.end);
    event.explicit = true;
    this.states.push(State.DocumentEnd);
    this.state = State.DocumentContent;
    return event;
  }

  private processDirectives(): void {
    let version = false;
    const handles: Record<string, string> = {};
    while (this.check('Directive')) {
      const token = this.scanner.getToken();
      if (token.kind !== 'Directive') continue;
      if (token.name === 'YAML') {
        if (version) throw new YamlSyntaxError('found duplicate YAML directive', token.start);
        if (token.value![0] !== 1) {
          throw new YamlSyntaxError('found incompatible YAML document (version 1.* is required)', token.start);
        }
        version = true;
      } else if (token.name === 'TAG') {
        const [handle, prefix] = token.value as [string, string];
        if (Object.hasOwn(handles, handle)) throw new YamlSyntaxError(`duplicate tag handle ${pyStringRepr(handle)}`, token.start);
        handles[handle] = prefix;
      }
    }
    this.tagHandles = { ...DEFAULT_TAGS, ...handles };
  }

  private parseNode(block: boolean, indentlessSequence: boolean): YamlEvent {
    const scanner = this.scanner;
    let token = scanner.peekToken();
    if (token.kind === 'Alias') {
      scanner.getToken();
      const event = this.emit('Alias', token.start, token.end);
      event.anchor = token.value;
      this.state = this.states.pop()!;
      return event;
    }
    let anchor: string | null = null;
    let handle: string | null = null;
    let suffix: string | null = null;
    let start: Mark | null = null;
    let end: Mark | null = null;
    let tagMark: Mark | null = null;
    if (token.kind === 'Anchor') {
      scanner.getToken();
      start = token.start;
      end = token.end;
      anchor = token.value;
      token = scanner.peekToken();
      if (token.kind === 'Tag') {
        scanner.getToken();
        tagMark = token.start;
        end = token.end;
        handle = token.handle;
        suffix = token.suffix;
      }
    } else if (token.kind === 'Tag') {
      scanner.getToken();
      start = tagMark = token.start;
      end = token.end;
      handle = token.handle;
      suffix = token.suffix;
      token = scanner.peekToken();
      if (token.kind === 'Anchor') {
        scanner.getToken();
        end = token.end;
        anchor = token.value;
      }
    }
    let tag: string | null = null;
    if (suffix !== null) {
      if (handle !== null) {
        if (!Object.hasOwn(this.tagHandles, handle)) {
          throw new YamlSyntaxError(`found undefined tag handle ${pyStringRepr(handle)}`, tagMark!, 'while parsing a node', start);
        }
        tag = this.tagHandles[handle]! + suffix;
      } else {
        tag = suffix;
      }
    }
    token = scanner.peekToken();
    if (start === null) start = end = token.start;
    const implicit = tag === null || tag === '!';
    let event: YamlEvent;
    if (indentlessSequence && token.kind === 'BlockEntry') {
      event = this.emit('SequenceStart', start, token.end);
      this.state = State.IndentlessSequenceEntry;
    } else if (token.kind === 'Scalar') {
      scanner.getToken();
      event = this.emit('Scalar', start, token.end);
      event.implicit = (token.plain && tag === null) || tag === '!';
      event.value = token.value;
      event.style = token.style;
      this.state = this.states.pop()!;
    } else if (token.kind === 'FlowSequenceStart') {
      event = this.emit('SequenceStart', start, token.end);
      event.flow = true;
      this.state = State.FlowSequenceFirstEntry;
    } else if (token.kind === 'FlowMappingStart') {
      event = this.emit('MappingStart', start, token.end);
      event.flow = true;
      this.state = State.FlowMappingFirstKey;
    } else if (block && token.kind === 'BlockSequenceStart') {
      event = this.emit('SequenceStart', start, token.start);
      this.state = State.BlockSequenceFirstEntry;
    } else if (block && token.kind === 'BlockMappingStart') {
      event = this.emit('MappingStart', start, token.start);
      this.state = State.BlockMappingFirstKey;
    } else if (anchor !== null || tag !== null) {
      // A node with properties and no content is an empty scalar.
      event = this.emit('Scalar', start, end!);
      event.implicit = implicit;
      event.style = 'plain';
      this.state = this.states.pop()!;
    } else {
      throw new YamlSyntaxError(
        `expected the node content, but found '${TOKEN_ID[token.kind]}'`,
        token.start,
        `while parsing a ${block ? 'block' : 'flow'} node`,
        start,
      );
    }
    event.anchor = anchor;
    event.tag = tag;
    if (event.kind !== 'Scalar') event.implicit = implicit;
    return event;
  }

  private parseBlockSequenceEntry(): YamlEvent {
    const scanner = this.scanner;
    let token = scanner.peekToken();
    if (token.kind === 'BlockEntry') {
      scanner.getToken();
      const kind = scanner.peekToken().kind;
      if (kind !== 'BlockEntry' && kind !== 'BlockEnd') {
        this.states.push(State.BlockSequenceEntry);
        return this.parseNode(true, false);
      }
      this.state = State.BlockSequenceEntry;
      return this.emptyScalar(token.end);
    }
    token = scanner.peekToken();
    if (token.kind !== 'BlockEnd') {
      throw new YamlSyntaxError(`expected <block end>, but found '${TOKEN_ID[token.kind]}'`, token.start, 'while parsing a block collection', this.marks.at(-1)!);
    }
    scanner.getToken();
    this.state = this.states.pop()!;
    this.marks.pop();
    return this.emit('SequenceEnd', token.start, token.end);
  }

  private parseIndentlessSequenceEntry(): YamlEvent {
    const scanner = this.scanner;
    const token = scanner.peekToken();
    if (token.kind === 'BlockEntry') {
      scanner.getToken();
      const kind = scanner.peekToken().kind;
      if (kind !== 'BlockEntry' && kind !== 'Key' && kind !== 'Value' && kind !== 'BlockEnd') {
        this.states.push(State.IndentlessSequenceEntry);
        return this.parseNode(true, false);
      }
      this.state = State.IndentlessSequenceEntry;
      return this.emptyScalar(token.end);
    }
    this.state = this.states.pop()!;
    return this.emit('SequenceEnd', token.start, token.start);
  }

  private parseBlockMappingKey(): YamlEvent {
    const scanner = this.scanner;
    const token = scanner.peekToken();
    if (token.kind === 'Key') {
      scanner.getToken();
      const kind = scanner.peekToken().kind;
      if (kind !== 'Key' && kind !== 'Value' && kind !== 'BlockEnd') {
        this.states.push(State.BlockMappingValue);
        return this.parseNode(true, true);
      }
      this.state = State.BlockMappingValue;
      return this.emptyScalar(token.end);
    }
    if (token.kind !== 'BlockEnd') {
      throw new YamlSyntaxError(`expected <block end>, but found '${TOKEN_ID[token.kind]}'`, token.start, 'while parsing a block mapping', this.marks.at(-1)!);
    }
    scanner.getToken();
    this.state = this.states.pop()!;
    this.marks.pop();
    return this.emit('MappingEnd', token.start, token.end);
  }

  private parseBlockMappingValue(): YamlEvent {
    const scanner = this.scanner;
    const token = scanner.peekToken();
    if (token.kind === 'Value') {
      scanner.getToken();
      const kind = scanner.peekToken().kind;
      if (kind !== 'Key' && kind !== 'Value' && kind !== 'BlockEnd') {
        this.states.push(State.BlockMappingKey);
        return this.parseNode(true, true);
      }
      this.state = State.BlockMappingKey;
      return this.emptyScalar(token.end);
    }
    this.state = State.BlockMappingKey;
    return this.emptyScalar(token.start);
  }

  private parseFlowSequenceEntry(first: boolean): YamlEvent {
    const scanner = this.scanner;
    if (!this.check('FlowSequenceEnd')) {
      if (!first) {
        const token = scanner.peekToken();
        if (token.kind !== 'FlowEntry') {
          throw new YamlSyntaxError(`expected ',' or ']', but got '${TOKEN_ID[token.kind]}'`, token.start, 'while parsing a flow sequence', this.marks.at(-1)!);
        }
        scanner.getToken();
      }
      const token = scanner.peekToken();
      if (token.kind === 'Key') {
        const event = this.emit('MappingStart', token.start, token.end);
        event.flow = true;
        this.state = State.FlowSequenceEntryMappingKey;
        return event;
      }
      if (token.kind !== 'FlowSequenceEnd') {
        this.states.push(State.FlowSequenceEntry);
        return this.parseNode(false, false);
      }
    }
    const token = scanner.getToken();
    this.state = this.states.pop()!;
    this.marks.pop();
    return this.emit('SequenceEnd', token.start, token.end);
  }

  /** The value half of a flow pair, in a flow mapping or a single-pair mapping inside a flow sequence. */
  private parseFlowValue(next: State, closing: 'FlowMappingEnd' | 'FlowSequenceEnd'): YamlEvent {
    const scanner = this.scanner;
    const token = scanner.peekToken();
    if (token.kind === 'Value') {
      scanner.getToken();
      const kind = scanner.peekToken().kind;
      if (kind !== 'FlowEntry' && kind !== closing) {
        this.states.push(next);
        return this.parseNode(false, false);
      }
      this.state = next;
      return this.emptyScalar(token.end);
    }
    this.state = next;
    return this.emptyScalar(token.start);
  }

  private parseFlowMappingKey(first: boolean): YamlEvent {
    const scanner = this.scanner;
    if (!this.check('FlowMappingEnd')) {
      if (!first) {
        const token = scanner.peekToken();
        if (token.kind !== 'FlowEntry') {
          throw new YamlSyntaxError(`expected ',' or '}', but got '${TOKEN_ID[token.kind]}'`, token.start, 'while parsing a flow mapping', this.marks.at(-1)!);
        }
        scanner.getToken();
      }
      const token = scanner.peekToken();
      if (token.kind === 'Key') {
        scanner.getToken();
        const kind = scanner.peekToken().kind;
        if (kind !== 'Value' && kind !== 'FlowEntry' && kind !== 'FlowMappingEnd') {
          this.states.push(State.FlowMappingValue);
          return this.parseNode(false, false);
        }
        this.state = State.FlowMappingValue;
        return this.emptyScalar(token.end);
      }
      if (token.kind !== 'FlowMappingEnd') {
        this.states.push(State.FlowMappingEmptyValue);
        return this.parseNode(false, false);
      }
    }
    const token = scanner.getToken();
    this.state = this.states.pop()!;
    this.marks.pop();
    return this.emit('MappingEnd', token.start, token.end);
  }
}
