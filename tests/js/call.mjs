// Call one function of a playground module in Node, for the tests: reads
// {module, function, args} as JSON on stdin (module: a file name in
// docs/assets/javascripts/playground/) and writes the function's result as JSON on stdout.
import { readFileSync } from "node:fs";

const job = JSON.parse(readFileSync(0, "utf8"));
if (!/^[a-z]+\.js$/.test(job.module)) throw new Error("not a playground module: " + job.module);
const module = await import("../../docs/assets/javascripts/playground/" + job.module);
const result = await module[job.function](...job.args);
process.stdout.write(JSON.stringify(result === undefined ? null : result));
