/**
 * The blameless-language check: finds words in a why-node or sticky note that end
 * the analysis at a person, so the UI can gently ask how the system allowed it.
 * A hint, not a gate: it errs towards staying quiet on technical language.
 *
 * The rule, per language table in `phrases.ts`:
 * 1. Phrases that can only be about people ("human error", "careless*",
 *    "forgot", "should have known", "menschliches Versagen", "Unachtsamkeit",
 *    "hat … vergessen") are always flagged.
 * 2. Verbs that apply to systems too ("failed to", "did not", "missed",
 *    "ignored", "should have", "hat … nicht", "versäumt", "hätte … sollen") are
 *    flagged only when their subject is a person: a pronoun, a role noun
 *    ("engineer", "on-call", "Mitarbeiter") or a participant's name. The subject
 *    is found without a parser:
 *    - English (`adjacent`): the nearest word before the verb in its sentence,
 *      skipping auxiliaries and adverbs ("the engineer had simply missed").
 *      "We saw that the job did not run" is about the job.
 *    - German (`clause`): any person word in the verb's clause up to the end of
 *      the match, because the subject may follow the verb ("Gestern hat der
 *      Mitarbeiter den Alarm nicht gesehen"). Commas end German clauses, so
 *      "Wir sahen, dass der Job nicht lief" is about the job.
 *    In both, a person word right after a preposition or an oblique article
 *    ("the alert to the engineer", "den Mitarbeiter") is not a subject.
 * 3. A participant's name is flagged as the subject when it starts a clause
 *    (after nothing but adverbs like "then", a conjunction like "because", or
 *    a German fronted verb: "Dann hat Dana …") and something follows it in
 *    that clause. Any part of a name of two or more letters counts ("Dana"
 *    for "Dana Whitfield"), except parts that are function words of a table.
 *    Possessives ("Dana's script") are other words and do not match. A name
 *    has no language, so its finding takes the language whose frequent words
 *    the text uses most.
 * Findings are sorted by start; overlapping ones are merged into one span.
 *
 * Words are the text's runs of Unicode letters, digits and marks, joined by
 * inner apostrophes or hyphens ("didn't", "on-call", "Health-Check"), so
 * "unforgettable" and "Forgotten-Passwords" are not "forgot". Comparison is
 * case-insensitive (NFC, lower case). A sentence ends at . ! ? ; … or a line
 * break; a clause also at , ( ) [ ] quotes and dashes. A colon ends neither
 * ("Dana: restarted the node", "Root cause: …" are one clause). Names are compared as
 * words, never compiled into a regular expression, so `.*` or `(` cannot
 * over-match. Only the first `MAX_TEXT_CHARS` characters are examined, and
 * every step is linear in that text (bounded look-backs, bounded gaps).
 * Pure: no DOM, no Node modules.
 */
import { LANGUAGES, MAX_GAP, type LanguageTable, type SubjectSearch } from './phrases.js';

export type BlamelessLanguage = 'en' | 'de';
export type FindingKind = 'person_blame' | 'hindsight' | 'person_subject';

export interface BlamelessFinding {
  /** Offsets into the text (UTF-16 code units), for highlighting. */
  readonly start: number;
  readonly end: number;
  /** The words matched, as written. */
  readonly phrase: string;
  readonly kind: FindingKind;
  readonly language: BlamelessLanguage;
  /** One gentle sentence, in the language of the match, suggesting how to keep asking. */
  readonly prompt: string;
}

export interface BlamelessOptions {
  /** The workshop's participants; their names as subjects are flagged. */
  readonly people?: readonly string[];
}

/** Only this much of a text is examined: a note or why-node is far shorter. */
export const MAX_TEXT_CHARS = 20_000;
/** At most this many participants, and this much of each name, are used. */
export const MAX_PEOPLE = 1_000;
export const MAX_NAME_CHARS = 200;

/** How far back (in words) the English subject search skips adverbs and auxiliaries. */
const MAX_SUBJECT_DISTANCE = 8;
/** How far back (in words) the preposition and clause-start checks look. */
const MAX_LOOKBACK = 6;

/** A word: inner apostrophes and hyphens join, nothing else does (linear, no backtracking). */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’ʼ\-‐‑][\p{L}\p{N}\p{M}]+)*/gu;
const WHOLE_WORD = /^[\p{L}\p{N}\p{M}]+(?:['’ʼ\-‐‑][\p{L}\p{N}\p{M}]+)*$/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const LETTER = /\p{L}/gu;
const CURLY_APOSTROPHE = /[’ʼ]/gu;
const UNICODE_HYPHEN = /[‐‑]/gu;
const SENTENCE_END = new Set(['.', '!', '?', ';', '…', '\n', '\r', '\u2028', '\u2029']);
const CLAUSE_END = new Set([
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  '“',
  '”',
  '„',
  '«',
  '»',
  '‹',
  '›',
  '–',
  '—',
  '-',
  '/',
  '|',
  '•',
]);

interface Token {
  readonly start: number;
  readonly end: number;
  /** Folded: lower case, NFC, ’ as ', Unicode hyphens as -. */
  readonly word: string;
  readonly sentence: number;
  readonly clause: number;
}

/** One place of a pattern: exact words or word prefixes. */
interface Step {
  readonly words: ReadonlySet<string>;
  readonly prefixes: readonly string[];
}

/** `null` stands for a gap of up to `MAX_GAP` words. */
type Pattern = readonly (Step | null)[];

interface Rule {
  readonly pattern: Pattern;
  readonly kind: 'person_blame' | 'hindsight';
  readonly needsPersonSubject: boolean;
}

/** Word sequences keyed by their last word, longest first. */
type PhraseIndex = ReadonlyMap<string, readonly (readonly string[])[]>;

interface CompiledLanguage {
  readonly table: LanguageTable;
  readonly language: BlamelessLanguage;
  readonly subjectSearch: SubjectSearch;
  /** Rules whose first place is exact words, by each of those words. */
  readonly rulesByFirstWord: ReadonlyMap<string, readonly Rule[]>;
  /** Rules whose first place has a prefix: tried at every word. */
  readonly prefixRules: readonly Rule[];
  readonly persons: PhraseIndex;
  readonly personWords: ReadonlySet<string>;
  readonly skipBeforeVerb: ReadonlySet<string>;
  readonly determiners: ReadonlySet<string>;
  readonly notSubjectAfter: ReadonlySet<string>;
  readonly conjunctions: ReadonlySet<string>;
  readonly common: ReadonlySet<string>;
}

function foldWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFC')
    .replace(CURLY_APOSTROPHE, "'")
    .replace(UNICODE_HYPHEN, '-');
}

function words(text: string): string[] {
  return Array.from(text.matchAll(WORD), (m) => foldWord(m[0]));
}

/** Words with their offsets and the sentence and clause each belongs to. */
function tokenize(text: string): Token[] {
  const examined = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let previousEnd = 0;
  for (const match of examined.matchAll(WORD)) {
    const start = match.index;
    // The characters between two words are scanned once: linear overall.
    let newSentence = false;
    let newClause = false;
    for (let i = previousEnd; i < start; i++) {
      const char = examined.charAt(i);
      if (SENTENCE_END.has(char)) newSentence = true;
      else if (CLAUSE_END.has(char)) newClause = true;
    }
    if (tokens.length > 0) {
      if (newSentence) sentence++;
      if (newSentence || newClause) clause++;
    }
    const end = start + match[0].length;
    tokens.push({ start, end, word: foldWord(match[0]), sentence, clause });
    previousEnd = end;
  }
  // A word cut by the cap is not the word that was written.
  const last = tokens.at(-1);
  if (last && last.end === MAX_TEXT_CHARS && WORD_CHAR.test(text.charAt(MAX_TEXT_CHARS))) {
    tokens.pop();
  }
  return tokens;
}

function compileStep(piece: string, pattern: string): Step {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const alternative of piece.split('|')) {
    const isPrefix = alternative.endsWith('*');
    const word = foldWord(isPrefix ? alternative.slice(0, -1) : alternative);
    if (!WHOLE_WORD.test(word) || (isPrefix && word.length < 3)) {
      throw new Error(`Blameless pattern "${pattern}": "${alternative}" is not one word.`);
    }
    if (isPrefix) prefixes.push(word);
    else words.add(word);
  }
  return { words, prefixes };
}

function compilePattern(pattern: string): Pattern {
  const steps = pattern
    .split(/\s+/u)
    .filter((piece) => piece.length > 0)
    .map((piece) => (piece === '…' || piece === '...' ? null : compileStep(piece, pattern)));
  const malformed =
    steps.length === 0 ||
    steps[0] === null ||
    steps.at(-1) === null ||
    steps.some((step, i) => step === null && steps[i + 1] === null);
  if (malformed) throw new Error(`Blameless pattern "${pattern}": a gap must stand between words.`);
  return steps;
}

/** Sequences keyed by last word, longest first, duplicates removed. */
function indexPhrases(sequences: Iterable<readonly string[]>): PhraseIndex {
  const index = new Map<string, (readonly string[])[]>();
  const seen = new Set<string>();
  for (const sequence of sequences) {
    const last = sequence.at(-1);
    const key = sequence.join('\u0000');
    if (last === undefined || seen.has(key)) continue;
    seen.add(key);
    const list = index.get(last) ?? [];
    list.push(sequence);
    index.set(last, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  return index;
}

function foldedSet(list: readonly string[]): ReadonlySet<string> {
  return new Set(list.map(foldWord));
}

function compileLanguage(table: LanguageTable): CompiledLanguage {
  const rules: Rule[] = [
    ...table.alwaysBlame.map((p) => ({ p, kind: 'person_blame' as const, needs: false })),
    ...table.alwaysHindsight.map((p) => ({ p, kind: 'hindsight' as const, needs: false })),
    ...table.blameIfPerson.map((p) => ({ p, kind: 'person_blame' as const, needs: true })),
    ...table.hindsightIfPerson.map((p) => ({ p, kind: 'hindsight' as const, needs: true })),
  ].map(({ p, kind, needs }) => ({
    pattern: compilePattern(p),
    kind,
    needsPersonSubject: needs,
  }));
  const rulesByFirstWord = new Map<string, Rule[]>();
  const prefixRules: Rule[] = [];
  for (const rule of rules) {
    const first = rule.pattern[0];
    if (!first) continue;
    if (first.prefixes.length > 0) {
      prefixRules.push(rule);
      continue;
    }
    for (const word of first.words) {
      const list = rulesByFirstWord.get(word) ?? [];
      list.push(rule);
      rulesByFirstWord.set(word, list);
    }
  }
  const personSequences = table.persons.map(words);
  return {
    table,
    language: table.language,
    subjectSearch: table.subjectSearch,
    rulesByFirstWord,
    prefixRules,
    persons: indexPhrases(personSequences),
    personWords: new Set(personSequences.filter((s) => s.length === 1).flat()),
    skipBeforeVerb: foldedSet(table.skipBeforeVerb),
    determiners: foldedSet(table.determiners),
    notSubjectAfter: foldedSet(table.notSubjectAfter),
    conjunctions: foldedSet(table.conjunctions),
    common: foldedSet(table.common),
  };
}

const COMPILED: readonly CompiledLanguage[] = LANGUAGES.map(compileLanguage);
const FALLBACK = COMPILED[0];
const PROMPTS = new Map(COMPILED.map((c) => [c.language, c.table.prompts]));
/** Words that may stand before a name that starts a clause, in any language. */
const LEAD_INS: ReadonlySet<string> = new Set(
  COMPILED.flatMap((c) => c.table.leadIns.map(foldWord)),
);
const CONJUNCTIONS: ReadonlySet<string> = new Set(COMPILED.flatMap((c) => [...c.conjunctions]));
/** Parts of a name that are function words ("van der", "So") would match everywhere. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  COMPILED.flatMap((c) => [
    ...c.skipBeforeVerb,
    ...c.determiners,
    ...c.notSubjectAfter,
    ...c.conjunctions,
    ...c.common,
    ...c.table.leadIns.map(foldWord),
  ]),
);

interface Names {
  readonly index: PhraseIndex;
  readonly words: ReadonlySet<string>;
}

function letterCount(word: string): number {
  return word.match(LETTER)?.length ?? 0;
}

/** The last participant list compiled: a UI checks every keystroke against the same people. */
let lastNames: { readonly key: string; readonly names: Names } | undefined;

/**
 * Each name part of two or more letters, and the whole name as a sequence.
 * Names are only ever compared as words, so any string is safe here.
 */
function compileNames(people: readonly string[]): Names {
  const used = people.slice(0, MAX_PEOPLE).map((name) => name.slice(0, MAX_NAME_CHARS));
  const key = JSON.stringify(used);
  if (lastNames?.key === key) return lastNames.names;
  const sequences: (readonly string[])[] = [];
  for (const name of used) {
    const parts = words(name);
    const usable = parts.filter((part) => letterCount(part) >= 2 && !FUNCTION_WORDS.has(part));
    for (const part of usable) sequences.push([part]);
    if (usable.length > 0 && parts.length > 1) sequences.push(parts);
  }
  const names = {
    index: indexPhrases(sequences),
    words: new Set(sequences.filter((s) => s.length === 1).flat()),
  };
  lastNames = { key, names };
  return names;
}

/** Where the longest sequence of `index` that ends at word `j` (in one clause) starts, or -1. */
function sequenceStart(index: PhraseIndex, tokens: readonly Token[], j: number): number {
  const last = tokens[j];
  if (!last) return -1;
  for (const sequence of index.get(last.word) ?? []) {
    const start = j - sequence.length + 1;
    const fits = sequence.every((word, k) => {
      const token = tokens[start + k];
      return token !== undefined && token.word === word && token.clause === last.clause;
    });
    if (fits) return start;
  }
  return -1;
}

function stepMatches(step: Step, word: string): boolean {
  return step.words.has(word) || step.prefixes.some((prefix) => word.startsWith(prefix));
}

/** The last word of a match of `pattern` from place `p` at word `t`, or -1. Shortest gaps first. */
function matchFrom(
  pattern: Pattern,
  p: number,
  tokens: readonly Token[],
  t: number,
  clause: number,
  conjunctions: ReadonlySet<string>,
): number {
  const step = pattern[p];
  const token = tokens[t];
  if (!step || !token || token.clause !== clause || !stepMatches(step, token.word)) return -1;
  if (p === pattern.length - 1) return t;
  if (pattern[p + 1] !== null)
    return matchFrom(pattern, p + 1, tokens, t + 1, clause, conjunctions);
  for (let gap = 0; gap <= MAX_GAP; gap++) {
    const found = matchFrom(pattern, p + 2, tokens, t + 1 + gap, clause, conjunctions);
    if (found >= 0) return found;
    const skipped = tokens[t + 1 + gap];
    if (!skipped || skipped.clause !== clause || conjunctions.has(skipped.word)) break;
  }
  return -1;
}

/**
 * Whether a person word starting at `start` stands where a subject can: not
 * right after a preposition or oblique article (skipping determiners, other
 * person words and up to `modifierSlots` other words).
 */
function inSubjectPosition(
  lang: CompiledLanguage,
  names: Names,
  tokens: readonly Token[],
  start: number,
): boolean {
  const clause = tokens[start]?.clause;
  let slots = lang.table.modifierSlots;
  for (let j = start - 1; j >= Math.max(0, start - MAX_LOOKBACK); j--) {
    const token = tokens[j];
    if (!token || token.clause !== clause) return true;
    const word = token.word;
    if (lang.determiners.has(word) || lang.personWords.has(word) || names.words.has(word)) continue;
    if (lang.notSubjectAfter.has(word)) return false;
    if (slots === 0) return true;
    slots--;
  }
  return true;
}

/** Per word: does a person (of this language, or a participant) that can be a subject end here? */
function personSubjects(
  lang: CompiledLanguage,
  names: Names,
  tokens: readonly Token[],
): readonly boolean[] {
  return tokens.map((_, j) => {
    const starts = [sequenceStart(lang.persons, tokens, j), sequenceStart(names.index, tokens, j)];
    const start = Math.min(...starts.filter((s) => s >= 0));
    return Number.isFinite(start) && inSubjectPosition(lang, names, tokens, start);
  });
}

interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly kind: FindingKind;
  readonly language: BlamelessLanguage;
}

function languageFindings(
  lang: CompiledLanguage,
  names: Names,
  tokens: readonly Token[],
): Candidate[] {
  const subjectAt = personSubjects(lang, names, tokens);
  // For the clause search: has a subject person appeared in this clause up to word i?
  const subjectSoFar: boolean[] = [];
  tokens.forEach((token, i) => {
    const sameClause = tokens[i - 1]?.clause === token.clause;
    subjectSoFar.push((subjectAt[i] ?? false) || (sameClause && (subjectSoFar[i - 1] ?? false)));
  });
  const adjacentSubject = (first: number): boolean => {
    const sentence = tokens[first]?.sentence;
    for (let j = first - 1; j >= Math.max(0, first - MAX_SUBJECT_DISTANCE); j--) {
      const token = tokens[j];
      if (!token || token.sentence !== sentence) return false;
      if (!lang.skipBeforeVerb.has(token.word)) return subjectAt[j] ?? false;
    }
    return false;
  };

  const found: Candidate[] = [];
  tokens.forEach((token, i) => {
    const rules = [...(lang.rulesByFirstWord.get(token.word) ?? []), ...lang.prefixRules];
    for (const rule of rules) {
      const last = matchFrom(rule.pattern, 0, tokens, i, token.clause, lang.conjunctions);
      if (last < 0) continue;
      if (rule.needsPersonSubject) {
        const person =
          lang.subjectSearch === 'adjacent' ? adjacentSubject(i) : (subjectSoFar[last] ?? false);
        if (!person) continue;
      }
      const end = tokens[last]?.end ?? token.end;
      found.push({ start: token.start, end, kind: rule.kind, language: lang.language });
    }
  });
  return found;
}

/** A name that starts a clause and has something after it: the clause is about that person. */
function nameSubjectFindings(
  names: Names,
  tokens: readonly Token[],
  language: BlamelessLanguage,
): Candidate[] {
  const found: Candidate[] = [];
  tokens.forEach((token, j) => {
    const start = sequenceStart(names.index, tokens, j);
    const first = tokens[start];
    if (!first || tokens[j + 1]?.clause !== token.clause) return;
    for (let k = start - 1; k >= start - MAX_LOOKBACK; k--) {
      const before = tokens[k];
      if (!before || before.clause !== token.clause || CONJUNCTIONS.has(before.word)) break;
      if (!LEAD_INS.has(before.word)) return;
      if (k === start - MAX_LOOKBACK) return;
    }
    found.push({ start: first.start, end: token.end, kind: 'person_subject', language });
  });
  return found;
}

/** The language whose frequent words the text uses most; the first table on a tie. */
function guessLanguage(tokens: readonly Token[]): BlamelessLanguage {
  let best = FALLBACK;
  let bestCount = 0;
  for (const lang of COMPILED) {
    const count = tokens.reduce((n, token) => n + (lang.common.has(token.word) ? 1 : 0), 0);
    if (count > bestCount) {
      best = lang;
      bestCount = count;
    }
  }
  return best?.language ?? 'en';
}

/**
 * Findings sorted by start, overlapping ones merged into one span ("hat nicht"
 * and "nicht aufgepasst" highlight "hat nicht aufgepasst") that keeps the kind
 * and language of the earliest (then longest) of them.
 */
function mergeOverlaps(candidates: readonly Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Candidate[] = [];
  for (const candidate of sorted) {
    const previous = merged.at(-1);
    if (previous && candidate.start < previous.end) {
      merged[merged.length - 1] = { ...previous, end: Math.max(previous.end, candidate.end) };
    } else {
      merged.push(candidate);
    }
  }
  return merged;
}

/** Every place in `text` where the analysis stops at a person; see the module comment. */
export function checkBlameless(
  text: string,
  options: BlamelessOptions = {},
): readonly BlamelessFinding[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const names = compileNames(options.people ?? []);
  const candidates = COMPILED.flatMap((lang) => languageFindings(lang, names, tokens));
  if (names.index.size > 0) {
    candidates.push(...nameSubjectFindings(names, tokens, guessLanguage(tokens)));
  }
  return mergeOverlaps(candidates).map((c) => ({
    start: c.start,
    end: c.end,
    phrase: text.slice(c.start, c.end),
    kind: c.kind,
    language: c.language,
    prompt: PROMPTS.get(c.language)?.[c.kind] ?? '',
  }));
}

/** The first finding's prompt, or null: what a UI shows in one line. */
export function blamelessPrompt(text: string, options?: BlamelessOptions): string | null {
  return checkBlameless(text, options)[0]?.prompt ?? null;
}
