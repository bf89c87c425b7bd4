/**
 * The question bank for anonymous pulse surveys, and which questions a round asks. Pure: the
 * scheduler passes a team's round number, so a retried send asks exactly the same questions.
 *
 * A short pulse only stays worth answering if it keeps moving: each round picks up the topics
 * where the last one stopped, so every topic keeps coming round without anyone answering the same
 * statement week after week. eNPS moves slowly, so it is asked every fourth round (monthly for a
 * weekly pulse); asking it more often just trains people to press the same number.
 */
import type { Locale } from '../../core/i18n/index.ts';

/** agree5: 1 (strongly disagree) to 5 (strongly agree); enps: 0 to 10. */
export type QuestionScale = 'agree5' | 'enps';
export type Topic = 'workload' | 'heard' | 'support' | 'pride' | 'stay' | 'enps';

export interface Question {
  /** Stable across releases: answers are stored against it, so never reuse one for other wording. */
  id: string;
  topic: Topic;
  scale: QuestionScale;
  text: Record<Locale, string>;
}

/** The topics that take turns; eNPS has its own cadence. Each needs at least two questions (see `nthTopicQuestion`). */
const rotatingTopics = ['workload', 'heard', 'support', 'pride', 'stay'] as const satisfies readonly Topic[];
/** eNPS is asked in rounds 0, 4, 8, … */
const enpsEvery = 4;
/** More than this and a "pulse" becomes a survey people abandon halfway. */
const maxQuestionsPerRound = 6;

const agree = (id: string, topic: Topic, en: string, zh: string): Question => ({ id, topic, scale: 'agree5', text: { en, 'zh-CN': zh } });

const enpsQuestion: Question = {
  id: 'enps-1',
  topic: 'enps',
  scale: 'enps',
  text: { en: 'How likely are you to recommend working here to a friend?', 'zh-CN': '你有多大可能向朋友推荐来这里工作？' },
};

/**
 * Every question Hearth asks, worded for frontline agents. Statements are rated on agree5 so
 * results read the same way round (higher is better) across topics.
 */
export const questionBank: readonly Question[] = Object.freeze([
  agree('workload-1', 'workload', 'My workload is manageable within my shift.', '我的工作量在班次内能应付得过来。'),
  agree('workload-2', 'workload', 'I have enough time after a call to finish my wrap-up work.', '每通电话结束后，我有足够的时间完成话后处理。'),
  agree('workload-3', 'workload', 'I can take my breaks at the times they are scheduled.', '我能按排班表准时休息。'),
  agree('heard-1', 'heard', 'When I raise an idea or a problem, it is taken seriously.', '我提出想法或问题时，会被认真对待。'),
  agree('heard-2', 'heard', 'I hear back about what happened to the feedback I gave.', '我提的意见有回音，我知道后来是怎么处理的。'),
  agree('heard-3', 'heard', "Agents' views are considered when scripts or processes change.", '调整话术或流程时，会考虑一线坐席的意见。'),
  agree('support-1', 'support', 'My supervisor helps me when I have a difficult call.', '遇到难处理的来电时，我的主管会帮我。'),
  agree('support-2', 'support', 'The coaching I get from my supervisor helps me improve.', '主管给我的辅导让我有所提升。'),
  agree('support-3', 'support', 'My supervisor notices when I do good work.', '我工作做得好时，主管会看到并认可。'),
  agree('pride-1', 'pride', 'I am proud of the help I give customers.', '我为自己给客户提供的帮助感到自豪。'),
  agree('pride-2', 'pride', 'My work makes a real difference to the customers I speak to.', '我的工作真正帮到了与我通话的客户。'),
  agree('stay-1', 'stay', 'I see myself still working here a year from now.', '我觉得一年后自己还会在这里工作。'),
  agree('stay-2', 'stay', 'I can see a way to grow my career here.', '我在这里能看到职业发展的机会。'),
  enpsQuestion,
]);

const byId = new Map(questionBank.map((q) => [q.id, q]));
const byTopic = new Map(rotatingTopics.map((topic) => [topic, questionBank.filter((q) => q.topic === topic)]));

/**
 * The `count` questions (1..6) for round `roundIndex` (0-based) of a team. Topics are asked in a
 * fixed cycle, each round continuing where the previous one stopped, and a topic's questions take
 * turns on its successive visits; rounds whose index is a multiple of 4 spend their last slot on
 * eNPS. Only the round number matters, so nothing needs storing between rounds.
 */
export function questionsForRound(roundIndex: number, count: number): Question[] {
  if (!Number.isInteger(roundIndex) || roundIndex < 0) throw new RangeError(`roundIndex must be a non-negative integer, got ${roundIndex}`);
  if (!Number.isInteger(count) || count < 1 || count > maxQuestionsPerRound) {
    throw new RangeError(`count must be an integer from 1 to ${maxQuestionsPerRound}, got ${count}`);
  }
  const withEnps = roundIndex % enpsEvery === 0;
  const start = roundIndex * count - Math.ceil(roundIndex / enpsEvery);
  const picked = Array.from({ length: withEnps ? count - 1 : count }, (_, i) => nthTopicQuestion(start + i));
  return withEnps ? [...picked, enpsQuestion] : picked;
}

/**
 * The n-th topic question a team is ever asked. A round has at most 6 slots over 5 topics, so a
 * topic can come up twice in one round, but then on consecutive visits, which pick different
 * questions because every rotating topic has at least two.
 */
function nthTopicQuestion(n: number): Question {
  const topic = rotatingTopics[n % rotatingTopics.length]!;
  const own = byTopic.get(topic)!;
  return own[Math.floor(n / rotatingTopics.length) % own.length]!;
}

/** Answers and button clicks carry only the id; this turns one back into its wording and scale. */
export function questionById(id: string): Question | undefined {
  return byId.get(id);
}

/** The answers a scale allows, lowest first: what buttons offer and what aggregation accepts. */
export function scaleValues(scale: QuestionScale): number[] {
  return scale === 'agree5' ? [1, 2, 3, 4, 5] : Array.from({ length: 11 }, (_, i) => i);
}

const agreeWords: Record<Locale, readonly string[]> = {
  en: ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'],
  'zh-CN': ['非常不同意', '不同意', '中立', '同意', '非常同意'],
};

/**
 * Button labels for a scale. agree5 labels carry their number too ('1 Strongly disagree'), so the
 * order stays obvious when a client wraps the buttons onto several lines; eNPS is plain 0..10.
 */
export function scaleLabels(scale: QuestionScale, locale: Locale): Array<{ value: number; label: string }> {
  return scaleValues(scale).map((value) => ({
    value,
    label: scale === 'agree5' ? `${value} ${agreeWords[locale][value - 1]}` : String(value),
  }));
}
