// Draws Hearth's Teams icons (a flame over a hearth line) as PNGs, with no image library:
// color.png 192×192 on the accent colour, outline.png 32×32 white on transparent, as Teams asks.
// Run once after changing the design: node scripts/make-teams-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The flame, in a unit square: a teardrop whose tip points up, with a bar (the hearth) below. */
function flame(u, v) {
  const cx = 0.5, cy = 0.58, r = 0.2;
  const inDrop = (u - cx) ** 2 + (v - cy) ** 2 <= r * r || (v < cy && v > 0.16 && Math.abs(u - cx) <= r * ((v - 0.16) / (cy - 0.16)) ** 0.8);
  const hearth = v >= 0.84 && v <= 0.9 && u >= 0.22 && u <= 0.78;
  return inDrop || hearth;
}

// Supersampled, for smooth edges.
function coverage(size, x, y) {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (flame((x - 0.5 + (i + 0.5) / 4) / size, (y - 0.5 + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

const accent = [0x7a, 0x2e, 0x12];
const ember = [0xf6, 0xa5, 0x3b];
writeFileSync(new URL('../adapters/teams/color.png', import.meta.url), png(192, (x, y) => {
  const c = coverage(192, x, y);
  return [0, 1, 2].map((i) => Math.round(accent[i] * (1 - c) + ember[i] * c)).concat(255);
}));
writeFileSync(new URL('../adapters/teams/outline.png', import.meta.url), png(32, (x, y) => [255, 255, 255, Math.round(255 * coverage(32, x, y))]));
console.log('wrote adapters/teams/color.png and outline.png');
