// Reads a site's sitemaps as a crawler does: robots.txt names the index,
// the index names the files. Parsing is the sitemap package's, set to fail
// on anything the protocol does not allow. Prints JSON:
// {"sitemap": URL, "index": [{url, lastmod}], "files": {URL: [{url, lastmod}]}}
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ErrorLevel, XMLToSitemapIndexStream, XMLToSitemapItemStream } from "sitemap";

const base = process.argv[2];
if (!base) {
  console.error("usage: node read.mjs BASE_URL");
  process.exit(2);
}

async function get(url) {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
  return res.text();
}

async function parse(xml, Parser) {
  const items = [];
  await pipeline(
    Readable.from([xml]),
    new Parser({ level: ErrorLevel.THROW }),
    async function* (source) {
      for await (const item of source) items.push(item);
    },
  );
  return items;
}

const robots = await get(new URL("/robots.txt", base));
const line = robots.split("\n").find((l) => l.toLowerCase().startsWith("sitemap:"));
if (!line) throw new Error("robots.txt names no sitemap");
const sitemap = line.slice("sitemap:".length).trim();
const index = await parse(await get(sitemap), XMLToSitemapIndexStream);
const files = {};
for (const entry of index) {
  files[entry.url] = (await parse(await get(entry.url), XMLToSitemapItemStream)).map((u) => ({
    url: u.url,
    lastmod: u.lastmod ?? null,
  }));
}
console.log(JSON.stringify({ sitemap, index, files }));
