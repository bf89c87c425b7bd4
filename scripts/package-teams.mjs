// `npm run package:teams`: builds the Teams app package (manifest.json, color.png, outline.png)
// into dist/hearth-teams.zip, for sideloading or the Teams admin centre. The bot id and app id
// become MicrosoftAppId (from the environment or .env), as does the id resource-specific consent is
// granted to (webApplicationInfo); set HEARTH_PUBLIC_URL to put your own address in the developer
// links and valid domains.
import 'dotenv/config';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';

const folder = fileURLToPath(new URL('../adapters/teams/', import.meta.url));
const out = fileURLToPath(new URL('../dist/hearth-teams.zip', import.meta.url));
const appId = process.env.MicrosoftAppId;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
if (!appId || !guid.test(appId)) {
  console.error('MicrosoftAppId must be set to your Azure bot\'s app id (a GUID) to package the Teams app; see README, "Connect Teams".');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(`${folder}manifest.json`, 'utf8'));
manifest.id = appId;
manifest.bots[0].botId = appId;
// Resource-specific consent (reading Hearth's own chats back after a crash) is granted to this app id.
manifest.webApplicationInfo.id = appId;
if (process.env.HEARTH_PUBLIC_URL) {
  const url = new URL(process.env.HEARTH_PUBLIC_URL);
  manifest.webApplicationInfo.resource = url.origin;
  manifest.developer.websiteUrl = url.origin;
  manifest.developer.privacyUrl = `${url.origin}/privacy`;
  manifest.developer.termsOfUseUrl = `${url.origin}/terms`;
  manifest.validDomains = [url.host];
}
const zip = new AdmZip();
zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
zip.addFile('color.png', readFileSync(`${folder}color.png`));
zip.addFile('outline.png', readFileSync(`${folder}outline.png`));
mkdirSync(fileURLToPath(new URL('../dist/', import.meta.url)), { recursive: true });
zip.writeZip(out);
console.log(`wrote ${out}`);
