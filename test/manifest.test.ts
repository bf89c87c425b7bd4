/** manifest.json is a valid Slack app manifest, checked against Slack's official schema (MIT, vendored). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const schemaDir = join(root, 'test', 'fixtures', 'slack-manifest-schema');
const load = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

function slackValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const remote = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';
  ajv.addSchema(load(join(schemaDir, 'manifest.schema.1.0.0.json')), `${remote}manifest.schema.1.0.0.json`);
  ajv.addSchema(load(join(schemaDir, 'manifest.schema.2.0.0.json')), `${remote}manifest.schema.2.0.0.json`);
  return ajv.compile(load(join(schemaDir, 'manifest.schema.json')));
}

describe('Slack app manifest', () => {
  const validate = slackValidator();

  it('is valid against Slack’s manifest schema', () => {
    const valid = validate(load(join(root, 'manifest.json')));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the validator rejects a broken manifest (so the check above can fail)', () => {
    const broken = load(join(root, 'manifest.json'));
    (broken.display_information as Record<string, unknown>).name = '';
    (broken.features as { slash_commands: Array<Record<string, unknown>> }).slash_commands[0]!.command = 'no-slash';
    expect(validate(broken)).toBe(false);
  });

  it('sends events, commands and interactivity to Hearth’s one Slack endpoint', () => {
    const manifest = load(join(root, 'manifest.json')) as {
      settings: { event_subscriptions: { request_url: string }; interactivity: { request_url: string } };
      features: { slash_commands: Array<{ url: string }> };
    };
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, ...manifest.features.slash_commands.map((c) => c.url)];
    expect(urls.every((u) => u.endsWith('/slack/events'))).toBe(true);
  });
});

describe('every command is advertised on every platform', () => {
  it('has a Slack slash command (with mentions escaped) and a Teams command-list entry for each router command', async () => {
    const { hearthFeature } = await import('../src/features/hearth/commands.ts');
    const { createFeatures } = await import('../src/data.ts');
    // The features' commands, as the app builds them (their repositories are not touched).
    const features = [hearthFeature, ...createFeatures({} as never).map((build) => build({} as never))];
    const names = [...new Set(features.flatMap((f) => f.commands ?? []).map((c) => c.name))];
    expect(names).toEqual(['hearth', 'rotation', 'gathering', 'lunch', 'pulse', 'kudos', 'suggest', 'digest']);
    const slack = load(join(root, 'manifest.json')) as { features: { slash_commands: Array<{ command: string; should_escape: boolean }> } };
    expect(slack.features.slash_commands.map((c) => c.command).sort()).toEqual(names.map((n) => `/${n}`).sort());
    expect(slack.features.slash_commands.every((c) => c.should_escape)).toBe(true);
    const teams = load(join(root, 'adapters', 'teams', 'manifest.json')) as { bots: Array<{ commandLists: Array<{ commands: Array<{ title: string }> }> }> };
    const titles = teams.bots[0]!.commandLists.flatMap((l) => l.commands.map((c) => c.title.split(' ')[0]));
    for (const name of names) expect(titles).toContain(name);
  });
});
