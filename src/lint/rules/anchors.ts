import type { TokenKind } from '../../documents/yaml/tokens.js';
import type { TokenRule } from '../rule.js';

interface Options {
  'forbid-undeclared-aliases': boolean;
  'forbid-duplicated-anchors': boolean;
  'forbid-unused-anchors': boolean;
}

interface AnchorUse {
  line: number;
  column: number;
  used: boolean;
}

/** What the rule reads without forbid-unused-anchors: document boundaries, anchors and aliases. */
const ANCHOR_KINDS: readonly TokenKind[] = ['StreamStart', 'DocumentStart', 'DocumentEnd', 'Anchor', 'Alias'];

/**
 * yamllint's anchors (from yamllint 1.30): aliases to anchors not declared before them in the
 * document, anchors declared twice, anchors no alias uses (reported when the document ends).
 */
export const anchors: TokenRule<Options> = {
  id: 'anchors',
  type: 'token',
  defaults: { 'forbid-undeclared-aliases': true, 'forbid-duplicated-anchors': false, 'forbid-unused-anchors': false },
  options: { 'forbid-undeclared-aliases': 'bool', 'forbid-duplicated-anchors': 'bool', 'forbid-unused-anchors': 'bool' },
  // Unused anchors are told at the token before a document's end, whatever its kind.
  kinds: (o) => (o['forbid-unused-anchors'] ? undefined : ANCHOR_KINDS),
  start(o) {
    let declared = new Map<string, AnchorUse>();
    return ({ curr, next }, report) => {
      if (curr.kind === 'StreamStart' || curr.kind === 'DocumentStart' || curr.kind === 'DocumentEnd') declared = new Map();
      if (o['forbid-undeclared-aliases'] && curr.kind === 'Alias' && !declared.has(curr.value)) {
        report(curr.start.line + 1, curr.start.column + 1, `found undeclared alias "${curr.value}"`);
      }
      if (o['forbid-duplicated-anchors'] && curr.kind === 'Anchor' && declared.has(curr.value)) {
        report(curr.start.line + 1, curr.start.column + 1, `found duplicated anchor "${curr.value}"`);
      }
      if (o['forbid-unused-anchors']) {
        if (next?.kind === 'StreamEnd' || next?.kind === 'DocumentStart' || next?.kind === 'DocumentEnd') {
          for (const [name, use] of declared) if (!use.used) report(use.line + 1, use.column + 1, `found unused anchor "${name}"`);
        } else if (curr.kind === 'Alias') {
          const use = declared.get(curr.value);
          if (use) use.used = true;
        }
      }
      if (curr.kind === 'Anchor') declared.set(curr.value, { line: curr.start.line, column: curr.start.column, used: false });
    };
  },
};
