// Fault injection for the hostile corpus (test/hostile/corpus.ts "vanishing-file"):
// preloaded with `node --import`, it deletes the file named by DECLARE_TEST_VANISH just
// before declare opens it, i.e. after the directory was listed and the file stat'ed:
// the race "a file disappears between listing and reading", made deterministic.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const target = process.env.DECLARE_TEST_VANISH;
if (target) {
  const open = fs.promises.open;
  fs.promises.open = async function (file, ...rest) {
    if (String(file).endsWith(target)) fs.rmSync(file, { force: true });
    return open.call(this, file, ...rest);
  };
  const openSync = fs.openSync;
  fs.openSync = function (file, ...rest) {
    if (String(file).endsWith(target)) fs.rmSync(file, { force: true });
    return openSync.call(this, file, ...rest);
  };
  syncBuiltinESMExports(); // `import { open } from 'node:fs/promises'` / `{ openSync }` see it too
}
