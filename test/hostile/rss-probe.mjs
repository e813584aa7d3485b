// Preloaded (`node --import`) by test/hostile/harness.ts: at exit, write the process's
// peak resident set size (KB, from getrusage) to DECLARE_TEST_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.DECLARE_TEST_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // the measurement is best effort; the test reports a missing figure
    }
  });
}
