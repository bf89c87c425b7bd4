/**
 * English: the reference catalogue. Every user-facing string in Hearth is a key here; the
 * Chinese catalogue must have the same keys (the compiler checks). `{name}` is a parameter.
 */
import { enGathering } from './en-gathering.ts';
import { enLunch } from './en-lunch.ts';
import { enPulse } from './en-pulse.ts';
import { enKudos } from './en-kudos.ts';
import { enSuggest } from './en-suggest.ts';
import { enDigest } from './en-digest.ts';
import { enRotation } from './en-rotation.ts';

export const en = {
  ...enRotation,
  ...enGathering,
  ...enLunch,
  ...enPulse,
  ...enKudos,
  ...enSuggest,
  ...enDigest,
  'role.agent': 'agent',
  'role.supervisor': 'supervisor',
  'role.leader': 'leader',
  'role.admin': 'admin',

  'help.title': 'Hearth: what you can do',
  'help.footer': 'Type `<command> help` for the details of one command.',
  'help.command_title': '`{command}`',
  'help.usage': 'Usage: {usage}',

  'error.unknown_command': "I don't know the command `{command}`.",
  'error.did_you_mean': 'Did you mean `{suggestion}`?',
  'error.try_help': 'Type `help` to see what I can do.',
  'error.unknown_subcommand': '`{command}` has no `{sub}`.',
  'error.forbidden': '`{command}` is for {role}s; you are {actual}.',
  'error.ask': 'Ask {names}.',
  'error.forbidden_team': 'You can only do that for your own team ({team}).',
  'error.unknown_user':
    "I can't find you on Hearth's roster{email}. Ask your Hearth admin to add you; they have been told.",
  'error.unknown_team': 'There is no team called `{team}`. Teams: {teams}.',
  'error.unbalanced_quotes': 'A quote is not closed: {text}',
  'error.too_long': 'That is too long ({length} characters; the most is {max}).',
  'error.missing_argument': 'Missing {what}.',
  'error.internal': 'Something went wrong on my side and it has been logged (ref {ref}). Please try again.',
  'error.unknown_action': 'That button is no longer active.',
  'error.empty': 'Type a command, or `help` to see them all.',
  'error.missing_team': 'Which team? Add `team:"…"`. Teams: {teams}.',
  'error.forbidden_manage': '`{command}` for {team} is for its supervisors, leaders and admins.',
  'error.bad_date': '`{value}` is not a date; write it like 2026-12-25.',
  'error.bad_month': '`{value}` is not a month; write it like 2026-12.',
  'error.bad_time': '`{value}` is not a time; write it like 12:00.',
  'error.bad_window': '{what}: `{value}` is not a time window; write it like 12:30-13:00.',
  'error.unknown_member': "I can't find `{who}` on the roster. Mention them (@name) or use their email.",
  'error.in_past': '{value} has already passed.',

  'hearth.summary': 'Profile, settings, roster, holidays and prompt hours',
  'hearth.usage':
    '`/hearth whoami` · `/hearth settings` · `/hearth teams` · `/hearth roster [team]` · `/hearth holiday list|add YYYY-MM-DD "name"|remove YYYY-MM-DD [team:"…"]` · `/hearth hours [team:"…"] [quiet:20:00-08:00] [breaks:12:30-13:00,15:00-15:15]` · `/hearth oversight list|add @a|remove @a`',
  'holiday.title': 'Days off',
  'holiday.line': '{date} · {name} · {scope}',
  'holiday.none': 'No days off ahead. Add one: `/hearth holiday add 2026-12-25 "Christmas"`.',
  'holiday.everyone': 'everyone',
  'holiday.what_name': 'the holiday’s name, e.g. "Christmas"',
  'holiday.added': 'Added {date} “{name}” for {scope}: nothing will be scheduled that day.',
  'holiday.exists': '{date} is already a day off for {scope}.',
  'holiday.not_found': '{date} is not a day off for {scope}.',
  'holiday.removed': 'Removed the day off on {date} for {scope}.',
  'hours.show': 'Prompt hours for {team}: quiet {quiet}; breaks {breaks}. Outside breaks, agents get prompts in the half hour before a shift or the hour after it.',
  'hours.none': 'none',
  'admin.job_missed': 'Scheduled job {job} due {due} was missed: {detail}.',
  'admin.job_failed': 'Scheduled job {job} due {due} failed after retries: {detail}.',
  'home.upcoming': 'Coming up',
  'whoami.text': 'You are *{name}* ({email}), {role}{team}. Time zone {timezone}, language {locale}.',
  'whoami.team': ' in {team}',
  'teams.title': 'Teams',
  'teams.line': '*{team}*: {members} people, supervised by {supervisors}',
  'teams.none': 'No teams yet. An admin can import a roster: `npm run hearth -- import roster.csv`.',
  'teams.nobody': 'nobody',
  'roster.title': 'Roster of {team}',
  'roster.title_all': 'Roster ({count} people)',
  'roster.line': '{name} · {role} · {email}',
  'roster.shifts': 'shifts {shifts}',
  'roster.no_shifts': 'no shifts',

  'import.ok': 'Roster imported: {created} added, {updated} updated, {unchanged} unchanged, {teams} new teams.',
  'import.failed': 'Nothing was imported: {count} rows have problems.',
  'import.row_error': 'line {line}: {reason}',

  'csv.missing_columns': 'the header has no column for {columns}',
  'csv.empty': 'the file has no rows',
  'csv.unclosed_quote': 'a quoted field is never closed',
  'csv.bad_name': 'name is empty',
  'csv.bad_email': 'email `{value}` is not an email address',
  'csv.duplicate_email': 'email {value} is already on line {line}',
  'csv.bad_role': 'role `{value}` is not one of agent, supervisor, leader, admin',
  'csv.bad_team': 'every {role} needs a team',
  'csv.bad_timezone': 'time zone `{value}` is not an IANA zone such as Europe/London',
  'csv.bad_locale': 'language `{value}` is not one of en, zh-CN',
  'csv.bad_shift': 'shift `{value}`: {reason}',
  'csv.column_count': 'has {actual} fields where the header has {expected}',

  'shift.bad_days': 'days must look like Mon-Fri or Mon,Wed,Fri',
  'shift.bad_time': 'times must look like 08:00-16:30',
  'shift.zero_length': 'start and end are the same time',

  'welcome.title': 'Welcome to Hearth',
  'welcome.text':
    'Hi {name}! I am Hearth, your team\'s engagement bot. I will invite you to shared lunches, role swaps and team gatherings, ask now and then how things are going (anonymously), and pass on your suggestions and thanks.',
  'welcome.button_profile': 'Show my profile',
  'welcome.button_help': 'What can you do?',
  'admin.unknown_user': '{who} ({email}) on {platform} tried to use Hearth but is not on the roster. Add them with a roster import.',
  'home.title': 'Hearth for {name}',
  'home.nothing_upcoming': 'Nothing scheduled for you yet. Shared lunches, role swaps and gatherings will show here.',
  'settings.title': 'Your Hearth settings',
  'settings.intro': 'Hearth writes to you in this language and schedules your prompts in this time zone.',
  'settings.language': 'Language',
  'settings.timezone': 'Time zone (IANA name, e.g. Europe/London)',
  'settings.save': 'Save',
  'settings.cancel': 'Cancel',
  'settings.saved': 'Saved: language {language}, time zone {timezone}.',
  'language.en': 'English',
  'language.zh-CN': '简体中文 (Simplified Chinese)',
  'admin.unreachable': 'Hearth could not reach {who} on {platform}: {reason}. They will miss prompts there until this is fixed.',
} as const;

export type MessageKey = keyof typeof en;
