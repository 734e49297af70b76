// Compiles the NHS.UK design system and our styles into ../wwwroot/nhsuk, and copies its script and images there.
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "wwwroot", "nhsuk");
const dist = join(here, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
mkdirSync(out, { recursive: true });
const options = { loadPaths: [join(here, "node_modules")], style: "compressed", quietDeps: true, silenceDeprecations: ["import", "global-builtin"] };
const css = compile(join(here, "site.scss"), options).css;
writeFileSync(join(out, "site.css"), css);
cpSync(join(dist, "nhsuk-frontend.min.js"), join(out, "nhsuk-frontend.min.js"));
cpSync(join(dist, "assets"), join(out, "assets"), { recursive: true });
console.log(`nhsuk-frontend built into ${out} (${css.length} bytes of CSS)`);
writeFileSync(join(out, "init.js"), 'import { initAll } from "./nhsuk-frontend.min.js";\ninitAll();\n');
