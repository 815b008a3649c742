/**
 * The blameless-language check: what ends the analysis at a person is flagged,
 * technical language about systems is not, and hostile names or huge texts
 * neither break it nor slow it down.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_TEXT_CHARS,
  blamelessPrompt,
  checkBlameless,
  type BlamelessFinding,
  type BlamelessOptions,
  type FindingKind,
} from '../../../shared/blameless/blameless.js';
import { ENGLISH, GERMAN, LANGUAGES } from '../../../shared/blameless/phrases.js';

/** The findings as [phrase, kind, language], the part most tests are about. */
function summary(text: string, options?: BlamelessOptions): [string, FindingKind, string][] {
  return checkBlameless(text, options).map((f) => [f.phrase, f.kind, f.language]);
}

function expectWellFormed(text: string, findings: readonly BlamelessFinding[]): void {
  let previousEnd = 0;
  for (const finding of findings) {
    expect(finding.start).toBeGreaterThanOrEqual(previousEnd);
    expect(finding.end).toBeGreaterThan(finding.start);
    expect(finding.phrase).toBe(text.slice(finding.start, finding.end));
    expect(finding.prompt.length).toBeGreaterThan(0);
    previousEnd = finding.end;
  }
}

describe('phrases that can only be about people are always flagged (English)', () => {
  it.each<[string, string, FindingKind]>([
    ['Root cause: human error', 'human error', 'person_blame'],
    ['HUMAN ERROR!!!', 'HUMAN ERROR', 'person_blame'],
    ['Classic human-error incident', 'human-error', 'person_blame'],
    ['Operator mistake during the failover.', 'Operator mistake', 'person_blame'],
    ['operator error', 'operator error', 'person_blame'],
    ['The change was careless', 'careless', 'person_blame'],
    ['Carelessness.', 'Carelessness', 'person_blame'],
    ['Deploying on a Friday was negligent', 'negligent', 'person_blame'],
    ['Someone forgot to renew the certificate', 'forgot', 'person_blame'],
    ['The renewal was forgotten', 'was forgotten', 'person_blame'],
    ['He was not paying attention', 'not paying attention', 'person_blame'],
    ['He wasn’t paying attention', 'wasn’t paying attention', 'person_blame'],
    ['Lack of attention during the rollout', 'Lack of attention', 'person_blame'],
    ['The command was fat-fingered', 'fat-fingered', 'person_blame'],
    ['Nobody noticed the disk filling up', 'Nobody noticed', 'person_blame'],
    ['They should have known better', 'should have known', 'hindsight'],
    ['Anyone should’ve known that', 'should’ve known', 'hindsight'],
  ])('%j flags %j', (text, phrase, kind) => {
    expect(summary(text)).toEqual([[phrase, kind, 'en']]);
  });
});

describe('verbs that apply to systems too are flagged with a person subject (English)', () => {
  it.each<[string, string, FindingKind]>([
    ['The engineer failed to check the dashboard', 'failed to', 'person_blame'],
    ['THE ENGINEER FAILED TO CHECK THE DASHBOARD', 'FAILED TO', 'person_blame'],
    ['The on-call didn’t acknowledge the page', 'didn’t', 'person_blame'],
    ["The on-call didn't acknowledge the page", "didn't", 'person_blame'],
    ['We did not test the rollback.', 'did not', 'person_blame'],
    ['She missed the alert', 'missed', 'person_blame'],
    ['The operator ignored the warning', 'ignored', 'person_blame'],
    ['The DBA neglected to rotate the keys', 'neglected', 'person_blame'],
    ['The engineer on call simply missed the page', 'missed', 'person_blame'],
    ['They all missed the page', 'missed', 'person_blame'],
    ['The developers had repeatedly ignored the warning', 'ignored', 'person_blame'],
    ['It was the team member who failed to escalate', 'failed to', 'person_blame'],
    ['After the deploy, the admin overlooked the error budget', 'overlooked', 'person_blame'],
    ['I forget to check that every time', 'forget', 'person_blame'],
    ['We should have caught this earlier', 'should have', 'hindsight'],
    ['You should’ve rolled back', 'should’ve', 'hindsight'],
    ['The SRE shouldn’t have restarted the primary', 'shouldn’t have', 'hindsight'],
  ])('%j flags %j', (text, phrase, kind) => {
    expect(summary(text)).toEqual([[phrase, kind, 'en']]);
  });
});

describe('technical language is not flagged (English)', () => {
  it.each([
    'the alert was a false positive',
    'the health check failed to connect',
    'The health check failed to connect to the database.',
    'the retry should have backed off',
    'the job did not run',
    'The job didn’t run',
    'the cache missed',
    'cache misses increased after the deploy',
    'the parser ignored the unknown field',
    'the scheduler neglected low-priority jobs',
    'the cache forgets entries after a minute',
    'The load balancer overlooked the draining node',
    'The deploy could have been worse',
    'We noticed the job did not run',
    'We saw that the health check failed to connect',
    'The page to the on-call engineer did not arrive',
    'The escalation for the DBA did not fire',
    "The engineer's script failed to connect",
    'Ignore the flaky alert',
    'an unforgettable outage',
    'The Forgotten-Passwords service timed out',
    'The Forgotten Passwords service timed out',
    'Was it human? Error logs say no.',
    'careful rollout, no errors',
  ])('%j', (text) => {
    expect(checkBlameless(text)).toEqual([]);
  });
});

describe('German', () => {
  it.each<[string, string, FindingKind]>([
    ['Ursache: menschliches Versagen', 'menschliches Versagen', 'person_blame'],
    [
      'Aufgrund menschlichen Versagens fiel der Dienst aus',
      'menschlichen Versagens',
      'person_blame',
    ],
    ['Bedienfehler beim Failover', 'Bedienfehler', 'person_blame'],
    ['Unachtsamkeit', 'Unachtsamkeit', 'person_blame'],
    ['Das war unachtsam.', 'unachtsam', 'person_blame'],
    ['FAHRLÄSSIG gehandelt', 'FAHRLÄSSIG', 'person_blame'],
    ['fahrla\u0308ssig (NFD)', 'fahrla\u0308ssig', 'person_blame'],
    ['Die Prüfung war nachlässig', 'nachlässig', 'person_blame'],
    ['Der Kollege hat das Zertifikat vergessen', 'hat das Zertifikat vergessen', 'person_blame'],
    ['Das Zertifikat wurde vergessen', 'wurde vergessen', 'person_blame'],
    ['Er vergaß die Verlängerung', 'vergaß', 'person_blame'],
    ['ER VERGAẞ DIE VERLÄNGERUNG', 'VERGAẞ', 'person_blame'],
    ['Er vergass die Verlängerung', 'vergass', 'person_blame'],
    ['Wir vergessen das regelmäßig', 'vergessen', 'person_blame'],
    ['Er hat nicht aufgepasst', 'hat nicht aufgepasst', 'person_blame'],
    ['Der Mitarbeiter hat den Alarm nicht gesehen', 'hat den Alarm nicht', 'person_blame'],
    [
      'Gestern hat der Mitarbeiter den Alarm nicht gesehen',
      'hat der Mitarbeiter den Alarm nicht',
      'person_blame',
    ],
    ['Weil er den Alarm nicht gesehen hat', 'nicht gesehen hat', 'person_blame'],
    ['Wir haben keine Tests geschrieben', 'haben keine', 'person_blame'],
    ['Der Mitarbeiter hat versäumt, das Backup zu prüfen', 'versäumt', 'person_blame'],
    ['Die Kollegin übersah die Warnung', 'übersah', 'person_blame'],
    ['Niemand hat den Alarm bemerkt', 'Niemand hat den Alarm bemerkt', 'person_blame'],
    ['Er hätte das merken müssen', 'hätte das merken müssen', 'hindsight'],
    ['Das Team hätte es besser wissen müssen', 'hätte es besser wissen müssen', 'hindsight'],
    ['Wir hätten früher zurückrollen sollen', 'hätten früher zurückrollen sollen', 'hindsight'],
  ])('%j flags %j', (text, phrase, kind) => {
    expect(summary(text)).toEqual([[phrase, kind, 'de']]);
  });

  it.each([
    'Der Health-Check konnte keine Verbindung aufbauen',
    'Der Alarm war ein Fehlalarm',
    'Der Job ist nicht gelaufen',
    'Der Job hat nicht funktioniert',
    'Wir haben bemerkt, dass der Job nicht gelaufen ist',
    'Der Alarm hat den Mitarbeiter nicht erreicht',
    'Die Eskalation hat den zuständigen Kollegen nicht erreicht',
    'Der Retry hätte zurückweichen sollen',
    'Das Versagen des Netzteils führte zum Ausfall',
    'Der Cache vergisst Einträge nach einer Minute',
    'Ein unvergessener Ausfall',
    'Der Vergaser ist defekt',
    'Der Job lief nicht und der Kollege hat neu gestartet',
  ])('does not flag %j', (text) => {
    expect(checkBlameless(text)).toEqual([]);
  });
});

describe("participants' names", () => {
  const people = ['Dana Whitfield', 'Sam'];

  it.each<[string, string]>([
    ['Dana restarted the wrong node', 'Dana'],
    ['dana restarted the wrong node', 'dana'],
    ['Whitfield restarted the wrong node', 'Whitfield'],
    ['Dana Whitfield restarted the wrong node', 'Dana Whitfield'],
    ['Because Dana restarted the wrong node', 'Dana'],
    ['After the deploy, Dana restarted the wrong node', 'Dana'],
    ['Then Dana restarted the wrong node', 'Dana'],
    ['We paged Sam and Dana restarted the node', 'Dana'],
    ['Dana: restarted the wrong node', 'Dana'],
  ])('%j names %j as the subject', (text, phrase) => {
    expect(summary(text, { people })).toEqual([[phrase, 'person_subject', 'en']]);
  });

  it.each([
    'We asked Dana to restart the node',
    'The node was restarted by Dana',
    'The runbook was written with Dana and Sam',
    "Dana's script restarted the node",
    'Danaher restarted the node',
    'Samsung drives restarted the node',
  ])('%j does not make a participant the subject', (text) => {
    expect(checkBlameless(text, { people })).toEqual([]);
  });

  it('needs the participant list: without it a name is just a word', () => {
    expect(checkBlameless('Dana restarted the wrong node')).toEqual([]);
  });

  it('makes a participant the subject of verbs that apply to systems too', () => {
    expect(summary('Yesterday at noon Dana failed to restart the node', { people })).toEqual([
      ['failed to', 'person_blame', 'en'],
    ]);
    expect(summary('Dana failed to restart the node', { people })).toEqual([
      ['Dana', 'person_subject', 'en'],
      ['failed to', 'person_blame', 'en'],
    ]);
  });

  it('uses the language of the text for a name', () => {
    const findings = checkBlameless('Dann hat Dana den falschen Knoten neu gestartet', {
      people: ['Dana'],
    });
    expect(findings.map((f) => [f.phrase, f.kind, f.language])).toEqual([
      ['Dana', 'person_subject', 'de'],
    ]);
    expect(findings[0]?.prompt).toBe(GERMAN.prompts.person_subject);
  });

  it('merges a name into the German verb bracket around it', () => {
    expect(summary('Gestern hat Dana den Alarm nicht gesehen', { people: ['Dana'] })).toEqual([
      ['hat Dana den Alarm nicht', 'person_blame', 'de'],
    ]);
  });

  it('ignores name parts shorter than two letters, and counts two', () => {
    expect(checkBlameless('J restarted the node', { people: ['J'] })).toEqual([]);
    expect(summary('Smith restarted the node', { people: ['J. Smith'] })).toEqual([
      ['Smith', 'person_subject', 'en'],
    ]);
    expect(summary('Al restarted the node', { people: ['Al'] })).toEqual([
      ['Al', 'person_subject', 'en'],
    ]);
  });

  it('ignores name parts that are function words', () => {
    expect(checkBlameless('So the job restarted', { people: ['So Yeon'] })).toEqual([]);
    expect(summary('Yeon restarted the job', { people: ['So Yeon'] })).toEqual([
      ['Yeon', 'person_subject', 'en'],
    ]);
  });

  it('treats hostile names as plain words: no exception, no over-matching', () => {
    const hostile = [
      '.*',
      '(',
      ')',
      '[a-z]+',
      '\\',
      '$&',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      '',
      '   ',
      '\u0000',
      'A',
      'x',
      '?',
      '|',
    ];
    for (const text of [
      'The node restarted and the cache warmed up (again).',
      'x restarted the node',
      'A restarted the node',
      '(restarted) the node .* [abc]',
      'toString restarted the node',
    ]) {
      expect(checkBlameless(text, { people: hostile })).toEqual([]);
    }
    expect(checkBlameless('The engineer failed to check', { people: hostile })).toHaveLength(1);
  });

  it('does not read Object.prototype as a table of person words', () => {
    expect(checkBlameless('constructor failed to start; toString did not run')).toEqual([]);
    expect(checkBlameless('__proto__ failed to start')).toEqual([]);
  });

  it('copes with thousands of participants', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `Person${i} Name${i}`);
    expect(summary('Name7 restarted the node', { people: many })).toEqual([
      ['Name7', 'person_subject', 'en'],
    ]);
  });
});

describe('findings', () => {
  it('carry UTF-16 offsets of the words as written', () => {
    const text = '🔥 Root cause: Human Error, again.';
    const [finding] = checkBlameless(text);
    expect(finding).toMatchObject({ start: 15, end: 26, phrase: 'Human Error' });
  });

  it('are sorted by start across both languages, without overlaps', () => {
    const text =
      'Das war fahrlässig. The engineer failed to check, and we should have known. Er hat nicht aufgepasst.';
    const findings = checkBlameless(text);
    expect(findings.map((f) => [f.phrase, f.language])).toEqual([
      ['fahrlässig', 'de'],
      ['failed to', 'en'],
      ['should have known', 'en'],
      ['hat nicht aufgepasst', 'de'],
    ]);
    expectWellFormed(text, findings);
  });

  it('keep the longer phrase where a shorter one starts at the same word', () => {
    expect(summary('We should have known')).toEqual([['should have known', 'hindsight', 'en']]);
  });

  it('are well formed for any mix of blaming and technical fragments', () => {
    const fragments = [
      'human error',
      'The engineer failed to',
      'the job did not run',
      'Dana',
      'restarted',
      'hat',
      'nicht',
      'der Mitarbeiter',
      'hätte',
      'sollen',
      'should have',
      'we',
      ', ',
      '. ',
      '\n',
      '(',
      '’',
      '-',
      'ß',
      '🔥',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 30 }), (parts) => {
        const text = parts.join(' ');
        expectWellFormed(text, checkBlameless(text, { people: ['Dana Whitfield'] }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('prompts', () => {
  it('are in the language of the match, one per kind', () => {
    const [english] = checkBlameless('human error');
    const [german] = checkBlameless('menschliches Versagen');
    const [hindsight] = checkBlameless('We should have caught this');
    expect(english?.prompt).toBe(ENGLISH.prompts.person_blame);
    expect(german?.prompt).toBe(GERMAN.prompts.person_blame);
    expect(hindsight?.prompt).toBe(ENGLISH.prompts.hindsight);
    expect(english?.prompt).toBe(
      'This stops at a person. What made this the easy thing to do, or let it go unnoticed?',
    );
  });

  it('exist for every kind in every language, and differ by kind', () => {
    expect(new Set(LANGUAGES.map((l) => l.language)).size).toBe(LANGUAGES.length);
    for (const table of LANGUAGES) {
      const prompts = Object.values(table.prompts);
      expect(Object.keys(table.prompts).sort()).toEqual([
        'hindsight',
        'person_blame',
        'person_subject',
      ]);
      expect(new Set(prompts).size).toBe(3);
      for (const prompt of prompts) expect(prompt).toMatch(/\?$/u);
    }
  });

  it('blamelessPrompt gives the first finding’s prompt, or null', () => {
    expect(blamelessPrompt('The retry should have backed off')).toBeNull();
    expect(blamelessPrompt('')).toBeNull();
    expect(blamelessPrompt('We should have known. It was human error.')).toBe(
      ENGLISH.prompts.hindsight,
    );
    expect(blamelessPrompt('Dana restarted the node', { people: ['Dana'] })).toBe(
      ENGLISH.prompts.person_subject,
    );
  });
});

describe('huge and hostile texts', () => {
  it('examines only the first MAX_TEXT_CHARS characters', () => {
    const filler = 'the node restarted. ';
    const early = 'human error. ' + filler.repeat(2_000);
    const late = filler.repeat(2_000) + 'human error.';
    expect(late.indexOf('human error')).toBeGreaterThan(MAX_TEXT_CHARS);
    expect(checkBlameless(early)).toHaveLength(1);
    expect(checkBlameless(late)).toEqual([]);
  });

  it('does not read a word cut by the cap as a shorter word', () => {
    const text = ' '.repeat(MAX_TEXT_CHARS - 'careless'.length) + 'carelessly';
    expect(checkBlameless(text)).toEqual([]);
    expect(checkBlameless(text.slice(0, MAX_TEXT_CHARS))).toHaveLength(1);
  });

  it.each<[string, string]>([
    ['a megabyte of one letter', 'a'.repeat(1_000_000)],
    ['a megabyte of blame', 'The engineer failed to check. '.repeat(35_000)],
    ['a megabyte of German brackets', 'hat '.repeat(250_000) + 'nicht'],
    ['a megabyte of hyphens and apostrophes', "a-'".repeat(350_000)],
    ['a megabyte of punctuation', ',.;'.repeat(350_000)],
    ['a megabyte of one clause', 'the '.repeat(250_000) + 'engineer failed to'],
  ])('returns quickly for %s', (_, text) => {
    const started = performance.now();
    const findings = checkBlameless(text, { people: ['Dana Whitfield', '.*'] });
    expect(performance.now() - started).toBeLessThan(1_000);
    for (const finding of findings) expect(finding.end).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });

  it('returns nothing for empty or word-less text', () => {
    expect(checkBlameless('')).toEqual([]);
    expect(checkBlameless('   \n\t  ...!?')).toEqual([]);
    expect(checkBlameless('🔥🔥🔥')).toEqual([]);
  });
});
