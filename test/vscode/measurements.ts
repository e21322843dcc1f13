import * as fs from 'fs';
import * as path from 'path';

/** Numbers measured in the real host; run.mjs leaves them in <out>/measurements.json. */
export function recordMeasurement(name: string, value: number): void {
  const out = process.env.PRODREADY_TEST_OUT;
  if (!out) return;
  const file = path.join(out, 'measurements.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>) : {};
  current[name] = Math.round(value * 10) / 10;
  fs.writeFileSync(file, JSON.stringify(current, null, 2) + '\n');
}
