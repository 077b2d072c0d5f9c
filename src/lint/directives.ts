/**
 * yamllint's comment directives: `# yamllint disable [rule:X ...]` … `# yamllint enable [rule:X ...]`
 * for a range of lines, `# yamllint disable-line [rule:X ...]` for its own line (or, alone on its
 * line, the next one). Rules not enabled for the file cannot be named.
 */
const DISABLE = /^# yamllint disable( rule:\S+)*\s*$/;
const ENABLE = /^# yamllint enable( rule:\S+)*\s*$/;
const DISABLE_LINE = /^# yamllint disable-line( rule:\S+)*\s*$/;
/** Whether a text may hold range or line directives, which are read from its comments (most texts hold none). */
export function mayHoldDirectives(text: string): boolean {
  return text.includes('# yamllint');
}

/** `# yamllint disable-file` on the first line turns the whole file off. */
export const DISABLE_FILE = /^#\s*yamllint disable-file\s*$/;

/** The rule ids after the directive word (`rule:` prefixes dropped). */
function namedRules(comment: string, directiveLength: number): string[] {
  return comment.slice(directiveLength).trimEnd().split(' ').slice(1).map((item) => item.slice(5));
}

/** The set of rules disabled by `disable` / `enable` comments so far. */
export class RangeDirectives {
  readonly disabled = new Set<string>();
  constructor(private readonly all: ReadonlySet<string>) {}

  process(comment: string): void {
    if (DISABLE.test(comment)) {
      const rules = namedRules(comment, '# yamllint disable'.length);
      if (rules.length === 0) for (const id of this.all) this.disabled.add(id);
      else for (const id of rules) if (this.all.has(id)) this.disabled.add(id);
    } else if (ENABLE.test(comment)) {
      const rules = namedRules(comment, '# yamllint enable'.length);
      if (rules.length === 0) this.disabled.clear();
      else for (const id of rules) this.disabled.delete(id);
    }
  }
}

/**
 * The rules a `disable-line` comment turns off, added to `disabled`. Most lines have no such
 * comment: the set is made only for one that does, and null stays null otherwise.
 */
export function disableLine(comment: string, all: ReadonlySet<string>, disabled: Set<string> | null): Set<string> | null {
  if (!DISABLE_LINE.test(comment)) return disabled;
  const set = disabled ?? new Set<string>();
  const rules = namedRules(comment, '# yamllint disable-line'.length);
  if (rules.length === 0) for (const id of all) set.add(id);
  else for (const id of rules) if (all.has(id)) set.add(id);
  return set;
}
