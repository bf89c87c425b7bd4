/** The Teams app package: a manifest valid against the schema @microsoft/app-manifest bundles (offline), icons Teams accepts, and a zip. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const teams = join(root, 'adapters', 'teams');
const manifest = () => JSON.parse(readFileSync(join(teams, 'manifest.json'), 'utf8')) as Record<string, unknown> & { bots: Array<{ commandLists: Array<{ commands: Array<{ title: string }> }> }> };
const schemaFile = join(root, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams', 'v1.30', 'MicrosoftTeams.schema.json');
const schema = () => JSON.parse(readFileSync(schemaFile, 'utf8'));

/** Width, height and colour type of a PNG, from its IHDR chunk. */
function pngInfo(path: string) {
  const buf = readFileSync(path);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colourType: buf[25] };
}

describe('Teams app package', () => {
  it('has a manifest valid against the newest schema the package bundles, checked offline', async () => {
    expect(await AppManifestUtils.validateAgainstSchema(manifest() as never, schema())).toEqual([]);
    const bundled = readFileSync(schemaFile, 'utf8');
    expect(manifest().$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json');
    expect(bundled.length).toBeGreaterThan(1000);
  });

  it('the validator rejects a broken manifest (so the check above can fail)', async () => {
    const broken = { ...manifest(), manifestVersion: 'one', accentColor: 'red' };
    expect((await AppManifestUtils.validateAgainstSchema(broken as never, schema())).length).toBeGreaterThan(0);
  });

  it('advertises the commands the router knows', async () => {
    const { hearthFeature } = await import('../../src/features/hearth/commands.ts');
    const { createFeatures } = await import('../../src/data.ts');
    const commands = [hearthFeature, ...createFeatures({} as never).map((build) => build({} as never))].flatMap((f) => f.commands ?? []);
    const known = new Set(['help', ...commands.flatMap((c) => Object.keys(c.subcommands ?? {}).map((s) => `${c.name} ${s}`))]);
    const lists = manifest().bots[0]!.commandLists;
    for (const list of lists) expect(list.commands.length).toBeLessThanOrEqual(10); // Teams' limit per list
    const titles = lists.flatMap((l) => l.commands.map((c) => c.title));
    // A title is a command and subcommand, optionally followed by its first word (`hearth holiday list`).
    const names = new Set(commands.map((c) => c.name));
    // A bare command name is fine for a command that runs without a subcommand (`kudos @a for …`).
    expect(titles.filter((t) => !known.has(t) && !known.has(t.split(' ').slice(0, 2).join(' ')) && !(names.has(t) && commands.find((c) => c.name === t)?.run))).toEqual([]);
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon with transparency', () => {
    expect(pngInfo(join(teams, 'color.png'))).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(join(teams, 'outline.png'))).toEqual({ width: 32, height: 32, colourType: 6 });
  });

  it('npm run package:teams builds an uploadable zip with the bot id filled in', async () => {
    const appId = '11111111-2222-3333-4444-555555555555';
    await promisify(execFile)(process.execPath, ['scripts/package-teams.mjs'], { cwd: root, env: { ...process.env, MicrosoftAppId: appId, HEARTH_PUBLIC_URL: 'https://hearth.acme.example' } });
    const zip = new AdmZip(join(root, 'dist', 'hearth-teams.zip'));
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packaged = JSON.parse(zip.readAsText('manifest.json')) as { id: string; bots: Array<{ botId: string }>; validDomains: string[] };
    expect([packaged.id, packaged.bots[0]!.botId, packaged.validDomains]).toEqual([appId, appId, ['hearth.acme.example']]);
    expect(await AppManifestUtils.validateAgainstSchema(packaged as never, schema())).toEqual([]);
  });
});
