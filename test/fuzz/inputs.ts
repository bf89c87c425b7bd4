/**
 * What people (and broken clients) really send, as fast-check generators shared by the fuzz
 * suites: text from every Unicode plane, lone surrogates and control characters, platform
 * mention markup for people who do not exist, dates that do not exist, injection attempts, and
 * payloads that look like a platform's but carry the wrong types or miss fields. Kept in one
 * place so every parser, the whole bot and the HTTP edge face the same hostile inputs.
 */
import fc from 'fast-check';

/** Characters that break naive code: NUL, bidi overrides, joiners, BOM, lone surrogate halves. */
export const nastyCharacters = [
  '\u0000', '\u0007', '\u001b', '\u007f', '\u202e', '\u200f', '\u200e', '\u2066', '\u200d', '\u200b', '\ufeff',
  '\ud800', '\udfff', '\ud83d', '\u2028', '\u2029', '\r\n', '\t', '\u00a0', '\u3000', '\uffff', '\u{10ffff}', '\u{e0001}',
];

/** Mentions of nobody, channel-wide pings, and both platforms' markup, well-formed or not. */
export const mentions = [
  '<@U0NOBODY>', '<@U0NOBODY|Nobody At All>', '<@W0NOBODY>', '<!channel>', '<!here>', '<!everyone>', '<!subteam^S0X|@team>',
  '<#C1|x>', '<#C0GENERAL>', '<@', '<@>', '<@|>', '<@U0NOBODY', '<at>Nobody</at>', '<at>Hearth</at>', '<at></at>', '<at>',
  '@nobody', '@', 'nobody@example.com', 'ana.souza@example.com', 'sofia.reyes@example.com', 'Ana Souza', '"Ana Souza"',
  '<mailto:x@example.com|x@example.com>', '<https://evil.example|click>',
];

/** Dates, times and months that do not exist, or barely do. */
export const impossibleDates = [
  '2027-02-30', '2026-13-01', '2026-00-10', '2026-02-29', '2028-02-29', '0000-00-00', '9999-12-31', '1969-12-31', '2026-1-1',
  '25:61', '24:00', '-1:00', '12:60', '00:00', '23:59', '12:00-11:00', '99:99-00:00', '2026-12-25T25:00',
  'month:2026-00', 'month:2026-13', 'month:0000-01', 'month:2026-1', 'month:', 'due:2027-02-30', 'until:2026-13-01',
  'day:xyz', 'day:', 'time:25:61', 'time:', 'quiet:25:00-99:00', 'breaks:12:30-', 'breaks:,,', 'quarter:2026-Q5',
  'every:0', 'every:-1', 'every:1e309', 'size:0', 'size:NaN', 'count:99999999999', 'questions:0', 'open:-5h', 'open:1e9h',
  'rounds:-1', 'rounds:Infinity', '1e309', 'NaN', '-0', '0x1F', '１２３４.５０', '¥1234', '1,234.50', '1234,5', '-1234.50',
  '99999999999999999999999', '0.001', '.', '12', '0', '#12', 'Q-1',
];

/** SQL, HTML, Slack mrkdwn, Adaptive Card JSON, template and replacement-pattern injections. */
export const injections = [
  "'; DROP TABLE \"Member\"; --", "' OR '1'='1", '"; DELETE FROM Member; --', 'Robert\'); DROP TABLE Students;--',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '</at><at>', '*bold* _it_ ~s~ `code` ```block```', '> quote',
  '{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"pwned"}]}', '"}]}', '{"hearth":{"action":"x"}}', '[link](javascript:alert(1))',
  '${7*7}', '{{7*7}}', '{name}', '{ref}', '$&', "$'", '$`', '$1', '%s%s%n', '%00', '../../etc/passwd', '\\', '\\u0000', '&lt;!channel&gt;',
  '&amp;', '&nbsp;', '__proto__:x', 'constructor:x', 'toString:x', 'hasOwnProperty:x', 'valueOf:', 'team:all', 'team:"Support A"',
  'team:__proto__', 'paid-by:<@U0NOBODY>', '+@walk-in', '-@no-show', 'owner:<!channel>', 'reason:"<!here>"', 'place:"<script>"',
  'help', 'HELP', '/hearth', '//', ':', '::', 'a:b:c', '"', '“', '「', "'", '‘unclosed', '“closed”', '『』', '""', "''",
];

/** Words the commands do understand, so hostile pieces also reach the code behind a valid start. */
export const validWords = [
  'list', 'add', 'remove', 'schedule', 'cancel', 'now', 'stop', 'status', 'results', 'join', 'skip', 'pause', 'until', 'resume',
  'leave', 'avoid', 'unavoid', 'history', 'plan', 'who', 'split', 'settle', 'bill', 'swap', 'reflect', 'anonymous', 'review',
  'adopt', 'implement', 'decline', 'stats', 'mine', 'values', 'leaderboard', 'preview', 'for', 'weekly', 'fri', 'wed', '16:00',
  '19:00', '2026-12-18', '2026-12-25', '2027-01-10', 'manager-for-a-day', 'agent-for-a-day', 'day:wed', 'time:12:00', 'every:2',
  'size:4', 'month:2026-12', 'month:2027-01', 'count:2', 'questions:3', 'open:72h', 'rounds:4', 'quarter:2026-Q4', 'team:Billing',
  'owner:ana.souza@example.com', 'due:2027-01-31', 'paid-by:sofia.reyes@example.com', '+chloe.martin@example.com', '1234.50', '1',
  '2', 'customer hero', 'great idea', '"Winter hotpot"', 'place:"Canteen"', 'quiet:20:00-08:00', 'breaks:12:30-13:00', 'Christmas',
];

const fragments = [...nastyCharacters, ...mentions, ...impossibleDates, ...injections];

/** A lone UTF-16 surrogate half, which no valid string holds and which encoders choke on. */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** One word-ish piece of hostile input. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...fragments) },
  { weight: 4, arbitrary: fc.constantFrom(...validWords) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: loneSurrogate, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...nastyCharacters), maxLength: 4 }) },
);

/** Arguments to a command: hostile pieces, usually separated by spaces, sometimes glued together. */
export const argumentText: fc.Arbitrary<string> = fc
  .array(fc.tuple(fragment, fc.constantFrom(' ', ' ', ' ', '', '\n', ':', '  ')), { maxLength: 8 })
  .map((parts) => parts.map(([piece, gap]) => piece + gap).join('').trimEnd());

/** Text of about `min`..`max` UTF-16 units: a hostile piece repeated, cut anywhere (even inside a surrogate pair). */
export function oversized(min = 4_001, max = 100_000): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...fragments, 'x', '表', '😀', '👩‍👩‍👧'), fc.integer({ min, max })).map(([piece, length]) =>
    piece.repeat(Math.ceil(length / piece.length)).slice(0, length),
  );
}

/** Anything a person might type: mostly hostile arguments, sometimes raw Unicode, sometimes 100 KB. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: argumentText },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ unit: loneSurrogate }) },
  { weight: 1, arbitrary: oversized() },
);

/** A value of the wrong type where a string was expected (or the right type, now and then). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  anyText,
  fc.constantFrom(null, undefined, true, false, 0, -1, 1e309, Number.NaN, '', [], {}, ['a'], { id: 'x' }),
  fc.jsonValue({ maxDepth: 2 }),
);

/**
 * An object shaped like `shape` (each key's usual value) where any key may be missing, replaced
 * by a value of the wrong type, or kept: "structurally plausible, wrongly typed".
 */
export function plausible(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, usual]) => [key, fc.oneof({ weight: 3, arbitrary: usual }, { weight: 1, arbitrary: wrongType })]),
  );
  return fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 8 }), wrongType, { maxKeys: 2 })).map(
    ([known, extra]) => ({ ...extra, ...known }),
  );
}

/** Whatever arrives as a JSON body: any JSON, any JS value, or something plausible. */
export function anyBody(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: fc.json().map((j) => JSON.parse(j) as unknown) }, { weight: 1, arbitrary: fc.anything() });
}
